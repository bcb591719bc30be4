"""One sync, from start to end: ask the server, send what changed here, then change the library.

The order is what makes a sync safe:

1. **Ask** the server everything (subscriptions, folders, the ids of new, unread and starred
   items, the contents of the items this library lacks) and **send** what changed here
   (subscriptions, then read and starred). Nothing local is touched: a failure (a wrong
   password, the server down, an answer cut off) raises a :class:`reader.errors.SyncError`
   and the library is as it was; what was sent is sent again next time, harmlessly.
2. **Change the library**: feeds added, moved, renamed or removed; new articles stored
   through the refresh engine (:meth:`reader.feeds.refresh.Refresher.store_entries`), which
   fetches and extracts their pages as a refresh does; read and starred set.
3. **Remember** the agreed picture (:class:`reader.sync.state.SyncState`) and drop the
   journal entries that were dealt with.

A sync killed anywhere before step 3 ends is done again by the next one: step 2 is
idempotent (feeds and articles are found again by address, pages still missing are
fetched), and the journal still holds every change made here. Highlights and notes are
never read or written by a sync; an article that has them is never deleted (unsubscribing
keeps it, as it does in the window).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..errors import ReaderError, SyncFeedRefusedError
from ..feeds.entries import entry_key
from ..feeds.parse import plain_text
from ..feeds.refresh import Refresher
from ..storage.protocol import Storage
from ..types import Article, EntryData, Feed, FeedUpdateResult, ParsedFeed, RefreshProgress, utcnow
from . import greader
from .client import Cancelled, GReaderClient
from .plan import (
    DEFAULT_FOLDER_GUESS,
    FlagPlan,
    SubscriptionPlan,
    Window,
    mark_all_candidates,
    plan_flags,
    plan_subscriptions,
    url_key,
)
from .state import FeedLink, Flag, ItemLink, Journal, Pending, SyncFiles, SyncState
from .types import ServerFeed, ServerItem, SyncResult

log = logging.getLogger(__name__)

REFUSED_RETRY = timedelta(days=1)  # a feed the server refused is offered again after this
STREAM_OVERLAP_SECONDS = 300  # ot= goes back this far before the last sync (clocks, late commits)
MARK_ALL_MIN = 20  # unread items of one feed marked read here: one mark-all-as-read, not edit-tag batches
PENDING_MAX_AGE = timedelta(days=30)  # a change to an article the server never sent is dropped after this
SUMMARY_CHARS = 1000


@dataclass(frozen=True, slots=True)
class LibraryHooks:
    """What a sync needs from the library (the facade passes its own methods)."""

    storage: Storage
    new_feed_id: Callable[[str, Container[str]], str]  # (address, ids taken) -> the new feed's id
    unsubscribe: Callable[[str], int]
    make_refresher: Callable[[], Refresher]
    retention_days: int


@dataclass(slots=True)
class _NewEntry:
    item: ServerItem
    feed_id: str
    entry: EntryData
    placeholder: str  # the article id used in the plan until the article exists


class SyncEngine:
    """Runs one sync (:meth:`run`). ``progress`` is called from this thread with
    :class:`reader.types.RefreshProgress` (``current`` says what is being done)."""

    def __init__(
        self,
        hooks: LibraryHooks,
        files: SyncFiles,
        journal: Journal,
        client: GReaderClient,
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.hooks = hooks
        self.storage = hooks.storage
        self.files = files
        self.journal = journal
        self.client = client
        self.cancel = cancel or threading.Event()
        self.client.cancel = self.cancel
        self._progress = progress
        self._clock = clock

    # --- progress ---------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        """A step of the sync's own (no count of feeds: a busy bar, and what is being done)."""
        self._pass_on(RefreshProgress(0, 0, text))

    def _pass_on(self, progress: RefreshProgress) -> None:
        """The refresh engine's own reports (feeds, articles, pages), as they are."""
        if self._progress is not None:
            try:
                self._progress(progress)
            except Exception:
                log.exception("the sync progress callback failed")

    # --- the sync ---------------------------------------------------------------------------------

    def run(self) -> SyncResult:
        started = self._clock()
        try:
            return self._run(started)
        except Cancelled:
            return SyncResult(cancelled=True, requests=self.client.requests, seconds=self._since(started))

    def _since(self, started: datetime) -> float:
        return (self._clock() - started).total_seconds()

    def _run(self, started: datetime) -> SyncResult:
        state = self.files.state()
        pending = self.journal.pending()
        window = Window(state.last_sync_started.timestamp() if state.last_sync_started else None, started.timestamp())
        problems: list[Exception] = []

        # 1. Ask and send: nothing local changes here.
        self._say("Signing in to the sync server…")
        self.client.login()
        self._say("Reading your subscriptions…")
        server_feeds = self.client.subscriptions()
        server_folders = [t.name for t in self.client.tags() if t.kind == "folder"]
        local_feeds = self.storage.meta.get_feeds()
        sub_plan = plan_subscriptions(
            local_feeds,
            server_feeds,
            state,
            pending.feeds,
            window,
            refused_since=(started - REFUSED_RETRY).timestamp(),
        )
        refused = dict(state.refused)
        links = dict(sub_plan.links)
        default_folder = state.default_folder
        if sub_plan.pushes:
            server_feeds, default_folder = self._send_subscriptions(
                sub_plan, links, refused, problems, started, default_folder
            )
        for feed in sub_plan.refused:
            message, _at = refused[feed.url]
            problems.append(_refusal(feed, message))
        by_stream = {s.stream_id: s for s in server_feeds}
        links = {sid: replace(link, url=by_stream[sid].url) for sid, link in links.items() if sid in by_stream}

        self._say("Looking for new articles…")
        since = self._stream_since(state, started)
        new_ids = self.client.item_ids(greader.READING_LIST, since=since)
        server_unread = frozenset(self.client.item_ids(greader.READING_LIST, exclude=greader.READ))
        server_starred = frozenset(self.client.item_ids(greader.STARRED))

        local = _LocalIndex(self.storage, {link.feed_id for link in links.values() if link.feed_id})
        items = local.resolve(state.items, links)
        # An item remembered whose article is gone here (retention) is not fetched again.
        wanted = [
            i
            for i in dict.fromkeys([*new_ids, *server_unread, *server_starred])
            if i not in items and i not in state.items
        ]
        fetched: list[ServerItem] = []
        for batch in self.client.items(wanted):
            fetched.extend(batch)
            self._say(f"Fetching new articles from the server: {len(fetched):,} of {len(wanted):,}…")
        entries, linked_now = self._entries(fetched, links, local, items)

        placeholders = {e.placeholder: e for e in entries}
        plan_items: dict[str, Article] = {sid: local.articles[link.article_id] for sid, link in items.items()}
        new_item_ids = {e.item.id for e in entries if e.item.id not in linked_now}
        for e in entries:
            if e.item.id in new_item_ids:  # not stored yet: a fresh article, neither read nor starred
                plan_items[e.item.id] = Article(id=e.placeholder, feed_id=e.feed_id, guid="", url=e.item.url)
        flag_plan = plan_flags(plan_items, new_item_ids, server_unread, server_starred, state, pending, window)
        if flag_plan.pushes:
            self._send_flags(flag_plan, server_unread, {**items, **self._links_of(entries, linked_now)})
        if self.cancel.is_set():
            raise Cancelled

        # 2. Change the library.
        self._say("Updating your feeds…")
        feed_result = self._apply_feeds(sub_plan, links, server_folders, default_folder)
        refresher = self.hooks.make_refresher()
        # Pages a sync cancelled or killed before it fetched them are fetched now.
        missing = {a.id: a.feed_id for a in local.articles.values() if refresher.page_missing(a)}
        mapped = {link.article_id for link in items.values()}
        missing = {aid: fid for aid, fid in missing.items() if aid in mapped}
        batches = self._batches(entries, links, by_stream, set(missing.values()))
        refresh_results: list[FeedUpdateResult] = []
        if batches:
            refresh_results = refresher.store_entries(
                batches,
                progress=self._pass_on,
                cancel=self.cancel,
                missing=missing.keys(),
            )
            problems.extend(r.error for r in refresh_results if r.error is not None)
        created = self._created_articles(entries, links)
        for e in entries:
            aid = created.get(e.placeholder)
            if aid is not None:
                items[e.item.id] = ItemLink(aid, e.item.stream_id, e.item.crawled_usec, e.item.url)
        pulled = self._apply_flags(flag_plan, created, placeholders, local, started)

        # 3. Remember. How far the stream was read: not past an item that is not stored here
        # (its feed's pages were cancelled, or failed), so the next sync asks for it again.
        watermark = max([state.watermark_usec, *(i.crawled_usec for i in fetched if i.id in items)])
        missed = [i.crawled_usec for i in fetched if i.id not in items and i.stream_id in links]
        if missed:
            watermark = min(watermark, min(missed) - 1)
        # Remembered: every item with an article here, and those the server still lists
        # (whose article retention deleted here: not to be fetched again).
        keep = server_unread | server_starred | set(new_ids)
        items = {**{sid: link for sid, link in state.items.items() if sid in keep}, **items}
        new_state = SyncState(
            feeds={sid: link for sid, link in links.items() if link.feed_id},
            items=items,
            unread=flag_plan.unread & items.keys(),
            starred=flag_plan.starred & items.keys(),
            watermark_usec=watermark,
            last_sync=self._clock(),
            last_sync_started=started,
            refused=refused,
            default_folder=default_folder,
        )
        self.files.save_state(new_state)
        self.journal.settle(self._settled(pending, flag_plan, new_state, started))
        return SyncResult(
            feeds_added=feed_result[0],
            feeds_removed=feed_result[1],
            feeds_pushed=sum(1 for f in sub_plan.push_add if f.url not in refused),
            feeds_unsubscribed_on_server=len(sub_plan.push_remove),
            feeds_changed=len(sub_plan.local_edit) + len(sub_plan.push_edit),
            new_articles=sum(r.new for r in refresh_results),
            flags_pulled=pulled,
            flags_pushed=flag_plan.pushes,
            conflicts=sub_plan.conflicts + flag_plan.conflicts,
            requests=self.client.requests,
            seconds=self._since(started),
            cancelled=self.cancel.is_set(),
            problems=tuple(problems),
            refresh=tuple(refresh_results),
        )

    # --- step 1: sending ---------------------------------------------------------------------------

    def _send_subscriptions(
        self,
        plan: SubscriptionPlan,
        links: dict[str, FeedLink],
        refused: dict[str, tuple[str, datetime]],
        problems: list[Exception],
        started: datetime,
        default_folder: str | None,
    ) -> tuple[list[ServerFeed], str | None]:
        """Subscribe, unsubscribe, move and rename on the server; returns its new list."""
        self._say("Sending your subscriptions…")
        pushed: dict[str, Feed] = {}
        for n, feed in enumerate(plan.push_add):
            self._say(f"Subscribing the server to {feed.display_title} ({n + 1} of {len(plan.push_add)})…")
            answer = self.client.quickadd(feed.url)
            if answer.stream_id is None:
                reason = answer.error or "it gave no reason"
                refused[feed.url] = (reason, started)
                problems.append(_refusal(feed, reason))
                continue
            refused.pop(feed.url, None)
            if feed.folder or feed.title:
                self.client.edit_subscription(answer.stream_id, "edit", title=feed.title or None, add_label=feed.folder)
            pushed[answer.stream_id] = feed
        for sid in plan.push_remove:
            self.client.edit_subscription(sid, "unsubscribe")
            links.pop(sid, None)
        for edit in plan.push_edit:
            move_to = edit.folder if edit.folder_changed and edit.folder else None
            # Out of every folder: the server files it under its default category.
            leave = edit.old_folder if edit.folder_changed and not edit.folder and edit.old_folder else None
            self.client.edit_subscription(
                edit.stream_id, "edit", title=edit.title, add_label=move_to, remove_label=leave
            )
        server_feeds = self.client.subscriptions()
        by_stream = {s.stream_id: s for s in server_feeds}
        for sid, feed in pushed.items():
            sf = by_stream.get(sid)
            if sf is None:
                continue
            if feed.folder is None and sf.folder is not None:
                default_folder = sf.folder  # where the server files a feed without a folder
            links[sid] = FeedLink(feed.id, sf.url, feed.title or sf.title, feed.folder)
        return server_feeds, default_folder

    def _send_flags(self, plan: FlagPlan, server_unread: frozenset[str], items: Mapping[str, ItemLink]) -> None:
        self._say("Sending read and starred changes…")
        add_read = list(plan.add_read)
        for stream, (ids, newest) in mark_all_candidates(add_read, server_unread, items, MARK_ALL_MIN).items():
            self.client.mark_all_read(stream, newest)
            marked = set(ids)
            add_read = [i for i in add_read if i not in marked]
        self.client.edit_tag(add_read, add=greader.READ)
        self.client.edit_tag(plan.remove_read, remove=greader.READ)
        self.client.edit_tag(plan.add_starred, add=greader.STARRED)
        self.client.edit_tag(plan.remove_starred, remove=greader.STARRED)

    def _stream_since(self, state: SyncState, started: datetime) -> int:
        """``ot=``: the oldest crawl time to ask new items from (seconds)."""
        if not state.watermark_usec or state.last_sync_started is None:
            return int((started - timedelta(days=self.hooks.retention_days)).timestamp())
        newest_seen = state.watermark_usec // 1_000_000
        return int(min(newest_seen, state.last_sync_started.timestamp())) - STREAM_OVERLAP_SECONDS

    def _entries(
        self,
        fetched: Sequence[ServerItem],
        links: Mapping[str, FeedLink],
        local: _LocalIndex,
        items: dict[str, ItemLink],
    ) -> tuple[list[_NewEntry], dict[str, str]]:
        """The fetched items as feed entries, and the items that are articles already here
        (server id -> article id; met by address: read before the account was added, or
        stored by a sync that was killed before it could remember them)."""
        entries: list[_NewEntry] = []
        linked: dict[str, str] = {}
        for item in fetched:
            link = links.get(item.stream_id)
            if link is None:
                continue  # a feed unsubscribed here during this sync
            feed_id = link.feed_id or f"stream:{item.stream_id}"
            existing = local.find(link.feed_id, item)
            if existing is not None:  # its page, if still missing, is fetched with the others
                linked[item.id] = existing.id
                items[item.id] = ItemLink(existing.id, item.stream_id, item.crawled_usec, item.url)
                continue
            entry = EntryData(
                guid=None if item.url else f"greader:{item.id}",
                url=item.url,
                title=item.title,
                summary=plain_text(item.content_html)[:SUMMARY_CHARS],
                content_html=item.content_html,
                authors=item.authors,
                published=item.published,
                updated=item.updated,
                enclosures=item.enclosures,
            )
            entries.append(_NewEntry(item, feed_id, entry, f"new:{item.id}"))
        return entries, linked

    @staticmethod
    def _links_of(entries: Sequence[_NewEntry], linked_now: Mapping[str, str]) -> dict[str, ItemLink]:
        return {
            e.item.id: ItemLink(e.placeholder, e.item.stream_id, e.item.crawled_usec, e.item.url)
            for e in entries
            if e.item.id not in linked_now
        }

    # --- step 2: changing the library ----------------------------------------------------------------

    def _apply_feeds(
        self,
        plan: SubscriptionPlan,
        links: dict[str, FeedLink],
        server_folders: Sequence[str],
        default_folder: str | None,
    ) -> tuple[int, int]:
        """Feeds added, revived, moved and renamed in one write; removed ones unsubscribed.
        Returns (added, removed)."""
        created: dict[str, Feed] = {}
        stored = self.storage.meta.get_feeds()
        existing_urls = {url_key(f.url): f for f in stored}
        taken = {f.id for f in stored}
        for sf in plan.local_add:
            link = links.get(sf.stream_id)
            if link is None:
                continue
            again = existing_urls.get(url_key(sf.url))  # made by a sync that was killed before it remembered
            feed = replace(again, subscribed=True) if again is not None else None
            if feed is None:
                feed_id = self.hooks.new_feed_id(sf.url, taken)
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

        self.storage.meta.update_feeds(update)
        folders = self.storage.meta.get_folders()
        no_folder = default_folder or DEFAULT_FOLDER_GUESS
        remote = [f for f in server_folders if f != no_folder]  # the server's empty folders too
        wanted = [*folders, *remote, *(link.folder for link in links.values() if link.folder)]
        merged = [f for f in dict.fromkeys(wanted) if f]
        if merged != folders:
            self.storage.meta.set_folders(merged)
        removed = 0
        for fid in plan.local_remove:
            try:
                self.hooks.unsubscribe(fid)
                removed += 1
            except ReaderError as exc:  # gone meanwhile: nothing to remove
                log.info("could not unsubscribe %s: %s", fid, exc)
        return len(created) + len(revive), removed

    def _batches(
        self,
        entries: Sequence[_NewEntry],
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
        feeds = {f.id: f for f in self.storage.meta.get_feeds()}
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

    def _created_articles(self, entries: Sequence[_NewEntry], links: Mapping[str, FeedLink]) -> dict[str, str]:
        """Placeholder -> the article id the refresh engine stored each entry under (found by
        the entry's key, whatever the id scheme)."""
        by_feed: dict[str, list[_NewEntry]] = {}
        for e in entries:
            by_feed.setdefault(e.feed_id, []).append(e)
        found: dict[str, str] = {}
        for fid, group in by_feed.items():
            try:
                by_key = {a.guid: a.id for a in self.storage.meta.iter_articles(fid)}
            except ReaderError:
                continue
            for e in group:
                aid = by_key.get(entry_key(e.entry))
                if aid is not None:
                    found[e.placeholder] = aid
        return found

    def _apply_flags(
        self,
        plan: FlagPlan,
        created: Mapping[str, str],
        placeholders: Mapping[str, _NewEntry],
        local: _LocalIndex,
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

            def apply(
                current: Mapping[str, Article], changes: dict[str, Mapping[Flag, bool]] = changes
            ) -> list[Article]:
                updated: list[Article] = []
                for aid, flags in changes.items():
                    article = current.get(aid)
                    if article is None:
                        continue
                    values = {f: v for f, v in flags.items() if not self.journal.changed_since(aid, f, stamp)}
                    new = replace(
                        article,
                        read=values.get("read", article.read),
                        starred=values.get("starred", article.starred),
                    )
                    if new != article:
                        updated.append(new)
                return updated

            try:
                self.storage.meta.update_articles(feed_id, apply)
            except ReaderError as exc:  # the feed was removed meanwhile
                log.info("flags of %s not set: %s", feed_id, exc)
        return pulled

    # --- step 3: remembering -------------------------------------------------------------------------

    def _settled(self, pending: Pending, plan: FlagPlan, state: SyncState, started: datetime) -> Pending:
        """The journal entries this sync dealt with: those of the plan, feed changes, and the
        changes to articles the server will never know (deleted, in a feed it does not have,
        or waiting for the server longer than :data:`PENDING_MAX_AGE`)."""
        flags = {aid: dict(f) for aid, f in plan.settled.flags.items()}
        mapped = {link.article_id for link in state.items.values()}
        synced_feeds = {link.feed_id for link in state.feeds.values()}
        too_old = (started - PENDING_MAX_AGE).timestamp()
        for aid, changes in pending.flags.items():
            if aid in flags or aid in mapped:
                continue
            try:
                article: Article | None = self.storage.meta.get_article(aid)
            except ReaderError:
                article = None
            if article is None or article.feed_id not in synced_feeds:
                flags[aid] = dict(changes)
            else:
                old = {k: c for k, c in changes.items() if c.at < too_old}
                if old:
                    flags[aid] = old
        return Pending(flags, dict(pending.feeds))


class _LocalIndex:
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


def _refusal(feed: Feed, reason: str) -> SyncFeedRefusedError:
    name = f"{feed.title} ({feed.url})" if feed.title else feed.url
    return SyncFeedRefusedError(
        f"The sync server would not subscribe to {name}: {reason}. "
        "Gloss keeps reading it from this computer and offers it to the server again tomorrow.",
        url=feed.url,
    )
