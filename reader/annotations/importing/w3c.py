"""W3C Web Annotation import: any annotation, page or collection, Gloss's own exports included.

Accepted shapes: an ``AnnotationCollection`` (its ``first`` page and the pages embedded after it
through ``next``), an ``AnnotationPage``, one ``Annotation``, or a JSON list of annotations. A
target may be an IRI, a ``SpecificResource`` object or a list of them (one note per target); its
selector a ``TextQuoteSelector``, a ``RangeSelector`` between two of them, a
``TextPositionSelector`` (used as such only when the target's ``TimeState`` names the Gloss text it
counts in, see :mod:`reader.annotations.export.webanno`), or any other selector refined by one of
those. Bodies: ``bodyValue``, ``TextualBody`` (``tagging`` ones are tags), external bodies (their
IRI is kept in the note), ``Choice`` (its first item).

An annotation exported by Gloss (it has a ``gloss`` record) is read strictly: everything Gloss
needs to restore it is checked, and the first problem is an error naming the annotation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any, NoReturn

from ...errors import NotesImportError
from ...media import enclosure_from_dict
from ...types import Article, Enclosure, Feed, Highlight, TextPosition, TextQuote
from ..export.webanno import content_hash_of
from .model import MAX_NOTES, Fields, ImportedAnnotation, IncomingNote, NotesFile, clean_tags

_STATES = ("anchored", "moved", "orphaned")
_NS = ("http://www.w3.org/ns/oa#", "http://www.w3.org/ns/activitystreams#", "oa:", "as:")


def types_of(obj: dict[str, Any]) -> set[str]:
    """The local names of ``obj``'s ``type`` (``oa:Annotation`` and the full IRI are ``Annotation``)."""
    raw = obj.get("type", obj.get("@type"))
    values = raw if isinstance(raw, list) else [raw]
    names = set()
    for value in values:
        if isinstance(value, str):
            for ns in _NS:
                value = value.removeprefix(ns)
            names.add(value)
    return names


def _id(obj: Any) -> str | None:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        value = obj.get("id", obj.get("@id"))
        return value if isinstance(value, str) else None
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def looks_like_w3c(doc: Any) -> bool:
    if isinstance(doc, list):
        return bool(doc) and all(isinstance(a, dict) and "Annotation" in types_of(a) for a in doc[:50])
    if not isinstance(doc, dict):
        return False
    return bool(types_of(doc) & {"Annotation", "AnnotationCollection", "AnnotationPage"}) or "@context" in doc


def _items(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    kinds = types_of(doc)
    if "Annotation" in kinds:
        return [doc]
    if "AnnotationPage" in kinds:
        items = doc.get("items")
        if not isinstance(items, list):
            raise NotesImportError("The AnnotationPage has no list of annotations ('items').")
        return items
    if "AnnotationCollection" not in kinds:
        raise NotesImportError("The file is not a W3C AnnotationCollection ('type' is missing or different).")
    first = doc.get("first")
    if isinstance(first, str):
        raise NotesImportError(
            "The collection's annotations are not in the file (its first page is only a link); "
            "save the pages themselves and import those."
        )
    items = first.get("items") if isinstance(first, dict) else doc.get("items")
    if not isinstance(items, list):
        raise NotesImportError("The AnnotationCollection has no list of annotations ('first.items').")
    found = list(items)
    page = first.get("next") if isinstance(first, dict) else None
    while isinstance(page, dict) and isinstance(page.get("items"), list) and len(found) <= MAX_NOTES:
        found.extend(page["items"])
        page = page.get("next")
    total = doc.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total != len(found) and not isinstance(page, str):
        raise NotesImportError(
            f"The collection says it has {total} annotations but holds {len(found)}; it may be cut short."
        )
    return found


def read_w3c(doc: Any) -> NotesFile:
    """Every annotation of a W3C document (see the module docstring), all checked before any is
    returned. Raises :class:`NotesImportError` naming the first annotation that cannot be read."""
    items = _items(doc)
    if len(items) > MAX_NOTES:
        raise NotesImportError(f"The file holds {len(items):,} annotations; Gloss imports at most {MAX_NOTES:,}.")
    notes: list[IncomingNote] = []
    positional = 0
    seen: dict[str, int] = {}
    for i, a in enumerate(items):
        r = Fields(f"Annotation {i + 1}")
        if not isinstance(a, dict):
            r.fail("is not a JSON object")
        if "Annotation" not in types_of(a):
            r.fail("'type' is not 'Annotation'")
        if "gloss" in a:
            imported = gloss_annotation(r, a)
            hid = imported.highlight.id
            if hid in seen:
                r.fail(f"the highlight id {hid!r} is also used by annotation {seen[hid] + 1}")
            seen[hid] = i
            notes.append(note_from_gloss(imported))
            continue
        for note, by_position in _generic(r, a):
            notes.append(note)
            positional += by_position
    remarks = []
    if positional:
        remarks.append(
            f"{positional} annotation{'s' if positional != 1 else ''} located only by character positions in "
            "another text were kept on their article's title."
        )
    return NotesFile("W3C Web Annotation", tuple(notes), tuple(remarks))


# --- annotations from any tool -------------------------------------------------------------------


def _bodies(r: Fields, a: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    notes: list[str] = []
    tags: list[str] = []
    tagging = "tagging" in {str(m).removeprefix("oa:") for m in _as_list(a.get("motivation"))}
    if isinstance(a.get("bodyValue"), str):
        notes.append(a["bodyValue"])
    for body in _as_list(a.get("body")):
        if isinstance(body, dict) and "Choice" in types_of(body):
            choices = _as_list(body.get("items"))
            body = choices[0] if choices else None
        if isinstance(body, str):
            notes.append(body)
            continue
        if not isinstance(body, dict):
            r.fail("each body must be an object or an IRI")
        purposes = {str(p).removeprefix("oa:") for p in _as_list(body.get("purpose"))}
        value = body.get("value")
        if value is None:
            value = _id(body.get("source")) or _id(body)
        if value is not None and not isinstance(value, str):
            r.fail("a body's 'value' must be a string")
        if not value:
            continue
        if "tagging" in purposes or (tagging and not purposes):
            tags.append(value)
        else:
            notes.append(value)
    return "\n\n".join(n for n in notes if n.strip()), clean_tags(tags)


def _text_selector(selector: Any) -> dict[str, Any] | None:
    """The most useful text selector among alternatives (refinements followed)."""
    best: dict[str, Any] | None = None
    for s in _as_list(selector):
        while isinstance(s, dict) and not types_of(s) & {"TextQuoteSelector", "RangeSelector", "TextPositionSelector"}:
            s = s.get("refinedBy")
        if not isinstance(s, dict):
            continue
        kinds = types_of(s)
        if "TextQuoteSelector" in kinds:
            return s
        if ("RangeSelector" in kinds and (best is None or "TextPositionSelector" in types_of(best))) or best is None:
            best = s
    return best


def _quote(r: Fields, s: dict[str, Any]) -> tuple[str, str, str, str]:
    """``(exact, prefix, suffix, range end)`` of a text selector."""
    kinds = types_of(s)
    if "TextQuoteSelector" in kinds:
        exact = r.string(s, "exact")
        return exact, r.string(s, "prefix", required=False), r.string(s, "suffix", required=False), ""
    if "RangeSelector" in kinds:
        start = _text_selector(s.get("startSelector"))
        end = _text_selector(s.get("endSelector"))
        if start is None or end is None or not ({"TextQuoteSelector"} <= types_of(start) & types_of(end)):
            return "", "", "", ""
        first, prefix, _, _ = _quote(r, start)
        last, _, suffix, _ = _quote(r, end)
        return first, prefix, suffix, ("" if first == last else last)
    return "", "", "", ""


def _target(r: Fields, target: Any) -> tuple[str, Any, Any, str | None]:
    """``(source, selector, state, colour)`` of one target: an IRI, or an object naming its source."""
    if isinstance(target, str):
        source: str | None = target
        selector = state = style = None
    elif isinstance(target, dict):
        source = _id(target.get("source")) or _id(target)
        selector, state, style = target.get("selector"), target.get("state"), target.get("styleClass")
    else:
        r.fail("each target must be an IRI or an object")
    if not source:
        r.fail("a target names no resource ('source')")
    color = style.removeprefix("gloss-") if isinstance(style, str) and style.startswith("gloss-") else None
    return source, selector, state, color


def _position(r: Fields, selector: Any, state: Any) -> tuple[TextPosition | None, str | None]:
    """The TextPositionSelector's offsets, and the hash of the text they count in (from the
    cached copy named in ``state``); offsets without that text mean nothing and are left out."""
    text_hash = None
    for st in _as_list(state):
        text_hash = text_hash or (content_hash_of(_id(st.get("cached")) or "") if isinstance(st, dict) else None)
    position: TextPosition | None = None
    for s in _as_list(selector):
        if isinstance(s, dict) and "TextPositionSelector" in types_of(s) and text_hash:
            start, end = r.integer(s, "start"), r.integer(s, "end")
            if end < start:
                r.fail("the TextPositionSelector ends before it starts")
            position = TextPosition(start, end)
    return position, text_hash


def _generic(r: Fields, a: dict[str, Any]) -> Iterator[tuple[IncomingNote, int]]:
    note, tags = _bodies(r, a)
    created, updated = r.date(a, "created"), r.date(a, "modified")
    targets = _as_list(a.get("target"))
    if not targets:
        r.fail("has no 'target'")
    annotation_id = _id(a)
    for n, target in enumerate(targets):
        source, selector, state, color = _target(r, target)
        chosen = _text_selector(selector)
        exact, prefix, suffix, range_end = _quote(r, chosen) if chosen is not None else ("", "", "", "")
        position, text_hash = _position(r, selector, state)
        identity = annotation_id or json.dumps([source, exact, note, a.get("created")], ensure_ascii=False)
        if len(targets) > 1:
            identity += f"#target-{n}"
        by_position = int(not exact and any(isinstance(s, dict) for s in _as_list(selector)))
        yield (
            IncomingNote(
                source_id="w3c:" + hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                url=source,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                note=note,
                tags=tags,
                color=color,
                created=created,
                updated=updated or created,
                position=position,
                text_hash=text_hash,
                range_end=range_end,
            ),
            by_position,
        )


# --- Gloss's own exports -------------------------------------------------------------------------


def note_from_gloss(imported: ImportedAnnotation) -> IncomingNote:
    """The note of a highlight Gloss exported, carrying its exact record."""
    h, article = imported.highlight, imported.article
    return IncomingNote(
        source_id="gloss:" + h.id,
        url=article.url,
        exact=h.quote.exact,
        title=article.title,
        authors=article.authors,
        prefix=h.quote.prefix,
        suffix=h.quote.suffix,
        note=h.note,
        tags=h.tags,
        color=h.color,
        created=h.created,
        updated=h.updated,
        position=h.position,
        text_hash=h.anchored_hash,
        gloss=imported,
    )


def _selectors(r: Fields, target: dict[str, Any]) -> tuple[TextQuote | None, TextPosition | None]:
    quote: TextQuote | None = None
    position: TextPosition | None = None
    for s in _as_list(target.get("selector")):
        if not isinstance(s, dict):
            r.fail("each selector must be an object")
        if "TextQuoteSelector" in types_of(s):
            quote = TextQuote(
                r.string(s, "exact", empty=False),
                r.string(s, "prefix", required=False),
                r.string(s, "suffix", required=False),
            )
        elif "TextPositionSelector" in types_of(s):
            start, end = r.integer(s, "start"), r.integer(s, "end")
            if end < start:
                r.fail("the TextPositionSelector ends before it starts")
            position = TextPosition(start, end)
    return quote, position


def _fail_missing(r: Fields, what: str) -> NoReturn:
    r.fail(what)


def _media(raw: Any) -> tuple[Enclosure, ...]:
    found = []
    for m in _as_list(raw):
        if isinstance(m, dict) and isinstance(m.get("url"), str) and m["url"].startswith(("http://", "https://")):
            found.append(enclosure_from_dict(m))
    return tuple(found)


def gloss_annotation(r: Fields, a: dict[str, Any]) -> ImportedAnnotation:
    """The exact highlight of an annotation Gloss exported (format 1 or 2)."""
    target = r.obj(a, "target")
    r.string(target, "source", empty=False)
    g = r.obj(a, "gloss")
    quote, position = _selectors(r, target)
    if isinstance(g.get("quote"), dict):  # format 2: the stored context, across parts
        q = r.obj(g, "quote")
        quote = TextQuote(r.string(q, "exact", empty=False), r.string(q, "prefix"), r.string(q, "suffix"))
    if isinstance(g.get("position"), dict):
        p = r.obj(g, "position")
        position = TextPosition(r.integer(p, "start"), r.integer(p, "end"))
        if position.end < position.start:
            r.fail("the position ends before it starts")
    if quote is None:
        _fail_missing(r, "target has no TextQuoteSelector")
    if position is None:
        _fail_missing(r, "target has no TextPositionSelector")
    note, tags = _bodies(r, a)
    art = r.obj(g, "article")
    state = r.string(g, "state")
    if state not in _STATES:
        r.fail(f"'state' must be one of {', '.join(_STATES)}")
    article = Article(
        id=r.string(art, "id", empty=False),
        feed_id=r.string(art, "feed_id", empty=False),
        guid=r.string(art, "guid", empty=False),
        url=r.optional_string(art, "url"),
        title=r.string(art, "title", required=False),
        authors=r.strings(art, "bylines"),
        published=r.date(art, "published"),
        updated=r.date(art, "updated"),
        page_date=r.date(art, "page_date"),
        media=_media(art.get("media")),
        categories=tuple(c for c in _as_list(art.get("categories")) if isinstance(c, str)),
    )
    feed: Feed | None = None
    if g.get("feed") is not None:
        f = r.obj(g, "feed")
        feed = Feed(
            id=r.string(f, "id", empty=False),
            url=r.string(f, "url", empty=False),
            title=r.string(f, "title", required=False),
        )
        if feed.id != article.feed_id:
            r.fail("the feed id does not match the article's feed id")
    created = r.date(a, "created", required=True)
    updated = r.date(a, "modified") or created
    assert created is not None and updated is not None
    highlight = Highlight(
        id=r.string(g, "highlight_id", empty=False),
        article_id=article.id,
        part=r.string(g, "part", empty=False),
        quote=quote,
        position=position,
        color=r.string(g, "color", empty=False),
        note=note,
        tags=tuple(dict.fromkeys(tags)),
        created=created,
        updated=updated,
        state=state,  # type: ignore[arg-type]  # checked against _STATES above
        made_on_version=r.integer(g, "made_on_version", minimum=1),
        made_on_hash=r.optional_string(g, "made_on_hash"),
        anchored_hash=r.optional_string(g, "content_hash"),
    )
    return ImportedAnnotation(highlight, article, feed)
