"""The Notebook: every highlight across articles, filtered and grouped by article.

:class:`NotebookModel` is a two-level tree (articles, then their highlights in reading order)
built from one :meth:`Library.notebook` query. Rows are cheap: an article row only holds its
id and highlights; its title and feed are read when the row is first painted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
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

from reader import Article, Highlight, Library, NotebookQuery, ReaderError, group_by_article, query_highlights, utcnow

from .colors import fill, is_dark_widget, swatch_icon
from .delegate import (
    PART_WORDS,
    ArticleIdRole,
    ColorRole,
    ExtraRole,
    HighlightDelegate,
    IdRole,
    KindRole,
    NoteRole,
    PartRole,
    StateRole,
    TagsRole,
)
from .store import Annotations

BATCH = 60  # articles per batch (about 600 rows)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # built once: flags() is hot
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_NO_PARENT = 0xFFFFFFFF  # internalId of article rows; highlight rows carry their group's row
DATE_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any time", None),
    ("Today", 1),
    ("Past week", 7),
    ("Past month", 31),
    ("Past year", 366),
)


class NotebookModel(QAbstractItemModel):
    """Articles (top level) and their highlights (children). One column."""

    def __init__(self, library: Library, *, dark: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.dark = dark
        self._palette = library.palette()
        self._groups: list[tuple[str, list[Highlight]]] = []
        self._all_groups: list[tuple[str, list[Highlight]]] = []
        self.all_tags: list[str] = []
        self._articles: dict[str, Article | None] = {}
        self._feed_titles: dict[str, str] = {}

    def query(self, q: NotebookQuery) -> list[Highlight]:
        """``Library.notebook(q)``, but reading only the articles that have highlights (the
        facade reads the whole catalogue: seconds at 50,000 articles). Articles are cached."""
        everything = self.library.highlights()
        self.all_tags = sorted({t for h in everything for t in h.tags}, key=str.casefold)
        for aid in {h.article_id for h in everything} - self._articles.keys():
            self._article(aid)
        articles = {aid: a for aid, a in self._articles.items() if a is not None}
        return query_highlights(everything, articles, q)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Group ``highlights`` (already in article order) by article."""
        self.beginResetModel()
        self._palette = self.library.palette()
        self._all_groups = group_by_article(highlights)
        self._groups = self._all_groups[:BATCH]
        self.endResetModel()

    @property
    def highlight_count(self) -> int:
        return sum(len(hs) for _aid, hs in self._all_groups)

    @property
    def article_count(self) -> int:
        return len(self._all_groups)

    # Articles are shown in batches as the list scrolls (the view asks, see NotebookView): the
    # first screen never waits for 5,000 rows. Not canFetchMore/fetchMore: Qt calls those from
    # inside its own layout, and expanding the new rows there re-enters it batch after batch.
    def has_more(self) -> bool:
        return len(self._groups) < len(self._all_groups)

    def load_more(self) -> tuple[int, int] | None:
        """Add the next batch of articles; returns the rows added (first, last)."""
        start = len(self._groups)
        more = self._all_groups[start : start + BATCH]
        if not more:
            return None
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._groups = self._all_groups[: start + len(more)]
        self.endInsertRows()
        return start, start + len(more) - 1

    def load_all(self) -> None:
        while self.load_more() is not None:
            pass

    # --- structure -----------------------------------------------------------------------------------

    def index(
        self,
        row: int,
        column: int = 0,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _NO_PARENT) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _NO_PARENT or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row())

    def parent(self, child: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != _NO_PARENT or parent.row() >= len(self._groups):
            return 0
        return len(self._groups[parent.row()][1])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    # --- data ----------------------------------------------------------------------------------------

    def _article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            try:
                self._articles[article_id] = self.library.article(article_id)
            except ReaderError:
                self._articles[article_id] = None
        return self._articles[article_id]

    def _feed_title(self, feed_id: str) -> str:
        if feed_id not in self._feed_titles:
            try:
                self._feed_titles[feed_id] = self.library.feed(feed_id).display_title
            except ReaderError:
                self._feed_titles[feed_id] = ""
        return self._feed_titles[feed_id]

    def highlight_at(self, index: QModelIndex | QPersistentModelIndex) -> Highlight | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        group = int(index.internalId())
        if group >= len(self._groups) or index.row() >= len(self._groups[group][1]):
            return None
        return self._groups[group][1][index.row()]

    def article_id_at(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        if not index.isValid():
            return None
        group = index.row() if index.internalId() == _NO_PARENT else int(index.internalId())
        return self._groups[group][0] if group < len(self._groups) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        if index.internalId() == _NO_PARENT:
            if index.row() >= len(self._groups):
                return None
            return self._article_data(*self._groups[index.row()], role)
        h = self.highlight_at(index)
        return None if h is None else self._highlight_data(h, role)

    def _highlight_data(self, h: Highlight, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = PART_WORDS.get(h.part.partition(":")[0])
            return f"{h.color} highlight{' ' + where if where else ''}: {h.quote.exact}"
        if role == ColorRole:
            return fill(self._palette, h.color, self.dark)
        if role == ExtraRole:
            when = f"{h.created:%d %b %Y}"
            return (
                f"not in the current version (made on version {h.made_on_version}) · {when}"
                if (h.state == "orphaned")
                else when
            )
        plain = {
            Qt.ItemDataRole.DisplayRole: h.quote.exact,
            Qt.ItemDataRole.ToolTipRole: h.note or None,
            IdRole: h.id,
            ArticleIdRole: h.article_id,
            NoteRole: h.note,
            TagsRole: list(h.tags),
            StateRole: h.state,
            KindRole: "highlight",
            PartRole: h.part,
        }
        return plain.get(role)

    def _article_data(self, article_id: str, highlights: list[Highlight], role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            article = self._article(article_id)
            return (article.title if article else "") or "Untitled article"
        if role == ExtraRole:
            article = self._article(article_id)
            n = len(highlights)
            bits = [f"{n} highlight{'s' if n != 1 else ''}"]
            if article is not None:
                feed = self._feed_title(article.feed_id)
                if feed:
                    bits.insert(0, feed)
                bits.insert(1 if feed else 0, f"{article.date:%d %b %Y}")
            return " · ".join(bits)
        if role == ArticleIdRole:
            return article_id
        if role == KindRole:
            return "article"
        return None


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
            order="article",
        )

    def reload(self) -> None:
        """Run the query and show the result (articles expanded)."""
        self._filter_timer.stop()
        self._stale = False
        highlights = self.model.query(self.query())
        self.model.set_highlights(highlights)
        # Expanding everything at once is a single call; per-row expand() would relayout N times.
        self.tree.expandAll()
        self._fill_tags(self.model.all_tags)
        n, a = len(highlights), self.model.article_count
        self.count_label.setText(
            f"{n} highlight{'s' if n != 1 else ''} in {a} article{'s' if a != 1 else ''}"
            if n
            else "No highlights match."
            if self._filtered()
            else "No highlights yet: select text in an article and press H."
        )

    def _scrolled(self, *_args: object) -> None:
        """Near the bottom (or when everything loaded fits): show the next batch, expanded."""
        bar = self.tree.verticalScrollBar()
        if not self.model.has_more() or bar.value() < bar.maximum() - bar.pageStep():
            return
        added = self.model.load_more()
        if added is not None:
            for row in range(added[0], added[1] + 1):
                self.tree.expand(self.model.index(row, 0))

    def load_all(self) -> None:
        """Show every article (select-all for export uses this)."""
        while self.model.has_more():
            added = self.model.load_more()
            if added is None:
                break
            for row in range(added[0], added[1] + 1):
                self.tree.expand(self.model.index(row, 0))

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
