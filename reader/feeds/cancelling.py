"""Requests that a cancel aborts while they wait for the server.

httpx's synchronous client has no way to interrupt a request from another thread: a
refresh that is cancelled would wait for every page already asked for (up to the read
timeout each). :class:`CancellableBackend` is the network layer under the client: each
read of a socket waits in slices of :data:`SLICE` seconds, and between slices looks at
the cancel event of the request the calling thread is making (:func:`cancel_scope`); a
set event ends the read with :class:`RequestCancelled`, which httpx reports as a read
error and :class:`reader.feeds.http.HttpClient` as a ``FetchError`` of kind
``"cancelled"``. The connection is dropped (it may hold half an answer), never reused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore

SLICE = 0.1  # seconds: how late a cancel can be noticed by a waiting read

_local = threading.local()


class RequestCancelled(httpcore.ReadError):
    """The request's cancel event was set while it waited for the server."""


def current_cancel() -> threading.Event | None:
    """The cancel event of the request this thread is making, if any."""
    event: threading.Event | None = getattr(_local, "cancel", None)
    return event


@contextmanager
def cancel_scope(cancel: threading.Event | None) -> Iterator[None]:
    """Requests made by this thread inside the block end when ``cancel`` is set (None: the
    enclosing scope's event, if any, still counts)."""
    before = current_cancel()
    _local.cancel = cancel if cancel is not None else before
    try:
        yield
    finally:
        _local.cancel = before


def _check() -> None:
    cancel = current_cancel()
    if cancel is not None and cancel.is_set():
        raise RequestCancelled("the request was cancelled")


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if current_cancel() is None:
            return self._inner.read(max_bytes, timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            _check()
            left = SLICE if deadline is None else min(SLICE, max(deadline - time.monotonic(), 0.0))
            try:
                return self._inner.read(max_bytes, left)
            except httpcore.ReadTimeout:
                # Nothing arrived in this slice (a timed-out recv consumes nothing): wait on,
                # unless the request's own read timeout is up.
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _check()
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class CancellableBackend(httpcore.NetworkBackend):
    """httpcore's synchronous network backend whose streams notice a cancel (see the module)."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        _check()
        return _Stream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install(transport: Any) -> bool:
    """Put :class:`CancellableBackend` under an ``httpx.HTTPTransport``'s connection pool.
    False (requests then end only between chunks) if this httpx keeps its pool elsewhere."""
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        return False
    pool._network_backend = CancellableBackend(pool._network_backend)
    return True
