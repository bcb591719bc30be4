"""Cooperative pauses for long pure-Python loops run on a GUI process's worker threads.

A thread looping in Python holds the GIL for up to ``sys.getswitchinterval()`` at a time,
and a GUI thread needs the GIL for every call from Qt back into Python (each model
``data()``, each slot): while a 50 ms scan runs beside it, a repaint that makes a few
hundred such calls waits its turn a few hundred times. Inside :func:`paced_thread`, the
loops that scan every article (:func:`paced` wraps their iterables) work in slices of
:data:`SLICE` seconds and sleep :data:`PAUSE` seconds after each, with the GIL free.
Outside it (the command line, tests, the refresh engine) nothing changes.
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
