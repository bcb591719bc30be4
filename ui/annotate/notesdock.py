"""The notes dock: the open article's highlights in reading order, to read, find and edit.

:class:`NotesDock` is the widget the window puts in its right-hand "Notes" dock. The list
is a hand-written :class:`NotesModel`; highlights the current version of the article no
longer contains (orphaned) are listed apart with the version they were made on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader import Highlight, Library, ReaderError

from .colors import fill, is_dark_widget, swatch_icon
from .controller import HighlightController
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

NOTE_SAVE_DELAY_MS = 400


class NotesModel(QAbstractListModel):
    """Highlights as list rows (see :mod:`.delegate` for the roles)."""

    def __init__(self, library: Library, *, dark: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.dark = dark
        self._palette = library.palette()
        self._rows: list[Highlight] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() != 0:
            return None
        h = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return h.quote.exact
        if role == Qt.ItemDataRole.ToolTipRole:
            return h.note or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = PART_WORDS.get(h.part.partition(":")[0])
            said = f"{h.color} highlight{' ' + where if where else ''}: {h.quote.exact}"
            return said + (f". Note: {h.note}" if h.note else "")
        if role == IdRole:
            return h.id
        if role == ArticleIdRole:
            return h.article_id
        if role == ColorRole:
            return fill(self._palette, h.color, self.dark)
        if role == NoteRole:
            return h.note
        if role == TagsRole:
            return list(h.tags)
        if role == StateRole:
            return h.state
        if role == KindRole:
            return "highlight"
        if role == PartRole:
            return h.part
        if role == ExtraRole:
            return f"made on version {h.made_on_version}" if h.state == "orphaned" else None
        return None

    def highlight_at(self, row: int) -> Highlight | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, highlight_id: str) -> int | None:
        return next((i for i, h in enumerate(self._rows) if h.id == highlight_id), None)

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Replace the rows; same ids in the same order only update the rows in place (a
        note saved as you type never resets the list or its selection)."""
        self._palette = self.library.palette()
        new = list(highlights)
        if [h.id for h in new] == [h.id for h in self._rows]:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, new, strict=True)) if a != b]
            self._rows = new
            for i in changed:
                self.dataChanged.emit(self.index(i), self.index(i))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()


class TagEdit(QLineEdit):
    """Comma-separated tags with completion of the word being typed from the library's tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_model = QStringListModel(self)
        self.completer_ = QCompleter(self.tag_model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.setWidget(self)
        self.completer_.activated.connect(self.insert_completion)
        self.textEdited.connect(self._complete)

    def set_known_tags(self, tags: Sequence[str]) -> None:
        self.tag_model.setStringList(list(tags))

    def current_word(self) -> str:
        return self.text().split(",")[-1].strip()

    def _complete(self, _text: str) -> None:
        word = self.current_word()
        popup = self.completer_.popup()
        if not word:
            if popup is not None:
                popup.hide()
            return
        self.completer_.setCompletionPrefix(word)
        if self.completer_.completionCount() and self.completer_.currentCompletion() != word:
            self.completer_.complete()
        elif popup is not None:
            popup.hide()

    def insert_completion(self, completion: str) -> None:
        head = self.text().split(",")[:-1]
        self.setText(", ".join([*(t.strip() for t in head if t.strip()), completion]) + ", ")
        self.editingFinished.emit()

    def tags(self) -> list[str]:
        return [t.strip() for t in self.text().split(",") if t.strip()]


class HintListView(QListView):
    """A list that says, in its empty space, what would be in it (an empty white box says
    nothing to a reader who has not highlighted yet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = ""

    def set_hint(self, text: str) -> None:
        if text != self.hint:
            self.hint = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self.hint or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        area = self.viewport().rect().adjusted(16, 24, -16, -16)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), self.hint)
        painter.end()


class NotesDock(QWidget):
    """The open article's highlights (the window's "Notes" dock widget).

    ``NotesDock(library, view, controller=None)``: the controller defaults to the one attached
    to ``view``. Signal ``highlightSelected(id)`` when a row becomes current.
    """

    highlightSelected = Signal(str)

    def __init__(
        self,
        library: Library,
        view: QTextBrowser,
        controller: HighlightController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.view = view
        self.hub = Annotations.of(library)
        self.controller = controller or HighlightController.for_view(view) or HighlightController(library, view)
        self.setObjectName("notesPanel")
        self.setAccessibleName("Notes for this article")
        dark = is_dark_widget(view)
        self.model = NotesModel(library, dark=dark, parent=self)
        self.orphan_model = NotesModel(library, dark=dark, parent=self)
        self._editing: Highlight | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.summary = QLabel(self)
        self.summary.setObjectName("notesSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = self._make_list("notesList", "Highlights in this article", self.model)
        layout.addWidget(self.list, 3)
        self.orphan_label = QLabel(self)
        self.orphan_label.setObjectName("orphanLabel")
        self.orphan_label.setWordWrap(True)
        layout.addWidget(self.orphan_label)
        self.orphan_list = self._make_list("orphanList", "Highlights not found in this version", self.orphan_model)
        layout.addWidget(self.orphan_list, 1)

        self.editor = QWidget(self)
        self.editor.setObjectName("highlightEditor")
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 4, 0, 0)
        self.color_box = QComboBox(self.editor)
        self.color_box.setObjectName("colorBox")
        self.color_box.setAccessibleName("Colour")
        self.note_edit = QPlainTextEdit(self.editor)
        self.note_edit.setObjectName("dockNoteEdit")
        self.note_edit.setAccessibleName("Note (Markdown)")
        self.note_edit.setPlaceholderText("A note (Markdown), saved as you type")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.tag_edit = TagEdit(self.editor)
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setAccessibleName("Tags")
        self.tag_edit.setPlaceholderText("tags, comma separated")
        self.delete_button = QPushButton("Delete", self.editor)
        self.delete_button.setObjectName("deleteHighlightButton")
        self.delete_button.setAccessibleName("Delete highlight")
        self.delete_button.setToolTip("Delete this highlight (Ctrl+Z brings it back)")
        row = QHBoxLayout()
        row.addWidget(self.color_box, 1)
        row.addWidget(self.delete_button)
        form.addRow("Colour", row)
        form.addRow("Note", self.note_edit)
        form.addRow("Tags", self.tag_edit)
        layout.addWidget(self.editor)
        self.editor.setEnabled(False)

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note_edit.textChanged.connect(self._note_timer.start)
        self.tag_edit.editingFinished.connect(self.save_tags)
        self.color_box.activated.connect(self._color_chosen)
        self.delete_button.clicked.connect(self.delete_current)

        self.undo_action = self.hub.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("undoNotes")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        delete = QAction("Delete highlight", self.list)
        delete.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current)
        self.list.addAction(delete)

        self._fill_colors()
        self.hub.changed.connect(self._changed)
        self.hub.paletteChanged.connect(self._palette_changed)
        contract: Any = view  # the reader view's signal (see ui.annotate.controller)
        contract.articleRendered.connect(lambda _aid: self.reload())
        self.controller.highlightActivated.connect(self.select_highlight)
        self.reload()

    def _make_list(self, name: str, accessible: str, model: NotesModel) -> HintListView:
        view = HintListView(self)
        view.setObjectName(name)
        view.setAccessibleName(accessible)
        view.setModel(model)
        view.setItemDelegate(HighlightDelegate(view))
        view.setUniformItemSizes(False)
        view.setWordWrap(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.selectionModel().currentChanged.connect(self._current_changed)
        view.clicked.connect(self._clicked)
        view.activated.connect(self._clicked)
        return view

    # --- contents ----------------------------------------------------------------------------------

    @property
    def article_id(self) -> str | None:
        return self.controller.article_id

    def reload(self) -> None:
        aid = self.article_id
        highlights = self.library.highlights(aid) if aid else []
        placed = [h for h in highlights if h.state != "orphaned"]
        orphans = [h for h in highlights if h.state == "orphaned"]
        keep = self._editing.id if self._editing else None
        self.model.set_highlights(placed)
        self.orphan_model.set_highlights(orphans)
        if aid is None:
            shown = getattr(self.controller.view, "article_id", None)
            self.summary.setText(
                "This article has no text to highlight: Gloss has neither its page nor the feed's text."
                if shown
                else "Open an article to see its highlights here."
            )
            self.list.set_hint("")
        elif not highlights:
            self.summary.setText("No highlights yet.")
            self.list.set_hint(
                "Select a passage in the article and press H to highlight it, or 1–5 to choose its colour.\n\n"
                "The article's highlights are listed here, where you write their notes and tags."
            )
        else:
            n = len(placed)
            self.summary.setText(f"{n} highlight{'s' if n != 1 else ''}")
            self.list.set_hint("")
        # The note editor is for a highlight: with none in the article, it only takes room.
        self.editor.setVisible(bool(highlights))
        self.orphan_label.setText(
            f"Not found in the current version of the article ({len(orphans)}):" if orphans else ""
        )
        self.orphan_label.setVisible(bool(orphans))
        self.orphan_list.setVisible(bool(orphans))
        tags = self.library.tags()
        self.tag_edit.set_known_tags(tags)
        current = next((h for h in highlights if h.id == keep), None)
        if current is None:
            self._edit(None)
        else:
            self._edit(current, reselect=True)

    def _changed(self, article_id: str) -> None:
        if article_id == self.article_id:
            self.reload()

    def _palette_changed(self) -> None:
        self._fill_colors()
        self.reload()

    def _fill_colors(self) -> None:
        palette = self.library.palette()
        dark = is_dark_widget(self.view)
        self.color_box.clear()
        for c in palette.colors:
            label = f"{c.name} — {c.meaning}" if c.meaning else c.name
            self.color_box.addItem(swatch_icon(fill(palette, c.name, dark), dark=dark), label, c.name)

    # --- selection and editing ------------------------------------------------------------------------

    def select_highlight(self, highlight_id: str) -> bool:
        """Make a highlight the current row (clicking it in the reader does this)."""
        for view, model in ((self.list, self.model), (self.orphan_list, self.orphan_model)):
            row = model.row_of(highlight_id)
            if row is not None:
                view.setCurrentIndex(model.index(row))
                view.scrollTo(model.index(row))
                return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        model = current.model()
        assert isinstance(model, NotesModel)
        h = model.highlight_at(current.row())
        other = self.orphan_list if model is self.model else self.list
        other.selectionModel().clearSelection()
        if h is not None and (self._editing is None or self._editing.id != h.id):
            self._edit(h)
            self.highlightSelected.emit(h.id)

    def _clicked(self, index: QModelIndex) -> None:
        hid = index.data(IdRole)
        if hid and index.data(StateRole) != "orphaned":
            self.controller.reveal_highlight(hid)

    def _edit(self, h: Highlight | None, *, reselect: bool = False) -> None:
        if self._note_timer.isActive() and self._editing is not None and (h is None or h.id != self._editing.id):
            self.save_note()
        self._editing = h
        self.editor.setEnabled(h is not None)
        if h is None:
            self.note_edit.blockSignals(True)
            self.note_edit.clear()
            self.note_edit.blockSignals(False)
            self.tag_edit.clear()
            return
        i = self.color_box.findData(h.color)
        self.color_box.setCurrentIndex(i)
        # Never overwrite what is being typed: the note echoes back through `changed`.
        if not self.note_edit.hasFocus() and not self._note_timer.isActive():
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(h.note)
            self.note_edit.blockSignals(False)
        if not self.tag_edit.hasFocus():
            self.tag_edit.setText(", ".join(h.tags))
        if reselect:
            self.select_highlight(h.id)

    @property
    def current_highlight(self) -> Highlight | None:
        return self._editing

    def save_note(self) -> None:
        self._note_timer.stop()
        h = self._editing
        if h is None:
            return
        text = self.note_edit.toPlainText()
        if text != h.note:
            try:
                self._editing = self.hub.set_note(h.id, text)
            except ReaderError:
                self._editing = None

    def save_tags(self) -> None:
        h = self._editing
        if h is None:
            return
        tags = self.tag_edit.tags()
        if tuple(tags) != h.tags:
            try:
                self._editing = self.hub.set_tags(h.id, tags)
            except ReaderError:
                self._editing = None

    def _color_chosen(self, index: int) -> None:
        h = self._editing
        name = self.color_box.itemData(index)
        if h is not None and name:
            self.hub.set_color(h.id, str(name))

    def delete_current(self) -> None:
        """Delete the current highlight (Ctrl+Z here or in the reader brings it back)."""
        h = self._editing
        if h is None:
            return
        if self._note_timer.isActive():
            self.save_note()
        self._editing = None
        self.hub.delete(h.id)
