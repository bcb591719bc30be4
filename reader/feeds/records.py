"""Feed records changed by a refresh, written in batches instead of once per feed.

Every refreshed feed changes its record (``last_updated`` at least; often the HTTP caching
state, a new ``url`` after a 301, ``dead`` after a 410, ``last_error``). Writing the
library file once per feed made a 200-feed refresh rewrite it 200 times, durably.
:class:`FeedRecords` collects them and writes them with ``put_feeds`` every ``interval``
seconds and once at the end of the refresh.

What a crash in the middle of a refresh can lose is only what was collected since the
last batch, and all of it is harmless: articles are written (durably) before their feed
record is queued, so the next refresh re-fetches a feed it no longer has an ETag for,
finds every entry unchanged and adds nothing twice; a lost 301 or 410 is met again on
the next fetch and recorded then; a lost ``last_error`` or ``last_updated`` is set again.

Only the fields the refresh changed are written, onto the record as it is stored at the
time of the write: a folder move, a rename or an unsubscribe made by the user while the
refresh ran is kept, and a feed deleted meanwhile is not brought back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import Any

from ..errors import StorageError
from ..storage.protocol import Storage
from ..types import Feed

log = logging.getLogger(__name__)

# Seconds between two batch writes during a long refresh.
FLUSH_INTERVAL = 5.0
# Filled in by a refresh only when empty; a value the user set meanwhile wins.
_FILL_ONLY = ("title", "description")
_FIELDS = tuple(f.name for f in fields(Feed) if f.name != "id")


def apply_changes(original: Feed, updated: Feed, current: Feed) -> Feed:
    """``current`` with the fields that differ between ``original`` and ``updated``."""
    changes: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(updated, name)
        if value == getattr(original, name):
            continue
        if name in _FILL_ONLY and getattr(current, name):
            continue
        changes[name] = value
    return replace(current, **changes) if changes else current


class FeedRecords:
    """Thread-safe collector of feed records; :meth:`flush` writes them in one ``put_feeds``."""

    def __init__(
        self, storage: Storage, *, interval: float = FLUSH_INTERVAL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._storage = storage
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: dict[str, tuple[Feed, Feed]] = {}
        self._last_flush = clock()
        self.writes = 0  # batch writes done (for tests and benchmarks)

    def put(self, original: Feed, updated: Feed) -> None:
        """Queue ``updated``, the record a refresh made from ``original`` (the record it started from)."""
        with self._lock:
            earlier = self._pending.get(original.id)
            self._pending[original.id] = (earlier[0] if earlier else original, updated)

    def pending(self, feed_id: str) -> Feed | None:
        """The queued record of ``feed_id``, if one is waiting to be written."""
        with self._lock:
            queued = self._pending.get(feed_id)
        return queued[1] if queued else None

    def flush_if_due(self) -> None:
        """Write the batch when ``interval`` seconds passed since the last one."""
        if self._clock() - self._last_flush >= self._interval:
            self.flush()

    def flush(self) -> None:
        """Write every queued record now, in one write. Never raises: a failed write is
        logged and its records dropped (what that loses is harmless, see the module
        docstring; the next refresh records them again)."""
        with self._write_lock:
            with self._lock:
                batch, self._pending = self._pending, {}
                self._last_flush = self._clock()
            if not batch:
                return
            try:

                def merged(stored: Mapping[str, Feed]) -> list[Feed]:
                    return [
                        apply_changes(original, updated, stored[feed_id])
                        for feed_id, (original, updated) in batch.items()
                        if feed_id in stored  # unsubscribed meanwhile: not brought back
                    ]

                # Atomic against a rename or move made in the window at the same moment.
                if self._storage.meta.update_feeds(merged):
                    self.writes += 1
            except StorageError as exc:  # a full or read-only disk: the refresh's results stand all the same
                log.warning("could not write the state of %d refreshed feeds: %s", len(batch), exc)
            except Exception:  # a bug: the same
                log.exception("could not write the state of %d refreshed feeds", len(batch))
