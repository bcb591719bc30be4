"""A forwarding HTTP proxy in front of the real FreshRSS, to unplug the network or make one
answer fail (a 503 with Retry-After, a 500 halfway through a sync). Every request it
forwards reaches the real server; nothing is answered on its behalf except the faults
asked for."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from tests.httpserver import Reply, Request, TestServer

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}


@dataclass
class Fault:
    path_part: str
    reply: Reply
    times: int


class Proxy:
    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.server = TestServer()
        self.server.fallback(self._forward)
        self._client = httpx.Client(timeout=120)
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.offline = False
        self.forwarded: list[Request] = []

    def start(self) -> Proxy:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()
        self._client.close()

    def url_for(self, upstream_url: str) -> str:
        """The proxy's address for an address of the real server."""
        return self.server.base + upstream_url.removeprefix(self.target)

    def fail(self, path_part: str, reply: Reply, times: int = 1) -> None:
        """Answer the next ``times`` requests whose path contains ``path_part`` with ``reply``."""
        with self._lock:
            self._faults.append(Fault(path_part, reply, times))

    @contextmanager
    def unplugged(self) -> Iterator[None]:
        self.offline = True
        try:
            yield
        finally:
            self.offline = False

    def _forward(self, request: Request) -> Reply:
        if self.offline:
            return Reply(drop=True)
        with self._lock:
            for fault in self._faults:
                if fault.path_part in request.path and fault.times > 0:
                    fault.times -= 1
                    return fault.reply
            self.forwarded.append(request)
        headers = {k: v for k, v in request.headers.items() if k not in _HOP}
        upstream = self._client.request(
            request.method, self.target + request.path, headers=headers, content=request.body or None
        )
        out = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP}
        return Reply(status=upstream.status_code, body=upstream.content, headers=out)

    def paths(self, part: str) -> list[str]:
        with self._lock:
            return [r.path for r in self.forwarded if part in r.path]
