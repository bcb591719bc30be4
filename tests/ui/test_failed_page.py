"""An article whose page failed is read, and highlighted, in the text its feed gave; the
Notes dock tells an article without any text from no article at all (real server)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor

from tests.httpserver import Reply, TestServer
from tests.reader.feeds.test_refresh import rss
from tests.ui.conftest import activate

STORY = (
    "The harbour authority said on Monday that the old ferry will run again from June, after a winter "
    "of repairs to its engines and hull. Commuters welcomed the news at a meeting in the town hall."
)


def test_a_failed_page_is_highlighted_in_the_feed_text(
    qtbot: Any, make_window: Any, open_library: Any, http_server: TestServer
) -> None:
    broken = http_server.handle("/story.html", lambda _r: Reply(status=500, body=b"down"))
    feed_url = http_server.route("/feed.xml", rss("Harbour", [("g1", broken, STORY)]))
    lib = open_library()
    lib.update_settings(download_images=False)
    feed = lib.add_feed(feed_url, title="Harbour")
    window = make_window(lib)
    window.install_annotations()
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        window.refresh([feed.id])
    window.feed_tree.select_key("feed", feed.id)
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)
    window.select_row(0)
    aid = window.reader.article_id
    assert window.reader.mode == "article"
    text = window.reader.document().toPlainText()
    assert "the old ferry will run again" in text and "text the feed gave" in text
    assert "500" in (lib.article(aid).fetch_error or "")
    # The notes dock speaks of this article, and a selection of it becomes a highlight.
    notes = window.annotations["notes"]
    assert "Open an article" not in notes.summary.text()
    activate(qtbot, window)
    window.reader.setFocus()
    doc_text = window.reader.document().toPlainText()
    start = doc_text.index("old ferry")
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("old ferry"), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    window.highlighter.highlight_selection()
    qtbot.waitUntil(lambda: len(lib.highlights(aid)) == 1)
    assert lib.highlights(aid)[0].quote.exact == "old ferry"


def test_the_notes_dock_says_when_the_open_article_has_no_text(qtbot: Any, make_window: Any, open_library: Any) -> None:
    from tests.ui.helpers import add_feed_with_articles

    lib = open_library()
    (article, *_rest) = add_feed_with_articles(lib, "bare", "Bare", 2)  # records only: no text at all
    window = make_window(lib)
    window.install_annotations()
    window.open_article(article.id)
    assert window.reader.mode == "message"
    summary = window.annotations["notes"].summary.text()
    assert "no text to highlight" in summary and "Open an article" not in summary
