"""The list and the reader show an article's one date and say where it comes from (issue 15, item 8)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.types import ArticleFilter
from tests.ui.helpers import add_feed_with_articles, rich_content
from ui.articles.model import COL_DATE, COL_TITLE, ArticleTableModel, short_date
from ui.articleview.view import ReaderView


def _tooltip_at(view: ReaderView, text: str) -> str:
    doc = view.document()
    found = doc.find(text)
    assert not found.isNull(), f"{text!r} is not in the reader"
    cursor = QTextCursor(doc)
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat().toolTip()


def test_the_page_date_shows_in_the_list_and_the_reader_and_both_say_so(open_library: Any, qtbot: Any) -> None:
    lib = open_library()
    older, newer = add_feed_with_articles(lib, "feed", "Harbour", 2)[::-1]
    # The newer entry's page says it is from January 2025: it is an old story the feed re-dated.
    lib.store_content(newer.id, replace(rich_content(), published="2025-01-15T08:00:00+00:00"))
    model = ArticleTableModel(lib)
    model.set_filter(ArticleFilter())
    rows = [(model.index(r, COL_TITLE).data(), model.index(r, COL_DATE).data()) for r in range(model.rowCount())]
    assert rows == [(older.title, short_date(older.date)), (newer.title, "15 Jan 2025")]
    assert "date from the article's page" in model.index(1, COL_DATE).data(Qt.ItemDataRole.ToolTipRole)
    assert "date from the feed" in model.index(0, COL_DATE).data(Qt.ItemDataRole.ToolTipRole)

    view = ReaderView(lib)
    qtbot.addWidget(view)
    view.show_article(newer.id)
    assert _tooltip_at(view, "15 January 2025") == "date from the article's page"
    lib.store_content(older.id, rich_content())  # the page gives its own time, 2 March 09:00
    view.show_article(older.id)
    assert _tooltip_at(view, "2 March 2026") == "date from the article's page"
