"""The window while a refresh runs: articles listed as they are stored, their texts shown
when they come, progress that counts articles, and a Cancel that ends the refresh while
the server still holds its pages (a real server on 127.0.0.1)."""

from __future__ import annotations

import threading
from typing import Any

from reader.feeds.http import HttpClient
from tests.httpserver import Reply, Request, TestServer
from tests.reader.feeds.test_refresh import article_page, rss


def slow_feed(http_server: TestServer, n: int, release: threading.Event, asked: threading.Event) -> str:
    """A feed of ``n`` articles whose pages wait for ``release`` (``asked`` is set by the first)."""

    def page(request: Request) -> Reply:
        asked.set()
        if not release.wait(20):
            return Reply(status=503)
        text = f"The full text of {request.path}, long enough to be an article. " * 4
        return Reply(body=article_page(text), headers={"Content-Type": "text/html"})

    items = [(f"g{i}", http_server.handle(f"/a/{i}.html", page), f"Summary {i}") for i in range(n)]
    return http_server.route("/slow.xml", rss("Slow Times", items), headers={"Content-Type": "application/rss+xml"})


def test_articles_are_listed_while_their_pages_are_still_coming(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    release, asked = threading.Event(), threading.Event()
    lib = open_library()
    lib.update_settings(download_images=False)
    feed = lib.add_feed(slow_feed(http_server, 4, release, asked), title="Slow Times")
    window = make_window(lib)
    assert window.article_model.rowCount() == 0
    try:
        with qtbot.waitSignal(window.refresher.articlesArrived, timeout=10000) as arrived:
            window.refresh([feed.id])
        assert window.refreshing  # the pages are still held by the server
        assert window.article_model.rowCount() == 4
        assert len(arrived.args[0]) == 4
        assert "4 articles" in window.progress_label.toolTip()
        # Open one: no text yet, so the reader says so; when its page comes, it shows the text.
        window.select_row(0)
        aid = window.reader.article_id
        assert window.reader.mode == "message"
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.reader.mode == "article", timeout=10000)
    assert window.reader.article_id == aid
    assert "The full text of" in window.reader.document().toPlainText()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=10000)
    assert window.article_model.rowCount() == 4


def test_rows_arriving_keep_the_selection_and_the_open_article(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    from tests.ui.helpers import add_feed_with_articles

    release, asked = threading.Event(), threading.Event()
    lib = open_library()
    lib.update_settings(download_images=False)
    old = add_feed_with_articles(lib, "oldf", "Old News", 5)
    feed = lib.add_feed(slow_feed(http_server, 3, release, asked), title="Slow Times")
    window = make_window(lib)
    window.select_article(old[3].id)
    assert window.reader.article_id == old[3].id
    try:
        with qtbot.waitSignal(window.refresher.articlesArrived, timeout=10000):
            window.refresh([feed.id])
        assert window.article_model.rowCount() == 8
        current = window.article_table.currentIndex()
        assert window.article_model.article_id(current.row()) == old[3].id
        assert window.reader.article_id == old[3].id
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=10000)


def test_cancel_ends_a_refresh_whose_pages_the_server_holds(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    release, asked = threading.Event(), threading.Event()
    lib = open_library()
    lib.update_settings(download_images=False)
    # The client would wait 60 s for each page: only the cancel can end the refresh sooner.
    lib.set_http(HttpClient(connect_timeout=2.0, read_timeout=60.0, total_timeout=120.0))
    feed = lib.add_feed(slow_feed(http_server, 6, release, asked), title="Slow Times")
    window = make_window(lib)
    try:
        with qtbot.waitSignal(window.refresher.articlesArrived, timeout=10000):
            window.refresh([feed.id])
        qtbot.waitUntil(asked.is_set, timeout=10000)
        with qtbot.waitSignal(window.refreshFinished, timeout=10000):
            window.cancel_button.click()
            assert "Cancelling" in window.progress_label.text()
    finally:
        release.set()
    assert "cancelled" in window.status_label.text().lower()
    assert not window.refresh_box.isVisible() and window.actions_by_name["refresh"].isEnabled()
    # The articles are kept; none has a text or an error from the cancelled pages.
    stored = lib.articles()
    assert len(stored) == 6
    assert all(not a.content_version and a.fetch_error is None for a in stored)


def test_reports_come_together_and_every_stored_article_is_listed(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    """Progress reports reach the window in batches (not one call each), and every article
    any report names is listed while the pages are still held, with the count to match."""
    release, asked = threading.Event(), threading.Event()
    lib = open_library()
    lib.update_settings(download_images=False)

    def held_page(request: Request) -> Reply:
        asked.set()
        if not release.wait(20):
            return Reply(status=503)
        return Reply(
            body=article_page("The text of the article, long enough. " * 4), headers={"Content-Type": "text/html"}
        )

    feeds = []
    for f in range(6):
        items = [(f"f{f}g{i}", http_server.handle(f"/p/{f}/{i}.html", held_page), f"Summary {i}") for i in range(5)]
        url = http_server.route(
            f"/feed{f}.xml", rss(f"Times {f}", items), headers={"Content-Type": "application/rss+xml"}
        )
        feeds.append(lib.add_feed(url, title=f"Times {f}"))
    window = make_window(lib)
    arrived: set[str] = set()
    window.refresher.articlesArrived.connect(arrived.update)
    try:
        window.refresh([f.id for f in feeds])
        relay = window.refresher._relay
        assert relay is not None
        deliveries: list[int] = []
        relay.delivered.connect(lambda values: deliveries.append(len(values)))
        qtbot.waitUntil(lambda: len(arrived) == 30, timeout=15000)
        assert window.refreshing  # the pages are still held by the server
        assert window.article_model.rowCount() == 30
        assert {window.article_model.article_id(r) for r in range(30)} == arrived == {a.id for a in lib.articles()}
        assert "30 articles" in window.progress_label.toolTip()
        assert sum(deliveries) > len(deliveries)  # reports came together
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=15000)
    assert window.article_model.rowCount() == 30
