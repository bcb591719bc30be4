"""A small news site for the reliability tests and stress scripts, served by the real
test HTTP server: a few feeds whose items change as they are polled, and article pages
(the bundled sample articles, each with an update line that changes too), so every
refresh writes new articles and new content versions."""

from __future__ import annotations

import itertools
import threading
from importlib.resources import files

from tests.httpserver import Reply, Request, TestServer

FEEDS = 3
ITEMS_PER_FEED = 4


def sample_pages() -> list[bytes]:
    folder = files("resources") / "sample" / "articles"
    return [p.read_bytes() for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".html")]


class NewsSite:
    """Registers ``/feed<i>.xml`` and ``/page/<i>/<n>.html`` on ``server``."""

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self.pages = sample_pages()
        self._polls = itertools.count()
        self._lock = threading.Lock()
        for i in range(FEEDS):
            server.handle(f"/feed{i}.xml", self._feed_handler(i))

    @property
    def feed_urls(self) -> list[str]:
        return [self.server.url(f"/feed{i}.xml") for i in range(FEEDS)]

    def _feed_handler(self, feed: int):  # type: ignore[no-untyped-def]
        def handler(request: Request) -> Reply:
            with self._lock:
                poll = next(self._polls)
            # A sliding window of items: each poll drops the oldest and adds a new one.
            first = poll % 50
            items = []
            for n in range(first, first + ITEMS_PER_FEED):
                path = f"/page/{feed}/{n}.html"
                self.server.handle(path, self._page)
                items.append(
                    f"<item><title>Story {feed}-{n}</title><link>{self.server.url(path)}</link>"
                    f"<guid>{feed}-{n}</guid><description>Summary of story {n} (poll {poll}).</description></item>"
                )
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {feed}</title>'
                f"<link>{self.server.base}/</link>{''.join(items)}</channel></rss>"
            ).encode()
            return Reply(body=body, headers={"Content-Type": "application/rss+xml"})

        return handler

    def _page(self, request: Request) -> Reply:
        parts = request.route_path.strip("/").split("/")
        n = int(parts[-1].split(".")[0]) if parts[-1].split(".")[0].isdigit() else 0
        with self._lock:
            poll = next(self._polls)
        page = self.pages[n % len(self.pages)]
        # The update line changes the extracted text now and then: a new content version.
        marker = f"<p>Update {poll // 7}: the story was checked again by the desk.</p>".encode()
        page = page.replace(b'class="wsw">', b'class="wsw">' + marker, 1)
        return Reply(body=page, headers={"Content-Type": "text/html; charset=utf-8"})
