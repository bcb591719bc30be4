"""Writes of the list index deferred inside a batch (a refresh): the parts they change are kept
in memory and written together at intervals, not once for each feed.

A refresh stores feed after feed, and every feed's new articles go into the parts of their days.
When many feeds bring articles of the same days (the first refresh of 2,000 feeds after an
import: 40,000 articles in the parts of a few days), each feed wrote those parts again whole,
growing as they filled: 18 GB written, 82 ms a feed. Deferred, each part is written once per
:data:`FLUSH_EVERY` seconds and once at the end of the batch. Readers see the rows at once (they
are in memory); a crash before a part is written leaves the manifest naming the feeds' old
stamps, so the index shows as stale and is rebuilt from the shards, as after any lost write.
"""

from __future__ import annotations

import time

FLUSH_EVERY = 1.0  # seconds between two writes of the parts a batch changed


class Deferral:
    """What a batch changed in memory and not yet on disk: the parts (day -> the file that
    held it before, None for a new one) and the feeds whose entries the manifest lacks."""

    def __init__(self) -> None:
        self.depth = 0  # batches open (a batch inside another writes at the outer one's end)
        self.days: dict[str, str | None] = {}
        self.feeds: dict[str, None] = {}  # in the order they were written
        self._flushed_at = time.monotonic()

    def touch(self, day: str, on_disk: str | None) -> None:
        self.days.setdefault(day, on_disk)

    def due(self) -> bool:
        return time.monotonic() - self._flushed_at >= FLUSH_EVERY

    def take(self) -> tuple[dict[str, str | None], list[str]]:
        """What is pending, now no longer so."""
        days, feeds = self.days, list(self.feeds)
        self.days, self.feeds = {}, {}
        self._flushed_at = time.monotonic()
        return days, feeds

    def drop(self) -> None:
        """Forget what is pending (the index is stale or written again whole)."""
        self.days, self.feeds = {}, {}
