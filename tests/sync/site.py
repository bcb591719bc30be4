"""Feeds and article pages on the project's real test HTTP server, for FreshRSS and Gloss to read.

Every test publishes under its own prefix (``/t3/...``), so one server serves the whole
session. A feed is RSS 2.0 with a guid and a link per item; each link is an article page
the extractor turns into text.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from tests.httpserver import Reply, Request, TestServer

BASE_DATE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1><p class="byline">By Ada Lovelace</p>
<p>{lead}</p>
<p>The council met on Tuesday to discuss the plan, which would restore the old sea wall and build a new
walkway along the water for the people who walk there every morning before work.</p>
<p>Residents said they welcomed the plan but worried about its cost, which the city puts at twelve million
dollars over the next five years, and about the noise of the works.</p>
</article><aside><h2>Related stories</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
</body></html>"""


@dataclass
class Story:
    slug: str
    title: str
    lead: str
    date: datetime


@dataclass
class SiteFeed:
    """One feed: its stories, newest first; add more with :meth:`Site.add_story`."""

    site: Site
    prefix: str
    name: str
    title: str
    stories: list[Story] = field(default_factory=list)
    refuse_freshrss: bool = False

    @property
    def url(self) -> str:
        return self.site.server.url(f"{self.prefix}/{self.name}.xml")

    def story_url(self, slug: str) -> str:
        return self.site.server.url(f"{self.prefix}/{self.name}/{slug}.html")


class Site:
    def __init__(self, server: TestServer) -> None:
        self.server = server
        self._prefixes = itertools.count(1)
        self._lock = threading.Lock()

    def prefix(self) -> str:
        return f"/t{next(self._prefixes)}"

    def feed(self, prefix: str, name: str, title: str, n: int = 3, *, refuse_freshrss: bool = False) -> SiteFeed:
        """Publish a feed of ``n`` stories (and their pages)."""
        feed = SiteFeed(self, prefix, name, title, refuse_freshrss=refuse_freshrss)
        for i in range(n):
            self.add_story(feed, f"s{i}", f"{title}: story {i}", publish=False)
        self._serve(feed)
        return feed

    def add_story(self, feed: SiteFeed, slug: str, title: str, *, publish: bool = True) -> str:
        """Add a story at the top of the feed; returns its page's address."""
        date = BASE_DATE + timedelta(hours=len(feed.stories))
        story = Story(slug, title, f"{title}. The harbour story everyone in town is reading today.", date)
        with self._lock:
            feed.stories.insert(0, story)
        self.serve_page(feed, story)
        if publish:
            self._serve(feed)
        return feed.story_url(slug)

    def serve_page(self, feed: SiteFeed, story: Story) -> None:
        """(Again) serve the story's page."""
        page = PAGE.format(title=escape(story.title), site=escape(feed.title), lead=escape(story.lead))
        path = f"{feed.prefix}/{feed.name}/{story.slug}.html"
        self.server.route(path, page.encode(), content_type="text/html; charset=utf-8")

    def _serve(self, feed: SiteFeed) -> None:
        def handler(request: Request) -> Reply:
            if feed.refuse_freshrss and "freshrss" in request.headers.get("user-agent", "").lower():
                return Reply(status=403, body=b"no robots", headers={"Content-Type": "text/plain"})
            return Reply(body=self.rss(feed), headers={"Content-Type": "application/rss+xml"})

        self.server.handle(f"{feed.prefix}/{feed.name}.xml", handler)

    def rss(self, feed: SiteFeed) -> bytes:
        with self._lock:
            stories = list(feed.stories)
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{feed.story_url(s.slug)}</link>"
            f'<guid isPermaLink="false">{feed.name}-{s.slug}</guid>'
            f"<pubDate>{format_datetime(s.date, usegmt=True)}</pubDate>"
            f"<description>{escape(s.lead)}</description></item>"
            for s in stories
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(feed.title)}</title>'
            f"<link>{self.server.base}{feed.prefix}/</link><description>News</description>{items}</channel></rss>"
        ).encode()
