"""The article table pages rows in as the view scrolls and keeps only a window of them as
articles: rows scrolled far away are loaded again, with their page, when they are shown."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

import ui.articles.model as article_model
from reader.types import ArticleFilter
from tests.ui.helpers import add_feed_with_articles
from ui.articles.model import CHUNK, COL_TITLE, ArticleTableModel, ReadRole

ROWS = 5 * CHUNK + 30


@pytest.fixture
def big(open_library: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ArticleTableModel]:
    monkeypatch.setattr(article_model, "CACHED_ROWS", 2 * CHUNK)  # a small window, to leave it
    lib = open_library()
    # Several feeds, interleaved by date, so pages mix them (the index's pages, not one shard's).
    for n, fid in enumerate(["aaaa", "bbbb", "cccc"]):
        add_feed_with_articles(lib, fid, f"Feed{n}", ROWS // 3 + (n == 0) * (ROWS % 3), read_every=4)
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter())
    return lib, model


def _scroll_to_the_end(model: ArticleTableModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_scrolling_to_the_end_shows_every_row_once_in_order(big: tuple[Any, ArticleTableModel]) -> None:
    lib, model = big
    _scroll_to_the_end(model)
    assert model.rowCount() == ROWS and model.complete
    expected = [a.title for a in lib.articles(limit=None)]
    assert [model.index(r, COL_TITLE).data() for r in range(ROWS)] == expected


def test_rows_scrolled_out_of_the_window_come_back_when_shown(big: tuple[Any, ArticleTableModel]) -> None:
    lib, model = big
    _scroll_to_the_end(model)
    assert len(model._articles) <= 2 * CHUNK  # ids for every row, articles for a window only
    first = lib.articles(limit=1)[0]
    assert model.article_id(0) == first.id and first.id not in model._articles
    assert model.index(0, COL_TITLE).data() == first.title  # loaded again with its page
    assert model.article_at(0) == first


def test_a_change_to_a_row_out_of_the_window_shows_when_it_comes_back(big: tuple[Any, ArticleTableModel]) -> None:
    lib, model = big
    _scroll_to_the_end(model)
    aid = model.article_id(3)
    assert aid is not None
    lib.mark_read(aid, True)
    model.refresh_ids([aid])
    assert model.index(3, COL_TITLE).data(ReadRole) is True
    assert model.index(3, COL_TITLE).data(Qt.ItemDataRole.FontRole) is None  # not bold any more


def test_next_unread_walks_past_the_window(big: tuple[Any, ArticleTableModel]) -> None:
    lib, model = big
    _scroll_to_the_end(model)
    unread = [i for i, a in enumerate(lib.articles(limit=None)) if not a.read]
    assert model.next_row(-1, 1, unread=True) == unread[0]
    assert model.next_row(unread[0], 1, unread=True) == unread[1]


def test_new_articles_at_the_top_between_pages_are_not_listed_twice(big: tuple[Any, ArticleTableModel]) -> None:
    lib, model = big
    model.fetchMore(QModelIndex())
    add_feed_with_articles(lib, "dddd", "Late", 30)  # newer than all: every page shifts by 30
    _scroll_to_the_end(model)
    ids = model.ids()
    assert len(ids) == len(set(ids))


def test_the_paged_model_passes_qtmodeltester(big: tuple[Any, ArticleTableModel], qtmodeltester: Any) -> None:
    _lib, model = big
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
