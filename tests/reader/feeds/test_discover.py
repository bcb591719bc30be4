"""Autodiscovery from feed URLs and site pages, against a real server."""

from __future__ import annotations

import pytest

from reader.errors import DiscoveryError, FetchError
from reader.feeds.discover import discover
from reader.feeds.http import HttpClient
from tests.httpserver import TestServer

RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Site News</title>'
    b"<item><title>a</title><guid>a</guid></item></channel></rss>"
)
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site Atom</title><id>x</id></feed>'


def page(head: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>Site</title>{head}</head><body><p>Hello</p></body></html>".encode()


def test_a_feed_url_is_its_own_answer(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/feed.xml", RSS, content_type="application/rss+xml")
    (found,) = discover(client, url)
    assert (found.url, found.title) == (url, "Site News")


def test_site_page_links_are_found_and_resolved(http_server: TestServer, client: HttpClient) -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" title="All stories" href="/news/rss">'
        '<link rel="Alternate" type="application/atom+xml" title="Atom" href="atom.xml">'
        '<link rel="alternate" type="application/rss+xml" title="Dup" href="/news/rss">'
        '<link rel="stylesheet" type="text/css" href="/style.css">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        '<link rel="alternate" hreflang="fr" type="text/html" href="/fr/">'
    )
    url = http_server.route("/section/index.html", page(head), content_type="text/html; charset=utf-8")
    found = discover(client, url)
    assert [(f.url, f.title, f.type) for f in found] == [
        (http_server.url("/news/rss"), "All stories", "application/rss+xml"),
        (http_server.url("/section/atom.xml"), "Atom", "application/atom+xml"),
    ]


def test_base_href_is_honoured(http_server: TestServer, client: HttpClient) -> None:
    head = '<base href="https://cdn.example.org/site/"><link rel="alternate" type="application/rss+xml" href="feed">'
    url = http_server.route("/", page(head), content_type="text/html")
    assert [f.url for f in discover(client, url)] == ["https://cdn.example.org/site/feed"]


def test_falls_back_to_common_paths(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/blog/", page(""), content_type="text/html")
    http_server.route("/rss", page(""), content_type="text/html")  # a page, not a feed: not offered
    http_server.route("/feed", ATOM, content_type="application/atom+xml")
    found = discover(client, url)
    assert [(f.url, f.title) for f in found] == [(http_server.url("/feed"), "Site Atom")]
    probed = {r.path for r in http_server.requests}
    assert {"/feed", "/rss", "/atom.xml"} <= probed


def test_nothing_found_is_a_clear_error(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/plain", page(""), content_type="text/html")
    with pytest.raises(DiscoveryError) as info:
        discover(client, url)
    assert str(info.value) == f"No feed was found at {url}: it is neither a feed nor a page that links to one."


def test_unreachable_site_is_a_fetch_error(http_server: TestServer, client: HttpClient) -> None:
    with pytest.raises(FetchError) as info:
        discover(client, http_server.url("/missing"))
    assert info.value.status == 404


def test_the_bundled_sample_is_discoverable(client: HttpClient) -> None:
    (found,) = discover(client, "gloss-sample:///feed.xml")
    assert found.url == "gloss-sample:///feed.xml"
    assert found.title
