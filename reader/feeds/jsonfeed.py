"""JSON Feed 1.0 and 1.1 (feedparser 6 reads XML feeds only): items with their authors (the
item's, else the feed's), tags, attachments (podcast audio and the like) and images.

The same safety as :mod:`.parse`: HTML is cut, stripped of ``style`` and sanitised by
feedparser's sanitiser, links resolved and kept only when http(s), text made plain.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

from feedparser.sanitizer import _sanitize_html  # feedparser's own sanitiser

from ..errors import ParseError
from ..types import Enclosure, EntryData, ParsedFeed, clip
from .http import SAMPLE_SCHEME
from .parse import _STYLE_ATTR, SUMMARY_CHARS, _cut_markup, _link, _plain, _size, _trim_huge_html


def _load(body: bytes, url: str) -> dict[str, Any]:
    """The JSON Feed document; raises ParseError when the body is not one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"The answer from {url} is neither XML nor valid JSON: {exc}", url=url) from exc
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # Valid JSON may escape a lone surrogate ("\\ud800"), which no UTF-8 text can hold
        # and which breaks the sanitiser and storage further on: replace it with "?".
        data = json.loads(json.dumps(data, ensure_ascii=False).encode("utf-8", "replace"))
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"The answer from {url} could not be read as a JSON Feed: {exc}", url=url) from exc
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise ParseError(f"The answer from {url} is JSON but not a JSON Feed.", url=url)
    return data


def _content_html(item: dict[str, Any]) -> str:
    """The item's HTML, cut and sanitised (its plain text, escaped, when it has only that)."""
    raw_html = item.get("content_html") or ""
    raw_html = _cut_markup(_trim_huge_html(_STYLE_ATTR.sub("", str(raw_html))))
    content_html = _sanitize_html(raw_html, "utf-8", "text/html") if raw_html else ""
    if not content_html and item.get("content_text"):
        content_html = f"<p>{html.escape(str(item['content_text']))}</p>"
    return str(content_html)


def _categories(tags: Any) -> tuple[str, ...]:
    found = [_plain(t)[:200] for t in tags if isinstance(t, str) and _plain(t)] if isinstance(tags, list) else []
    return tuple(dict.fromkeys(found))[:50]


def _entry(item: dict[str, Any], url: str, allow_sample: bool, feed_authors: tuple[str, ...]) -> EntryData:
    content_html = _content_html(item)
    summary = _plain(item.get("summary") or "") or _plain(content_html)
    attachments = (a for a in item.get("attachments") or () if isinstance(a, dict))
    return EntryData(
        guid=str(item["id"]).strip() or None if item.get("id") is not None else None,
        url=_link(item.get("url"), url, allow_sample),
        title=clip(_plain(item.get("title") or "")),
        summary=summary[:SUMMARY_CHARS],
        content_html=content_html,
        authors=_json_authors(item) or feed_authors,
        published=_iso_date(item.get("date_published")),
        updated=_iso_date(item.get("date_modified")),
        enclosures=tuple(link for link in (_link(a.get("url"), url, allow_sample) for a in attachments) if link),
        media=_json_media(item, url, allow_sample),
        categories=_categories(item.get("tags")),
    )


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.x (feedparser 6.0 reads XML feeds only)."""
    data = _load(body, url)
    allow_sample = url.startswith(SAMPLE_SCHEME + ":")
    items = data.get("items")
    feed_authors = _json_authors(data)
    entries = [
        _entry(item, url, allow_sample, feed_authors)
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return ParsedFeed(
        title=clip(_plain(data.get("title") or "")),
        site_url=_link(data.get("home_page_url"), url, allow_sample),
        description=_plain(data.get("description") or ""),
        entries=tuple(entries),
    )


def _json_authors(obj: dict[str, Any]) -> tuple[str, ...]:
    """JSON Feed 1.1 ``authors``, else 1.0's ``author``: their names, once each."""
    raw = obj.get("authors")
    found = raw if isinstance(raw, list) else ([obj["author"]] if isinstance(obj.get("author"), dict) else [])
    names = (_plain(a.get("name")) for a in found if isinstance(a, dict))
    return tuple(dict.fromkeys(n for n in names if n))


def _json_media(item: dict[str, Any], url: str, allow_sample: bool) -> tuple[Enclosure, ...]:
    found: dict[str, Enclosure] = {}
    for a in item.get("attachments") or ():
        if not isinstance(a, dict):
            continue
        link = _link(a.get("url"), url, allow_sample)
        if link and link not in found and len(found) < 50:
            found[link] = Enclosure(
                url=link,
                type=_plain(a.get("mime_type"))[:100],
                length=_size(a.get("size_in_bytes")),
                duration=_size(a.get("duration_in_seconds")),
                kind="attachment",
                title=clip(_plain(a.get("title")), 300),
            )
    for key in ("image", "banner_image"):
        link = _link(item.get(key), url, allow_sample)
        if link and link not in found:
            found[link] = Enclosure(url=link, kind="thumbnail")
    return tuple(found.values())


def _iso_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
