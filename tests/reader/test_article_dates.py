"""One date per article for the list, the reader and the exports: the page's, else the feed's,
else when Gloss first saw it, and every place says which (issue 15, item 8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reader.library import Library
from reader.types import Article, with_page_date
from tests.httpserver import TestServer

_FEED_DATE = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def _article(**kw: object) -> Article:
    base: dict[str, object] = {"id": "f1-000000000001", "feed_id": "f1", "guid": "g", "added": _FEED_DATE}
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_the_page_date_wins_over_a_feed_that_redated_the_story() -> None:
    dated = with_page_date(_article(published=_FEED_DATE), "2024-11-02")
    assert dated.date == datetime(2024, 11, 2, 12, tzinfo=UTC)  # a day alone: its noon, that day everywhere
    assert dated.date_source == "page"


def test_a_page_naming_the_feeds_day_keeps_the_feeds_time() -> None:
    dated = with_page_date(_article(published=_FEED_DATE), "2026-05-04")
    assert dated.date == _FEED_DATE  # 09:30, not noon
    assert dated.date_source == "page"
    # A page time a few hours off the feed's (a local time read without its zone) is the same date.
    assert with_page_date(_article(published=_FEED_DATE), "2026-05-04T02:15:00").date == _FEED_DATE
    # A day apart, the page is taken at its word.
    timed = with_page_date(_article(published=_FEED_DATE), "2026-05-03T05:15:00-04:00")
    assert timed.date == datetime(2026, 5, 3, 9, 15, tzinfo=UTC)


def test_a_page_date_after_the_feeds_is_a_date_the_page_mentions() -> None:
    article = _article(published=_FEED_DATE)
    assert with_page_date(article, "2026-09-01") == article
    assert with_page_date(article, "next Tuesday") == article
    assert article.date_source == "feed"


def test_without_any_date_the_article_is_dated_when_first_seen() -> None:
    article = _article()
    assert (article.date, article.date_source) == (_FEED_DATE, "first seen")


_PAGE = (
    "<html><head><title>Bridge</title>"
    '<meta property="article:published_time" content="2025-01-15T08:00:00Z"></head>'
    "<body><article><h1>The bridge reopens</h1>"
    + "".join(
        f"<p>Paragraph {i}: the old bridge over the river reopened to traffic after two years of "
        "repairs, the council said, and the ferry that stood in for it will stop next week.</p>"
        for i in range(5)
    )
    + "</article></body></html>"
).encode()


def _feed(page_url: str, guid: str = "bridge", date: str = "Mon, 04 May 2026 09:30:00 GMT") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Town</title>'
        f"<link>https://town.example/</link><item><title>The {guid}</title><link>{page_url}</link>"
        f"<guid>{guid}</guid><pubDate>{date}</pubDate>"
        "<description>It reopens.</description></item></channel></rss>"
    ).encode()


def _subscribe(library: Library, server: TestServer, name: str, feed: bytes) -> str:
    return library.add_feed(server.route(f"/{name}.xml", feed, content_type="application/rss+xml")).id


def test_the_list_the_stored_article_and_the_exports_agree_on_the_page_date(
    library: Library, http_server: TestServer, data_dir: Path
) -> None:
    page_url = http_server.route("/bridge", _PAGE, content_type="text/html")
    feed_id = _subscribe(library, http_server, "town", _feed(page_url))
    library.update_settings(fetch_full_articles=True)
    library.refresh([feed_id])
    (article,) = library.articles()
    assert article.date == datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
    assert article.date_source == "page"
    assert article.published == _FEED_DATE  # what the feed said is kept as it said it

    # After a restart, from the files.
    library.close()
    again = Library.open(data_dir, first_run=False)
    try:
        (stored,) = again.articles()
        assert (stored.date, stored.date_source) == (article.date, "page")
        again.highlight_quote(stored.id, "reopened to traffic")
        items = again.export_items(article_ids=[stored.id])
        markdown = again.export_text("md", items)
        assert "2025-01-15 (date from the article's page)" in markdown
        assert "2026-05-04" not in markdown
        web = again.export_text("json", items)
        assert '"date": "2025-01-15T08:00:00Z"' in web and '"date_source": "page"' in web
        html = again.export_text("html", items)
        assert ">2025-01-15</time>" in html and "date from the article&#x27;s page" in html
    finally:
        again.close()


def test_an_older_page_date_moves_the_article_down_the_list(library: Library, http_server: TestServer) -> None:
    library.update_settings(fetch_full_articles=True)
    page_url = http_server.route("/bridge", _PAGE, content_type="text/html")  # the page says January 2025
    town = _subscribe(library, http_server, "town", _feed(page_url))
    missing = http_server.url("/missing")  # a 404: the ferry keeps its feed date, June 2025
    harbour = _subscribe(library, http_server, "harbour", _feed(missing, "ferry", "Sun, 01 Jun 2025 10:00:00 GMT"))
    library.refresh([town, harbour])
    assert [(a.feed_id, a.date_source) for a in library.articles()] == [(harbour, "feed"), (town, "page")]
