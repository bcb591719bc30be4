"""An article whose page cannot be used is built from its feed entry's own HTML through the
same extractor: it has its parts, it can be highlighted, and the reader can say so."""

from __future__ import annotations

import html

from reader.library import Library
from reader.types import Article
from tests.httpserver import Reply, TestServer

_PARAS = [
    f"Paragraph {i} of the river report: the weir at the old mill will be taken out this autumn, "
    f"so that salmon can swim upstream again, as the water board explained on Monday."
    for i in range(1, 5)
]
_ENTRY_HTML = (
    "".join(f"<p>{p}</p>" for p in _PARAS[:2]) + '<figure><img src="https://img.example/weir.jpg" width="800">'
    "<figcaption>The weir at the old mill in March. (Photo: Ana Ruiz)</figcaption></figure>"
    + "".join(f"<p>{p}</p>" for p in _PARAS[2:])
)


def _feed(page_url: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>River News</title><link>https://river.example/</link>"
        f"<item><title>Weir to go</title><link>{page_url}</link><guid>weir-1</guid>"
        "<author>desk@river.example (Mo Chen)</author>"
        "<description>The weir will go.</description>"
        f"<content:encoded>{html.escape(_ENTRY_HTML)}</content:encoded></item>"
        "</channel></rss>"
    ).encode()


def _only_article(library: Library) -> Article:
    (article,) = library.articles()
    return article


def _subscribe(library: Library, server: TestServer, page: Reply) -> Article:
    page_url = server.handle("/weir", lambda _r: page)
    feed_url = server.route("/feed.xml", _feed(page_url), content_type="application/rss+xml")
    feed = library.add_feed(feed_url)
    library.refresh([feed.id])
    return _only_article(library)


def test_an_article_whose_page_fails_is_read_from_the_feed_with_its_parts(
    library: Library, http_server: TestServer
) -> None:
    article = _subscribe(library, http_server, Reply(status=404, body=b"gone"))
    version = library.content(article.id)
    assert version is not None and version.source == "feed"
    assert [b.text for b in version.content.body] == _PARAS
    [figure] = version.content.figures
    assert (figure.caption, figure.credit) == ("The weir at the old mill in March.", "Ana Ruiz")
    assert "could not be fetched" in (article.fetch_error or "")
    # Highlighted like any other article.
    highlight = library.highlight_quote(article.id, "salmon can swim upstream", note="good news")
    assert library.highlights(article.id) == [highlight]


def test_an_article_page_without_text_is_read_from_the_feed(library: Library, http_server: TestServer) -> None:
    shell = b'<html><body><div id="app"></div><script>render()</script></body></html>'
    article = _subscribe(library, http_server, Reply(body=shell, headers={"content-type": "text/html"}))
    version = library.content(article.id)
    assert version is not None and version.source == "feed"
    assert version.content.body[0].text == _PARAS[0]


def test_the_page_text_wins_and_a_later_failure_keeps_it(library: Library, http_server: TestServer) -> None:
    page_html = (
        "<html><body><article><h1>Weir to go</h1>"
        + "".join(f"<p>{p} The page says more.</p>" for p in _PARAS)
        + "</article></body></html>"
    ).encode()
    http_server.handle("/weir", lambda _r: Reply(body=page_html, headers={"content-type": "text/html"}))
    broken = http_server.handle("/weir-moved", lambda _r: Reply(status=500, body=b"oops"))
    state = {"feed": _feed(http_server.url("/weir"))}
    feed_url = http_server.handle("/feed.xml", lambda _r: Reply(body=state["feed"]))
    feed = library.add_feed(feed_url)
    library.refresh([feed.id])
    article = _only_article(library)
    first = library.content(article.id)
    assert first is not None and first.source == "page"
    assert all(b.text.endswith("The page says more.") for b in first.content.body if b.type == "paragraph")
    # The entry moves to a page that fails: the text taken from the page stays.
    state["feed"] = _feed(broken)
    library.refresh([feed.id])
    again = library.content(article.id)
    assert again is not None and again.source == "page" and again.version == first.version
    assert "could not be fetched" in (_only_article(library).fetch_error or "")


def test_with_page_fetching_off_the_article_is_the_feed_text(library: Library, http_server: TestServer) -> None:
    library.update_settings(fetch_full_articles=False)
    article = _subscribe(library, http_server, Reply(status=500, body=b"never asked"))
    version = library.content(article.id)
    assert version is not None and version.source == "feed"
    assert [b.text for b in version.content.body] == _PARAS
    assert version.content.bylines == ("Mo Chen",)
    assert http_server.requests_for("/weir") == []


def test_a_plain_text_summary_is_read_as_paragraphs() -> None:
    from reader.extract.entry import extract_feed_entry

    text = (
        "The harbour authority said on Monday that the old ferry will run again from June.\n\n"
        "Commuters welcomed the news at a meeting in the town hall, where 3 < 4 & the mayor spoke."
    )
    content = extract_feed_entry(text, title="Ferry", url="https://example.org/ferry")
    assert [b.text for b in content.body] == text.split("\n\n")


def test_a_window_refresh_extracts_in_the_worker_processes(library: Library, http_server: TestServer) -> None:
    """In the window's process, extraction on refresh threads holds the interpreter the GUI
    thread waits for: with worker processes kept (spare_this_process), pages and feed texts
    are extracted there, with the same result as in-process."""
    page_html = (
        "<html><body><article><h1>Weir to go</h1>" + "".join(f"<p>{p}</p>" for p in _PARAS) + "</article></body></html>"
    ).encode()
    library.update_settings(fetch_full_articles=True)
    http_server.handle("/weir", lambda _r: Reply(body=page_html, headers={"content-type": "text/html"}))
    feed = library.add_feed(
        http_server.route("/feed.xml", _feed(http_server.url("/weir")), content_type="application/rss+xml")
    )
    pool = library._refreshing.kept_pool()
    assert pool is not None
    try:
        library.refresh([feed.id], spare_this_process=True)
        assert pool.called_in_pool >= 1
        version = library.content(_only_article(library).id)
        assert version is not None and version.source == "page"
        from reader.extract import extract

        assert version.content == extract(page_html, http_server.url("/weir"))
        assert {b.text for b in version.content.body} >= set(_PARAS)
    finally:
        pool.close()
