"""Run slow work off the GUI thread: a QRunnable per job, results back through signals.

The pattern Anki's ``aqt`` uses: the job runs on a QThreadPool thread, and a small
signals ``QObject`` living on the GUI thread receives ``succeeded``/``failed``; Qt queues
the emission across threads, so the callbacks always run on the GUI thread and may
touch widgets. Progress reported from the worker thread (e.g. the refresh engine's
callback) goes through :class:`BatchedRelay`, for the same reason.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, QThreadPool, QTimer, Signal

from reader import paced_thread

_live: set[_Signals] = set()  # keeps the signals objects alive until their job reports


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            # Long scans in the job pause now and then, so the GUI thread is not kept
            # waiting for the GIL (see reader.pacing).
            with paced_thread():
                result = self._fn()
        except BaseException as exc:  # report everything: a worker must never die silently
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
) -> None:
    """Run ``fn()`` on a pool thread; call ``on_success(result)`` or ``on_failure(exc)`` on
    the GUI thread when it is done.

    With an ``owner`` (the window or dialog whose widgets the callbacks touch), a result
    that arrives after the owner was deleted is dropped: closing a window waits for the
    pool, but the results already queued are delivered after it is gone."""
    signals = _Signals()
    _live.add(signals)

    def owner_gone() -> bool:
        return owner is not None and not shiboken6.isValid(owner)

    def done(result: Any) -> None:
        _live.discard(signals)
        signals.deleteLater()
        if on_success is not None and not owner_gone():
            on_success(result)

    def fail(exc: BaseException) -> None:
        _live.discard(signals)
        signals.deleteLater()
        if owner_gone():
            return
        if on_failure is not None:
            on_failure(exc)
        else:  # pragma: no cover - every caller passes one; keep the trace visible anyway
            print(getattr(exc, "__traceback_text__", repr(exc)))

    signals.succeeded.connect(done)
    signals.failed.connect(fail)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, signals))


class _Superseded(Exception):
    """A queued job of a :class:`LatestOnly` channel that a newer one replaced before it ran."""


class LatestOnly:
    """Background jobs of which only the newest counts (search as you type, a list reload):
    a job still queued when a newer one starts never runs, and the result of an older job
    is never delivered. :meth:`supersede` makes whatever is in flight stale without a new job.
    """

    def __init__(self) -> None:
        self.generation = 0  # read by pool threads: an int assignment is atomic in CPython

    def supersede(self) -> None:
        self.generation += 1

    def current(self, generation: int) -> bool:
        return generation == self.generation

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        *,
        pool: QThreadPool | None = None,
        owner: QObject | None = None,
    ) -> int:
        """:func:`run_in_background` for the newest job only; returns the job's generation."""
        self.generation += 1
        mine = self.generation

        def job() -> Any:
            if not self.current(mine):
                raise _Superseded  # typed over while it waited in the queue: never spend the work
            return fn()

        def done(result: Any) -> None:
            if self.current(mine):
                on_success(result)

        def failed(exc: BaseException) -> None:
            if self.current(mine) and not isinstance(exc, _Superseded):
                on_failure(exc)

        run_in_background(job, done, failed, pool=pool, owner=owner)
        return mine


class BatchedRelay(QObject):
    """A callback called on any thread, its values delivered on the GUI thread together, at
    most every ``every_ms``: ``delivered(values)``, every value in the order given.

    A 200-feed refresh reports ~800 times in a few seconds; each report delivered alone was a
    call into Python on the GUI thread and a few calls into Qt, each of which gives up the GIL
    and waits to get it back from the refresh's threads. :meth:`flush` delivers what is
    waiting at once (the work has ended)."""

    delivered = Signal(list)
    _ready = Signal()

    def __init__(self, parent: QObject | None = None, *, every_ms: int = 100) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: list[Any] = []
        self._signalled = False  # a _ready is on its way: the next values wait with it
        self._every = every_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._ready.connect(self._arrived)
        self._last = QElapsedTimer()

    def __call__(self, value: Any) -> None:
        with self._lock:
            self._waiting.append(value)
            if self._signalled:
                return
            self._signalled = True
        self._ready.emit()  # queued to the GUI thread

    def _arrived(self) -> None:
        if self._timer.isActive():
            return
        due = self._every - self._last.elapsed() if self._last.isValid() else 0
        if due > 0:
            self._timer.start(due)
        else:
            self.flush()

    def flush(self) -> None:
        """Deliver the values waiting now (on the GUI thread)."""
        self._timer.stop()
        with self._lock:
            values, self._waiting = self._waiting, []
            self._signalled = False
        self._last.start()
        if values:
            self.delivered.emit(values)


class Cancellable:
    """A cancel flag shared with a worker (the refresh engine checks it between feeds)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def cancel(self) -> None:
        self.event.set()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()


def wait_for_pool(timeout_ms: int = 30000) -> bool:
    """Wait for every background job (used when the window closes, before the library does)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
