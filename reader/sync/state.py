"""What a library remembers between syncs, in ``<library>/sync/`` (atomic, durable writes).

- ``account.json``: the :class:`reader.sync.types.SyncAccount` (never the password).
- ``state.json``: :class:`SyncState`, what this library and the server agreed on at the end
  of the last sync: the subscriptions (server stream id to local feed), the map from
  server item ids to local articles, which of them were unread and starred, and how far
  the server's stream has been read (``ot=``). Written only at the very end of a sync, so
  a sync killed at any point is simply done again: every step before is idempotent.
- ``pending.json``: the :class:`Journal` of changes made here since (read, starred, a
  feed moved or renamed), each with the time it was made, so that a change made offline
  is sent on the next sync and a conflict can go to the newer change. Written on every
  change, before it is made, so a change is never made without being queued.

Local articles are named by their id, but a mapping also keeps the article's address:
if article ids change (a migration), the next sync finds the articles again by address.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Self

from ..errors import StorageError
from ..storage.atomic import atomic_write_bytes
from ..types import dt_from_str, dt_to_str, utcnow
from .types import SyncAccount

ACCOUNT_FILE = "account.json"
STATE_FILE = "state.json"
JOURNAL_FILE = "pending.json"
STATE_SCHEMA = 1

Flag = Literal["read", "starred"]
FLAGS: tuple[Flag, ...] = ("read", "starred")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A subscription as both sides had it at the last sync."""

    feed_id: str
    url: str
    title: str = ""
    folder: str | None = None


@dataclass(frozen=True, slots=True)
class ItemLink:
    """A server item and the local article it is."""

    article_id: str
    stream_id: str
    crawled_usec: int = 0
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SyncState:
    """See the module docstring. ``watermark_usec``: the newest crawl time seen (server clock);
    ``refused``: feed address to (the server's reason, when), so a refused feed is not offered
    to the server on every sync; ``default_folder``: the server's name for "no folder"."""

    feeds: Mapping[str, FeedLink] = field(default_factory=dict)
    items: Mapping[str, ItemLink] = field(default_factory=dict)
    unread: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    watermark_usec: int = 0
    last_sync: datetime | None = None
    last_sync_started: datetime | None = None
    refused: Mapping[str, tuple[str, datetime]] = field(default_factory=dict)
    default_folder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": STATE_SCHEMA,
            "feeds": {k: [v.feed_id, v.url, v.title, v.folder] for k, v in self.feeds.items()},
            "items": {k: [v.article_id, v.stream_id, v.crawled_usec, v.url] for k, v in self.items.items()},
            "unread": sorted(self.unread),
            "starred": sorted(self.starred),
            "watermark_usec": self.watermark_usec,
            "last_sync": dt_to_str(self.last_sync),
            "last_sync_started": dt_to_str(self.last_sync_started),
            "refused": {k: [m, dt_to_str(at)] for k, (m, at) in self.refused.items()},
            "default_folder": self.default_folder,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self:
        return cls(
            feeds={str(k): FeedLink(str(v[0]), str(v[1]), str(v[2] or ""), v[3]) for k, v in d["feeds"].items()},
            items={str(k): ItemLink(str(v[0]), str(v[1]), int(v[2] or 0), v[3]) for k, v in d["items"].items()},
            unread=frozenset(str(i) for i in d.get("unread", ())),
            starred=frozenset(str(i) for i in d.get("starred", ())),
            watermark_usec=int(d.get("watermark_usec") or 0),
            last_sync=dt_from_str(d.get("last_sync")),
            last_sync_started=dt_from_str(d.get("last_sync_started")),
            refused={str(k): (str(v[0]), dt_from_str(v[1]) or utcnow()) for k, v in (d.get("refused") or {}).items()},
            default_folder=d.get("default_folder"),
        )

    def with_items(self, items: Mapping[str, ItemLink]) -> SyncState:
        return replace(self, items=items)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StorageError(f"{path.name} in {path.parent} could not be read ({exc}).") from exc


def _write_json(path: Path, data: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Could not create {path.parent}: {exc.strerror}.") from exc
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class SyncFiles:
    """The account and state files of one library (in memory for a memory library)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._memory: dict[str, Any] = {}
        # This process is the library's one writer (the library lock): what it saved last is
        # what the file holds, and need not be read again.
        self._state: SyncState | None = None

    def _load(self, name: str) -> Any:
        if self.directory is None:
            return self._memory.get(name)
        return _read_json(self.directory / name)

    def _save(self, name: str, data: Any) -> None:
        if self.directory is None:
            self._memory[name] = json.loads(json.dumps(data))
        else:
            _write_json(self.directory / name, data)

    def _remove(self, name: str) -> None:
        if self.directory is None:
            self._memory.pop(name, None)
        else:
            (self.directory / name).unlink(missing_ok=True)

    def account(self) -> SyncAccount | None:
        data = self._load(ACCOUNT_FILE)
        try:
            return SyncAccount.from_dict(data) if isinstance(data, dict) else None
        except (KeyError, TypeError, ValueError):
            return None

    def save_account(self, account: SyncAccount) -> None:
        self._save(ACCOUNT_FILE, account.to_dict())

    def state(self) -> SyncState:
        """The state of the last sync; a damaged file reads as "never synced" (the next sync
        then matches feeds and articles by address again: nothing is duplicated or lost)."""
        if self._state is not None:
            return self._state
        self._state = self._read_state()
        return self._state

    def _read_state(self) -> SyncState:
        try:
            data = self._load(STATE_FILE)
        except StorageError:
            return SyncState()
        if not isinstance(data, dict) or data.get("schema") != STATE_SCHEMA:
            return SyncState()
        try:
            return SyncState.from_dict(data)
        except (KeyError, TypeError, ValueError, IndexError):
            return SyncState()

    def save_state(self, state: SyncState) -> None:
        self._state = None  # a failed write leaves the file as it was: read it again
        self._save(STATE_FILE, state.to_dict())
        self._state = state

    def forget(self) -> None:
        """Remove the account and the state (the journal goes with :meth:`Journal.clear`)."""
        self._state = None
        for name in (ACCOUNT_FILE, STATE_FILE):
            self._remove(name)


@dataclass(frozen=True, slots=True)
class Change:
    """One queued change of a flag: the value wanted, and when (seconds since the epoch)."""

    value: bool
    at: float


@dataclass(frozen=True, slots=True)
class Pending:
    """A copy of the journal, as a sync reads it."""

    flags: Mapping[str, Mapping[Flag, Change]] = field(default_factory=dict)
    feeds: Mapping[str, float] = field(default_factory=dict)
    # Flags a sync sent to the server and that no sync has settled since (it was killed or
    # failed after sending): the server may have them from us, so they are not its changes.
    # Each value sent since, per flag (two killed syncs may have sent both).
    sent: Mapping[str, Mapping[Flag, frozenset[bool]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(v) for v in self.flags.values()) + len(self.feeds)


def _read_sent(raw: Any) -> dict[str, dict[Flag, set[bool]]]:
    """The journal's ``sent``: per article and flag, the values sent (what is not so is left out)."""
    sent: dict[str, dict[Flag, set[bool]]] = {}
    for aid, flags in (raw if isinstance(raw, dict) else {}).items():
        for name in FLAGS:
            values = flags.get(name) if isinstance(flags, dict) else None
            if isinstance(values, list) and values and all(isinstance(v, bool) for v in values):
                sent.setdefault(str(aid), {})[name] = set(values)
    return sent


class Journal:
    """Local changes not yet sent, durable on every change. Thread-safe: the window records
    changes on its thread while a sync runs on another."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._flags: dict[str, dict[Flag, Change]] = {}
        self._feeds: dict[str, float] = {}
        self._sent: dict[str, dict[Flag, set[bool]]] = {}
        self._load()

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            data = _read_json(self.path)
        except StorageError:
            data = None  # a damaged journal loses queued flags, never articles or notes
        if not isinstance(data, dict):
            return
        for aid, flags in (data.get("flags") or {}).items():
            if not isinstance(flags, dict):
                continue
            for name in ("read", "starred"):
                value = flags.get(name)
                if isinstance(value, list) and len(value) == 2:
                    self._flags.setdefault(str(aid), {})[name] = Change(bool(value[0]), float(value[1]))
        for fid, at in (data.get("feeds") or {}).items():
            if isinstance(at, int | float):
                self._feeds[str(fid)] = float(at)
        self._sent = _read_sent(data.get("sent"))

    def _save(self) -> None:
        if self.path is None:
            return
        data = {
            "flags": {aid: {k: [c.value, c.at] for k, c in flags.items()} for aid, flags in self._flags.items()},
            "feeds": self._feeds,
            "sent": {aid: {k: sorted(v) for k, v in flags.items()} for aid, flags in self._sent.items()},
        }
        _write_json(self.path, data)

    def note_flags(self, article_ids: Iterable[str], flag: Flag, value: bool, at: datetime | None = None) -> None:
        """Queue "``flag`` of these articles is now ``value``" (the latest change per article wins)."""
        stamp = (at or datetime.now(UTC)).timestamp()
        with self._lock:
            for aid in article_ids:
                self._flags.setdefault(aid, {})[flag] = Change(value, stamp)
            self._save()

    def note_feeds(self, feed_ids: Iterable[str], at: datetime | None = None) -> None:
        """Queue "these feeds were moved or renamed here, now"."""
        stamp = (at or datetime.now(UTC)).timestamp()
        with self._lock:
            for fid in feed_ids:
                self._feeds[fid] = stamp
            self._save()

    def note_sent(self, sent: Mapping[str, Mapping[Flag, bool]]) -> None:
        """Remember, before they are sent, the flags a sync is about to send: if it is killed
        before it settles, the next sync knows the server may have them from here (and a
        change made here since is then not taken for a conflict with the server)."""
        if not sent:
            return
        with self._lock:
            for aid, flags in sent.items():
                for name, value in flags.items():
                    self._sent.setdefault(aid, {}).setdefault(name, set()).add(value)
            self._save()

    def pending(self) -> Pending:
        with self._lock:
            return Pending(
                {aid: dict(f) for aid, f in self._flags.items()},
                dict(self._feeds),
                {aid: {k: frozenset(v) for k, v in f.items()} for aid, f in self._sent.items()},
            )

    def changed_since(self, article_id: str, flag: Flag, stamp: float) -> bool:
        """Whether ``flag`` of the article was changed here after ``stamp`` (during a sync)."""
        with self._lock:
            change = self._flags.get(article_id, {}).get(flag)
            return change is not None and change.at > stamp

    def settle(self, done: Pending) -> None:
        """Drop the changes a sync dealt with (sent, or lost to a newer change on the server);
        a change made again while the sync ran is newer, and stays."""
        with self._lock:
            for aid, flags in done.flags.items():
                mine = self._flags.get(aid)
                if mine is None:
                    continue
                for name, change in flags.items():
                    current = mine.get(name)
                    if current is not None and current.at <= change.at:
                        del mine[name]
                if not mine:
                    del self._flags[aid]
            for fid, at in done.feeds.items():
                if self._feeds.get(fid, at + 1) <= at:
                    del self._feeds[fid]
            # The sync that settles saved what both sides agree on: nothing is in flight.
            self._sent.clear()
            self._save()

    def clear(self) -> None:
        with self._lock:
            self._flags.clear()
            self._feeds.clear()
            self._sent.clear()
            if self.path is not None:
                self.path.unlink(missing_ok=True)

    def __len__(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._flags.values()) + len(self._feeds)
