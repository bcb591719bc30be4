"""Subscriptions from the main window: add, rename, move, unsubscribe, and OPML import and
export (a part of :class:`ui.mainwindow.MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

from reader import ReaderError, plural

from .dialogs.addfeed import AddFeedDialog

if TYPE_CHECKING:
    from .mainwindow import MainWindow


# --- feeds -----------------------------------------------------------------------------------------


def add_feed(window: MainWindow) -> AddFeedDialog:
    """Open the Add feed dialog (modeless, so tests and users can keep reading)."""
    key = window.feed_tree.current_key()
    folder = key[1] if key and key[0] == "folder" else None
    dialog = AddFeedDialog(window.library, window, folder=folder)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.feedAdded.connect(window._feed_added)
    dialog.show()
    window.add_feed_dialog = dialog
    return dialog


def _feed_added(window: MainWindow, feed: Any) -> None:
    window.update_feeds()
    window.feed_tree.select_key("feed", feed.id)
    window.show_status(f"Subscribed to {feed.display_title}.")
    window.refresh([feed.id])


def rename_feed(window: MainWindow, feed_id: str, title: str | None = None) -> None:
    if title is None:
        feed = window.library.feed(feed_id)
        title, ok = QInputDialog.getText(window, "Rename feed", "Name:", text=feed.display_title)
        if not ok:
            return
    try:
        window.library.rename_feed(feed_id, title)
    except ReaderError as exc:
        window.report_error(exc)
        return
    window.update_feeds()
    window.article_model.reload()


def move_feed(window: MainWindow, feed_id: str, folder: str | None) -> None:
    if folder == "":
        folder, ok = QInputDialog.getText(window, "New folder", "Folder name:")
        if not ok or not folder.strip():
            return
    key = window.feed_tree.current_key()
    try:
        window.library.move_feed(feed_id, folder)
    except ReaderError as exc:
        window.report_error(exc)
        return
    window.update_feeds()
    if key:
        window.feed_tree.select_key(*key)


def unsubscribe(window: MainWindow, feed_id: str, *, confirm: bool = True) -> None:
    feed = window.library.feed(feed_id)
    if confirm:
        answer = QMessageBox.question(
            window,
            "Unsubscribe",
            f"Stop following “{feed.display_title}”?\n\nStarred and annotated articles are kept.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    kept = window.library.unsubscribe(feed_id)
    window.update_feeds()
    if window.feed_tree.current_key() is None:
        window.feed_tree.select_key("smart", "all")
    window.reload_articles()
    note = f" ({kept} starred or annotated article{'s' if kept != 1 else ''} kept)" if kept else ""
    window.show_status(f"Unsubscribed from {feed.display_title}{note}.")


# --- OPML ------------------------------------------------------------------------------------------


def import_opml_dialog(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(
        window, "Import subscriptions", "", "OPML files (*.opml *.xml);;All files (*)"
    )
    if path:
        window.import_opml_file(path)


def import_opml_file(window: MainWindow, path: str) -> int:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        result = window.library.import_opml_report(data)
        added = result.added
    except OSError as exc:
        window.report_error(ReaderError(f"Could not read {path}: {exc.strerror}."))
        return 0
    except ReaderError as exc:
        window.report_error(exc)
        return 0
    window.update_feeds()
    said = f"Imported {plural(len(added), 'new subscription')}."
    if result.skipped:
        said += f" {plural(len(result.skipped), 'line')} skipped: " + " ".join(result.skipped[:3])
    window.show_status(said)
    if added:
        window.refresh([f.id for f in added])
    return len(added)


def export_opml_dialog(window: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(
        window, "Export subscriptions", "gloss-subscriptions.opml", "OPML files (*.opml)"
    )
    if path:
        window.export_opml_file(path)


def export_opml_file(window: MainWindow, path: str) -> bool:
    try:
        data = window.library.export_opml()
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        window.report_error(ReaderError(f"Could not write {path}: {exc.strerror}."))
        return False
    except ReaderError as exc:
        window.report_error(exc)
        return False
    window.show_status(f"Exported {plural(len(window.library.feeds()), 'subscription')} to {path}.")
    return True
