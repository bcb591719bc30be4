"""A tiny news site for the UI tests: a home page that links its feed, the feed, article
pages with a photo, caption and byline, and the photo itself (served on 127.0.0.1)."""

from __future__ import annotations

import html
import struct
import zlib
from email.utils import parsedate_to_datetime

from tests.httpserver import TestServer

ARTICLES = (
    (
        "harbour-ferry",
        "Harbour ferry returns after a winter of repairs",
        "The old ferry crossed the harbour again on Monday morning, carrying 140 passengers.",
        "Mon, 02 Mar 2026 09:00:00 GMT",
    ),
    (
        "orchard-frost",
        "Orchard growers race a late frost with fans and fires",
        "Growers in the valley kept wind machines running through the night to save the blossom.",
        "Sun, 01 Mar 2026 09:00:00 GMT",
    ),
    (
        "city-library",
        "City library adds a tool-lending shelf",
        "Drills, ladders and sewing machines can now be borrowed with a library card.",
        "Sat, 28 Feb 2026 09:00:00 GMT",
    ),
)


def png_bytes(width: int = 64, height: int = 36, rgb: tuple[int, int, int] = (70, 120, 170)) -> bytes:
    """A small solid-colour PNG, written by hand (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def article_page(base: str, slug: str, title: str, lead: str, date: str = "Mon, 02 Mar 2026 09:00:00 GMT") -> str:
    """The story's page; its date (RFC 822, as the feed gives it) goes in the page's metadata."""
    t = html.escape(title)
    published = parsedate_to_datetime(date).isoformat().replace("+00:00", "Z")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{t} | Harbour Times</title>
<meta property="og:title" content="{t}"><meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="{published}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{t}</h1><p class="byline">By Ada Lovelace</p>
<figure><img src="{base}/img/{slug}.png" alt="A photo"><figcaption>The harbour at dawn, seen from the pier.
<span class="credit">Photo: Grace Hopper</span></figcaption></figure>
<p>{html.escape(lead)}</p>
<p>Officials said the service would run every hour until the summer timetable begins in June, and that
tickets bought for the old service would still be accepted for the rest of the month.</p>
<p>Residents who had relied on the long road around the bay said the return of the ferry would save them
more than an hour each day, and several businesses on the waterfront planned to open earlier.</p>
<p>“We waited a long time for this,” said one commuter, who has crossed the harbour for twenty years.</p>
</article><footer>© Harbour Times</footer></body></html>"""


def feed_xml(base: str) -> str:
    items = "".join(
        f"""<item><title>{html.escape(title)}</title><link>{base}/news/{slug}.html</link>
<guid>{base}/news/{slug}.html</guid><pubDate>{date}</pubDate>
<description>{html.escape(lead)}</description></item>"""
        for slug, title, lead, date in ARTICLES
    )
    return f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Harbour Times</title><link>{base}/</link><description>News from the harbour</description>
{items}</channel></rss>"""


def serve_site(server: TestServer) -> str:
    """Route the whole site on ``server``; returns the home page URL."""
    base = server.base
    server.route(
        "/",
        """<!DOCTYPE html><html><head><title>Harbour Times</title>
<link rel="alternate" type="application/rss+xml" title="Harbour Times" href="/feed.xml"></head>
<body><h1>Harbour Times</h1></body></html>""",
        content_type="text/html; charset=utf-8",
    )
    server.route("/feed.xml", feed_xml(base), content_type="application/rss+xml")
    for slug, title, lead, date in ARTICLES:
        page = article_page(base, slug, title, lead, date)
        server.route(f"/news/{slug}.html", page, content_type="text/html; charset=utf-8")
        server.route(f"/img/{slug}.png", png_bytes(), content_type="image/png")
    return base + "/"
