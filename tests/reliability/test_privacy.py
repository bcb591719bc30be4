"""Privacy: the only traffic is what the user asked for (discovery, refresh and the
full-page and image fetches of a refresh), each request with the Gloss User-Agent;
reading an article, with images on or off, makes no request at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.feeds.http import HttpClient
from reader.library import Library
from tests.httpserver import TestServer
from tests.ui.site import png_bytes


def page(base: str, n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} of story {n} says enough about the harbour to be read as article text.</p>" for i in range(6)
    )
    return (
        f"<html><head><title>Story {n}</title><meta property='og:image' content='{base}/og{n}.png'></head><body>"
        f"<article><h1>Story {n}</h1><figure><img src='{base}/photo{n}.png' width='320' height='180'>"
        f"<figcaption>The harbour at dawn, photo {n}.</figcaption></figure>{paragraphs}"
        f"<p>Inline <img src='{base}/inline{n}.png'> image.</p></article></body></html>"
    ).encode()


def serve_site(server: TestServer) -> None:
    base = server.base
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/story{n}.html</link><guid>{n}</guid>"
        f"<description>&lt;img src='{base}/feedimg{n}.png'&gt; Summary {n}</description></item>"
        for n in range(2)
    )
    server.route(
        "/",
        f"<html><head><link rel='alternate' type='application/rss+xml' href='{base}/feed.xml'></head></html>",
        content_type="text/html",
    )
    server.route(
        "/feed.xml",
        f"<rss version='2.0'><channel><title>Harbour</title>{items}</channel></rss>",
        content_type="application/rss+xml",
    )
    for n in range(2):
        server.route(f"/story{n}.html", page(base, n), content_type="text/html; charset=utf-8")
        for name in (f"photo{n}", f"inline{n}", f"og{n}", f"feedimg{n}"):
            server.route(f"/{name}.png", png_bytes(320, 180), content_type="image/png")


def test_reading_never_makes_a_request_and_every_request_says_gloss(
    qtbot: Any, http_server: TestServer, tmp_path: Path
) -> None:
    from ui.articleview.view import ReaderView

    serve_site(http_server)
    for images in (False, True):
        start = len(http_server.requests)
        with Library.open(tmp_path / f"library-{images}", first_run=False) as lib:
            lib.set_http(HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0))
            lib.update_settings(download_images=images)
            feed = lib.add_feed(http_server.base + "/", discover=True)
            [result] = lib.refresh([feed.id])
            assert result.error is None, result.error
            fetched = {r.route_path for r in http_server.requests[start:]}
            assert {"/", "/feed.xml", "/story0.html", "/story1.html"} <= fetched
            pngs = {p for p in fetched if p.endswith(".png")}
            if not images:
                assert pngs == set(), f"images were fetched with images off: {pngs}"
            else:
                assert pngs, "with images on, the refresh downloads the article's images"
            view = ReaderView(lib)
            qtbot.addWidget(view)
            view.resize(900, 700)
            view.show()
            qtbot.waitExposed(view)
            before = len(http_server.requests)
            for article in lib.articles():
                for show in (view.show_article, view.show_feed_html):
                    show(article.id)
                    view.grab()
                    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
                    view.grab()
            assert http_server.requests[before:] == [], "reading an article made a request"
            view.close()
    agents = {r.headers.get("user-agent", "") for r in http_server.requests}
    assert agents and all(a.startswith("Gloss/") for a in agents), agents
