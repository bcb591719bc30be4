"""Politeness towards each publisher: at most so many requests to one host at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .http import host_of


class HostSlots:
    """At most ``limit`` concurrent requests per host (politeness towards each publisher)."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def hold(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._limit))
        with slot:
            yield
