"""One search field for articles and notes: ranked results with snippets as you type.

:class:`SearchBox` debounces typing (50 ms) and runs ``Library.search`` in the background
through the window's one job mechanism, latest only (:class:`ui.workers.LatestOnly`): a query
typed over before it ran is never run, and a slow query never overwrites a newer one.
:class:`SearchPanel` is the box with its result list.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader import Library, SearchHit
from ui.articles.model import short_date
from ui.workers import LatestOnly

DEBOUNCE_MS = 50  # a query at 50,000 articles takes ~10-90 ms: results land <= 150 ms after the last key
RESULT_LIMIT = 30
HitRole = Qt.ItemDataRole.UserRole + 20


def snippet_html(hit: SearchHit) -> str:
    """The snippet escaped, with the matched words in bold."""
    out: list[str] = []
    last = 0
    for start, end in sorted(hit.marks):
        if start < last or end > len(hit.snippet):
            continue
        out.append(html.escape(hit.snippet[last:start]))
        out.append(f"<b>{html.escape(hit.snippet[start:end])}</b>")
        last = end
    out.append(html.escape(hit.snippet[last:]))
    return "".join(out)


def library_search(library: Library, query: str, limit: int) -> list[SearchHit]:
    # --- the facade's search (Library.search, reader/searching.py) -------------------------------
    # Guarded so these widgets still load against a library without search: no results then.
    search = getattr(library, "search", None)
    if search is None:
        return []
    hits: list[SearchHit] = search(query, limit=limit)
    return hits


class SearchBox(QLineEdit):
    """The search field. ``resultsReady(query, hits)`` for the latest query only;
    ``searchFailed(message)`` when the search raised; ``submitted()`` on Enter."""

    resultsReady = Signal(str, list)
    searchFailed = Signal(str)
    submitted = Signal()
    downPressed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.library = library
        if pool is None:
            # Its own single thread: queries never queue behind a refresh in the global pool,
            # and never run two at once on a two-core machine.
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        self.pool = pool
        self._latest = LatestOnly()
        self.setObjectName("searchBox")
        self.setAccessibleName("Search articles and notes")
        self.setPlaceholderText("Search articles and notes")
        self.setClearButtonEnabled(True)
        self.limit = RESULT_LIMIT
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(self._typed)

    @property
    def generation(self) -> int:
        return self._latest.generation

    def _typed(self, _text: str) -> None:
        self._latest.supersede()  # anything in flight is stale from this keystroke on
        self._timer.start()

    def search_now(self) -> None:
        """Start the query for the current text (the debounce timer calls this)."""
        self._timer.stop()
        query = self.text().strip()
        if not query:
            self._latest.supersede()
            self.resultsReady.emit("", [])
            return
        library, limit = self.library, self.limit
        generation = self._latest.generation + 1
        self._latest.run(
            lambda: library_search(library, query, limit),
            lambda hits: self._done(generation, query, hits),
            lambda exc: self._done(generation, query, exc),
            pool=self.pool,
            owner=self,
        )

    def wait_idle(self, msecs: int = 10000) -> bool:
        """Wait for a running query (before the library closes)."""
        return self.pool.waitForDone(msecs)

    def _done(self, generation: int, query: str, result: object) -> None:
        if generation != self.generation:
            return  # an older query finished late: never show it over the newer one
        if isinstance(result, Exception):
            self.searchFailed.emit(f"Search failed: {result}")
            return
        self.resultsReady.emit(query, list(result) if isinstance(result, list) else [])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.downPressed.emit()
            return
        super().keyPressEvent(event)


_PART_WORDS = {"quote": "highlight"}  # the other parts are said as the index names them


def provenance(hit: SearchHit) -> str:
    """'Voice of America · 12 Mar · in title, text': which copy of a story this is, and where
    the words were found."""
    parts = [p for p in (hit.feed_title, short_date(hit.date) if hit.date else "") if p]
    if hit.matched:
        parts.append("in " + ", ".join(_PART_WORDS.get(m, m) for m in hit.matched))
    return " · ".join(parts)


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits) or index.column() != 0:
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            kind = "Note" if hit.kind == "highlight" else "Article"
            return f"{kind}: {hit.title or 'Untitled'} ({provenance(hit)}) — {hit.snippet}"
        if role == HitRole:
            return hit
        return None


class SearchResultDelegate(QStyledItemDelegate):
    """Title (with "Note" for a highlight hit) over the snippet with its matches in bold."""

    def _doc(self, option: QStyleOptionViewItem, hit: SearchHit, selected: bool) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        pal: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = pal.color(role).name()
        muted = color if selected else pal.color(QPalette.ColorRole.PlaceholderText).name()
        tag = "Note in " if hit.kind == "highlight" else ""
        title = html.escape(hit.title or "Untitled article")
        doc.setHtml(
            f'<div style="color:{color}"><span style="font-weight:600">{tag}{title}</span>'
            f'<br><span style="color:{muted}; font-size:small">{html.escape(provenance(hit))}</span>'
            f'<br><span style="color:{muted}">{snippet_html(hit)}</span></div>'
        )
        doc.setTextWidth(max(option.rect.width() - 12, 50))
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hit = index.data(HitRole)
        if not isinstance(hit, SearchHit):
            return super().sizeHint(option, index)
        widget = option.widget
        if widget is not None:
            option.rect.setWidth(widget.viewport().width())  # type: ignore[attr-defined]
        doc = self._doc(option, hit, False)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(HitRole)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc = self._doc(option, hit, selected)
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


class SearchPanel(QWidget):
    """The search box and its ranked results. ``openResult(article_id, highlight_id)`` on Enter
    or double-click; ``highlight_id`` is "" for an article hit."""

    openResult = Signal(str, str)

    def __init__(self, library: Library, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.setAccessibleName("Search")
        self.box = SearchBox(library, self, pool=pool)
        self.model = SearchResultsModel(self)
        self.results = QListView(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchResultDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.box.resultsReady.connect(self._show)
        self.box.searchFailed.connect(self.status.setText)
        self.box.submitted.connect(self.open_current)
        self.box.downPressed.connect(self._into_results)
        self.results.activated.connect(self._open)
        self.results.doubleClicked.connect(self._open)

    def _show(self, query: str, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
            self.status.setText("")
        else:
            self.status.setText(f"Nothing matches “{query}”." if query else "")

    def _into_results(self) -> None:
        if self.model.rowCount():
            self.results.setFocus()
            row = min(self.results.currentIndex().row() + 1, self.model.rowCount() - 1)
            self.results.setCurrentIndex(self.model.index(max(row, 0)))

    def open_current(self) -> None:
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if isinstance(hit, SearchHit):
            self.openResult.emit(hit.article_id, hit.highlight_id or "")
