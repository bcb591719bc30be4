"""W3C Web Annotation export (an ``AnnotationCollection`` in JSON-LD) and its import.

Each annotation carries both selectors, the note as a ``TextualBody`` (``commenting``,
``text/markdown``), each tag as a ``tagging`` body, the article URL as the target source, and a
``gloss`` block (an extension property; JSON-LD processors ignore it) with what Gloss needs to
restore the highlight exactly and to recreate an article the importing library lacks: the ids,
colour, anchoring state, content hashes and the article's and feed's metadata.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from ...errors import NotesImportError
from ...types import Article, Feed, Highlight, TextPosition, TextQuote, dt_to_str, utcnow
from .item import ExportItem, gloss_link, is_web_url, sort_key

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024
_STATES = ("anchored", "moved", "orphaned")


@dataclass(frozen=True, slots=True)
class ImportedAnnotation:
    """One highlight read back from an export, with the article (and feed) it belongs to, so the
    library can create them when it lacks them."""

    highlight: Highlight
    article: Article
    feed: Feed | None


# --- export ------------------------------------------------------------------------------------------


def _annotation(item: ExportItem, h: Highlight) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if h.note:
        body.append({"type": "TextualBody", "value": h.note, "format": "text/markdown", "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in h.tags)
    a = item.article
    feed = item.feed
    annotation: dict[str, Any] = {
        "id": gloss_link(a.id, h.id),
        "type": "Annotation",
        "motivation": "commenting" if h.note else "highlighting",
        "created": dt_to_str(h.created),
        "modified": dt_to_str(h.updated),
        "body": body,
        "target": {
            "source": item.url if is_web_url(item.url) else gloss_link(a.id),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": h.quote.exact,
                    "prefix": h.quote.prefix,
                    "suffix": h.quote.suffix,
                },
                {"type": "TextPositionSelector", "start": h.position.start, "end": h.position.end},
            ],
        },
        "stylesClass": f"gloss-{h.color}",
        "gloss": {
            "highlight_id": h.id,
            "part": h.part,
            "color": h.color,
            "state": h.state,
            "content_hash": h.anchored_hash,
            "made_on_version": h.made_on_version,
            "made_on_hash": h.made_on_hash,
            "article": {
                "id": a.id,
                "feed_id": a.feed_id,
                "guid": a.guid,
                "url": a.url,
                "title": a.title,
                "bylines": list(item.authors),
                "published": dt_to_str(a.published),
                "updated": dt_to_str(a.updated),
            },
            "feed": None if feed is None else {"id": feed.id, "url": feed.url, "title": feed.title},
        },
    }
    if not body:
        del annotation["body"]
    return annotation


def annotation_collection(items: Sequence[ExportItem], *, label: str = "Gloss highlights") -> dict[str, Any]:
    """The ``AnnotationCollection`` for ``items``, as a JSON-ready dict."""
    annotations = [_annotation(item, h) for item in items for h in sorted(item.highlights, key=sort_key)]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "generator": {"type": "Software", "name": "Gloss", "gloss_format": FORMAT_VERSION},
        "generated": dt_to_str(utcnow()),
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }


def export_webanno(items: Sequence[ExportItem], *, label: str = "Gloss highlights") -> str:
    """The collection as JSON text (UTF-8 safe, indented for people)."""
    # One annotation a line: readable, diffable, and written by the C encoder (indent= is slow).
    collection = annotation_collection(items, label=label)
    annotations = collection["first"]["items"]
    collection["first"]["items"] = []
    head = json.dumps(collection, ensure_ascii=False)
    marker = '"items": []'
    assert head.count(marker) == 1
    lines = ",\n  ".join(json.dumps(a, ensure_ascii=False) for a in annotations)
    return head.replace(marker, f'"items": [\n  {lines}\n]' if annotations else marker) + "\n"


# --- import ----------------------------------------------------------------------------------------


class _Reader:
    """Typed access to one annotation's JSON with errors that say where the problem is."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> NoReturn:
        raise NotesImportError(f"{self.where}: {what}")

    def obj(self, d: Any, key: str) -> dict[str, Any]:
        value = d.get(key)
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be an object")
        return value

    def string(self, d: dict[str, Any], key: str, *, required: bool = True, empty: bool = True) -> str:
        value = d.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (not empty and not value):
            self.fail(f"'{key}' must be a {'non-empty ' if not empty else ''}string")
        return value

    def optional_string(self, d: dict[str, Any], key: str) -> str | None:
        value = d.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(f"'{key}' must be a string or null")
        return value

    def integer(self, d: dict[str, Any], key: str, minimum: int = 0) -> int:
        value = d.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"'{key}' must be a whole number >= {minimum}")
        return value

    def date(self, d: dict[str, Any], key: str, *, required: bool) -> datetime | None:
        value = self.optional_string(d, key)
        if not value:
            if required:
                self.fail(f"'{key}' (a date) is missing")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"'{key}' is not an ISO 8601 date: {value[:40]!r}")
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=utcnow().tzinfo)

    def strings(self, d: dict[str, Any], key: str) -> tuple[str, ...]:
        value = d.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"'{key}' must be a list of strings")
        return tuple(value)


def _selectors(r: _Reader, target: dict[str, Any]) -> tuple[TextQuote, TextPosition]:
    raw = target.get("selector")
    selectors = raw if isinstance(raw, list) else [] if raw is None else [raw]
    quote: TextQuote | None = None
    position: TextPosition | None = None
    for s in selectors:
        if not isinstance(s, dict):
            r.fail("each selector must be an object")
        if s.get("type") == "TextQuoteSelector":
            quote = TextQuote(
                r.string(s, "exact", empty=False),
                r.string(s, "prefix", required=False),
                r.string(s, "suffix", required=False),
            )
        elif s.get("type") == "TextPositionSelector":
            start, end = r.integer(s, "start"), r.integer(s, "end")
            if end < start:
                r.fail("the TextPositionSelector ends before it starts")
            position = TextPosition(start, end)
    if quote is None:
        r.fail("target has no TextQuoteSelector")
    if position is None:
        r.fail("target has no TextPositionSelector")
    return quote, position


def _bodies(r: _Reader, a: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    raw = a.get("body", [])
    bodies = raw if isinstance(raw, list) else [raw]
    notes: list[str] = []
    tags: list[str] = []
    for b in bodies:
        if not isinstance(b, dict) or b.get("type") != "TextualBody":
            r.fail("each body must be a TextualBody object")
        value = r.string(b, "value")
        if b.get("purpose") == "tagging":
            if value.strip():
                tags.append(value)
        else:
            notes.append(value)
    return "\n\n".join(notes), tuple(dict.fromkeys(tags))


def _annotation_from(r: _Reader, a: Any) -> ImportedAnnotation:
    if not isinstance(a, dict):
        r.fail("is not a JSON object")
    if a.get("type") != "Annotation":
        r.fail("'type' is not 'Annotation'")
    target = r.obj(a, "target")
    r.string(target, "source", empty=False)
    quote, position = _selectors(r, target)
    note, tags = _bodies(r, a)
    if not isinstance(a.get("gloss"), dict):
        r.fail("has no 'gloss' block (only annotations exported by Gloss can be imported)")
    g = r.obj(a, "gloss")
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
        published=r.date(art, "published", required=False),
        updated=r.date(art, "updated", required=False),
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
    updated = r.date(a, "modified", required=False) or created
    assert created is not None and updated is not None
    highlight = Highlight(
        id=r.string(g, "highlight_id", empty=False),
        article_id=article.id,
        part=r.string(g, "part", empty=False),
        quote=quote,
        position=position,
        color=r.string(g, "color", empty=False),
        note=note,
        tags=tags,
        created=created,
        updated=updated,
        state=state,  # type: ignore[arg-type]  # checked against _STATES above
        made_on_version=r.integer(g, "made_on_version", minimum=1),
        made_on_hash=r.optional_string(g, "made_on_hash"),
        anchored_hash=r.optional_string(g, "content_hash"),
    )
    return ImportedAnnotation(highlight, article, feed)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def parse_annotation_collection(data: bytes) -> list[ImportedAnnotation]:
    """Every annotation of a Gloss JSON export, all validated before anything is returned.

    Raises :class:`NotesImportError` naming the first problem (and the annotation's index); then
    nothing was imported.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise NotesImportError(f"The file is too large to be a notes export ({len(data) // 2**20} MiB).")
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise NotesImportError("The file is not UTF-8 text, so it is not a JSON notes export.") from None
    except (ValueError, RecursionError) as exc:
        raise NotesImportError(f"The file is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise NotesImportError("The file is JSON but not an AnnotationCollection object.")
    if doc.get("type") != "AnnotationCollection":
        raise NotesImportError("The file is not a W3C AnnotationCollection ('type' is missing or different).")
    first = doc.get("first")
    items = first.get("items") if isinstance(first, dict) else doc.get("items")
    if not isinstance(items, list):
        raise NotesImportError("The AnnotationCollection has no list of annotations ('first.items').")
    result = [_annotation_from(_Reader(f"Annotation {i + 1}"), a) for i, a in enumerate(items)]
    seen: dict[str, int] = {}
    for i, imported in enumerate(result):
        hid = imported.highlight.id
        if hid in seen:
            raise NotesImportError(
                f"Annotation {i + 1}: the highlight id {hid!r} is also used by annotation {seen[hid] + 1}."
            )
        seen[hid] = i
    if isinstance(doc.get("total"), int) and not isinstance(doc.get("total"), bool) and doc["total"] != len(result):
        raise NotesImportError(
            f"The collection says it has {doc['total']} annotations but holds {len(result)}; it may be cut short."
        )
    return result
