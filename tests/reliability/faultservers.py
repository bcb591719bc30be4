"""Servers that misbehave, for the network fault tests: a TLS server on 127.0.0.1 with a
self-signed certificate (made with ``openssl req``: the ``cryptography`` package is not
installed in /work/venv), and the faulty routes on the ordinary test server."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.httpserver import Reply, Request, TestServer

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Good news</title><link>http://127.0.0.1/</link>'
    + b"".join(
        b"<item><title>Story %d</title><guid>g%d</guid><description>Text of story %d.</description></item>" % (i, i, i)
        for i in range(5)
    )
    + b"</channel></rss>"
)


def self_signed_cert(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 signed by itself, or None without ``openssl``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)


class _TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = False
    hits = 0

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client refusing our certificate mid-handshake is the point


class TLSServer:
    """HTTPS on 127.0.0.1 with a certificate nobody vouches for."""

    def __init__(self, cert: Path, key: Path) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self._httpd = _TLSServer(("127.0.0.1", 0), _FeedHandler)
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def hits(self) -> int:
        return self._httpd.hits

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> TLSServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._thread.join()
        self._httpd.server_close()


def _dribble(data: bytes, stopping: threading.Event, every: float) -> Iterator[bytes]:
    for i in range(len(data)):
        if stopping.wait(every if i else 0):
            return
        yield data[i : i + 1]


def add_faulty_routes(server: TestServer, stopping: threading.Event) -> dict[str, str]:
    """Routes for each fault; returns {fault name: url}. ``stopping`` ends the trickle."""
    server.route("/good.xml", FEED, content_type="application/rss+xml")

    def drop_mid_body(_req: Request) -> Reply:
        # Promises the whole feed, sends a third of it, hangs up.
        return Reply(
            chunks=[FEED[: len(FEED) // 3]],
            headers={"Content-Length": str(len(FEED)), "Content-Type": "application/rss+xml"},
        )

    def trickle(_req: Request) -> Reply:
        return Reply(chunks=_dribble(FEED, stopping, 1.0), headers={"Content-Type": "application/rss+xml"})

    server.handle("/drop.xml", drop_mid_body)
    server.handle("/trickle.xml", trickle)
    # Content-Length longer than the body on a kept-alive connection: the rest never comes.
    server.route(
        "/long-length.xml",
        FEED,
        headers={"Content-Length": str(len(FEED) + 5000), "Content-Type": "application/rss+xml"},
    )
    # Content-Length shorter than the body: the client must not read the excess as the next reply.
    server.route("/short-length.xml", FEED, headers={"Content-Length": "120", "Content-Type": "application/rss+xml"})
    return {
        "good": server.url("/good.xml"),
        "drop": server.url("/drop.xml"),
        "trickle": server.url("/trickle.xml"),
        "long-length": server.url("/long-length.xml"),
        "short-length": server.url("/short-length.xml"),
        "dns": "http://no-such-host.gloss-test.invalid/feed.xml",
    }
