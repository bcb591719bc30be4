"""The article list: a hand-written QAbstractTableModel over article ids.

The query (in memory, in the library's catalog) gives every matching id at once, but the
view only ever sees rows in chunks of :data:`CHUNK` through ``canFetchMore``/``fetchMore``:
a 50,000-article "All" view costs the first 200 rows, not 50,000 row layouts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from reader.catalog import ArticleFilter
from reader.errors import ReaderError
from reader.library import Library
from reader.types import Article

CHUNK = 200
IdRole = Qt.ItemDataRole.UserRole + 1
ReadRole = Qt.ItemDataRole.UserRole + 2
StarredRole = Qt.ItemDataRole.UserRole + 3

COL_STAR, COL_TITLE, COL_FEED, COL_DATE = range(4)
HEADERS = ("★", "Title", "Feed", "Date")

Index = QModelIndex | QPersistentModelIndex


def short_date(when: datetime, now: datetime | None = None) -> str:
    """'14:05' today, '12 Mar' this year, '12 Mar 2023' before."""
    local = when.astimezone()
    now = (now or datetime.now().astimezone()).astimezone()
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return f"{local.day} {local:%b}"
    return f"{local.day} {local:%b %Y}"


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self._filter = ArticleFilter()
        self._ids: list[str] = []
        self._articles: dict[str, Article] = {}
        self._row_of: dict[str, int] = {}
        self._loaded = 0
        self._feed_titles: dict[str, str] = {}
        self._sort: tuple[int, Qt.SortOrder] = (COL_DATE, Qt.SortOrder.DescendingOrder)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- loading -----------------------------------------------------------------------------

    @property
    def article_filter(self) -> ArticleFilter:
        return self._filter

    def use_filter(self, flt: ArticleFilter) -> None:
        """Set the filter the next :meth:`query` runs, without reloading now."""
        self._filter = flt

    def set_filter(self, flt: ArticleFilter) -> None:
        self._filter = flt
        self.reload()

    def query(self) -> list[Article]:
        """Run the current filter and sort against the library (safe off the GUI thread)."""
        column, order = self._sort
        desc = order == Qt.SortOrder.DescendingOrder
        flt = self._filter
        if column == COL_TITLE:
            rows = self.library.articles(replace(flt, order="title"))
            return rows[::-1] if desc else rows
        if column == COL_FEED:
            rows = self.library.articles(replace(flt, order="feed"))
            return rows[::-1] if desc else rows
        rows = self.library.articles(replace(flt, order="newest" if desc else "oldest"))
        if column == COL_STAR:
            rows.sort(key=lambda a: not a.starred if desc else a.starred)
        return rows

    def reload(self) -> None:
        self.set_rows(self.query())

    def set_rows(self, rows: list[Article]) -> None:
        """Show ``rows`` (the result of :meth:`query`), keeping nothing of the old list."""
        self.beginResetModel()
        self._ids = [a.id for a in rows]
        self._articles = {a.id: a for a in rows}
        self._row_of = {aid: i for i, aid in enumerate(self._ids)}
        self._loaded = min(CHUNK, len(self._ids))
        self._feed_titles = {f.id: f.display_title for f in self.library.feeds(include_unsubscribed=True)}
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(CHUNK, len(self._ids) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def ensure_loaded(self, row: int) -> None:
        """Make ``row`` reachable (keyboard navigation past the loaded rows)."""
        while row >= self._loaded and self.canFetchMore():
            self.fetchMore()

    # --- lookups -------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Matching articles, loaded or not."""
        return len(self._ids)

    def article_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < self._loaded else None

    def article_at(self, row: int) -> Article | None:
        aid = self.article_id(row)
        return self._articles.get(aid) if aid else None

    def row_of(self, article_id: str) -> int | None:
        row = self._row_of.get(article_id)
        if row is None:
            return None
        self.ensure_loaded(row)
        return row

    def ids(self) -> list[str]:
        return list(self._ids)

    def next_row(self, start: int, step: int, *, unread: bool = False) -> int | None:
        """The next row from ``start`` in direction ``step`` (only unread ones if asked)."""
        row = start + step
        while 0 <= row < len(self._ids):
            if not unread or not self._articles[self._ids[row]].read:
                self.ensure_loaded(row)
                return row
            row += step
        return None

    def update_article(self, article: Article) -> None:
        """Show a changed article (read/starred toggled) without reloading the list."""
        row = self._row_of.get(article.id)
        if row is None:
            return
        self._articles[article.id] = article
        if row < self._loaded:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def refresh_ids(self, article_ids: list[str]) -> None:
        for aid in article_ids:
            try:
                self.update_article(self.library.article(aid))
            except ReaderError:
                continue

    # --- QAbstractTableModel -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Starred", "Title", "Feed", "Date")[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        article = self._articles[self._ids[index.row()]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return " ".join((article.title or "Untitled").split())
            if col == COL_FEED:
                return self._feed_titles.get(article.feed_id, "")
            if col == COL_DATE:
                return short_date(article.date)
            if col == COL_STAR:
                return "★" if article.starred else ""
            return None
        if role == IdRole:
            return article.id
        if role == ReadRole:
            return article.read
        if role == StarredRole:
            return article.starred
        if role == Qt.ItemDataRole.FontRole and not article.read and col != COL_STAR:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_STAR:
                return "Starred (S to toggle)" if article.starred else "Not starred (S to star)"
            if col == COL_DATE:
                return article.date.astimezone().strftime("%A %d %B %Y, %H:%M")
            if col == COL_TITLE:
                return article.summary[:300] or article.title
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = ("unread, " if not article.read else "") + ("starred, " if article.starred else "")
            if col == COL_TITLE:
                return f"{state}{article.title}"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_STAR:
                return int(Qt.AlignmentFlag.AlignCenter)
            if col == COL_DATE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STAR:
            from PySide6.QtGui import QColor

            return QColor("#d4a017")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        rows = self.query()
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = [a.id for a in rows]
        self._articles = {a.id: a for a in rows}
        self._row_of = {aid: i for i, aid in enumerate(self._ids)}
        self._loaded = min(self._loaded, len(self._ids))
        before = self.persistentIndexList()
        after = []
        for idx in before:
            new_row = self._row_of.get(old_ids[idx.row()]) if 0 <= idx.row() < len(old_ids) else None
            ok = new_row is not None and new_row < self._loaded
            after.append(self.index(new_row, idx.column()) if ok else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort
