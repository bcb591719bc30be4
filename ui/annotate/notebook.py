"""The Notebook: every highlight across articles, filtered and grouped by article.

:class:`NotebookModel` is a two-level tree (articles, then their highlights in reading order),
articles in the order of their newest highlight, paged in from :meth:`Library.notebook_page`
as the list scrolls: the first screen reads the newest highlights, not all of them. Rows are
cheap: an article row only holds its id and highlights; its title and feed are read when the
row is first painted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader import Library, NotebookQuery, utcnow

from .colors import fill, is_dark_widget, swatch_icon
from .delegate import (
    HighlightDelegate,
    IdRole,
)
from .notebookmodel import PAGE, NotebookModel
from .store import Annotations

__all__ = ["PAGE", "NotebookModel", "NotebookTree", "NotebookView"]

DATE_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any time", None),
    ("Today", 1),
    ("Past week", 7),
    ("Past month", 31),
    ("Past year", 366),
)


class NotebookTree(QTreeView):
    """Enter opens the current row (the tree's own Enter handling would only expand)."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class NotebookView(QWidget):
    """Every highlight, with filters. Signals ``openHighlight(article_id, highlight_id)`` (and the
    same as ``openRequested`` for the window's hook); ``highlight_id`` is "" for an article row."""

    openHighlight = Signal(str, str)
    openRequested = Signal(str, str)
    exportRequested = Signal(list)  # the selected highlight ids

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.hub = Annotations.of(library)
        self.setObjectName("notebookView")
        self.setAccessibleName("Notebook")
        self.model = NotebookModel(library, dark=is_dark_widget(self), parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("notebookFilter")
        self.text_filter.setAccessibleName("Filter highlights by text")
        self.text_filter.setPlaceholderText("Filter quotes and notes…")
        self.text_filter.setClearButtonEnabled(True)
        self.feed_box = self._combo("feedFilter", "Feed")
        self.color_box = self._combo("colorFilter", "Colour")
        self.tag_box = self._combo("tagFilter", "Tag")
        self.date_box = self._combo("dateFilter", "Date")
        for label, days in DATE_CHOICES:
            self.date_box.addItem(label, days)
        self.export_button = QPushButton("Export…", self)
        self.export_button.setObjectName("notebookExport")
        self.export_button.setAccessibleName("Export highlights")
        bar.addWidget(self.text_filter, 3)
        for box in (self.feed_box, self.color_box, self.tag_box, self.date_box):
            bar.addWidget(box, 1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("notebookCount")
        layout.addWidget(self.count_label)
        self.tree = NotebookTree(self)
        self.tree.setObjectName("notebookTree")
        self.tree.setAccessibleName("Highlights by article")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(HighlightDelegate(self.tree, compact=True))
        # Uniform rows: the tree asks one row its height, not 5,000 (the note is in the tooltip).
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(True)
        self.tree.setAnimated(False)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setIndentation(14)
        self.tree.setRootIsDecorated(False)  # every article is open: no arrows to click
        self.tree.setItemsExpandable(False)
        layout.addWidget(self.tree, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._filter_timer.timeout.connect(self.reload)
        self.text_filter.textChanged.connect(self._filter_timer.start)
        for box in (self.feed_box, self.color_box, self.tag_box, self.date_box):
            box.activated.connect(lambda _i: self.reload())
        self.tree.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.tree.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self._scrolled())
        self.tree.doubleClicked.connect(self._open)
        self.tree.enterPressed.connect(self._open)
        self.export_button.clicked.connect(lambda: self.exportRequested.emit(self.selected_highlight_ids()))
        self._stale = False
        self.hub.changed.connect(self._changed)
        self.hub.paletteChanged.connect(self._changed)
        self.fill_filters()
        self.reload()

    def _combo(self, name: str, accessible: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        return box

    def fill_filters(self) -> None:
        """(Re)fill the feed, colour and tag choices, keeping the current ones."""
        keep = (self.feed_box.currentData(), self.color_box.currentData(), self.tag_box.currentData())
        for box in (self.feed_box, self.color_box, self.tag_box):
            box.clear()
        self.feed_box.addItem("All feeds", None)
        for f in self.library.feeds(include_unsubscribed=True):
            self.feed_box.addItem(f.display_title, f.id)
        self.color_box.addItem("All colours", None)
        palette = self.library.palette()
        dark = is_dark_widget(self)
        for c in palette.colors:
            label = f"{c.name} — {c.meaning}" if c.meaning else c.name
            self.color_box.addItem(swatch_icon(fill(palette, c.name, dark), dark=dark), label, c.name)
        for box, value in zip((self.feed_box, self.color_box), keep[:2], strict=True):
            i = box.findData(value)
            box.setCurrentIndex(max(i, 0))
        self._fill_tags(self.model.all_tags, keep[2])

    def _fill_tags(self, tags: list[str], keep: object = None) -> None:
        """The tag choices: every tag in use (read with the highlights, not separately)."""
        keep = keep if keep is not None else self.tag_box.currentData()
        if [self.tag_box.itemData(i) for i in range(1, self.tag_box.count())] == tags and self.tag_box.count():
            return
        self.tag_box.clear()
        self.tag_box.addItem("All tags", None)
        for t in tags:
            self.tag_box.addItem(f"#{t}", t)
        self.tag_box.setCurrentIndex(max(self.tag_box.findData(keep), 0))

    def query(self) -> NotebookQuery:
        days = self.date_box.currentData()
        color = self.color_box.currentData()
        tag = self.tag_box.currentData()
        return NotebookQuery(
            feed_id=self.feed_box.currentData(),
            colors=(color,) if color else (),
            tags=(tag,) if tag else (),
            text=self.text_filter.text().strip() or None,
            since=utcnow() - timedelta(days=days) if days else None,
        )

    def reload(self) -> None:
        """Run the query and show its first page (articles expanded)."""
        self._filter_timer.stop()
        self._stale = False
        self.model.reset(self.query())
        self.tree.verticalScrollBar().setValue(0)  # a new query starts at its top, not its end
        # Expanding everything at once is a single call; per-row expand() would relayout N times.
        self.tree.expandAll()
        self._fill_tags(self.model.all_tags)
        self._count()

    def _count(self) -> None:
        n, a = self.model.highlight_count, self.model.article_count
        if not n:
            words = (
                "No highlights match."
                if self._filtered()
                else "No highlights yet: select text in an article and press H."
            )
        elif not self.model.has_more():
            words = f"{n} highlight{'s' if n != 1 else ''} in {a} article{'s' if a != 1 else ''}"
        elif self._filtered():
            words = f"The newest {n} highlights that match, more as you scroll"
        else:  # the total is the store's count: it costs nothing, unlike counting the articles
            words = f"{self.model.total} highlights, the newest first"
        self.count_label.setText(words)

    def _scrolled(self, *_args: object) -> None:
        """Near the bottom (or when everything loaded fits): show the next page, expanded."""
        bar = self.tree.verticalScrollBar()
        while self.model.has_more() and bar.value() >= bar.maximum() - bar.pageStep():
            shown = self.model.highlight_count
            self._load_more()
            if self.model.highlight_count != shown:
                break  # the new rows move the range: rangeChanged asks again if still short

    def _load_more(self) -> None:
        added = self.model.load_more()
        if added is not None:
            for row in range(added[0], added[1] + 1):
                self.tree.expand(self.model.index(row, 0))
            self._count()

    def load_all(self) -> None:
        """Show every highlight (select-all for export uses this)."""
        while self.model.has_more():
            self._load_more()

    def _filtered(self) -> bool:
        q = self.query()
        return bool(q.feed_id or q.colors or q.tags or q.text or q.since)

    def _changed(self, *_args: object) -> None:
        # Coalesce bursts of changes (typing a note) into one reload when next idle or shown.
        if self.isVisible():
            self._filter_timer.start()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.fill_filters()
            self.reload()

    def selected_highlight_ids(self) -> list[str]:
        """The selected highlights (an article row selects all of its highlights)."""
        ids: list[str] = []
        for index in self.tree.selectionModel().selectedIndexes():
            h = self.model.highlight_at(index)
            if h is not None:
                ids.append(h.id)
            else:
                ids += [str(self.model.index(r, 0, index).data(IdRole)) for r in range(self.model.rowCount(index))]
        return list(dict.fromkeys(ids))

    def _open(self, index: QModelIndex) -> None:
        article_id = self.model.article_id_at(index)
        if article_id is None:
            return
        h = self.model.highlight_at(index)
        hid = h.id if h is not None else ""
        self.openHighlight.emit(article_id, hid)
        self.openRequested.emit(article_id, hid)

    def open_current(self) -> None:
        self._open(self.tree.currentIndex())
