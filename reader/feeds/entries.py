"""Entry identity and merging: which stored article an entry is, and whether it changed.

An entry is identified by its guid, else its link, else its title and date
(:func:`entry_key`); the article id is ``"<feed id>-<12 hex of sha256(key)>"``, the
storage's sharding contract (the part before the first ``-`` is the feed id, and feed ids
never contain ``-``). :func:`merge` keeps what belongs to the user (read, starred, when it
was added, which content version it shows) and refreshes what belongs to the feed.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Literal

from ..types import Article, EntryData

SUMMARY_MAX = 300
MergeStatus = Literal["new", "updated", "same"]


def entry_key(entry: EntryData) -> str:
    """The entry's identity within its feed: guid, else link, else title + published date."""
    if entry.guid:
        return entry.guid
    if entry.url:
        return entry.url
    date = entry.published or entry.updated
    if entry.title or date:
        return f"{entry.title}\x1f{date.isoformat() if date else ''}"
    # Nothing identifies it: its content is all we have (an edit makes it a new entry).
    return "content:" + hashlib.sha256(entry.content_html.encode("utf-8")).hexdigest()


def article_id(feed_id: str, key: str) -> str:
    """``"<feed id>-<first 12 hex of sha256(key)>"``."""
    return f"{feed_id}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def entry_hash(entry: EntryData) -> str:
    """A hash over what a reader would notice changing: title, link, text, authors, enclosures.

    Dates are left out on purpose: many feeds rewrite ``updated`` (or even ``pubDate``) on
    every fetch, and that alone must not turn every article into an "updated" one.
    """
    parts = (
        entry.title,
        entry.url or "",
        entry.summary,
        entry.content_html,
        "\x1e".join(entry.authors),
        "\x1e".join(entry.enclosures),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def short_summary(text: str, limit: int = SUMMARY_MAX) -> str:
    """Plain text cut to at most ``limit`` characters, at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def merge(
    existing: Article | None,
    entry: EntryData,
    feed_id: str,
    now: datetime,
    *,
    key: str | None = None,
    digest: str | None = None,
) -> tuple[Article, MergeStatus]:
    """The article for ``entry``: new, updated from ``existing``, or ``existing`` unchanged.

    ``key`` and ``digest`` are :func:`entry_key` and :func:`entry_hash` of ``entry`` when
    the caller has them already (a refresh computes them once per entry).
    """
    key = entry_key(entry) if key is None else key
    digest = entry_hash(entry) if digest is None else digest
    if existing is None:
        article = Article(
            id=article_id(feed_id, key),
            feed_id=feed_id,
            guid=key,
            url=entry.url,
            title=entry.title,
            summary=short_summary(entry.summary),
            authors=entry.authors,
            published=entry.published,
            updated=entry.updated,
            added=now,
            entry_hash=digest,
            media=entry.media,
            categories=entry.categories,
        )
        return article, "new"
    if existing.entry_hash == digest:
        if (existing.media, existing.categories) == (entry.media, entry.categories):
            return existing, "same"
        # Stored before Gloss kept media and categories: add them, nothing else changed.
        return replace(existing, media=entry.media, categories=entry.categories), "updated"
    updated = replace(
        existing,
        url=entry.url,
        title=entry.title,
        summary=short_summary(entry.summary),
        authors=entry.authors,
        published=entry.published or existing.published,
        updated=entry.updated,
        entry_hash=digest,
        media=entry.media,
        categories=entry.categories,
        # A new link deserves a new attempt at fetching the page.
        fetch_error=existing.fetch_error if entry.url == existing.url else None,
    )
    return updated, "updated"
