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
from ..feeds.refresh import Refresher
from ..feeds.text import plain_text
from ..storage.protocol import Storage
from ..types import Article, EntryData, Feed, FeedUpdateResult, RefreshProgress, utcnow
from . import greader
from .apply import LocalIndex, NewEntry, apply_feeds, apply_flags, batches, created_articles
from .client import Cancelled, GReaderClient
from .plan import (
    FlagPlan,
    SubscriptionPlan,
    Window,
    mark_all_candidates,
    plan_flags,
    plan_subscriptions,
    sent_flags,
)
from .state import FeedLink, ItemLink, Journal, Pending, SyncFiles, SyncState
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


@dataclass(frozen=True, slots=True)
class _Subscriptions:
    """What step 1 agreed on subscriptions (``links`` and ``refused`` are changed in step 2)."""

    plan: SubscriptionPlan
    links: dict[str, FeedLink]
    refused: dict[str, tuple[str, datetime]]
    default_folder: str | None
    by_stream: dict[str, ServerFeed]
    server_folders: list[str]


@dataclass(frozen=True, slots=True)
class _Stream:
    """What step 1 read of the server's items (``items``: server id -> article here, grown in step 2)."""

    new_ids: list[str]
    server_unread: frozenset[str]
    server_starred: frozenset[str]
    local: LocalIndex
    items: dict[str, ItemLink]
    fetched: list[ServerItem]
    entries: list[NewEntry]
    linked_now: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Changed:
    feeds_added: int
    feeds_removed: int
    refresh: list[FeedUpdateResult]
    flags_pulled: int


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
        state, pending = self.files.state(), self.journal.pending()
        window = Window(state.last_sync_started.timestamp() if state.last_sync_started else None, started.timestamp())
        problems: list[Exception] = []
        # 1. Ask and send: nothing local changes here.
        subs = self._sync_subscriptions(state, pending, window, started, problems)
        stream = self._read_stream(state, started, subs.links)
        flag_plan = self._plan_flags(stream, state, pending, window)
        if self.cancel.is_set():
            raise Cancelled
        # 2. Change the library.
        changed = self._change_library(subs, stream, flag_plan, started, problems)
        # 3. Remember.
        self._remember(state, pending, subs, stream, flag_plan, started)
        return SyncResult(
            feeds_added=changed.feeds_added,
            feeds_removed=changed.feeds_removed,
            feeds_pushed=sum(1 for f in subs.plan.push_add if f.url not in subs.refused),
            feeds_unsubscribed_on_server=len(subs.plan.push_remove),
            feeds_changed=len(subs.plan.local_edit) + len(subs.plan.push_edit),
            new_articles=sum(r.new for r in changed.refresh),
            flags_pulled=changed.flags_pulled,
            flags_pushed=flag_plan.pushes,
            conflicts=subs.plan.conflicts + flag_plan.conflicts,
            requests=self.client.requests,
            seconds=self._since(started),
            cancelled=self.cancel.is_set(),
            problems=tuple(problems),
            refresh=tuple(changed.refresh),
        )

    def _sync_subscriptions(
        self, state: SyncState, pending: Pending, window: Window, started: datetime, problems: list[Exception]
    ) -> _Subscriptions:
        """Sign in, read the server's subscriptions and send what changed here."""
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
        return _Subscriptions(sub_plan, links, refused, default_folder, by_stream, server_folders)

    def _read_stream(self, state: SyncState, started: datetime, links: Mapping[str, FeedLink]) -> _Stream:
        """The ids of the new, unread and starred items, the contents of those this library lacks."""
        self._say("Looking for new articles…")
        since = self._stream_since(state, started)
        new_ids = self.client.item_ids(greader.READING_LIST, since=since)
        server_unread = frozenset(self.client.item_ids(greader.READING_LIST, exclude=greader.READ))
        server_starred = frozenset(self.client.item_ids(greader.STARRED))
        local = LocalIndex(self.storage, {link.feed_id for link in links.values() if link.feed_id})
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
        return _Stream(new_ids, server_unread, server_starred, local, items, fetched, entries, linked_now)

    def _plan_flags(self, stream: _Stream, state: SyncState, pending: Pending, window: Window) -> FlagPlan:
        """Read and starred, merged both ways; what the server lacks is sent now."""
        plan_items: dict[str, Article] = {
            sid: stream.local.articles[link.article_id] for sid, link in stream.items.items()
        }
        new_item_ids = {e.item.id for e in stream.entries if e.item.id not in stream.linked_now}
        for e in stream.entries:
            if e.item.id in new_item_ids:  # not stored yet: a fresh article, neither read nor starred
                plan_items[e.item.id] = Article(id=e.placeholder, feed_id=e.feed_id, guid="", url=e.item.url)
        flag_plan = plan_flags(
            plan_items, new_item_ids, stream.server_unread, stream.server_starred, state, pending, window
        )
        if flag_plan.pushes:
            links = {**stream.items, **self._links_of(stream.entries, stream.linked_now)}
            self.journal.note_sent(sent_flags(flag_plan, plan_items))  # before: a kill may come mid-send
            self._send_flags(flag_plan, stream.server_unread, links)
        return flag_plan

    def _change_library(
        self, subs: _Subscriptions, stream: _Stream, flag_plan: FlagPlan, started: datetime, problems: list[Exception]
    ) -> _Changed:
        """Feeds, then new articles (through the refresh engine, which fetches their pages), then flags."""
        self._say("Updating your feeds…")
        added, removed = apply_feeds(
            self.storage, self.hooks, subs.plan, subs.links, subs.server_folders, subs.default_folder
        )
        refresher = self.hooks.make_refresher()
        # Pages a sync cancelled or killed before it fetched them are fetched now.
        mapped = {link.article_id for link in stream.items.values()}
        missing = {
            a.id: a.feed_id for a in stream.local.articles.values() if a.id in mapped and refresher.page_missing(a)
        }
        found = batches(self.storage, stream.entries, subs.links, subs.by_stream, set(missing.values()))
        refresh_results: list[FeedUpdateResult] = []
        if found:
            refresh_results = refresher.store_entries(
                found, progress=self._pass_on, cancel=self.cancel, missing=missing.keys()
            )
            problems.extend(r.error for r in refresh_results if r.error is not None)
        created = created_articles(self.storage, stream.entries, subs.links)
        for e in stream.entries:
            aid = created.get(e.placeholder)
            if aid is not None:
                stream.items[e.item.id] = ItemLink(aid, e.item.stream_id, e.item.crawled_usec, e.item.url)
        placeholders = {e.placeholder: e for e in stream.entries}
        pulled = apply_flags(self.storage, self.journal, flag_plan, created, placeholders, stream.local, started)
        return _Changed(added, removed, refresh_results, pulled)

    def _remember(
        self,
        state: SyncState,
        pending: Pending,
        subs: _Subscriptions,
        stream: _Stream,
        flag_plan: FlagPlan,
        started: datetime,
    ) -> None:
        """Save the agreed picture and drop the journal entries this sync dealt with."""
        # How far the stream was read: not past an item that is not stored here (its feed's
        # pages were cancelled, or failed), so the next sync asks for it again.
        items = stream.items
        watermark = max([state.watermark_usec, *(i.crawled_usec for i in stream.fetched if i.id in items)])
        missed = [i.crawled_usec for i in stream.fetched if i.id not in items and i.stream_id in subs.links]
        if missed:
            watermark = min(watermark, min(missed) - 1)
        # Remembered: every item with an article here, and those the server still lists
        # (whose article retention deleted here: not to be fetched again).
        keep = stream.server_unread | stream.server_starred | set(stream.new_ids)
        items = {**{sid: link for sid, link in state.items.items() if sid in keep}, **items}
        new_state = SyncState(
            feeds={sid: link for sid, link in subs.links.items() if link.feed_id},
            items=items,
            unread=flag_plan.unread & items.keys(),
            starred=flag_plan.starred & items.keys(),
            watermark_usec=watermark,
            last_sync=self._clock(),
            last_sync_started=started,
            refused=subs.refused,
            default_folder=subs.default_folder,
        )
        self.files.save_state(new_state)
        self.journal.settle(self._settled(pending, flag_plan, new_state, started))

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
        local: LocalIndex,
        items: dict[str, ItemLink],
    ) -> tuple[list[NewEntry], dict[str, str]]:
        """The fetched items as feed entries, and the items that are articles already here
        (server id -> article id; met by address: read before the account was added, or
        stored by a sync that was killed before it could remember them)."""
        entries: list[NewEntry] = []
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
            entries.append(NewEntry(item, feed_id, entry, f"new:{item.id}"))
        return entries, linked

    @staticmethod
    def _links_of(entries: Sequence[NewEntry], linked_now: Mapping[str, str]) -> dict[str, ItemLink]:
        return {
            e.item.id: ItemLink(e.placeholder, e.item.stream_id, e.item.crawled_usec, e.item.url)
            for e in entries
            if e.item.id not in linked_now
        }

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


def _refusal(feed: Feed, reason: str) -> SyncFeedRefusedError:
    name = f"{feed.title} ({feed.url})" if feed.title else feed.url
    return SyncFeedRefusedError(
        f"The sync server would not subscribe to {name}: {reason}. "
        "Gloss keeps reading it from this computer and offers it to the server again tomorrow.",
        url=feed.url,
    )
