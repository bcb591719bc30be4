"""Feed autodiscovery: from a feed URL or a site URL to the feeds one can subscribe to.

1. If the address itself is a feed, that is the answer.
2. Else the page is searched for ``<link rel="alternate" type="application/rss+xml">``
   (Atom, RDF and JSON Feed types too), hrefs resolved against the page (or its
   ``<base href>``).
3. Else common paths (``/feed``, ``/rss``, ...) are tried, keeping only those that really
   parse as a feed.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import DiscoveryError, ParseError, ReaderError
from ..types import DiscoveredFeed
from .http import FEED_MAX_BYTES, FetchResult, HttpClient, is_fetchable, resolve_url
from .parse import parse_feed

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)
COMMON_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml")
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)


def discover(client: HttpClient, url: str) -> list[DiscoveredFeed]:
    """The feeds at ``url`` (a feed or a site page), best first.

    Raises :class:`reader.errors.FetchError` when ``url`` itself cannot be fetched and
    :class:`DiscoveryError` when it is neither a feed nor a page that leads to one.
    """
    url = url.strip()
    result = client.fetch(url, accept=ACCEPT, max_bytes=FEED_MAX_BYTES)
    address = result.permanent_url or url
    looks_html = bool(_HTML_SNIFF.search(result.body[:4096])) or result.content_type in (
        "text/html",
        "application/xhtml+xml",
    )
    if not looks_html:
        found = _as_feed(result, address)
        if found is not None:
            return [found]
    else:
        linked = _linked_feeds(result.body, result.final_url)
        if linked:
            return linked
    probed = _probe_common_paths(client, result.final_url)
    if probed:
        return probed
    raise DiscoveryError(f"No feed was found at {url}: it is neither a feed nor a page that links to one.", url=url)


def _as_feed(result: FetchResult, address: str) -> DiscoveredFeed | None:
    try:
        parsed = parse_feed(result.body, url=result.final_url, headers=result.headers)
    except ParseError:
        return None
    return DiscoveredFeed(url=address, title=parsed.title, type=result.content_type)


def _linked_feeds(body: bytes, page_url: str) -> list[DiscoveredFeed]:
    if not body.strip():
        return []
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
    try:
        doc = lxml_html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    base = page_url
    for el in doc.iter("base"):
        href = el.get("href")
        if href:
            base = resolve_url(page_url, href)
            break
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rels or kind not in FEED_TYPES or not href:
            continue
        target = resolve_url(base, href)
        if not is_fetchable(target) or target in seen:
            continue
        seen.add(target)
        found.append(DiscoveredFeed(url=target, title=(link.get("title") or "").strip(), type=kind))
    return found


def _probe_common_paths(client: HttpClient, page_url: str) -> list[DiscoveredFeed]:
    found: list[DiscoveredFeed] = []
    seen: set[str] = set()
    for path in COMMON_PATHS:
        candidate = resolve_url(page_url, path)
        try:
            result = client.fetch(candidate, accept=ACCEPT)
        except ReaderError:
            continue
        if result.final_url in seen or _HTML_SNIFF.search(result.body[:4096]):
            continue
        feed = _as_feed(result, result.permanent_url or candidate)
        if feed is not None:
            seen.add(result.final_url)
            found.append(feed)
    return found
