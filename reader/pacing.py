"""Cooperative pauses for long pure-Python loops run on a GUI process's worker threads.

A thread looping in Python holds the GIL for up to ``sys.getswitchinterval()`` at a time,
and a GUI thread needs the GIL for every call from Qt back into Python (each model
``data()``, each slot): while a 50 ms scan runs beside it, a repaint that makes a few
hundred such calls waits its turn a few hundred times. Inside :func:`paced_thread`, the
loops that scan every article (:func:`paced` wraps their iterables) work in slices of
:data:`SLICE` seconds and sleep :data:`PAUSE` seconds after each, with the GIL free.
Outside it (the command line, tests, the refresh engine) nothing changes.

:class:`Turns` is the other half, for many worker threads each doing short steps of
Python work: the interpreter hands the GIL from a thread that held it for the switch
interval (5 ms) to one of the threads waiting, not to the one that waited longest, so a
GUI thread behind eight busy refresh threads waited 40-60 ms for its turn. Inside
``turns.turn()`` at most ``n`` threads do such work at a time (give or take those just
back from the disk); :func:`disk_wait` (around an fsync) gives the thread's turn to another
thread while the disk works, so serialising the Python work does not serialise the waits
on the disk too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

SLICE = 0.001  # seconds of work ...
PAUSE = 0.004  # ... then seconds of pause
_CHECK_EVERY = 256  # items between two looks at the clock

_state = threading.local()


@contextmanager
def paced_thread() -> Iterator[None]:
    """Within this block, :func:`paced` loops on this thread pause now and then."""
    before = getattr(_state, "on", False)
    _state.on = True
    try:
        yield
    finally:
        _state.on = before


class Turns:
    """At most ``n`` threads at a time inside :meth:`turn` (see the module doc)."""

    def __init__(self, n: int = 1) -> None:
        self._slots = threading.BoundedSemaphore(max(1, n))

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold a turn for this block (a block inside another's of the same Turns on the same
        thread runs in the outer one's turn: a second would deadlock with one slot)."""
        outer: _Turn | None = getattr(_state, "turn", None)
        if outer is not None and outer.turns is self:
            yield
            return
        self._slots.acquire()
        _state.turn = held = _Turn(self)
        try:
            yield
        finally:
            _state.turn = outer
            if held.holds:
                self._slots.release()


class _Turn:
    """A thread's turn: whose it is, and whether the thread holds its slot just now."""

    __slots__ = ("holds", "turns")

    def __init__(self, turns: Turns) -> None:
        self.turns = turns
        self.holds = True


@contextmanager
def disk_wait() -> Iterator[None]:
    """Around a wait on the disk (an fsync; the GIL is free meanwhile): a turn this thread
    holds is lent to another thread until the disk is done. The thread then takes it back if
    it is free, and goes on all the same if it is not: it may hold a lock (a shard's) that
    the thread in its turn waits for, and waiting for the turn would then wait for ever."""
    turn: _Turn | None = getattr(_state, "turn", None)
    if turn is None or not turn.holds:
        yield
        return
    turn.turns._slots.release()
    turn.holds = False
    try:
        yield
    finally:
        turn.holds = turn.turns._slots.acquire(blocking=False)


def is_paced() -> bool:
    return bool(getattr(_state, "on", False))


def paced(items: Iterable[T], every: int = _CHECK_EVERY) -> Iterable[T]:
    """``items`` as they are, or, inside :func:`paced_thread`, with a pause after each slice."""
    if not getattr(_state, "on", False):
        return items
    return _pacing(items, max(1, every))


def _pacing(items: Iterable[T], every: int) -> Iterator[T]:
    clock = time.perf_counter
    slice_ends = clock() + SLICE
    n = 0
    for item in items:
        n += 1
        if n >= every:
            n = 0
            if clock() > slice_ends:
                time.sleep(PAUSE)  # the GIL is free for the GUI thread meanwhile
                slice_ends = clock() + SLICE
        yield item
