"""Smaller things of the reading window: Esc leaves the filter, the reader comes back where
it was after a restart, and a date of another year is shown whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import activate
from tests.ui.helpers import add_feed_with_articles
from ui.articles.model import COL_DATE


def test_esc_clears_the_filter_and_goes_back_to_the_list(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    add_feed_with_articles(lib, "escf", "Esc", 12)
    window = make_window(lib)
    window.feed_tree.select_key("feed", "escf")
    window.focus_filter()
    with qtbot.waitSignal(window.articlesReloaded, timeout=5000):
        qtbot.keyClicks(window.filter_box, "story 0003")
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)
    with qtbot.waitSignal(window.articlesReloaded, timeout=5000):
        qtbot.keyClick(window.filter_box, Qt.Key.Key_Escape)
    assert window.filter_box.text() == ""
    assert window.article_table.hasFocus()
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 12)


def test_the_reader_comes_back_where_it_was(qtbot: Any, open_library: Any) -> None:
    from ui.mainwindow import MainWindow

    lib = open_library(first_run=True)
    window = MainWindow(lib)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    aid = window.reader.article_id
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    fraction = window.reader.scroll_fraction()
    assert 0.3 < fraction < 0.7
    window.close()
    lib.close()

    lib2 = open_library()
    again = MainWindow(lib2)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.start()
    assert again.reader.article_id == aid
    assert abs(again.reader.scroll_fraction() - fraction) < 0.02
    again.close()


def test_a_date_of_another_year_is_shown_whole(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    (old, *_rest) = add_feed_with_articles(lib, "olds", "Old", 3)
    lib.storage.meta.put_articles("olds", [replace(old, published=datetime(2023, 9, 28, 12, tzinfo=UTC))])
    window = make_window(lib)
    activate(qtbot, window)
    window.feed_tree.select_key("feed", "olds")
    row = window.article_model.row_of(old.id)
    text = window.article_model.index(row, COL_DATE).data()
    assert text.endswith("2023")
    table = window.article_table
    assert table.columnWidth(COL_DATE) >= table.fontMetrics().horizontalAdvance(text) + 12


def test_each_library_opens_where_it_was_left(qtbot: Any, open_library: Any, tmp_path: Any) -> None:
    from ui.mainwindow import MainWindow

    def opened(lib: Any) -> MainWindow:
        window = MainWindow(lib)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        return window

    work = open_library(path=tmp_path / "work")
    add_feed_with_articles(work, "wrk1", "Work one", 5)
    add_feed_with_articles(work, "wrk2", "Work two", 5)
    window = opened(work)
    window.feed_tree.select_key("feed", "wrk2")
    window.select_article("wrk2-000000000003")
    window.close()
    work.close()

    # Another library (gloss --data-dir) has none of those: it opens on its own defaults...
    home = open_library(path=tmp_path / "home")
    add_feed_with_articles(home, "hom1", "Home", 5)
    window = opened(home)
    assert window.feed_tree.current_key() != ("feed", "wrk2")
    window.feed_tree.select_key("feed", "hom1")
    window.select_article("hom1-000000000002")
    window.close()
    home.close()

    # ...and does not overwrite where the first was left.
    work = open_library(path=tmp_path / "work")
    window = opened(work)
    assert window.feed_tree.current_key() == ("feed", "wrk2")
    assert window.reader.article_id == "wrk2-000000000003"
    window.close()


def test_the_status_bar_and_the_tree_agree_on_unread_counts(qtbot: Any, make_window: Any, open_library: Any) -> None:
    lib = open_library()
    add_feed_with_articles(lib, "cnt1", "Counted", 6)
    window = make_window(lib)

    def tree_count() -> str:  # looked up each time: a recount may reset the model
        index = window.feed_model.index_for("feed", "cnt1")
        return str(window.feed_model.index(index.row(), 1, index.parent()).data())

    window.feed_tree.select_key("feed", "cnt1")
    qtbot.waitUntil(lambda: tree_count() == str(lib.storage.meta.article_counts()["cnt1"][0]), timeout=10000)
    before = int(tree_count())  # 5 or 6: the window may have opened (and read) the newest already
    qtbot.waitUntil(lambda: window.status_label.text() == f"Counted: {before} unread", timeout=10000)
    unread = next(a for a in lib.articles(feed_ids=["cnt1"]) if not a.read)
    window.select_article(unread.id)  # opening it marks it read
    qtbot.waitUntil(lambda: tree_count() == str(before - 1))
    qtbot.waitUntil(lambda: window.status_label.text() == f"Counted: {before - 1} unread")
