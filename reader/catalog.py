"""Article queries shared by the storage implementations.

Listing "the 200 newest unread" of 50,000 articles must not build 50,000 objects: the
stores run :func:`select` over their raw documents (dicts, as stored) and turn only the
selected page into :class:`reader.types.Article` objects.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .pacing import paced
from .types import ArticleFilter

__all__ = ["count", "date_key", "select", "tally"]

Doc = Mapping[str, Any]


def date_key(doc: Doc) -> str:
    """The string a stored article sorts by, :attr:`reader.types.Article.date` (stored dates
    are ISO 8601 in UTC, so they sort as strings)."""
    return str(doc.get("page_date") or doc.get("published") or doc.get("updated") or doc.get("added") or "")


def _matching(docs: Iterable[Doc], flt: ArticleFilter) -> Iterable[Doc]:
    """The documents that pass every criterion ``flt`` sets, lazily."""
    items: Iterable[Doc] = paced(docs)
    if flt.article_ids is not None:
        wanted = flt.article_ids
        items = (d for d in items if d["id"] in wanted)
    if flt.feed_ids is not None:
        feeds = flt.feed_ids
        items = (d for d in items if d["feed_id"] in feeds)
    if flt.unread is not None:
        read = not flt.unread
        items = (d for d in items if bool(d.get("read")) == read)
    if flt.starred is not None:
        starred = flt.starred
        items = (d for d in items if bool(d.get("starred")) == starred)
    if flt.text:
        needle = flt.text.casefold()
        items = (
            d
            for d in items
            if needle in str(d.get("title", "")).casefold() or needle in str(d.get("summary", "")).casefold()
        )
    return items


def select(docs: Iterable[Doc], flt: ArticleFilter, feed_title: Callable[[str], str] | None = None) -> list[Doc]:
    """The documents matching ``flt``, sorted, at most ``flt.limit`` after the first ``flt.offset``."""
    chosen = list(_matching(docs, flt))
    if flt.order == "title":
        chosen.sort(key=lambda d: str(d.get("title", "")).casefold())
    elif flt.order == "feed" and feed_title is not None:
        chosen.sort(key=date_key, reverse=True)
        chosen.sort(key=lambda d: feed_title(d["feed_id"]).casefold())
    else:
        key: Callable[[Doc], tuple[str, str]] = lambda d: (date_key(d), d["id"])  # noqa: E731
        newest = flt.order != "oldest"
        if flt.limit is not None and flt.offset + flt.limit < len(chosen) // 4:
            # The first pages of a big selection: a heap beats sorting everything.
            pick = heapq.nlargest if newest else heapq.nsmallest
            return pick(flt.offset + flt.limit, paced(chosen), key=key)[flt.offset :]
        chosen.sort(key=key, reverse=newest)
    end = flt.offset + flt.limit if flt.limit is not None else None
    return chosen[flt.offset : end]


def count(docs: Iterable[Doc]) -> dict[str, tuple[int, int]]:
    """(unread, total) per feed id."""
    return {k: (unread, total) for k, (unread, total, _starred) in tally(docs).items()}


def tally(docs: Iterable[Doc]) -> dict[str, tuple[int, int, int]]:
    """(unread, total, starred) per feed id."""
    result: dict[str, list[int]] = {}
    for d in paced(docs):
        c = result.setdefault(d["feed_id"], [0, 0, 0])
        c[0] += not d.get("read")
        c[1] += 1
        c[2] += bool(d.get("starred"))
    return {k: (v[0], v[1], v[2]) for k, v in result.items()}
