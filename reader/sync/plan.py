"""What a sync should do, decided from three pictures: this library now, the server now, and
what both agreed on at the end of the last sync (the :class:`reader.sync.state.SyncState`).

Pure functions, no I/O. A side that differs from the last agreed picture changed; a change
on one side is carried to the other; the same change on both is nothing to do.

**Conflicts** (both sides changed the same thing differently) go to the newer change. A
change made here is dated by the journal. The Google Reader API dates no change of state
or subscription, so a change seen on the server is dated by when it must have happened:
after the previous sync read the server, before this one did. A change made here before
that window opened loses; one made after it closed wins; inside the window the server's
change is taken to be at its middle (the best estimate the API allows), so a change made
here wins when it was made in the window's second half. A change whose time is not known
here loses (the server is the shared picture).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ..types import Article, Feed
from ..urlnorm import normalize_url
from .state import Change, FeedLink, Flag, ItemLink, Pending, SyncState
from .types import ServerFeed

T = TypeVar("T")
Decision = Literal["same", "push", "pull"]
# Feed addresses the server cannot read: never offered to it.
SYNCABLE_SCHEMES = ("http://", "https://")
# FreshRSS's name for its default category ("no folder" in Gloss) until the server shows its own.
DEFAULT_FOLDER_GUESS = "Uncategorized"


@dataclass(frozen=True, slots=True)
class Window:
    """When the server's changes seen by this sync may have been made (seconds since the epoch)."""

    since: float | None
    now: float

    def local_wins(self, local_at: float | None) -> bool:
        if local_at is None or self.since is None:
            return False
        if local_at <= self.since:
            return False
        return local_at > (self.since + self.now) / 2


def three_way(local: T, base: T, server: T, local_at: float | None, window: Window) -> tuple[Decision, bool]:
    """("same" | "push" | "pull", whether it was a conflict)."""
    if local == server:
        return "same", False
    if local == base:
        return "pull", False
    if server == base:
        return "push", False
    return ("push" if window.local_wins(local_at) else "pull"), True


def syncable(feed: Feed) -> bool:
    return feed.url.lower().startswith(SYNCABLE_SCHEMES)


def url_key(url: str | None) -> str:
    """An address as Gloss compares addresses (:func:`reader.urlnorm.normalize_url`)."""
    return normalize_url(url) if url else ""


# --- subscriptions --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEdit:
    """A rename or a move, of a local feed (``feed_id``) or a server one (``stream_id``)."""

    feed_id: str
    stream_id: str
    title: str | None = None  # the new title, when it changed
    folder_changed: bool = False
    folder: str | None = None  # the new folder (None: no folder)
    old_folder: str | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionPlan:
    push_add: tuple[Feed, ...] = ()
    push_remove: tuple[str, ...] = ()  # stream ids
    push_edit: tuple[FeedEdit, ...] = ()
    local_add: tuple[ServerFeed, ...] = ()
    local_revive: tuple[tuple[str, ServerFeed], ...] = ()
    local_remove: tuple[str, ...] = ()  # feed ids
    local_edit: tuple[FeedEdit, ...] = ()
    links: Mapping[str, FeedLink] = field(default_factory=dict)  # stream id -> link, for pairs kept
    refused: tuple[Feed, ...] = ()  # local feeds not offered again (the server refused them lately)
    conflicts: int = 0

    @property
    def pushes(self) -> bool:
        return bool(self.push_add or self.push_remove or self.push_edit)


def server_folder(feed: ServerFeed, default_folder: str | None) -> str | None:
    """The server feed's folder as Gloss has it: the server's default category is no folder."""
    folder = feed.folder
    return None if folder is None or folder == (default_folder or DEFAULT_FOLDER_GUESS) else folder


def _pair(
    by_id: Mapping[str, Feed], server_by_id: Mapping[str, ServerFeed], state: SyncState
) -> tuple[dict[str, Feed], set[str]]:
    """Server stream id -> the local feed it is: as remembered, else by address. And the
    ids of the local feeds paired (each with one stream at most)."""
    by_url: dict[str, Feed] = {}
    for f in by_id.values():
        by_url.setdefault(url_key(f.url), f)
    linked: dict[str, Feed] = {}
    taken: set[str] = set()
    for sid, link in state.feeds.items():
        feed = by_id.get(link.feed_id)
        if sid in server_by_id and feed is not None and feed.id not in taken:
            linked[sid] = feed
            taken.add(feed.id)
    for sid, sf in server_by_id.items():
        candidate = by_url.get(url_key(sf.url)) if sid not in linked else None
        if candidate is not None and candidate.id not in taken:
            linked[sid] = candidate
            taken.add(candidate.id)
    return linked, taken


@dataclass(slots=True)
class _Planning:
    """A :class:`SubscriptionPlan` being decided."""

    state: SyncState
    feed_times: Mapping[str, float]
    window: Window
    push_add: list[Feed] = field(default_factory=list)
    push_remove: list[str] = field(default_factory=list)
    push_edit: list[FeedEdit] = field(default_factory=list)
    local_add: list[ServerFeed] = field(default_factory=list)
    local_revive: list[tuple[str, ServerFeed]] = field(default_factory=list)
    local_remove: list[str] = field(default_factory=list)
    local_edit: list[FeedEdit] = field(default_factory=list)
    refused: list[Feed] = field(default_factory=list)
    links: dict[str, FeedLink] = field(default_factory=dict)
    conflicts: int = 0

    def server_feed(self, sid: str, sf: ServerFeed, feed: Feed | None) -> None:
        """One of the server's feeds, paired with ``feed`` here (or with none)."""
        base = self.state.feeds.get(sid)
        remote_folder = server_folder(sf, self.state.default_folder)
        if feed is not None and feed.subscribed:
            self.both(sid, sf, feed, remote_folder)
        elif base is not None:
            self.push_remove.append(sid)  # deleted or unsubscribed here since the last sync
        elif feed is None:
            self.local_add.append(sf)
            self.links[sid] = FeedLink("", sf.url, sf.title, remote_folder)
        else:
            self.local_revive.append((feed.id, sf))
            self.links[sid] = FeedLink(feed.id, sf.url, sf.title, remote_folder)

    def _decide(self, sid: str, sf: ServerFeed, feed: Feed, remote_folder: str | None) -> tuple[Decision, Decision]:
        """Which side's folder and title win."""
        base = self.state.feeds.get(sid)
        if base is None:  # first meeting: the server's folder and title, unless it has none
            folder: Decision = "push" if remote_folder is None and feed.folder else "pull"
            folder = "same" if feed.folder == remote_folder else folder
            title: Decision = "same" if not feed.title or feed.title == sf.title or not sf.title else "pull"
            return folder, title
        at = self.feed_times.get(feed.id)
        folder, c1 = three_way(feed.folder, base.folder, remote_folder, at, self.window)
        title, c2 = three_way(feed.title or base.title, base.title, sf.title, at, self.window)
        self.conflicts += c1 + c2
        return folder, title

    def both(self, sid: str, sf: ServerFeed, feed: Feed, remote_folder: str | None) -> None:
        """A feed subscribed on both sides: renames and moves, each way."""
        folder, title = self._decide(sid, sf, feed, remote_folder)
        agreed_folder = feed.folder if folder == "push" else remote_folder
        agreed_title = (feed.title or sf.title) if title == "push" else sf.title
        self.links[sid] = FeedLink(feed.id, sf.url, agreed_title, agreed_folder)
        if folder == "push" or title == "push":
            self.push_edit.append(
                FeedEdit(
                    feed.id,
                    sid,
                    title=feed.title if title == "push" else None,
                    folder_changed=folder == "push",
                    folder=feed.folder,
                    old_folder=sf.folder,
                )
            )
        if folder == "pull" or title == "pull":
            self.local_edit.append(
                FeedEdit(
                    feed.id,
                    sid,
                    title=sf.title if title == "pull" else None,
                    folder_changed=folder == "pull",
                    folder=remote_folder,
                    old_folder=feed.folder,
                )
            )

    def local_only(self, feed: Feed, gone_sid: str | None, server_sids: Container[str], refused_since: float) -> None:
        """A feed subscribed here that the server does not have."""
        if gone_sid is not None and gone_sid not in server_sids:
            # Unsubscribed on the server since the last sync; a later change here keeps it.
            if self.window.local_wins(self.feed_times.get(feed.id)):
                self.push_add.append(feed)
                self.conflicts += 1
            else:
                self.local_remove.append(feed.id)
            return
        refusal = self.state.refused.get(feed.url)
        if refusal is not None and refusal[1].timestamp() > refused_since:
            self.refused.append(feed)
        else:
            self.push_add.append(feed)

    def plan(self) -> SubscriptionPlan:
        return SubscriptionPlan(
            push_add=tuple(self.push_add),
            push_remove=tuple(self.push_remove),
            push_edit=tuple(self.push_edit),
            local_add=tuple(self.local_add),
            local_revive=tuple(self.local_revive),
            local_remove=tuple(self.local_remove),
            local_edit=tuple(self.local_edit),
            links=self.links,
            refused=tuple(self.refused),
            conflicts=self.conflicts,
        )


def plan_subscriptions(
    local: Sequence[Feed],
    server: Sequence[ServerFeed],
    state: SyncState,
    feed_times: Mapping[str, float],
    window: Window,
    *,
    refused_since: float,
) -> SubscriptionPlan:
    """Match local feeds with the server's subscriptions and decide each side's changes.

    ``refused_since``: a feed the server refused after this time is not offered again yet."""
    by_id = {f.id: f for f in local if syncable(f)}
    server_by_id = {s.stream_id: s for s in server}
    linked, taken = _pair(by_id, server_by_id, state)
    planning = _Planning(state, feed_times, window)
    for sid, sf in server_by_id.items():
        planning.server_feed(sid, sf, linked.get(sid))
    was_linked = {link.feed_id: sid for sid, link in state.feeds.items()}
    for feed in by_id.values():
        if feed.subscribed and feed.id not in taken:
            planning.local_only(feed, was_linked.get(feed.id), server_by_id, refused_since)
    return planning.plan()


# --- read and starred -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagPlan:
    """Edits to send (server item ids per state), flags to set here (article id -> flags),
    the agreed picture for the next sync, and the journal entries dealt with."""

    add_read: tuple[str, ...] = ()
    remove_read: tuple[str, ...] = ()
    add_starred: tuple[str, ...] = ()
    remove_starred: tuple[str, ...] = ()
    local: Mapping[str, Mapping[Flag, bool]] = field(default_factory=dict)
    unread: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    settled: Pending = field(default_factory=Pending)
    conflicts: int = 0

    @property
    def pushes(self) -> int:
        return len(self.add_read) + len(self.remove_read) + len(self.add_starred) + len(self.remove_starred)


def _decide_flag(
    here: bool, base: bool | None, remote: bool, change: Change | None, created: bool, window: Window
) -> tuple[bool, bool]:
    """One flag of one article: its agreed value, and whether both sides had changed it.
    ``base`` is the value agreed at the last sync (None: never agreed), ``change`` the one
    made here since, ``created``: the article was made by this sync."""
    if change is None:
        return (here or remote, False) if base is None and not created else (remote, False)
    if change.value == remote:
        return remote, False
    if base is None or remote == base:
        return change.value, False
    return (change.value if window.local_wins(change.at) else remote), True


def _base(sid: str, flag: Flag, remote: bool, state: SyncState, sent: Mapping[Flag, frozenset[bool]]) -> bool:
    """The flag as both sides agreed at the last sync, or, when a sync since sent the value
    the server has now and was killed before it settled, that value: the server has it from
    here, so it is no change made there (one made here since must not lose to it)."""
    if remote in sent.get(flag, frozenset()):
        return remote
    return sid not in state.unread if flag == "read" else sid in state.starred


def sent_flags(plan: FlagPlan, items: Mapping[str, Article]) -> dict[str, dict[Flag, bool]]:
    """What ``plan`` sends, by local article id (for :meth:`reader.sync.state.Journal.note_sent`)."""
    sent: dict[str, dict[Flag, bool]] = {}
    sends: tuple[tuple[Flag, bool, tuple[str, ...]], ...] = (
        ("read", True, plan.add_read),
        ("read", False, plan.remove_read),
        ("starred", True, plan.add_starred),
        ("starred", False, plan.remove_starred),
    )
    for flag, value, sids in sends:
        for sid in sids:
            if sid in items:
                sent.setdefault(items[sid].id, {})[flag] = value
    return sent


def plan_flags(
    items: Mapping[str, Article],
    new_items: Iterable[str],
    server_unread: frozenset[str],
    server_starred: frozenset[str],
    state: SyncState,
    pending: Pending,
    window: Window,
) -> FlagPlan:
    """Read and starred for every server item that has a local article (``items``: server
    id -> the article as stored). ``new_items`` were created by this sync: they take the
    server's flags. An item met for the first time that was already here (the same page
    read before the account was added) keeps what either side set: read if read anywhere,
    starred if starred anywhere."""
    new = set(new_items)
    sends: dict[tuple[Flag, bool], list[str]] = {
        ("read", True): [],
        ("read", False): [],
        ("starred", True): [],
        ("starred", False): [],
    }
    local: dict[str, dict[Flag, bool]] = {}
    unread: set[str] = set()
    starred: set[str] = set()
    settled: dict[str, dict[Flag, Change]] = {}
    conflicts = 0
    for sid, article in items.items():
        known = sid in state.items and sid not in new
        for flag in ("read", "starred"):
            remote = sid not in server_unread if flag == "read" else sid in server_starred
            here = article.read if flag == "read" else article.starred
            base = _base(sid, flag, remote, state, pending.sent.get(article.id, {})) if known else None
            change = pending.flags.get(article.id, {}).get(flag)
            if change is not None:
                settled.setdefault(article.id, {})[flag] = change
            final, conflict = _decide_flag(here, base, remote, change, sid in new, window)
            conflicts += conflict
            if final != remote:
                sends[(flag, final)].append(sid)
            if final != here:
                local.setdefault(article.id, {})[flag] = final
            if flag == "read" and not final:
                unread.add(sid)
            if flag == "starred" and final:
                starred.add(sid)
    return FlagPlan(
        add_read=tuple(sends[("read", True)]),
        remove_read=tuple(sends[("read", False)]),
        add_starred=tuple(sends[("starred", True)]),
        remove_starred=tuple(sends[("starred", False)]),
        local=local,
        unread=frozenset(unread),
        starred=frozenset(starred),
        settled=Pending(settled, {}),
        conflicts=conflicts,
    )


def mark_all_candidates(
    add_read: Sequence[str], server_unread: frozenset[str], items: Mapping[str, ItemLink], minimum: int
) -> dict[str, tuple[list[str], int]]:
    """Feeds (stream ids) whose every unread item is to be marked read, with at least
    ``minimum`` of them: one ``mark-all-as-read`` each instead of ``edit-tag`` batches.
    Returns stream id -> (the ids, the newest crawl time among them). Only when every
    unread item is known here (an unknown one might belong to any feed)."""
    if any(i not in items for i in server_unread):
        return {}
    unread_by_stream: dict[str, set[str]] = {}
    for i in server_unread:
        unread_by_stream.setdefault(items[i].stream_id, set()).add(i)
    wanted: dict[str, list[str]] = {}
    for i in add_read:
        link = items.get(i)
        if link is not None:
            wanted.setdefault(link.stream_id, []).append(i)
    found: dict[str, tuple[list[str], int]] = {}
    for stream, ids in wanted.items():
        if len(ids) >= minimum and unread_by_stream.get(stream, set()) <= set(ids):
            found[stream] = (ids, max(items[i].crawled_usec for i in ids))
    return found
