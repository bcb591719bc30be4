"""Which parts and rows of the list index a filter matches (see :mod:`reader.storage.listindex`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..types import ArticleFilter

Doc = Mapping[str, Any]


def matching_in(entry: Mapping[str, Any], flt: ArticleFilter) -> int | None:
    """How many rows of a day match ``flt``, when its counts say (None: read them)."""
    n, unread, starred = int(entry["n"]), int(entry["unread"]), int(entry["starred"])
    if flt.feed_ids is not None:  # the counts are not by feed: only a day with none is ruled out
        ruled_out = (flt.unread is not None and not (unread if flt.unread else n - unread)) or (
            flt.starred is not None and not (starred if flt.starred else n - starred)
        )
        return 0 if ruled_out else None
    if flt.unread is not None and flt.starred is not None:
        none_match = not (unread if flt.unread else n - unread) or not (starred if flt.starred else n - starred)
        return 0 if none_match else None
    if flt.unread is not None:
        return unread if flt.unread else n - unread
    if flt.starred is not None:
        return starred if flt.starred else n - starred
    return n


def matches(doc: Doc, flt: ArticleFilter) -> bool:
    """Whether a row passes ``flt``'s feeds, unread and starred."""
    if flt.feed_ids is not None and doc["feed_id"] not in flt.feed_ids:
        return False
    if flt.unread is not None and bool(doc.get("read")) == flt.unread:
        return False
    return flt.starred is None or bool(doc.get("starred")) == flt.starred
