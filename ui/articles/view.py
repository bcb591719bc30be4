"""The article list pane: a filter box over a sortable table of articles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .model import COL_DATE, COL_FEED, COL_STAR, COL_TITLE, ArticleTableModel, IdRole


class ArticleTable(QTableView):
    starClicked = Signal(str)

    def __init__(self, model: ArticleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleTable")
        self.setAccessibleName("Articles")
        self.setAccessibleDescription("Articles of the selected feed; unread ones in bold")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setAccessibleName("Article columns (click to sort)")
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_STAR, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FEED, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_DATE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_STAR, 28)
        header.resizeSection(COL_FEED, 120)
        # Wide enough for a date of another year ("28 Sep 2025"), which is never cut.
        header.resizeSection(COL_DATE, self.fontMetrics().horizontalAdvance("28 Sep 2025") + 24)
        # Indicator first: switching sorting on sorts by the indicator (a no-op when it matches).
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clicked.connect(self._clicked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Page Down/Up scroll the list and leave the current article where it is: moving it
        # would open (and mark read) whichever article the page lands on.
        keys = (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
        if event.key() in keys and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            bar = self.verticalScrollBar()
            step = bar.pageStep() if event.key() == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
            event.accept()
            return
        super().keyPressEvent(event)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_STAR:
            self.starClicked.emit(index.data(IdRole))


class ArticlePane(QWidget):
    """The filter box, the count and the table."""

    filterChanged = Signal(str)

    def __init__(self, model: ArticleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        self.model = model
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("filterBox")
        self.filter_box.setAccessibleName("Filter articles")
        self.filter_box.setPlaceholderText("Filter articles   ( / )")
        self.filter_box.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setAccessibleName("Article count")
        self.table = ArticleTable(model, self)
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 6)
        top.setSpacing(8)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # Filtering re-queries the catalog: wait for a pause in typing.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.filterChanged.emit(self.filter_box.text().strip()))
        self.filter_box.textChanged.connect(lambda _t: self._debounce.start())
        self.filter_box.returnPressed.connect(self._filter_now)
        self.filter_box.installEventFilter(self)
        model.modelReset.connect(self.update_count)
        model.layoutChanged.connect(self.update_count)
        model.rowsInserted.connect(lambda *_: self.update_count())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Esc in the filter box: the filter goes, and the keys go back to the list (during a
        # refresh the window's Esc cancels it, as the menu says).
        if watched is self.filter_box and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride and self.filter_box.text():
                event.accept()  # ours, not the window's, while there is a filter to clear
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.filter_box.clear()
                self._filter_now()
                return True
        return super().eventFilter(watched, event)

    def _filter_now(self) -> None:
        self._debounce.stop()
        self.filterChanged.emit(self.filter_box.text().strip())
        self.table.setFocus()

    def update_count(self) -> None:
        n = self.model.total
        exact = self.model.complete or self.model.known_total is not None
        self.count_label.setText(f"{n:,}{'' if exact else '+'} article" + ("" if n == 1 else "s"))
