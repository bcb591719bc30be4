"""Where the annotating half (:mod:`ui.annotate`) joins the main window: the highlights in the
reader, the Notes dock, the Notebook and Search tabs, export and Undo (a part of
:class:`ui.mainwindow.MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMenu,
)

if TYPE_CHECKING:
    from .mainwindow import MainWindow


# --- the annotation half's hook points ------------------------------------------------------


def install_annotations(window: MainWindow) -> bool:
    """The annotating half (``ui.annotate``): highlights drawn in the reader, the Notes
    dock, the Notebook and Search tabs, export and Undo."""
    from .annotate import Annotations, ExportDialog, HighlightController, NotebookView, NotesDock, SearchPanel

    window.highlighter = HighlightController(window.library, window.reader)
    notes = NotesDock(window.library, window.reader)
    window.notes_dock.setWidget(notes)
    notes_action = window.actions_by_name["showNotes"]
    notes_action.setEnabled(True)
    notes_action.blockSignals(True)  # checked: allowed to come with highlights, not shown now
    notes_action.setChecked(True)
    notes_action.blockSignals(False)
    # The dock comes with the article's first highlight and goes with an article without any.
    window.highlighter.highlightsDrawn.connect(
        lambda aid: window.panes.notes_changed(aid, bool(window.highlighter.highlights))
    )

    notebook = NotebookView(window.library)
    window.notebook_view = notebook
    window.tabs.addTab(notebook, "Notebook")
    window.actions_by_name["showNotebook"].setEnabled(True)
    notebook.openRequested.connect(lambda aid, hid: window.open_article(aid, highlight_id=hid or None))
    notebook.exportRequested.connect(lambda ids: window.export_notes(highlight_ids=ids))

    search = SearchPanel(window.library)
    window.search_panel = search
    window.tabs.addTab(search, "Search")
    search.openResult.connect(lambda aid, hid: window.open_article(aid, highlight_id=hid or None))
    find = window._action("search", "&Search articles and notes…", window.show_search, "Ctrl+K")
    window.menus["Go"].addSeparator()
    window.menus["Go"].addAction(find)

    window.export_dialog_class = ExportDialog
    export = window._action("exportNotes", "E&xport notes…", window.export_notes, "Ctrl+E")
    window.menus["File"].insertAction(window.actions_by_name["settings"], export)

    # Undo lives in the menu without a window-wide Ctrl+Z: the reader and the dock own the
    # key while they have focus (a second owner would make the shortcut ambiguous).
    undo = Annotations.of(window.library).undo_stack.createUndoAction(window, "&Undo")
    undo.setObjectName("undoAnnotation")
    edit_menu = QMenu("&Edit", window)
    edit_menu.setAccessibleName("Edit")
    window.menuBar().insertMenu(window.menus["View"].menuAction(), edit_menu)
    edit_menu.addAction(undo)
    window.menus["Edit"] = edit_menu
    window.annotations = {"controller": window.highlighter, "notes": notes, "notebook": notebook, "search": search}
    return True


def show_search(window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.search_panel)
    window.search_panel.box.setFocus()


def export_notes(window: MainWindow, *, highlight_ids: list[str] | None = None) -> None:
    kwargs: dict[str, Any] = {"parent": window}
    if highlight_ids:
        kwargs["selected_highlight_ids"] = highlight_ids
    else:
        kwargs["article_id"] = window.reader.article_id
    dialog = window.export_dialog_class(window.library, **kwargs)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.export_dialog = dialog


def show_notebook(window: MainWindow) -> None:
    if window.notebook_view is not None:
        window.tabs.setCurrentWidget(window.notebook_view)


def toggle_notes(window: MainWindow) -> None:
    window.panes.toggle_notes(window.actions_by_name["showNotes"].isChecked())
