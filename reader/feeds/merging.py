"""A parsed feed's entries merged into its stored articles (a part of :mod:`.refresh`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ..types import Article, EntryData, ParsedFeed
from .entries import article_id, entry_hash, entry_key, merge
from .http import is_fetchable


class EntryMerge:
    """The entries of one parsed feed merged into its stored articles.

    Called by ``update_articles`` with the articles as stored at that moment (under the
    shard's lock), so a read or starred flag set while the feed was being fetched is kept.
    Each entry's key and hash are computed once, here; the same entry twice in one
    document: the first one wins.
    """

    def __init__(self, feed_id: str, parsed: ParsedFeed, now: datetime, fetch_pages: bool) -> None:
        self.feed_id = feed_id
        self.now = now
        self.fetch_pages = fetch_pages
        self.entries: dict[str, tuple[str, str, EntryData]] = {}
        for entry in parsed.entries:
            key = entry_key(entry)
            aid = article_id(feed_id, key)
            if aid not in self.entries:
                self.entries[aid] = (key, entry_hash(entry), entry)
        self.new = self.updated = 0
        self.to_fetch: list[Article] = []
        self.from_feed: list[Article] = []  # new text, no page to fetch: read from the feed's HTML
        self.changed: list[Article] = []

    def changed_html(self, stored_hashes: Mapping[str, str | None]) -> dict[str, str]:
        """The feed HTML of the entries that are new or changed against ``stored_hashes``."""
        return {
            aid: entry.content_html
            for aid, (_key, digest, entry) in self.entries.items()
            if entry.content_html and (aid not in stored_hashes or stored_hashes[aid] != digest)
        }

    def __call__(self, current: Mapping[str, Article]) -> list[Article]:
        self.new = self.updated = 0
        self.to_fetch = []
        self.from_feed = []
        changed: list[Article] = []
        for aid, (key, digest, entry) in self.entries.items():
            old = current.get(aid)
            article, status = merge(old, entry, self.feed_id, self.now, key=key, digest=digest)
            if status == "same":
                continue
            changed.append(article)
            if status == "new":
                self.new += 1
            else:
                self.updated += 1
            link_changed = old is None or old.url != article.url
            if self.fetch_pages and link_changed and article.url and is_fetchable(article.url):
                self.to_fetch.append(article)
            elif entry.content_html and (link_changed or digest != (old.entry_hash if old else None)):
                self.from_feed.append(article)
        self.changed = changed
        return changed
