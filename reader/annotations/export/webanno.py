"""W3C Web Annotation export: an ``AnnotationCollection`` in JSON-LD.

What each annotation's target says, and why it is true of what it selects:

- ``source`` is the article's web page (other tools match the annotation to the page by it);
- the ``TextQuoteSelector`` holds the quote with the context *of its own part* (paragraph,
  caption, title, byline): text that stands around the quote on the page as in Gloss's text, so
  the selector is true of both (see :mod:`.context`);
- the ``TextPositionSelector`` counts characters of Gloss's *extracted* text, not of the page.
  So the target carries a ``TimeState`` whose ``cached`` names that representation: Gloss's
  canonical text (:meth:`reader.types.ArticleContent.canonical_text`, UTF-8) by its SHA-256, as an
  RFC 6920 ``ni:`` IRI, and ``sourceDate`` says when it was extracted. The model defines a state
  as what selects the representation the selectors apply to; a consumer holding that text (any
  Gloss library with the article) can check the digest and use the offsets, and one that has only
  the page uses the quote. Positions computed over the page instead would depend on how a given
  tool turns HTML into text (Hypothesis's ``textContent``, the model's "normalised" text) and
  would need the page, which Gloss may never have fetched; a digest of the text they count in
  cannot be wrong. A highlight with no known text version gets no position and no state.

The colour is a ``styleClass`` on the target with the class's rule in the annotation's embedded
``CssStylesheet``. Gloss's own record of each highlight (ids, part, colour, anchoring state,
hashes, stored context and the article's and feed's metadata, enough to restore it exactly and to
recreate an article the importing library lacks) is under ``gloss``, a term of Gloss's extension
context typed ``@json``: JSON-LD processors keep it as a JSON literal on expansion instead of
dropping it. Dates are UTC with ``Z``, as the model requires.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ...media import enclosure_to_dict
from ...types import Highlight, utcnow
from ..palette import DEFAULT_PALETTE, Palette
from .context import quote_context
from .item import ExportItem, gloss_link, is_web_url, sort_key

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
GLOSS_NS = "urn:gloss:vocab:"
"""The namespace of Gloss's extension terms (a URN: it names, it is never fetched)."""
GLOSS_CONTEXT: dict[str, Any] = {"@version": 1.1, "gloss": {"@id": GLOSS_NS + "record", "@type": "@json"}}
CONTEXT: list[Any] = [ANNO_CONTEXT, GLOSS_CONTEXT]
FORMAT_VERSION = 2
TEXT_MEDIA_TYPE = "text/plain"


def iso_z(value: datetime | None) -> str | None:
    """``value`` as an xsd:dateTime in UTC with ``Z`` (fractional seconds only when there are some)."""
    if value is None:
        return None
    utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    spec = "microseconds" if utc.microsecond else "seconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def text_iri(content_hash: str) -> str:
    """The RFC 6920 ``ni:`` IRI naming Gloss's canonical text whose SHA-256 is ``content_hash``."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(content_hash)).rstrip(b"=").decode("ascii")
    return f"ni:///sha-256;{digest}?ct={TEXT_MEDIA_TYPE}"


def content_hash_of(iri: str) -> str | None:
    """The hex SHA-256 named by a :func:`text_iri`, or None for any other IRI."""
    if not iri.startswith("ni:///sha-256;"):
        return None
    digest = iri.removeprefix("ni:///sha-256;").partition("?")[0]
    try:
        raw = base64.urlsafe_b64decode(digest + "=" * (-len(digest) % 4))
    except ValueError:
        return None
    return raw.hex() if len(raw) == 32 else None


def style_class(color: str) -> str:
    return f"gloss-{color}"


def _stylesheet(color: str, palette: Palette) -> dict[str, str]:
    fill = palette.resolve(color).light
    return {"type": "CssStylesheet", "value": f".{style_class(color)} {{ background-color: {fill}; }}"}


def _target(item: ExportItem, h: Highlight) -> dict[str, Any]:
    context = quote_context(item, h)
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": h.quote.exact, "prefix": context.prefix(), "suffix": context.suffix()}
    ]
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": item.url if is_web_url(item.url) else gloss_link(item.article.id),
        "styleClass": style_class(h.color),
    }
    if h.anchored_hash:
        selectors.append({"type": "TextPositionSelector", "start": h.position.start, "end": h.position.end})
        state: dict[str, Any] = {"type": "TimeState", "cached": text_iri(h.anchored_hash)}
        current = item.content.content_hash() if item.content is not None else None
        if h.anchored_hash == current and item.extracted is not None:
            state["sourceDate"] = iso_z(item.extracted)
        target["state"] = state
    target["selector"] = selectors
    return target


def gloss_record(item: ExportItem, h: Highlight) -> dict[str, Any]:
    """What Gloss needs to restore ``h`` exactly (and its article and feed)."""
    a, feed = item.article, item.feed
    return {
        "highlight_id": h.id,
        "part": h.part,
        "color": h.color,
        "state": h.state,
        "quote": {"exact": h.quote.exact, "prefix": h.quote.prefix, "suffix": h.quote.suffix},
        "position": {"start": h.position.start, "end": h.position.end},
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
            "published": iso_z(a.published),
            "updated": iso_z(a.updated),
            "page_date": iso_z(a.page_date),
            # The one date the window shows (reader.types.Article.date) and where it comes from.
            "date": iso_z(a.date),
            "date_source": a.date_source,
            "media": [enclosure_to_dict(m) for m in a.media],
            "categories": list(a.categories),
        },
        "feed": None if feed is None else {"id": feed.id, "url": feed.url, "title": feed.title},
    }


def _annotation(item: ExportItem, h: Highlight, palette: Palette) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if h.note:
        body.append({"type": "TextualBody", "value": h.note, "format": "text/markdown", "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in h.tags)
    annotation: dict[str, Any] = {
        "id": gloss_link(item.article.id, h.id),
        "type": "Annotation",
        "motivation": "commenting" if h.note else "highlighting",
        "created": iso_z(h.created),
        "modified": iso_z(h.updated),
    }
    if body:
        annotation["body"] = body
    annotation["target"] = _target(item, h)
    annotation["stylesheet"] = _stylesheet(h.color, palette)
    annotation["gloss"] = gloss_record(item, h)
    return annotation


def annotation_collection(
    items: Sequence[ExportItem], *, label: str = "Gloss highlights", palette: Palette = DEFAULT_PALETTE
) -> dict[str, Any]:
    """The ``AnnotationCollection`` for ``items``, as a JSON-ready dict. The collection and its
    page get fresh ``urn:uuid:`` ids (an export is a new collection each time)."""
    annotations = [_annotation(item, h, palette) for item in items for h in sorted(item.highlights, key=sort_key)]
    collection_id = uuid.uuid4()
    return {
        "@context": CONTEXT,
        "id": collection_id.urn,
        "type": "AnnotationCollection",
        "label": label,
        "generator": {"type": "Software", "name": "Gloss"},
        "generated": iso_z(utcnow()),
        "total": len(annotations),
        "gloss": {"format": FORMAT_VERSION},
        "first": {
            "id": uuid.uuid5(collection_id, "page-1").urn,
            "type": "AnnotationPage",
            "partOf": collection_id.urn,
            "startIndex": 0,
            "items": annotations,
        },
    }


def export_webanno(
    items: Sequence[ExportItem], *, label: str = "Gloss highlights", palette: Palette = DEFAULT_PALETTE
) -> str:
    """The collection as JSON text (UTF-8 safe, one annotation a line)."""
    # One annotation a line: readable, diffable, and written by the C encoder (indent= is slow).
    collection = annotation_collection(items, label=label, palette=palette)
    annotations = collection["first"]["items"]
    collection["first"]["items"] = []
    head = json.dumps(collection, ensure_ascii=False)
    marker = '"items": []'
    assert head.count(marker) == 1
    lines = ",\n  ".join(json.dumps(a, ensure_ascii=False) for a in annotations)
    return head.replace(marker, f'"items": [\n  {lines}\n]' if annotations else marker) + "\n"
