"""Feed errors said over the list, in words, with Retry and Edit address; a feed never
fetched says so; a first start offers to fetch the feeds it subscribed to (real server)."""

from __future__ import annotations

import threading
from typing import Any

from tests.httpserver import Reply, TestServer
from tests.reader.feeds.test_refresh import rss

FEED = rss("Harbour News", [(f"g{i}", f"https://harbour.example/{i}", f"Story {i} text.") for i in range(3)])


def test_a_failed_feed_says_why_and_retry_fetches_it(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    healthy = threading.Event()
    url = http_server.handle(
        "/feed.xml", lambda _r: Reply(body=FEED) if healthy.is_set() else Reply(status=500, body=b"oops")
    )
    lib = open_library()
    lib.update_settings(fetch_full_articles=False)
    feed = lib.add_feed(url, title="Harbour News")
    window = make_window(lib)
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        window.refresh([feed.id])
    window.feed_tree.select_key("feed", feed.id)
    banner = window.feed_commands.banner
    assert banner.isVisible()
    assert "failed (HTTP 500)" in banner.label.text() and "internal problem" in banner.label.text()
    assert banner.retry_button.isVisible() and banner.edit_button.isVisible()
    healthy.set()
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        banner.retry_button.click()
    assert not banner.isVisible()
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 3)


def test_edit_address_moves_a_gone_feed_to_its_new_address(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    gone = http_server.handle("/old.xml", lambda _r: Reply(status=410))
    new = http_server.route("/new.xml", FEED)
    lib = open_library()
    lib.update_settings(fetch_full_articles=False)
    feed = lib.add_feed(gone, title="Harbour News")
    window = make_window(lib)
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        window.refresh([feed.id])
    window.feed_tree.select_key("feed", feed.id)
    banner = window.feed_commands.banner
    assert "gone" in banner.label.text() and "410" in banner.label.text()
    assert banner.edit_button.isVisible() and not banner.retry_button.isVisible()
    # The feed's menu has it too.
    menu = window.feed_tree.context_menu(window.feed_model.index_for("feed", feed.id))
    assert any(a.objectName() == "editAddress" for a in menu.actions())
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        assert window.feed_commands.edit_address(feed.id, new)
    assert lib.feed(feed.id).url == new and not lib.feed(feed.id).dead
    assert not banner.isVisible()
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 3)


def test_a_feed_never_fetched_says_so(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    feed = lib.add_feed("http://127.0.0.1:9/never.xml", title="Quiet")
    window = make_window(lib)
    window.feed_tree.select_key("feed", feed.id)
    banner = window.feed_commands.banner
    assert banner.isVisible() and "has not fetched Quiet yet" in banner.label.text()
    assert banner.fetch_button.isVisible() and banner.fetch_button.text() == "Fetch now"


def test_a_first_start_offers_to_fetch_its_feeds(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    lib = open_library(first_run=True)
    waiting = [f for f in lib.feeds() if f.last_updated is None]
    assert {f.display_title for f in waiting} == {"VOA News", "VOA Learning English"}
    # The tests have no network: the two feeds are served here instead.
    for i, feed in enumerate(waiting):
        lib.set_feed_url(feed.id, http_server.route(f"/voa{i}.xml", FEED))
    window = make_window(lib)
    window.feed_tree.select_key("smart", "all")
    banner = window.feed_commands.banner
    assert banner.isVisible() and "2 feeds not fetched yet" in banner.label.text()
    assert "VOA" in banner.label.text() and banner.fetch_button.text() == "Fetch them"
    with qtbot.waitSignal(window.refreshFinished, timeout=20000) as finished:
        banner.fetch_button.click()
    assert {r.feed_id for r in finished.args[0]} == {f.id for f in waiting}
    assert all(r.error is None for r in finished.args[0])
    assert not banner.isVisible()
