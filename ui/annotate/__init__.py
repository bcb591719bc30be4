"""The annotating half of the window: highlights in the reader, the notes dock, the notebook,
search, export/import and the palette editor. The reading window hosts these widgets (see
``MainWindow.install_annotations``); nothing here edits the window itself."""

from __future__ import annotations

from .controller import HighlightController
from .export import ExportDialog
from .links import parse_gloss_link
from .notebook import NotebookModel, NotebookView
from .notesdock import NotesDock, NotesModel
from .palette_editor import PaletteEditor
from .search import SearchBox, SearchPanel
from .store import Annotations

__all__ = [
    "Annotations",
    "ExportDialog",
    "HighlightController",
    "NotebookModel",
    "NotebookView",
    "NotesDock",
    "NotesModel",
    "PaletteEditor",
    "SearchBox",
    "SearchPanel",
    "parse_gloss_link",
]
