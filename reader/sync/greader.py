"""The Google Reader API's answers, parsed into :mod:`reader.sync.types`.

The JSON never leaves this module. Every function takes the raw bytes (or text) of one
answer and returns frozen dataclasses, or raises :class:`reader.errors.SyncServerError`
saying, in words, which answer was not what the API sends. Servers differ in details
(FreshRSS sends decimal ids in ``items/ids`` and long hex ids in ``items/contents``;
Inoreader names labels ``user/<number>/label/...``); both forms are read.

Item ids: the *short* form is a signed 64-bit decimal (``"1796218767915699"``), the
*long* form ``tag:google.com,2005:reader/item/<16 hex digits>`` (two's complement).
Gloss keeps the short form and sends the long form (every server reads it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import SyncServerError
from ..feeds.parse import sanitize_entry_html
from ..feeds.text import plain_text
from ..types import clip
from .types import ItemRefsPage, QuickAddResult, ServerFeed, ServerItem, ServerTag

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LONG_ID_PREFIX = "tag:google.com,2005:reader/item/"
_LABEL = re.compile(r"^user/[^/]*/label/(.+)$", re.S)
_STATE = re.compile(r"^user/[^/]*/state/com\.google/([a-z-]+)$")
_HEX = re.compile(r"^[0-9a-fA-F]{1,16}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,20}$")


# --- ids and labels ----------------------------------------------------------------------------


def short_item_id(value: str) -> str:
    """The decimal form of an item id given in either form; raises ValueError otherwise."""
    value = value.strip()
    if _DECIMAL.match(value):
        return str(int(value))
    tail = value.rsplit("/", 1)[-1]
    if value.startswith(LONG_ID_PREFIX) or _HEX.match(tail):
        number = int(tail, 16)
        return str(number - (1 << 64) if number >= 1 << 63 else number)
    raise ValueError(f"not an item id: {value[:80]!r}")


def long_item_id(short: str) -> str:
    """``tag:google.com,2005:reader/item/<16 hex>`` for a decimal id."""
    return f"{LONG_ID_PREFIX}{int(short) & ((1 << 64) - 1):016x}"


def label_stream(name: str) -> str:
    """The stream id of a folder (label) name."""
    return f"user/-/label/{name}"


def label_name(stream_id: str) -> str | None:
    """The label's name in ``user/<anything>/label/<name>``, else None."""
    match = _LABEL.match(stream_id or "")
    return match.group(1) if match else None


def state_name(stream_id: str) -> str | None:
    """``read``, ``starred``, ``reading-list``... for a state stream id, else None."""
    match = _STATE.match(stream_id or "")
    return match.group(1) if match else None


# --- answers -----------------------------------------------------------------------------------


def _json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        start = body[:60].decode("utf-8", "replace").strip()
        raise SyncServerError(
            f"The server's answer to {what} is not the JSON the Google Reader API sends (it begins {start!r})."
        ) from exc


def _object(body: bytes, what: str) -> dict[str, Any]:
    data = _json(body, what)
    if not isinstance(data, dict):
        raise SyncServerError(f"The server's answer to {what} is not the JSON object the Google Reader API sends.")
    return data


def _list_of_dicts(value: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise SyncServerError(f"The server's answer to {what} has no list where the Google Reader API has one.")
    return [v for v in value if isinstance(v, dict)]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """A list the answer should have; anything else (a number, a string, an object) is none."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _http_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def parse_login(text: str) -> str:
    """The ``Auth=`` token of a ClientLogin answer."""
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "Auth" and value.strip():
            return value.strip()
    raise SyncServerError(
        "The server answered the sign-in, but not as a Google Reader API server does (no Auth token). "
        "Is this the address of its Google Reader API?"
    )


def parse_token(text: str) -> str:
    """The action token (``reader/api/0/token``): one line of text."""
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token or len(token) > 1024:
        raise SyncServerError("The server gave no usable action token.")
    return token


def parse_subscriptions(body: bytes) -> list[ServerFeed]:
    """``subscription/list?output=json``."""
    data = _object(body, "the subscription list")
    feeds: list[ServerFeed] = []
    for sub in _list_of_dicts(data.get("subscriptions", []), "the subscription list"):
        stream_id = _text(sub.get("id"))
        url = _http_url(sub.get("url")) or _http_url(stream_id.removeprefix("feed/"))
        if not stream_id or url is None:
            continue  # not a feed Gloss can read (a server-side scraper, an odd scheme)
        folders: list[str] = []
        for cat in _list(sub.get("categories")):
            if not isinstance(cat, dict):
                continue
            name = label_name(_text(cat.get("id"))) or _text(cat.get("label")).strip()
            if name and name not in folders:
                folders.append(name)
        feeds.append(
            ServerFeed(
                stream_id=stream_id,
                url=url,
                title=clip(plain_text(_text(sub.get("title")))),
                site_url=_http_url(sub.get("htmlUrl")),
                folders=tuple(folders),
            )
        )
    return feeds


def parse_tags(body: bytes) -> list[ServerTag]:
    """``tag/list?output=json``: the labels (states such as starred are left out)."""
    data = _object(body, "the tag list")
    tags: list[ServerTag] = []
    for tag in _list_of_dicts(data.get("tags", []), "the tag list"):
        name = label_name(_text(tag.get("id")))
        if not name:
            continue
        kind = tag.get("type")
        tags.append(ServerTag(name, kind if kind in ("folder", "tag") else "unknown"))
    return tags


def parse_item_refs(body: bytes) -> ItemRefsPage:
    """``stream/items/ids``: the ids of one page and its continuation."""
    data = _object(body, "a list of item ids")
    ids: list[str] = []
    for ref in _list_of_dicts(data.get("itemRefs") or [], "a list of item ids"):
        try:
            ids.append(short_item_id(str(ref.get("id", ""))))
        except ValueError:
            continue
    continuation = data.get("continuation")
    return ItemRefsPage(tuple(ids), str(continuation) if continuation not in (None, "") else None)


def _seconds(value: Any) -> datetime | None:
    try:
        stamp = int(value)
        return datetime.fromtimestamp(stamp, UTC) if 0 < stamp < 32503680000 else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _crawled_usec(item: dict[str, Any]) -> int:
    for key, scale in (("timestampUsec", 1), ("crawlTimeMsec", 1000)):
        try:
            return int(item[key]) * scale
        except (KeyError, TypeError, ValueError, OverflowError):  # OverflowError: Infinity (JSON's extension)
            continue
    return 0


def _first_href(links: Any) -> str | None:
    if not isinstance(links, list):
        return None
    for link in links:
        if isinstance(link, dict):
            url = _http_url(link.get("href"))
            if url:
                return url
    return None


def _states(categories: Iterable[Any]) -> set[str]:
    return {name for c in categories if isinstance(c, str) and (name := state_name(c))}


def parse_items(body: bytes) -> list[ServerItem]:
    """``stream/items/contents`` (or ``stream/contents``): the items, content sanitised as a
    feed entry's is."""
    data = _object(body, "a request for item contents")
    items: list[ServerItem] = []
    for raw in _list_of_dicts(data.get("items") or [], "a request for item contents"):
        try:
            item_id = short_item_id(_text(raw.get("id")))
        except ValueError:
            continue
        origin = _dict(raw.get("origin"))
        url = _first_href(raw.get("canonical")) or _first_href(raw.get("alternate"))
        html = _text(_dict(raw.get("content")).get("content")) or _text(_dict(raw.get("summary")).get("content"))
        categories = raw.get("categories")
        states = _states(categories if isinstance(categories, list) else [])
        author = plain_text(_text(raw.get("author")))
        enclosures = tuple(
            href for e in _list(raw.get("enclosure")) if isinstance(e, dict) and (href := _http_url(e.get("href")))
        )
        items.append(
            ServerItem(
                id=item_id,
                stream_id=_text(origin.get("streamId")),
                url=url,
                title=clip(plain_text(_text(raw.get("title")))),
                content_html=sanitize_entry_html(html, url) if html else "",
                authors=(author,) if author else (),
                published=_seconds(raw.get("published")),
                updated=_seconds(raw.get("updated")),
                crawled_usec=_crawled_usec(raw),
                read="read" in states,
                starred="starred" in states,
                enclosures=enclosures,
            )
        )
    return items


def parse_quickadd(body: bytes) -> QuickAddResult:
    """``subscription/quickadd``: the new stream, or the server's reason for refusing."""
    data = _object(body, "a subscription")
    stream_id = _text(data.get("streamId"))
    if stream_id and data.get("numResults", 1):
        return QuickAddResult(stream_id, _http_url(data.get("query")), plain_text(_text(data.get("streamName"))))
    reason = plain_text(_text(data.get("error"))) or "it gave no reason"
    return QuickAddResult(None, error=clip(reason, 300))
