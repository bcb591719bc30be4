"""Writes of the list index deferred inside a batch (a refresh): the parts they change are merged
when read or written, and written together at intervals, not once for each feed.

A refresh stores feed after feed, and every feed's new articles go into the parts of their days.
When many feeds bring articles of the same days (the first refresh of 2,000 feeds after an
import: 40,000 articles in the parts of a few days), each feed merged and wrote those parts
again whole, growing as they filled: 18 GB written, 82 ms a feed. In a batch, a write notes what
it drops and adds in each part; a part is merged when something reads it, and written once per
:data:`FLUSH_EVERY` seconds and at the end. Readers see the rows at once; a crash before a part
is written leaves the manifest naming the feeds' old stamps, so the index shows as stale and is
rebuilt from the shards, as after any lost write.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import StorageError
from .encoded import PartTexts
from .listmanifest import StaleIndex, part_entry

FLUSH_EVERY = 1.0  # seconds between two writes of the parts a batch changed

Doc = Mapping[str, Any]


class Deferral:
    """What a batch changed in memory and not yet on disk: the parts (day -> the file that
    held it before, None for a new one), the changes not merged into them yet, and the feeds
    whose entries the manifest lacks."""

    def __init__(self) -> None:
        self.depth = 0  # batches open (a batch inside another writes at the outer one's end)
        self.days: dict[str, str | None] = {}
        self.pending: dict[str, tuple[set[str], dict[str, Doc]]] = {}  # day -> (ids dropped, rows added)
        self.feeds: dict[str, None] = {}  # in the order they were written
        self._flushed_at = time.monotonic()

    def note(self, day: str, on_disk: str | None, drop: Iterable[str], add: Iterable[Doc]) -> None:
        """A write dropped ``drop`` (ids) from the part of ``day`` and added ``add`` to it."""
        self.days.setdefault(day, on_disk)
        dropped, added = self.pending.setdefault(day, (set(), {}))
        for key in drop:
            added.pop(key, None)
            dropped.add(key)
        for doc in add:
            added[str(doc["id"])] = doc

    def due(self) -> bool:
        return time.monotonic() - self._flushed_at >= FLUSH_EVERY

    def take(self) -> tuple[dict[str, str | None], list[str]]:
        """The parts and feeds pending (merged first by the caller), now no longer so."""
        days, feeds = self.days, list(self.feeds)
        self.days, self.feeds = {}, {}
        self._flushed_at = time.monotonic()
        return days, feeds

    def drop(self) -> None:
        """Forget what is pending (the index is stale or written again whole)."""
        self.days, self.pending, self.feeds = {}, {}, {}


class DeferredWrites:
    """The batch half of :class:`reader.storage.listindex.ListIndex` (its state, declared here)."""

    lock: threading.RLock
    directory: Path
    _current: bool | None
    _days: dict[str, dict[str, Any]]
    _cache: OrderedDict[str, list[dict[str, Any]]]
    _texts: PartTexts
    _deferred: Deferral

    # Defined by ListIndex (the part this half calls):
    def _rows(self, day: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _write_day(self, day: str, rows: list[dict[str, Any]]) -> str:
        raise NotImplementedError

    def _log_change(self, days: Mapping[str, Any], feed_ids: list[str]) -> None:
        raise NotImplementedError

    def _trim_cache(self) -> None:
        raise NotImplementedError

    def invalidate(self, problem: str) -> None:
        raise NotImplementedError

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Inside, writes note what they change in each part, merged when read and written every
        few seconds and at the end, not once for each write (see the module docstring)."""
        with self.lock:
            self._deferred.depth += 1
        try:
            yield
        finally:
            with self.lock:
                self._deferred.depth -= 1
                if not self._deferred.depth and self._current:
                    try:
                        self._flush()
                    except StaleIndex:
                        pass  # a part could not be read: invalidated, rebuilt when next used
                    except (StorageError, OSError, ValueError) as exc:
                        self.invalidate(f"The article list index could not be updated ({exc}).")

    def _merge_pending(self, day: str) -> None:
        """Merge what a batch noted for the part of ``day`` into its rows (read first if need be)."""
        change = self._deferred.pending.pop(day, None)
        if change is None:
            return
        dropped, added = change
        entry = self._days.get(day) or {}
        base = self._rows(day) if entry.get("n") else []  # a part new in the batch has none yet
        rows = self._texts.merge(day, base, dropped, added.values())
        self._cache.pop(day, None)
        if rows:
            self._cache[day] = rows
            self._days[day] = part_entry(rows, str(entry.get("file", "")))
        else:
            self._days.pop(day, None)

    def _flush(self) -> None:
        """Merge and write the parts a batch changed, then the manifest's entries."""
        for day in list(self._deferred.pending):
            self._merge_pending(day)
        days, feeds = self._deferred.take()
        for day in days:
            rows = self._cache.get(day)
            if rows:
                self._days[day] = part_entry(rows, self._write_day(day, rows))
        if feeds:
            self._log_change({day: self._days.get(day) for day in days}, feeds)
        for name in days.values():
            if name is not None:
                with contextlib.suppress(OSError):
                    (self.directory / name).unlink()
        self._trim_cache()
