"""The feeds tree and the article table are proper Qt models, and the table loads lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from reader.types import ArticleFilter, FeedProblem, utcnow
from tests.ui.helpers import add_feed_with_articles
from ui.articles.model import CHUNK, COL_DATE, COL_TITLE, ArticleTableModel, IdRole
from ui.feeds.model import ErrorRole, FeedTreeModel, KeyRole


def _library(open_library: Any) -> Any:
    lib = open_library()
    add_feed_with_articles(lib, "aaaa", "Alpha", 30, folder="News", read_every=3)
    add_feed_with_articles(lib, "bbbb", "Beta", 12)
    add_feed_with_articles(lib, "cccc", "Gamma", 5)
    return lib


def test_feed_tree_passes_qtmodeltester(qtmodeltester: Any, open_library: Any) -> None:
    model = FeedTreeModel(_library(open_library))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_feed_tree_lists_smart_views_folders_and_counts(open_library: Any) -> None:
    lib = _library(open_library)
    model = FeedTreeModel(lib)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top[:4] == ["All articles", "Unread", "Starred", "Annotated"]
    assert top[4] == "News"
    assert top[5:] == ["Beta", "Gamma"]
    news = model.index(4, 0)
    assert model.index(0, 0, news).data() == "Alpha"
    assert model.index(0, 1, news).data() == "20"  # 30 articles, every third read
    assert model.index(0, 1).data() == str(20 + 12 + 5)
    assert model.index(4, 1).data() == "20"


def test_feed_error_badge_tooltip_says_what_and_when(open_library: Any) -> None:
    lib = _library(open_library)
    feed = lib.feed("bbbb")
    from dataclasses import replace

    lib.storage.meta.put_feed(replace(feed, last_error=FeedProblem("fetch", "The server answered 503.", utcnow(), 503)))
    model = FeedTreeModel(lib)
    index = model.index_for("feed", "bbbb")
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "503" in tip and "The server answered 503." in tip and utcnow().strftime("%Y") in tip
    assert index.data(ErrorRole)
    ok_index = model.index_for("feed", "cccc")
    assert not ok_index.data(ErrorRole)
    assert (
        index.data(Qt.ItemDataRole.DecorationRole).cacheKey()
        != ok_index.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    )


def test_reload_keeps_structure_and_updates_counts(open_library: Any, qtbot: Any) -> None:
    lib = _library(open_library)
    model = FeedTreeModel(lib)
    gamma = model.index_for("feed", "cccc")
    lib.mark_all_read([a.id for a in lib.articles(feed_ids=frozenset({"cccc"}))])
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.reload()
    assert model.index(gamma.row(), 1, gamma.parent()).data() == ""
    assert gamma.data(KeyRole) == ("feed", "cccc")


def test_article_table_passes_qtmodeltester(qtmodeltester: Any, open_library: Any) -> None:
    model = ArticleTableModel(_library(open_library))
    model.set_filter(ArticleFilter())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_article_table_loads_rows_lazily(open_library: Any, qtmodeltester: Any) -> None:
    lib = open_library()
    add_feed_with_articles(lib, "dddd", "Delta", 2 * CHUNK + 50)
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter())
    assert model.rowCount() == CHUNK and not model.complete
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * CHUNK
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * CHUNK + 50
    assert not model.canFetchMore(QModelIndex())
    assert model.complete and model.total == 2 * CHUNK + 50
    titles = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    assert titles == [f"Delta story {i:04d}" for i in range(2 * CHUNK + 50)]  # no gaps, no repeats
    qtmodeltester.check(model)


def test_article_table_sorts_and_shows_unread_bold(open_library: Any) -> None:
    lib = _library(open_library)
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter(feed_ids=frozenset({"aaaa"})))
    assert model.index(0, COL_TITLE).data() == "Alpha story 0000"  # newest first
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, COL_TITLE).data() == "Alpha story 0029"
    model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, COL_TITLE).data() == "Alpha story 0029"
    first = model.index(0, COL_TITLE)
    article = lib.article(first.data(IdRole))
    assert bool(first.data(Qt.ItemDataRole.FontRole) and first.data(Qt.ItemDataRole.FontRole).bold()) == (
        not article.read
    )
    read_row = next(r for r in range(model.rowCount()) if lib.article(model.index(r, 0).data(IdRole)).read)
    assert model.index(read_row, COL_TITLE).data(Qt.ItemDataRole.FontRole) is None


def test_article_table_filters_by_text(open_library: Any) -> None:
    lib = _library(open_library)
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter(text="story 0011"))
    assert {model.index(r, COL_TITLE).data() for r in range(model.rowCount())} == {
        "Alpha story 0011",
        "Beta story 0011",
    }


def test_rows_arriving_in_many_runs_are_put_in_place_at_once(open_library: Any, qtbot: Any) -> None:
    """A refresh's articles come interleaved by date with those listed (one run of rows each):
    past FEW_RUNS runs they are put in place in one layout change, and still every one is
    listed at its place, the selection stays on its article and the view counts every row."""
    from dataclasses import replace

    from PySide6.QtWidgets import QTableView

    from ui.articles.model import FEW_RUNS

    lib = open_library()
    old = add_feed_with_articles(lib, "oldf", "Old News", 20)
    model = ArticleTableModel(lib)
    view = QTableView()
    qtbot.addWidget(view)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)  # as the window's list
    view.setModel(model)
    model.set_filter(ArticleFilter())
    view.setCurrentIndex(model.index(7, COL_TITLE))
    assert [model.article_id(i.row()) for i in view.selectionModel().selectedRows()] == [old[7].id]
    # Each new one half an hour older than an old one: a run of its own, between two old rows.
    fresh = [
        replace(old[i], id=f"oldf-{0xF000 + i:012x}", guid=f"new/{i}", title=f"Fresh story {i:04d}")
        for i in range(0, 20, 2)
    ]
    fresh = [replace(a, published=a.published - (old[0].published - old[1].published) / 2) for a in fresh]
    lib.storage.meta.put_articles("oldf", fresh)
    assert len(fresh) > FEW_RUNS
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    with qtbot.waitSignal(model.layoutChanged, timeout=1000):
        assert model.merge_rows(model.query(30)) == len(fresh)
    assert inserted == []  # not run by run
    expected = [a.id for a in sorted([*old, *fresh], key=lambda a: a.published, reverse=True)]
    assert model.ids() == expected and model.rowCount() == 30
    titles = [model.index(r, COL_TITLE).data() for r in range(30)]
    assert all(f"Fresh story {i:04d}" in titles for i in range(0, 20, 2))
    assert view.verticalHeader().count() == 30
    assert model.article_id(view.currentIndex().row()) == old[7].id
    assert [model.article_id(i.row()) for i in view.selectionModel().selectedRows()] == [old[7].id]


def test_rows_arriving_in_a_few_runs_are_inserted(open_library: Any, qtbot: Any) -> None:
    from dataclasses import replace

    lib = open_library()
    old = add_feed_with_articles(lib, "oldf", "Old News", 5)
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter())
    newer = [replace(old[0], id=f"oldf-{0xF000 + i:012x}", guid=f"new/{i}", title=f"Fresh {i}") for i in range(3)]
    newer = [
        replace(a, published=old[0].published + (old[0].published - old[1].published) * (i + 1))
        for i, a in enumerate(newer)
    ]
    lib.storage.meta.put_articles("oldf", newer)
    with qtbot.waitSignal(model.rowsInserted, timeout=1000):
        assert model.merge_rows(model.query(8)) == 3
    assert model.ids() == [a.id for a in reversed(newer)] + [a.id for a in old]
