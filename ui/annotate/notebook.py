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

from reader import Library, NotebookPage, NotebookQuery, utcnow

from ..workers import run_in_background
from .colors import fill, is_dark_widget, swatch_icon
from .delegate import (
    HighlightDelegate,
    IdRole,
)
from .lazycombo import LazyComboBox
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


def _may_scan(q: NotebookQuery) -> bool:
    """Whether ``q``'s page may have to look through every highlight (a filter that few match),
    so is read on a pool thread; the newest highlights, or those since a date, are a month's file."""
    return bool(q.text or q.colors or q.tags or q.feed_id or q.article_id)


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
        self.feed_box = LazyComboBox(self._fill_feeds, self)
        self._style_combo(self.feed_box, "feedFilter", "Feed")
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
        self.text_filter.textChanged.connect(self._filter_typed)
        for box in (self.feed_box, self.color_box, self.tag_box, self.date_box):
            box.activated.connect(lambda _i: self._new_query())
        self.tree.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.tree.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self._scrolled())
        self.tree.doubleClicked.connect(self._open)
        self.tree.enterPressed.connect(self._open)
        self.export_button.clicked.connect(lambda: self.exportRequested.emit(self.selected_highlight_ids()))
        # Filled when first shown: the window builds this tab at start, behind the article list
        # (its feed choices alone are every feed: 2,000 at 500k).
        self._stale = True
        self._generation = 0  # which reload a page read on a pool thread belongs to
        self._loading = False  # a page is being read on a pool thread
        self._keep_place = False  # the next reload follows a change, not a new query
        self.hub.changed.connect(self._changed)
        self.hub.paletteChanged.connect(self._changed)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        return self._style_combo(QComboBox(self), name, accessible)

    @staticmethod
    def _style_combo(box: QComboBox, name: str, accessible: str) -> QComboBox:
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
        self.feed_box.stale = True
        if keep[0] is not None:  # a feed chosen stays chosen: its choices are read now
            self.feed_box.ensure_filled()
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

    def _fill_feeds(self) -> None:
        """The feed choices after "All feeds": every feed, read when the box is first used."""
        for f in self.library.feeds(include_unsubscribed=True):
            self.feed_box.addItem(f.display_title, f.id)

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
        """Run the query and show its first page (articles expanded). The newest highlights
        are read here (a month's file); a filter that may look through every highlight is run
        on a pool thread, and its page shown when it comes."""
        self._filter_timer.stop()
        self._stale = False
        self._generation += 1
        self._loading = False  # a page still being read for the query before is dropped
        q = self.query()
        keep, self._keep_place = self._keep_place, False
        if not _may_scan(q):
            place = (self.tree.verticalScrollBar().value(), self.model.highlight_count) if keep else None
            self._show_first(q)
            if place is not None:
                self._back_to(*place)
            return
        self._loading = True
        self.count_label.setText("Looking through the highlights…")
        generation, model, library = self._generation, self.model, self.library
        run_in_background(
            lambda: (library.tags(), model.fetch(q, None)),
            lambda found: self._first_came(generation, q, found),
            self._failed,
            owner=self,
        )

    def _first_came(self, generation: int, q: NotebookQuery, found: tuple[list[str], NotebookPage]) -> None:
        if generation == self._generation:
            self._loading = False
            self._show_first(q, found[1], found[0])

    def _show_first(self, q: NotebookQuery, page: NotebookPage | None = None, tags: list[str] | None = None) -> None:
        self.model.reset(q, page, tags)
        self.tree.verticalScrollBar().setValue(0)  # a new query starts at its top, not its end
        # Expanding everything at once is a single call; per-row expand() would relayout N times.
        self.tree.expandAll()
        self._fill_tags(self.model.all_tags)
        self._count()

    def _back_to(self, value: int, shown: int) -> None:
        """After a change to a highlight: as many highlights as were shown, and the list where
        it was (a note typed in the notebook must not send it back to its top)."""
        while self.model.highlight_count < shown and self.model.has_more():
            self._load_more()
        bar = self.tree.verticalScrollBar()
        self.tree.scheduleDelayedItemsLayout()
        self.tree.executeDelayedItemsLayout()  # the range the restored rows give
        bar.setValue(min(value, bar.maximum()))

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.count_label.setText(f"The highlights could not be read: {exc}")

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
        while not self._loading and self.model.has_more() and bar.value() >= bar.maximum() - bar.pageStep():
            if _may_scan(self.model.query):
                self._load_in_background()
                return
            shown = self.model.highlight_count
            self._load_more()
            if self.model.highlight_count != shown:
                break  # the new rows move the range: rangeChanged asks again if still short

    def _load_in_background(self) -> None:
        self._loading = True
        generation, model, q, after = self._generation, self.model, self.model.query, self.model.after
        run_in_background(
            lambda: model.fetch(q, after), lambda page: self._more_came(generation, page), self._failed, owner=self
        )

    def _more_came(self, generation: int, page: NotebookPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._load_more(page)
        self._scrolled()  # still at the bottom (a page of a few rows): the next

    def _load_more(self, page: NotebookPage | None = None) -> None:
        added = self.model.load_more(page)
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

    def _filter_typed(self, _text: str) -> None:
        self._keep_place = False  # a new query starts at its top
        self._filter_timer.start()

    def _new_query(self) -> None:
        self._keep_place = False
        self.reload()

    def _changed(self, *_args: object) -> None:
        # Coalesce bursts of changes (typing a note) into one reload when next idle or shown,
        # which keeps the list where it is.
        if self.isVisible():
            self._keep_place = not self._filter_timer.isActive() or self._keep_place
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
