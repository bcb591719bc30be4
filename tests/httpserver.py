"""A real HTTP server on 127.0.0.1 for tests (no mocked HTTP anywhere).

Usage in a test module (or a conftest)::

    from tests.httpserver import http_server  # noqa: F401  (the pytest fixture)

    def test_something(http_server):
        http_server.route("/feed.xml", FEED_BYTES, headers={"Content-Type": "application/rss+xml"})
        http_server.handle("/slow", lambda req: Reply(hang=True))
        url = http_server.url("/feed.xml")
        ...
        assert http_server.requests_for("/feed.xml")[0].headers["user-agent"].startswith("Gloss/")

Routes are matched on the path without the query string first, then on the full path
with the query. Unknown paths go to the :meth:`TestServer.fallback` handler when one is
set (a proxy, say), else answer 404. A handler is a callable taking the recorded
:class:`Request` (with its body) and returning a :class:`Reply`; it runs on the server's
request thread, so it may keep state (count requests, compare ETags, ...).

Special replies: ``Reply(chunks=...)`` streams an iterable of byte chunks (a generator
can produce 50 MB without allocating it); ``Reply(drop=True)`` closes the connection
without answering; ``Reply(hang=True)`` never answers until the server stops (for
timeout tests). The server shuts down cleanly: hanging handlers are released and every
request thread is joined, so no socket is left open (pytest runs with
``filterwarnings=error``).
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass(frozen=True)
class Request:
    """One request the server received. ``headers`` has lowercased names."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def route_path(self) -> str:
        return self.path.split("?", 1)[0]


@dataclass
class Reply:
    """What to answer. ``body`` is sent with a Content-Length; ``chunks`` is streamed
    (``Connection: close``, no length unless ``headers`` gives one)."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None
    drop: bool = False
    hang: bool = False


Handler = Callable[[Request], Reply]


class _Server(http.server.ThreadingHTTPServer):
    # Request threads are joined on server_close() (block_on_close), so nothing outlives a test.
    daemon_threads = False
    owner: TestServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-response (size caps, timeouts) are expected in these tests.
        pass


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without TCP_NODELAY every body waits ~40 ms for a delayed ACK: slow tests, nothing more.
    disable_nagle_algorithm = True
    # An idle keep-alive connection is dropped after this, so shutdown never waits long.
    timeout = 5
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        owner._record(request)
        reply = owner._dispatch(request)
        if reply.hang:
            owner._stopping.wait(60)
            self.close_connection = True
            return
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        names = {k.lower() for k in reply.headers}
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunks is None:
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD" and reply.status not in (204, 304):
                self.wfile.write(reply.body)
            return
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        try:
            for chunk in reply.chunks:
                if owner._stopping.is_set():
                    break
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            pass  # the client stopped reading (size cap): that is the point of the test

    do_GET = _serve
    do_HEAD = _serve
    do_POST = _serve


class TestServer:
    """A threaded HTTP server on 127.0.0.1 with a per-test routing table and a request log."""

    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self._routes: dict[str, Handler] = {}
        self._fallback: Handler | None = None
        self._log: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.owner = self
        self.port: int = self._httpd.server_address[1]
        # A short poll interval keeps shutdown (once per test) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="test-http", daemon=True
        )

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers, stop serving and join every request thread."""
        self._stopping.set()
        self._httpd.shutdown()
        self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- routing ----------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> str:
        """Serve a static reply at ``path``; returns the absolute URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = dict(headers or {})
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        reply = Reply(status=status, body=data, headers=hdrs)
        return self.handle(path, lambda _req: reply)

    def handle(self, path: str, handler: Handler) -> str:
        """Answer ``path`` with ``handler(request)``; returns the absolute URL."""
        with self._lock:
            self._routes[path] = handler
        return self.url(path)

    def fallback(self, handler: Handler | None) -> None:
        """Answer every path no route matches with ``handler`` (a proxy, say)."""
        with self._lock:
            self._fallback = handler

    def redirect(self, path: str, location: str, status: int = 301) -> str:
        return self.route(path, status=status, headers={"Location": location})

    # --- request log --------------------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path or r.route_path == path]

    def _record(self, request: Request) -> None:
        with self._lock:
            self._log.append(request)

    def _dispatch(self, request: Request) -> Reply:
        with self._lock:
            handler = self._routes.get(request.route_path) or self._routes.get(request.path) or self._fallback
        if handler is None:
            return Reply(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        return handler(request)


def etag_handler(body: bytes, etag: str, *, content_type: str = "application/rss+xml") -> Handler:
    """A handler that answers 304 when the client sends the current ETag."""

    def handler(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        return Reply(body=body, headers={"ETag": etag, "Content-Type": content_type})

    return handler


def repeat_chunks(chunk: bytes, total: int) -> Iterator[bytes]:
    """Yield ``chunk`` until ``total`` bytes were produced (a big body without allocating it)."""
    sent = 0
    while sent < total:
        piece = chunk[: total - sent]
        sent += len(piece)
        yield piece


@pytest.fixture
def http_server() -> Iterator[TestServer]:
    """A fresh real HTTP server on 127.0.0.1 for one test."""
    server = TestServer().start()
    try:
        yield server
    finally:
        server.stop()
