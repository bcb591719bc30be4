"""Hypothesis import: the API's search results, the client's JSON export, or a list of annotations.

Shapes read: ``{"total": N, "rows": [...]}`` (``GET /api/search``), ``{"export_date": ...,
"annotations": [...]}`` (the client's "Export annotations"), a JSON list of annotations, or one.
Each annotation's ``uri`` names the page; the ``TextQuoteSelector`` of its first target is the
quote (Hypothesis's positions count in the page's ``textContent``, which Gloss does not have, so
they are not used). A page note (no selector) is kept on the article's title. A reply (``references``)
is added to the note of the annotation it answers, quoted with who wrote it and when; a reply whose
annotation is not in the file becomes a page note. An annotation Gloss exported (it carries the
``gloss`` record Hypothesis keeps as an extra field) is restored exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from ...errors import NotesImportError
from .model import MAX_NOTES, Fields, IncomingNote, NotesFile, clean_tags
from .w3c import gloss_annotation, note_from_gloss, types_of


def looks_like_hypothesis(doc: Any) -> bool:
    if isinstance(doc, dict):
        rows = doc.get("rows", doc.get("annotations"))
        if isinstance(rows, list):
            return not rows or (isinstance(rows[0], dict) and "uri" in rows[0])
        return "uri" in doc and "target" in doc
    return isinstance(doc, list) and bool(doc) and all(isinstance(r, dict) and "uri" in r for r in doc[:50])


def _rows(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    rows = doc.get("rows", doc.get("annotations"))
    if rows is None:
        return [doc]
    if not isinstance(rows, list):
        raise NotesImportError("The Hypothesis file's 'rows' is not a list of annotations.")
    return rows


def _quote(r: Fields, row: dict[str, Any]) -> tuple[str, str, str]:
    targets = row.get("target") or []
    if not isinstance(targets, list):
        r.fail("'target' must be a list")
    for target in targets[:1]:
        if not isinstance(target, dict):
            r.fail("each target must be an object")
        selectors = target.get("selector") or []
        if not isinstance(selectors, list):
            r.fail("'selector' must be a list")
        for s in selectors:
            if isinstance(s, dict) and "TextQuoteSelector" in types_of(s):
                return (
                    r.string(s, "exact"),
                    r.string(s, "prefix", required=False),
                    r.string(s, "suffix", required=False),
                )
    return "", "", ""


def _title(row: dict[str, Any]) -> str:
    document = row.get("document")
    titles = document.get("title") if isinstance(document, dict) else None
    if isinstance(titles, list):
        titles = next((t for t in titles if isinstance(t, str) and t.strip()), "")
    return " ".join(titles.split()) if isinstance(titles, str) else ""


def _who(row: dict[str, Any]) -> str:
    info = row.get("user_info")
    name = info.get("display_name") if isinstance(info, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    user = row.get("user")
    return user.removeprefix("acct:").partition("@")[0] if isinstance(user, str) and user else "someone"


def _note(r: Fields, i: int, row: Any) -> IncomingNote:
    if not isinstance(row, dict):
        r.fail("is not a JSON object")
    uri = r.string(row, "uri").strip()
    if not uri:
        r.fail("'uri' is empty")
    text = r.string(row, "text", required=False)
    tags = clean_tags(list(r.strings(row, "tags")))
    created, updated = r.date(row, "created"), r.date(row, "updated")
    if isinstance(row.get("gloss"), dict):
        body = [{"type": "TextualBody", "value": text, "purpose": "commenting"}] if text else []
        body += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in tags]
        shaped = {"target": {"source": uri}, "gloss": row["gloss"], "created": row.get("created"), "body": body}
        shaped["modified"] = row.get("updated")
        return replace(note_from_gloss(gloss_annotation(r, shaped)), url=uri)
    exact, prefix, suffix = _quote(r, row)
    ident = row.get("id") if isinstance(row.get("id"), str) and row.get("id") else None
    key = ident or hashlib.sha256(f"{uri}\x1f{exact}\x1f{row.get('created')}\x1f{text}".encode()).hexdigest()
    return IncomingNote(
        source_id="hypothesis:" + key,
        url=uri,
        exact=exact,
        title=_title(row),
        prefix=prefix,
        suffix=suffix,
        note=text,
        tags=tags,
        created=created,
        updated=updated or created,
    )


def _fold_reply(by_id: dict[str, IncomingNote], row: dict[str, Any], reply: IncomingNote) -> bool:
    """Add ``reply`` to the note of the annotation it answers; False when that is not in the file."""
    parent_id = next((f"hypothesis:{ref}" for ref in reversed(row["references"]) if f"hypothesis:{ref}" in by_id), None)
    if parent_id is None:
        return False
    parent = by_id[parent_id]
    when = f" on {reply.created.date().isoformat()}" if reply.created else ""
    quoted = "\n".join("> " + line if line else ">" for line in reply.note.strip().splitlines())
    addition = f"> {_who(row)} replied{when}:\n{quoted}"
    by_id[parent_id] = replace(parent, note=(parent.note.rstrip() + "\n\n" + addition).strip())
    return True


def _remarks(notes: tuple[IncomingNote, ...], folded: int) -> tuple[str, ...]:
    remarks: list[str] = []
    if folded:
        remarks.append(
            f"{folded} repl{'ies were' if folded != 1 else 'y was'} added to the note of the annotation answered."
        )
    page_notes = sum(1 for n in notes if not n.exact)
    if page_notes:
        remarks.append(f"{page_notes} page note{'s were' if page_notes != 1 else ' was'} kept on the article's title.")
    return tuple(remarks)


def read_hypothesis(doc: Any) -> NotesFile:
    """Every annotation of a Hypothesis file (see the module docstring), all checked first."""
    rows = _rows(doc)
    if len(rows) > MAX_NOTES:
        raise NotesImportError(f"The file holds {len(rows):,} annotations; Gloss imports at most {MAX_NOTES:,}.")
    by_id: dict[str, IncomingNote] = {}
    order: list[str] = []
    replies: list[tuple[dict[str, Any], IncomingNote]] = []
    for i, row in enumerate(rows):
        note = _note(Fields(f"Annotation {i + 1}"), i, row)
        references = row.get("references") or []
        if references and isinstance(references, list) and note.gloss is None:
            replies.append((row, note))
            continue
        if note.source_id not in by_id:
            order.append(note.source_id)
        by_id[note.source_id] = note
    folded = 0
    for row, reply in replies:
        if _fold_reply(by_id, row, reply):
            folded += 1
        else:  # its annotation is not in the file: kept as a note of its own
            by_id[reply.source_id] = reply
            order.append(reply.source_id)
    notes = tuple(by_id[k] for k in order)
    return NotesFile("Hypothesis", notes, _remarks(notes, folded))
