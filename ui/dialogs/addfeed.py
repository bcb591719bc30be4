"""Add a feed: type a feed URL or a site's address, pick one of the feeds found there.

Discovery runs on a pool thread (it fetches pages); errors appear inline under the
address, in words, and the dialog stays open so the user can fix the address.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader import DiscoveredFeed, Feed, Library, ReaderError

from ..workers import run_in_background


class AddFeedDialog(QDialog):
    feedAdded = Signal(object)  # Feed
    discoveryFinished = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None, *, folder: str | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.added: Feed | None = None
        self._busy = False
        self.setWindowTitle("Add feed")
        self.setObjectName("addFeedDialog")
        self.setAccessibleName("Add feed")
        self.setMinimumWidth(520)

        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setAccessibleName("Feed or site address")
        self.url_edit.setPlaceholderText("https://example.org or https://example.org/feed.xml")
        self.find_button = QPushButton("Find feeds", self)
        self.find_button.setObjectName("findButton")
        self.find_button.setAccessibleName("Find feeds")
        self.find_button.setDefault(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setAccessibleName("Error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAccessibleName("Status")
        self.results = QListWidget(self)
        self.results.setObjectName("resultsList")
        self.results.setAccessibleName("Feeds found")
        self.results.setMinimumHeight(120)
        self.folder_box = QComboBox(self)
        self.folder_box.setObjectName("folderBox")
        self.folder_box.setAccessibleName("Folder")
        self.folder_box.setEditable(True)
        self.folder_box.addItem("")
        self.folder_box.addItems(library.folders())
        if folder:
            self.folder_box.setCurrentText(folder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.subscribe_button = self.buttons.addButton("Subscribe", QDialogButtonBox.ButtonRole.AcceptRole)
        self.subscribe_button.setObjectName("subscribeButton")
        self.subscribe_button.setAccessibleName("Subscribe")
        self.subscribe_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.subscribe_button.clicked.connect(self.subscribe)

        row = QHBoxLayout()
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow("Folder:", self.folder_box)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of a feed or of a website:", self))
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.find_button.clicked.connect(self.find_feeds)
        self.url_edit.returnPressed.connect(self.find_feeds)
        self.results.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.results.itemDoubleClicked.connect(lambda _i: self.subscribe())

    def _update_buttons(self) -> None:
        self.subscribe_button.setEnabled(self.results.currentItem() is not None and not self._busy)
        self.find_button.setEnabled(not self._busy)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def find_feeds(self) -> None:
        """Look for feeds at the typed address (off the GUI thread)."""
        url = self.url_edit.text().strip()
        if not url or self._busy:
            return
        self.show_error("")
        self.results.clear()
        self._busy = True
        self.status_label.setText("Looking for feeds…")
        self._update_buttons()
        run_in_background(lambda: self.library.discover(url), self._found, self._failed, owner=self)

    def _found(self, feeds: list[DiscoveredFeed]) -> None:
        self._busy = False
        known = {f.url for f in self.library.feeds()}
        for found in feeds:
            label = found.title or found.url
            item = QListWidgetItem(f"{label}\n{found.url}" if found.title else found.url)
            item.setData(Qt.ItemDataRole.UserRole, found)
            if found.url in known:
                item.setText(item.text() + "   (already subscribed)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.results.addItem(item)
        n = len(feeds)
        self.status_label.setText(f"Found {n} feed{'s' if n != 1 else ''}. Choose one to subscribe." if n else "")
        for i in range(self.results.count()):
            if self.results.item(i).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentRow(i)
                break
        self._update_buttons()
        self.discoveryFinished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.status_label.setText("")
        self.show_error(str(exc) if isinstance(exc, ReaderError) else f"Something went wrong: {exc}")
        self._update_buttons()
        self.discoveryFinished.emit()

    def subscribe(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        found: DiscoveredFeed = item.data(Qt.ItemDataRole.UserRole)
        folder = self.folder_box.currentText().strip() or None
        try:
            # Named by the feed's own title at its first refresh (a <link title> is often just "RSS").
            self.added = self.library.add_feed(found.url, folder=folder)
        except ReaderError as exc:
            self.show_error(str(exc))
            return
        self.feedAdded.emit(self.added)
        self.accept()
