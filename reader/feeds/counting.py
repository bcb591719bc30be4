"""Progress counting for a refresh (:class:`reader.feeds.refresh.Refresher`): thread-safe, in
order, and a failing callback never breaks the refresh."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from ..types import FeedUpdateResult, RefreshProgress

log = logging.getLogger(__name__)

ProgressCallback = Callable[[RefreshProgress], None]


class Counter:
    """Thread-safe progress counting; a failing progress callback never breaks a refresh.

    Reports are made under the lock, so they reach the callback in the order the counts
    changed (two threads finishing at once could otherwise report 5 after 6)."""

    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.done = self.articles = self.pages_done = self.pages_total = 0
        self._callback = callback
        self._lock = threading.Lock()

    def started(self, title: str) -> None:
        with self._lock:
            self._emit(title)

    def finished(self, title: str, result: FeedUpdateResult | None) -> None:
        with self._lock:
            self.done += 1
            self._emit(title, result)

    def stored(self, title: str, article_ids: Sequence[str], *, count: bool = True) -> None:
        """Articles stored (new or changed records, or a text): said at once, so a window
        can list them while the rest of the refresh runs."""
        if not article_ids:
            return
        with self._lock:
            if count:
                self.articles += len(article_ids)
            self._emit(title, stored=tuple(article_ids))

    def pages_queued(self, title: str, count: int) -> None:
        with self._lock:
            self.pages_total += count
            self._emit(title)

    def page_done(self, title: str, stored: str | None = None) -> None:
        with self._lock:
            self.pages_done += 1
            self._emit(title, stored=(stored,) if stored else ())

    def _emit(self, title: str, result: FeedUpdateResult | None = None, stored: tuple[str, ...] = ()) -> None:
        if self._callback is None:
            return
        progress = RefreshProgress(
            self.done, self.total, title, self.articles, self.pages_done, self.pages_total, result, stored
        )
        try:
            self._callback(progress)
        except Exception:
            log.exception("the refresh progress callback failed")
