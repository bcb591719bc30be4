"""The feeds pane: the tree of smart views, folders and feeds, with its context menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from .model import FeedTreeModel, KeyRole


class FeedTree(QTreeView):
    """Emits what the user asked for; the main window does it."""

    refreshRequested = Signal(list)  # feed ids
    renameRequested = Signal(str)  # feed id
    moveRequested = Signal(str, object)  # feed id, folder name or None; "" asks for a new folder
    unsubscribeRequested = Signal(str)
    editAddressRequested = Signal(str)  # feed id
    markAllReadRequested = Signal()

    def __init__(self, model: FeedTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedTree")
        self.setAccessibleName("Feeds")
        self.setAccessibleDescription("Smart views, folders and feeds with their unread counts")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        header = self.header()
        header.setAccessibleName("Feed columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed count column: sizing it to its contents reads every row on each update.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("000000") + 8)
        self.setIndentation(14)
        self.expandAll()
        model.modelReset.connect(self.expandAll)

    def feed_model(self) -> FeedTreeModel:
        model = self.model()
        assert isinstance(model, FeedTreeModel)
        return model

    def current_key(self) -> tuple[str, str] | None:
        index = self.currentIndex()
        return index.data(KeyRole) if index.isValid() else None

    def select_key(self, kind: str, key: str) -> bool:
        index = self.feed_model().index_for(kind, key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        return True

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        menu = self.context_menu(index)
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for ``index`` (built separately so tests can trigger its actions)."""
        model = self.feed_model()
        node = model.node(index)
        menu = QMenu(self)
        menu.setAccessibleName("Feed actions")
        ids = model.feed_ids_under(index)

        def act(text: str, slot: object, name: str) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(slot)
            return action

        if node.kind == "smart":
            act("Mark all as read", self.markAllReadRequested.emit, "markAllRead")
            return menu
        act("Refresh" if node.kind == "feed" else "Refresh folder", lambda: self.refreshRequested.emit(ids), "refresh")
        if node.kind != "feed":
            return menu
        act("Rename…", lambda: self.renameRequested.emit(node.key), "rename")
        act("Edit address…", lambda: self.editAddressRequested.emit(node.key), "editAddress")
        move = menu.addMenu("Move to folder")
        move.setObjectName("moveMenu")
        move.setAccessibleName("Move to folder")
        for folder in model.library.folders():
            a = move.addAction(folder)
            a.setEnabled(folder != (node.feed.folder if node.feed else None))
            a.triggered.connect(lambda _=False, f=folder: self.moveRequested.emit(node.key, f))
        if move.actions():
            move.addSeparator()
        new = move.addAction("New folder…")
        new.triggered.connect(lambda: self.moveRequested.emit(node.key, ""))
        top = move.addAction("No folder")
        top.setEnabled(bool(node.feed and node.feed.folder))
        top.triggered.connect(lambda: self.moveRequested.emit(node.key, None))
        menu.addSeparator()
        act("Unsubscribe…", lambda: self.unsubscribeRequested.emit(node.key), "unsubscribe")
        return menu
