"""Step 2 of a sync, the library's side: the articles of the synced feeds as the sync finds
them (:class:`LocalIndex`), and the changes the plan makes here: feeds added, revived, moved,
renamed and removed in one write, new entries grouped per feed for the refresh engine, read and
starred set (one write per feed). See :mod:`reader.sync.engine` for the order of it all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import ReaderError
from ..feeds.entries import entry_key
from ..storage.protocol import Storage
from ..types import Article, EntryData, Feed, ParsedFeed
from .plan import DEFAULT_FOLDER_GUESS, FlagPlan, SubscriptionPlan, url_key
from .state import FeedLink, Flag, ItemLink, Journal
from .types import ServerFeed, ServerItem

if TYPE_CHECKING:
    from .engine import LibraryHooks

log = logging.getLogger(__name__)


@dataclass(slots=True)
class NewEntry:
    item: ServerItem
    feed_id: str
    entry: EntryData
    placeholder: str  # the article id used in the plan until the article exists


class LocalIndex:
    """The articles of the synced feeds, by id and by address, read once per sync."""

    def __init__(self, storage: Storage, feed_ids: set[str]) -> None:
        self.storage = storage
        self.articles: dict[str, Article] = {}
        self._by_guid: dict[tuple[str, str], Article] = {}
        self._url_index: dict[tuple[str, str], Article] | None = None
        self.linked: set[str] = set()
        known = {f.id for f in storage.meta.get_feeds()}
        for fid in feed_ids & known:
            for article in storage.meta.iter_articles(fid):
                self.articles[article.id] = article
                self._by_guid.setdefault((fid, article.guid), article)

    @property
    def _by_url(self) -> dict[tuple[str, str], Article]:
        # Built when first needed: a sync with nothing new never normalises 10,000 addresses.
        if self._url_index is None:
            self._url_index = {}
            for article in self.articles.values():
                if article.url:
                    self._url_index.setdefault((article.feed_id, url_key(article.url)), article)
        return self._url_index

    def find(self, feed_id: str, item: ServerItem) -> Article | None:
        """The article here that is this server item, by address (or by the id a sync gave
        an item without one)."""
        if not feed_id:
            return None
        found = self._by_url.get((feed_id, url_key(item.url))) if item.url else None
        if found is None:
            found = self._by_guid.get((feed_id, f"greader:{item.id}"))
        if found is not None:
            self.linked.add(item.id)
        return found

    def resolve(self, mapped: Mapping[str, ItemLink], links: Mapping[str, FeedLink]) -> dict[str, ItemLink]:
        """The remembered item map, each entry checked: an article whose id changed (a
        migration) is found again by address; one deleted here (retention) is left out."""
        feed_of = {sid: link.feed_id for sid, link in links.items()}
        resolved: dict[str, ItemLink] = {}
        for sid, link in mapped.items():
            if link.article_id in self.articles:
                resolved[sid] = link
                continue
            feed_id = feed_of.get(link.stream_id)
            if feed_id and link.url:
                article = self._by_url.get((feed_id, url_key(link.url)))
                if article is not None:
                    resolved[sid] = replace(link, article_id=article.id)
        return resolved


def apply_feeds(
    storage: Storage,
    hooks: LibraryHooks,
    plan: SubscriptionPlan,
    links: dict[str, FeedLink],
    server_folders: Sequence[str],
    default_folder: str | None,
) -> tuple[int, int]:
    """Feeds added, revived, moved and renamed in one write; removed ones unsubscribed.
    Returns (added, removed)."""
    created: dict[str, Feed] = {}
    stored = storage.meta.get_feeds()
    existing_urls = {url_key(f.url): f for f in stored}
    taken = {f.id for f in stored}
    for sf in plan.local_add:
        link = links.get(sf.stream_id)
        if link is None:
            continue
        again = existing_urls.get(url_key(sf.url))  # made by a sync that was killed before it remembered
        feed = replace(again, subscribed=True) if again is not None else None
        if feed is None:
            feed_id = hooks.new_feed_id(sf.url, taken)
            taken.add(feed_id)
            feed = Feed(id=feed_id, url=sf.url, title=sf.title, folder=link.folder, site_url=sf.site_url)
        created[feed.id] = feed
        links[sf.stream_id] = replace(link, feed_id=feed.id)
    revive = {fid: sf for fid, sf in plan.local_revive}
    edits = {e.feed_id: e for e in plan.local_edit}
    synced = {link.feed_id for link in links.values()}

    def update(stored: Mapping[str, Feed]) -> list[Feed]:
        changed: list[Feed] = list(created.values())
        for fid, feed in stored.items():
            new = feed
            if fid in revive:
                sf = revive[fid]
                new = replace(new, subscribed=True, title=sf.title or new.title, folder=links[sf.stream_id].folder)
            edit = edits.get(fid)
            if edit is not None:
                new = replace(new, title=edit.title if edit.title is not None else new.title)
                new = replace(new, folder=edit.folder) if edit.folder_changed else new
            if fid in synced and (new.last_error is not None or new.retry_after is not None):
                new = replace(new, last_error=None, retry_after=None)  # Gloss no longer fetches it itself
            if new != feed:
                changed.append(new)
        return changed

    storage.meta.update_feeds(update)
    folders = storage.meta.get_folders()
    no_folder = default_folder or DEFAULT_FOLDER_GUESS
    remote = [f for f in server_folders if f != no_folder]  # the server's empty folders too
    wanted = [*folders, *remote, *(link.folder for link in links.values() if link.folder)]
    merged = [f for f in dict.fromkeys(wanted) if f]
    if merged != folders:
        storage.meta.set_folders(merged)
    removed = 0
    for fid in plan.local_remove:
        try:
            hooks.unsubscribe(fid)
            removed += 1
        except ReaderError as exc:  # gone meanwhile: nothing to remove
            log.info("could not unsubscribe %s: %s", fid, exc)
    return len(created) + len(revive), removed


def batches(
    storage: Storage,
    entries: Sequence[NewEntry],
    links: Mapping[str, FeedLink],
    by_stream: Mapping[str, ServerFeed],
    pages_missing: set[str],
) -> list[tuple[Feed, ParsedFeed]]:
    """One batch per feed with new entries, or with pages still to fetch."""
    grouped: dict[str, list[EntryData]] = {fid: [] for fid in pages_missing}
    for e in entries:
        link = links.get(e.item.stream_id)
        if link is not None and link.feed_id:
            e.feed_id = link.feed_id
            grouped.setdefault(link.feed_id, []).append(e.entry)
    feeds = {f.id: f for f in storage.meta.get_feeds()}
    stream_of = {link.feed_id: sid for sid, link in links.items()}
    batches: list[tuple[Feed, ParsedFeed]] = []
    for fid, found in grouped.items():
        feed = feeds.get(fid)
        if feed is None:
            continue
        sf = by_stream.get(stream_of.get(fid, ""))
        parsed = ParsedFeed(
            title=sf.title if sf else feed.title,
            site_url=sf.site_url if sf else None,
            description="",
            entries=tuple(found),
        )
        batches.append((feed, parsed))
    return batches


def created_articles(storage: Storage, entries: Sequence[NewEntry], links: Mapping[str, FeedLink]) -> dict[str, str]:
    """Placeholder -> the article id the refresh engine stored each entry under (found by
    the entry's key, whatever the id scheme)."""
    by_feed: dict[str, list[NewEntry]] = {}
    for e in entries:
        by_feed.setdefault(e.feed_id, []).append(e)
    found: dict[str, str] = {}
    for fid, group in by_feed.items():
        try:
            by_key = {a.guid: a.id for a in storage.meta.iter_articles(fid)}
        except ReaderError:
            continue
        for e in group:
            aid = by_key.get(entry_key(e.entry))
            if aid is not None:
                found[e.placeholder] = aid
    return found


def apply_flags(
    storage: Storage,
    journal: Journal,
    plan: FlagPlan,
    created: Mapping[str, str],
    placeholders: Mapping[str, NewEntry],
    local: LocalIndex,
    started: datetime,
) -> int:
    """Set read and starred here, one write per feed; a flag changed here while this sync
    ran is newer and kept. Returns how many flags of articles already here changed."""
    by_feed: dict[str, dict[str, Mapping[Flag, bool]]] = {}
    pulled = 0
    for aid, flags in plan.local.items():
        entry = placeholders.get(aid)
        real = created.get(aid, aid) if entry is not None else aid
        article = local.articles.get(real)
        feed_id = article.feed_id if article is not None else (entry.feed_id if entry is not None else None)
        if feed_id is None or real.startswith("new:"):
            continue
        by_feed.setdefault(feed_id, {})[real] = flags
        if entry is None or entry.item.id in local.linked:
            pulled += len(flags)
    stamp = started.timestamp()
    for feed_id, changes in by_feed.items():

        def apply(current: Mapping[str, Article], changes: dict[str, Mapping[Flag, bool]] = changes) -> list[Article]:
            updated: list[Article] = []
            for aid, flags in changes.items():
                article = current.get(aid)
                if article is None:
                    continue
                values = {f: v for f, v in flags.items() if not journal.changed_since(aid, f, stamp)}
                new = replace(
                    article,
                    read=values.get("read", article.read),
                    starred=values.get("starred", article.starred),
                )
                if new != article:
                    updated.append(new)
            return updated

        try:
            storage.meta.update_articles(feed_id, apply)
        except ReaderError as exc:  # the feed was removed meanwhile
            log.info("flags of %s not set: %s", feed_id, exc)
    return pulled
