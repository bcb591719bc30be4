"""The article list: a hand-written QAbstractTableModel over article ids.

The view sees rows in chunks of :data:`CHUNK` through ``canFetchMore``/``fetchMore``, each the
library's next page (``offset``: the list index reads that page's days, not the pages before),
so a 500,000-article "All" view costs the first 200 rows, and scrolling costs what it shows.
The model holds the ids of the rows it has; the rows' articles are a bounded cache
(:data:`CACHED_ROWS`), a row scrolled out of it loaded again with its page when shown (as
Anki's browser holds card ids and loads rows as they are drawn).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from reader import DATE_SOURCE_WORDS, Article, ArticleFilter, Library, ReaderError

from ..text import display_title

CHUNK = 200
CACHED_ROWS = 20 * CHUNK  # articles kept for the rows loaded (ids are kept for all of them)
FEW_RUNS = 8  # arriving rows in more runs than this are put in place in one layout change
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


def _runs(order: list[str], fresh: set[str]) -> list[tuple[int, int]]:
    """The first and last rows of each run of ``fresh`` ids in ``order``."""
    runs: list[tuple[int, int]] = []
    for row, aid in enumerate(order):
        if aid not in fresh:
            continue
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class ArticleTableModel(QAbstractTableModel):
    """Rows are pages of the library's query: the first :data:`CHUNK` matching articles, then
    :data:`CHUNK` more each time the view scrolls to the end (``fetchMore``). Only the rows
    shown ever become :class:`Article` objects."""

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self._filter = ArticleFilter()
        self._ids: list[str] = []
        self._articles: OrderedDict[str, Article] = OrderedDict()  # by id, least recently shown first
        self._row_of: dict[str, int] = {}
        self._more = False
        self._active = False
        self._loaded = 0
        self.known_total: int | None = None  # from the feed counts, when the view has one
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

    def query(self, limit: int = CHUNK, offset: int = 0) -> list[Article]:
        """``limit`` rows of the current filter and sort after the first ``offset`` (safe off
        the GUI thread).

        The library sorts by date (both ways), title and feed (ascending); a descending
        title or feed sort reads the whole selection and reverses it, and the star column
        sorts the date order's rows starred-first."""
        column, order = self._sort
        desc = order == Qt.SortOrder.DescendingOrder
        flt = self._filter
        if column in (COL_TITLE, COL_FEED):
            key: Literal["title", "feed"] = "title" if column == COL_TITLE else "feed"
            if desc:
                return self.library.articles(replace(flt, order=key, limit=None, offset=0))[::-1][
                    offset : offset + limit
                ]
            return self.library.articles(replace(flt, order=key, limit=limit, offset=offset))
        by_date: Literal["newest", "oldest"] = "oldest" if column == COL_DATE and not desc else "newest"
        if column == COL_STAR:  # starred first among the rows down to this page, as before
            rows = self.library.articles(replace(flt, order=by_date, limit=offset + limit, offset=0))
            rows.sort(key=lambda a: not a.starred if desc else a.starred)
            return rows[offset:]
        return self.library.articles(replace(flt, order=by_date, limit=limit, offset=offset))

    def reload(self) -> None:
        self.set_rows(self.query(max(CHUNK, self._loaded)))

    def set_rows(self, rows: list[Article], limit: int | None = None) -> None:
        """Show ``rows`` (the result of :meth:`query` with ``limit``, CHUNK by default)."""
        asked = limit if limit is not None else max(CHUNK, len(rows))
        self.beginResetModel()
        self._active = True
        self._ids = [a.id for a in rows]
        self._articles = OrderedDict((a.id, a) for a in rows)
        self._trim()
        self._row_of = {aid: i for i, aid in enumerate(self._ids)}
        self._loaded = len(self._ids)
        self._more = len(rows) >= asked
        self._feed_titles = {f.id: f.display_title for f in self.library.feeds(include_unsubscribed=True)}
        self.endResetModel()

    def merge_rows(self, rows: list[Article]) -> int:
        """Insert the articles of ``rows`` (a fresh :meth:`query`) that are not listed yet, at
        their places, keeping every listed row, the selection and the scroll position (the
        list while a refresh stores articles). Returns how many were inserted; falls back
        to :meth:`set_rows` when the listed rows are no longer in the query's order."""
        fresh = {a.id for a in rows} - self._row_of.keys()
        if not fresh or not self._active:
            return 0
        kept = [a.id for a in rows if a.id not in fresh]
        if kept != self._ids[: len(kept)]:
            self.set_rows(rows)
            return len(fresh)
        order = [a.id for a in rows] + self._ids[len(kept) :]
        by_id = {a.id: a for a in rows}
        runs = _runs(order, fresh)
        if len(runs) > FEW_RUNS:
            self._relayout(order, [by_id[aid] for aid in fresh])
        else:
            for first, last in runs:
                self.beginInsertRows(QModelIndex(), first, last)
                self._ids[first:first] = order[first : last + 1]
                self._articles.update((aid, by_id[aid]) for aid in order[first : last + 1])
                self._loaded = len(self._ids)
                self.endInsertRows()
        self._row_of = {aid: i for i, aid in enumerate(self._ids)}
        self._feed_titles = {f.id: f.display_title for f in self.library.feeds(include_unsubscribed=True)}
        return len(fresh)

    def _relayout(self, order: list[str], fresh: list[Article]) -> None:
        """The rows become ``order`` (the listed ones with ``fresh`` among them) in one layout
        change: each run of rows inserted on its own cost the view (and the GUI thread, which
        gives up the GIL at each call into Qt while a refresh runs) a round of work, and the
        articles of a refresh's feeds come interleaved by date, a few hundred runs a batch.
        Selection and scroll position are kept as by inserts: the persistent indexes follow
        their rows (as QSortFilterProxyModel's do when its rows change in a layout change)."""
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        before = self.persistentIndexList()
        self._ids = order
        self._articles.update((a.id, a) for a in fresh)
        self._loaded = len(order)
        self._row_of = {aid: i for i, aid in enumerate(order)}
        after = [
            self.index(self._row_of[old_ids[idx.row()]], idx.column())
            if 0 <= idx.row() < len(old_ids)
            else QModelIndex()
            for idx in before
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows = self.query(CHUNK, offset=self._loaded)  # the next page only
        fresh = [a for a in rows if a.id not in self._row_of]
        self._more = len(rows) >= CHUNK
        if not fresh:
            self._more = False
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + len(fresh) - 1)
        for a in fresh:
            self._row_of[a.id] = len(self._ids)
            self._ids.append(a.id)
            self._articles[a.id] = a
        self._loaded = len(self._ids)
        self._trim()
        self.endInsertRows()

    def ensure_loaded(self, row: int) -> None:
        """Make ``row`` reachable (keyboard navigation past the loaded rows)."""
        while row >= self._loaded and self.canFetchMore():
            self.fetchMore()

    # --- lookups -------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Matching articles: exact once everything is loaded, else the feed counts' figure."""
        if not self._more:
            return self._loaded
        return max(self.known_total or 0, self._loaded)

    @property
    def complete(self) -> bool:
        return not self._more

    def article_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < self._loaded else None

    def article_at(self, row: int) -> Article | None:
        aid = self.article_id(row)
        if aid is None:
            return None
        article = self._articles.get(aid)
        if article is None:
            article = self._load_page(row).get(aid)
        else:
            self._articles.move_to_end(aid)
        return article

    def _trim(self) -> None:
        while len(self._articles) > CACHED_ROWS:
            self._articles.popitem(last=False)

    def _load_page(self, row: int) -> dict[str, Article]:
        """Load the articles of ``row``'s page again (it was scrolled out of the cache): the
        page as the library has it now, and by id any row it no longer has there."""
        start = row - row % CHUNK
        wanted = self._ids[start : start + CHUNK]
        found = {a.id: a for a in self.query(CHUNK, offset=start) if a.id in self._row_of}
        for aid in wanted:
            if aid not in found:
                try:
                    found[aid] = self.library.article(aid)
                except ReaderError:
                    continue  # deleted meanwhile: the row shows nothing until the next reload
        self._cache(found.values())
        return found

    def _cache(self, articles: Iterable[Article]) -> None:
        for a in articles:
            self._articles[a.id] = a
            self._articles.move_to_end(a.id)
        self._trim()

    def row_of(self, article_id: str) -> int | None:
        return self._row_of.get(article_id)

    def ids(self) -> list[str]:
        return list(self._ids)

    def next_row(self, start: int, step: int, *, unread: bool = False) -> int | None:
        """The next row from ``start`` in direction ``step`` (only unread ones if asked),
        loading more rows when the loaded ones run out."""
        row = start + step
        while row >= 0:
            if row >= self._loaded:
                if not self.canFetchMore():
                    return None
                self.fetchMore()
                continue
            article = self.article_at(row)
            if not unread or (article is not None and not article.read):
                return row
            row += step
        return None

    def update_article(self, article: Article) -> None:
        """Show a changed article (read/starred toggled) without reloading the list."""
        row = self._row_of.get(article.id)
        if row is None:
            return
        self._cache([article])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def refresh_ids(self, article_ids: list[str]) -> None:
        """Show these articles as stored now: the ones cached are loaded again with their pages
        (not one by one), the others are when they are next shown."""
        rows = sorted({r for r in (self._row_of.get(aid) for aid in article_ids) if r is not None})
        if not rows:
            return
        for aid in article_ids:
            self._articles.pop(aid, None)
        first, last = rows[0], rows[-1]
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

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
        article = self.article_at(index.row()) if index.isValid() else None  # None past the rows too
        if article is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return display_title(article.title or "Untitled")
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
                when = article.date.astimezone().strftime("%A %d %B %Y, %H:%M")
                return f"{when} ({DATE_SOURCE_WORDS[article.date_source]})"
            if col == COL_TITLE:
                return display_title(article.summary or article.title)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = ("unread, " if not article.read else "") + ("starred, " if article.starred else "")
            if col == COL_TITLE:
                return f"{state}{display_title(article.title)}"
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
        if not 0 <= column < len(HEADERS) or (column, order) == self._sort:
            return  # the view asks again when sorting is switched on: nothing changed
        self._sort = (column, order)
        if not self._active:
            return  # nothing listed yet: the first query will use this order
        asked = max(CHUNK, self._loaded)
        rows = self.query(asked)
        if len(rows) != self._loaded:  # rows cannot come or go in a layout change
            self.set_rows(rows, asked)
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = [a.id for a in rows]
        self._articles = OrderedDict((a.id, a) for a in rows)
        self._trim()
        self._row_of = {aid: i for i, aid in enumerate(self._ids)}
        self._more = len(rows) >= asked
        before = self.persistentIndexList()
        after = []
        for idx in before:
            new_row = self._row_of.get(old_ids[idx.row()]) if 0 <= idx.row() < len(old_ids) else None
            after.append(self.index(new_row, idx.column()) if new_row is not None else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort
