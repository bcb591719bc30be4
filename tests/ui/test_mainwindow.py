"""The window end to end: a real library, a real server on 127.0.0.1, real widgets."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLineEdit,
    QProgressBar,
    QTextEdit,
    QWidget,
)

from reader.library import SAMPLE_FEED_URL
from tests.httpserver import Reply
from tests.ui.helpers import add_feed_with_articles, rich_content
from tests.ui.site import ARTICLES, serve_site
from ui.articles.model import COL_TITLE, IdRole
from ui.feeds.model import ErrorRole


def _key(qtbot: Any, window: Any, key: str | Qt.Key) -> None:
    qtbot.keyClick(window.article_table, key)


def test_first_run_shows_the_sample_without_network(make_window: Any, open_library: Any) -> None:
    lib = open_library(first_run=True)
    window = make_window(lib)
    sample = next(f for f in lib.feeds() if f.url == SAMPLE_FEED_URL)
    newest = lib.articles(feed_ids=frozenset({sample.id}))[0]
    assert window.feed_tree.current_key() == ("feed", sample.id)
    assert window.reader.article_id == newest.id
    assert window.reader.mode == "article"
    assert newest.title.strip() in window.reader.document().toPlainText()
    assert lib.article(newest.id).read
    titles = {f.display_title for f in lib.feeds()}
    assert {"VOA News", "VOA Learning English", "Gloss Sample News"} <= titles


def test_the_start_up_work_reads_the_highlights_off_the_gui_thread_and_says_when_done(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    lib = open_library()
    articles = add_feed_with_articles(lib, "wwww", "Warm", 3)
    for article in articles:
        lib.store_content(article.id, rich_content())
        lib.highlight_quote(article.id, "The ferry crossed", color="yellow")
    lib.close()
    lib = open_library()
    window = make_window(lib)
    user = lib.storage.user
    with qtbot.waitSignal(window.warmedUp, timeout=15_000):  # the app freezes what it read, on this
        pass
    assert user._indexed == set(range(len(user._shards)))  # an article's first open reads no shard
    window.show_article(articles[1].id)
    assert [h.article_id for h in lib.highlights(articles[1].id)] == [articles[1].id]


def test_a_list_index_to_rebuild_is_rebuilt_off_the_gui_thread_the_window_saying_so(
    qtbot: Any, open_library: Any, monkeypatch: Any
) -> None:
    import shutil

    from ui import startup

    lib = open_library()
    articles = add_feed_with_articles(lib, "llll", "Listed", 4)
    assert len(lib.articles(limit=10)) == 4  # (the list index written)
    lib.close()
    shutil.rmtree(lib.data_dir / "list")  # as after an upgrade, or a crash that lost a write of it
    monkeypatch.setattr(startup, "REBUILD_IN_PLACE", 0)  # as big as 500,000 articles' (6 s)
    lib = open_library()
    assert lib.list_rebuild_bytes() > 0
    from ui.mainwindow import MainWindow

    window = MainWindow(lib)
    qtbot.addWidget(window)
    window.show()
    window.start()  # returns at once: the rebuild is on a pool thread
    assert "Rebuilding the article list" in window.status_label.text()
    assert window.article_model.rowCount() == 0
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 4, timeout=15_000)
    assert window.reader.article_id in {a.id for a in articles}
    assert "Rebuilding" not in window.status_label.text()
    assert lib.list_rebuild_bytes() == 0


def test_add_feed_by_site_url_refresh_with_progress_and_read(
    qtbot: Any, make_window: Any, open_library: Any, http_server: Any
) -> None:
    home = serve_site(http_server)
    lib = open_library()
    window = make_window(lib)
    progress: list[tuple[int, int]] = []
    window._progress_seen = progress
    window.progress.valueChanged.connect(lambda v: progress.append((v, window.progress.maximum())))

    dialog = window.add_feed()
    qtbot.keyClicks(dialog.url_edit, home)
    with qtbot.waitSignal(dialog.discoveryFinished, timeout=10000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isHidden()
    assert dialog.results.count() == 1
    assert http_server.url("/feed.xml") in dialog.results.item(0).text()
    with qtbot.waitSignal(window.refreshFinished, timeout=20000) as finished:
        qtbot.mouseClick(dialog.subscribe_button, Qt.MouseButton.LeftButton)
        assert window.refresh_box.isVisible()
    [result] = finished.args[0]
    assert result.error is None and result.new == 3
    assert progress and progress[-1] == (1, 1)
    assert not window.refresh_box.isVisible()
    feed = next(f for f in lib.feeds() if f.url == http_server.url("/feed.xml"))
    assert window.feed_tree.current_key() == ("feed", feed.id)
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 3)
    titles = [window.article_model.index(r, COL_TITLE).data() for r in range(3)]
    assert titles == [a[1] for a in ARTICLES]
    # Open the second article with the mouse: it renders and becomes read.
    index = window.article_model.index(1, COL_TITLE)
    rect = window.article_table.visualRect(index)
    with qtbot.waitSignal(window.articleOpened):
        qtbot.mouseClick(window.article_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    aid = index.data(IdRole)
    assert window.reader.article_id == aid
    text = window.reader.document().toPlainText()
    assert ARTICLES[1][1] in text and "wind machines" in text
    assert lib.article(aid).read
    assert index.data(Qt.ItemDataRole.FontRole) is None  # no longer bold


def test_add_feed_errors_inline(qtbot: Any, make_window: Any, open_library: Any, http_server: Any) -> None:
    http_server.route(
        "/", "<html><head><title>No feeds here</title></head><body>Hi</body></html>", content_type="text/html"
    )
    window = make_window(open_library())
    dialog = window.add_feed()
    dialog.url_edit.setText(http_server.url("/"))
    with qtbot.waitSignal(dialog.discoveryFinished, timeout=10000):
        dialog.find_feeds()
    assert dialog.error_label.isVisible() and dialog.error_label.text()
    assert not dialog.subscribe_button.isEnabled()
    dialog.url_edit.setText("javascript:alert(1)")
    with qtbot.waitSignal(dialog.discoveryFinished, timeout=10000):
        dialog.find_feeds()
    assert "web address" in dialog.error_label.text()
    assert dialog.isVisible()


def test_refresh_cancel_and_error_badge(qtbot: Any, make_window: Any, open_library: Any, http_server: Any) -> None:
    release = threading.Event()

    def slow(_req: Any) -> Reply:
        release.wait(10)
        return Reply(status=503, body=b"busy")

    def broken(_req: Any) -> Reply:
        release.wait(10)  # every feed waits, so some are still queued (per-host limit) at Cancel
        return Reply(status=500, body=b"not a feed")

    http_server.handle("/slow.xml", slow)
    http_server.handle("/broken.xml", broken)
    lib = open_library()
    slow_feed = lib.add_feed(http_server.url("/slow.xml"), title="Slow")
    others = [lib.add_feed(http_server.url(f"/broken.xml?{i}"), title=f"Broken {i}") for i in range(3)]
    window = make_window(lib)
    with qtbot.waitSignal(window.refreshFinished, timeout=20000) as finished:
        window.refresh([slow_feed.id, *[f.id for f in others]])
        assert window.actions_by_name["cancelRefresh"].isEnabled()
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    assert "cancelled" in window.status_label.text().lower()
    results = finished.args[0]
    assert any(r.skipped == "cancelled" for r in results)
    assert len(http_server.requests) < 4, "a cancelled refresh starts no new requests"
    # A full refresh of the broken feed marks it with a badge that says what and when.
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        window.refresh([others[0].id])
    index = window.feed_model.index_for("feed", others[0].id)
    assert "500" in index.data(ErrorRole)
    assert "Last refresh failed" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_keyboard_navigation(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    articles = add_feed_with_articles(lib, "kkkk", "Keys", 8, read_every=2)  # 0,2,4,6 read
    for a in articles:
        lib.store_content(a.id, _content(a.title, paragraphs=3 if a.id != articles[1].id else 60))
    window = make_window(lib)
    window.feed_tree.select_key("feed", "kkkk")
    window.select_row(0)
    window.article_table.setFocus()
    assert window.reader.article_id == articles[0].id
    _key(qtbot, window, "j")
    assert window.reader.article_id == articles[1].id
    _key(qtbot, window, "k")
    assert window.reader.article_id == articles[0].id
    _key(qtbot, window, "n")  # next unread: 1 was read by opening it, so 3
    assert window.reader.article_id == articles[3].id
    _key(qtbot, window, "p")  # previous unread: none left before 3 (1 was opened)
    assert window.reader.article_id == articles[3].id
    _key(qtbot, window, "m")
    assert not lib.article(articles[3].id).read
    _key(qtbot, window, "m")
    assert lib.article(articles[3].id).read
    _key(qtbot, window, "s")
    assert lib.article(articles[3].id).starred
    starred = window.feed_model.index_for("smart", "starred")
    assert window.feed_model.index(starred.row(), 1, QModelIndex()).data() == "1"
    # Space pages through a long article, then moves on.
    window.select_row(1)
    bar = window.reader.verticalScrollBar()
    assert bar.maximum() > 0
    _key(qtbot, window, Qt.Key.Key_Space)
    assert window.reader.article_id == articles[1].id and bar.value() > 0
    qtbot.waitUntil(lambda: (_key(qtbot, window, Qt.Key.Key_Space), window.reader.article_id)[1] == articles[2].id)
    # '/' focuses the filter; typing there filters instead of navigating.
    _key(qtbot, window, "/")
    assert window.filter_box.hasFocus()
    qtbot.keyClicks(window.filter_box, "story 0005")
    qtbot.waitUntil(lambda: window.article_model.total == 1)
    assert window.reader.article_id == articles[2].id  # typing 'j'/'k'-free text moved nothing


def test_question_mark_lists_every_shortcut(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = make_window(open_library())
    _key(qtbot, window, "?")
    dialog = window.shortcuts_dialog
    qtbot.waitExposed(dialog)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    for text, key in (
        ("Next article", "J"),
        ("Previous article", "K"),
        ("Next unread", "N"),
        ("Toggle read", "M"),
        ("Toggle star", "S"),
        ("Open original", "O"),
        ("Refresh", "R"),
        ("Filter articles", "/"),
        ("Keyboard shortcuts", "?"),
        ("Previous unread", "P"),
    ):
        assert key in rows[text].split(", ")
    assert rows["Page down, then next article"] == "Space"
    dialog.close()


def test_restart_keeps_read_flags_splitter_and_place(qtbot: Any, open_library: Any, tmp_path: Any) -> None:
    from ui.mainwindow import MainWindow

    lib = open_library()
    articles = add_feed_with_articles(lib, "rrrr", "Restart", 5)
    window = MainWindow(lib)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    window.feed_tree.select_key("feed", "rrrr")
    window.select_row(2)
    # Smaller than the offscreen screen (800x600): restoreGeometry clamps a window to its screen.
    window.resize(760, 540)
    window.splitter.setSizes([200, 240, 320])
    sizes = window.splitter.sizes()
    window.close()
    lib.close()

    lib2 = open_library()
    assert lib2.article(articles[2].id).read and not lib2.article(articles[3].id).read
    window2 = MainWindow(lib2)
    qtbot.addWidget(window2)
    window2.show()
    qtbot.waitExposed(window2)
    window2.start()
    assert window2.splitter.sizes() == sizes
    assert window2.feed_tree.current_key() == ("feed", "rrrr")
    assert window2.reader.article_id == articles[2].id
    window2.close()


def test_context_menu_rename_move_unsubscribe(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    add_feed_with_articles(lib, "cmcm", "Menu", 3)
    lib.add_folder("Later")
    window = make_window(lib)
    index = window.feed_model.index_for("feed", "cmcm")
    menu = window.feed_tree.context_menu(index)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Refresh",
        "Rename…",
        "Edit address…",
        "Move to folder",
        "Unsubscribe…",
    ]
    window.rename_feed("cmcm", "Renamed")
    assert window.feed_model.index_for("feed", "cmcm").data() == "Renamed"
    menu = window.feed_tree.context_menu(window.feed_model.index_for("feed", "cmcm"))
    move = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in move.actions() if a.text() == "Later").trigger()
    moved = window.feed_model.index_for("feed", "cmcm")
    assert moved.parent().data() == "Later"
    lib.mark_starred(lib.articles(feed_ids=frozenset({"cmcm"}))[0].id)
    window.unsubscribe("cmcm", confirm=False)
    assert not window.feed_model.index_for("feed", "cmcm").isValid()
    assert "1 starred or annotated article kept" in window.status_label.text()


def test_settings_and_opml_round_trip(
    qtbot: Any, make_window: Any, open_library: Any, tmp_path: Any, http_server: Any
) -> None:
    lib = open_library()
    lib.add_feed(http_server.url("/a.xml"), title="A feed", folder="Tech")
    window = make_window(lib)
    dialog = window.open_settings()
    dialog.auto_refresh.setChecked(True)
    dialog.interval.setValue(15)
    dialog.font_size.setValue(20)
    dialog.accept()
    assert lib.settings().auto_refresh and lib.settings().refresh_interval_minutes == 15
    assert window.auto_refresh_timer.isActive() and window.auto_refresh_timer.interval() == 15 * 60_000
    assert window.reader.font_size == 20
    path = tmp_path / "subs.opml"
    assert window.export_opml_file(str(path))
    assert b"A feed" in path.read_bytes()
    window.unsubscribe(lib.feeds()[0].id, confirm=False)
    with qtbot.waitSignal(window.refreshFinished, timeout=20000):
        assert window.import_opml_file(str(path)) == 1
    assert [(f.title, f.folder) for f in lib.feeds()] == [("A feed", "Tech")]
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<opml><body><outline")
    assert window.import_opml_file(str(bad)) == 0
    assert window.status_label.text()


def test_every_widget_and_action_has_an_accessible_name(make_window: Any, open_library: Any) -> None:
    window = make_window(open_library())
    for action in window.actions_by_name.values():
        assert action.text() and action.toolTip(), action.objectName()
    kinds = (QAbstractButton, QLineEdit, QAbstractItemView, QTextEdit, QProgressBar)
    for widget in window.findChildren(QWidget):
        if isinstance(widget, kinds) and widget.isVisibleTo(window):
            name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            assert name, f"{type(widget).__name__} {widget.objectName()!r} has no accessible name"


def test_gloss_open_forwards_to_the_running_window(
    qtbot: Any, make_window: Any, open_library: Any, tmp_path: Any
) -> None:
    """A second process (as ``gloss open ID`` would be) hands the article to this window."""
    from ui.instance import InstanceServer

    lib = open_library()
    articles = add_feed_with_articles(lib, "ffff", "Forward", 4)
    window = make_window(lib)
    server = InstanceServer(lib.data_dir)
    assert server.listen()
    server.requested.connect(lambda aid, hid: window.open_article(aid, highlight_id=hid))
    code = (
        "import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication; "
        "app = QCoreApplication([]); from ui.instance import forward; "
        f"sys.exit(0 if forward(Path({str(lib.data_dir)!r}), {articles[3].id!r}, None) else 3)"
    )
    with qtbot.waitSignal(window.articleOpened, timeout=20000):
        proc = subprocess.Popen([sys.executable, "-c", code])
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    server.close()
    assert proc.returncode == 0
    assert window.reader.article_id == articles[3].id
    assert window.article_table.currentIndex().data(IdRole) == articles[3].id


def _content(title: str, paragraphs: int) -> Any:
    from reader.types import ArticleContent, Block

    text = "A sentence that goes on long enough to fill a line of the reader's measured column. " * 3
    return ArticleContent(title=title, body=tuple(Block("paragraph", f"{i}. {text}") for i in range(paragraphs)))
