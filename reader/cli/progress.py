"""What ``gloss refresh`` shows while it runs.

On a terminal (standard error), one line redrawn in place: feeds done of all, the new and
updated articles so far, article pages fetched, the time, and the feed being read. It is
redrawn at least twice a second, so it moves even while one slow server keeps a feed waiting;
its counts never go down (the refresh reports in order, and the line keeps the highest seen).
Not on a terminal: nothing. With ``--json``, one line per feed on standard output as soon as
that feed is done.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from .. import FeedUpdateResult, RefreshProgress, plural
from .base import Context, one_line

TICK_SECONDS = 0.5
_SPINNER = "|/-\\"


class RefreshView:
    """The refresh's progress callback, and its ``--json`` output. Use as a context manager."""

    def __init__(self, ctx: Context, *, json_lines: bool = False) -> None:
        self.ctx = ctx
        self.json_lines = json_lines
        self.terminal = ctx.err.isatty()
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._latest = RefreshProgress(0, 0, "")
        self._started = time.monotonic()
        self._ticks = 0
        self._width = 0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> RefreshView:
        if self.terminal:
            self._ticker = threading.Thread(target=self._tick, name="gloss-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self._clear()

    def __call__(self, p: RefreshProgress) -> None:
        """Called by the refresh, from its worker threads."""
        with self._lock:
            last = self._latest
            # Keep the highest of each count: the line never moves backwards.
            self._latest = RefreshProgress(
                max(p.done, last.done),
                max(p.total, last.total),
                p.current or last.current,
                max(p.articles, last.articles),
                max(p.pages_done, last.pages_done),
                max(p.pages_total, last.pages_total),
            )
            if p.finished is not None and self.json_lines:
                self._json(p.finished, p.current)
            self._draw()

    def result(self, r: FeedUpdateResult, title: str) -> None:
        """A feed's result after the refresh; written with ``--json`` unless it was streamed."""
        with self._lock:
            if self.json_lines:
                self._json(r, title)

    def _json(self, r: FeedUpdateResult, title: str) -> None:
        if r.feed_id in self._seen:
            return
        self._seen.add(r.feed_id)
        self._clear()
        self.ctx.json_line(
            {
                "feed_id": r.feed_id,
                "title": title,
                "new": r.new,
                "updated": r.updated,
                "not_modified": r.not_modified,
                "skipped": r.skipped,
                "warning": r.warning,
                "error": str(r.error) if r.error else None,
            }
        )
        self.ctx.out.flush()

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            with self._lock:
                self._ticks += 1
                self._draw()

    def _draw(self) -> None:
        if not self.terminal:
            return
        p = self._latest
        elapsed = int(time.monotonic() - self._started)
        parts = [f"{p.done}/{p.total} feeds", plural(p.articles, "new or updated article")]
        if p.pages_total:
            parts.append(f"{p.pages_done}/{p.pages_total} pages")
        line = f"{_SPINNER[self._ticks % 4]} {' · '.join(parts)} · {elapsed // 60}:{elapsed % 60:02d}  "
        line += one_line(p.current, max(10, 100 - len(line)))
        self._width = max(self._width, len(line))
        self.ctx.err.write("\r" + line.ljust(self._width))
        self.ctx.err.flush()

    def _clear(self) -> None:
        if self.terminal and self._width:
            self.ctx.err.write("\r" + " " * self._width + "\r")
            self.ctx.err.flush()
            self._width = 0
