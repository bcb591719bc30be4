"""The small floating pieces over the reader: the selection popup and the note editor.

Both are child widgets of the reader's viewport (not top-level windows), so they never
take over the window, follow the view's theme and work the same on every platform.
The selection popup's buttons never take focus: a keyboard selection keeps growing.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from reader import Palette

from .colors import fill, swatch_icon

NOTE_SAVE_DELAY_MS = 400


def place_near(widget: QWidget, anchor: QRect, area: QRect) -> None:
    """Put ``widget`` just below ``anchor`` (above it when there is no room), inside ``area``."""
    size = widget.sizeHint()
    widget.resize(size)
    x = min(max(anchor.left(), area.left() + 4), area.right() - size.width() - 4)
    y = anchor.bottom() + 8
    if y + size.height() > area.bottom():
        y = anchor.top() - size.height() - 8
    widget.move(QPoint(max(x, area.left()), max(y, area.top())))


class SelectionPopup(QFrame):
    """Colour buttons and a note button, shown next to a selection in the reader."""

    colorChosen = Signal(str)
    noteRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("highlightPopup")
        self.setAccessibleName("Highlight the selection")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(5, 4, 5, 4)
        self._row.setSpacing(3)
        self.buttons: dict[str, QToolButton] = {}
        self.note_button = QToolButton(self)
        self.note_button.clicked.connect(lambda _=False: self.noteRequested.emit())
        self.hide()

    def set_palette_colors(self, palette: Palette, dark: bool) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.note_button:
                widget.deleteLater()
        self.buttons = {}
        for i, c in enumerate(palette.colors):
            b = QToolButton(self)
            b.setObjectName(f"highlightButton-{c.name}")
            b.setIcon(swatch_icon(fill(palette, c.name, dark), 18, dark=dark))
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            meaning = f" — {c.meaning}" if c.meaning else ""
            key = f" ({i + 1})" if i < 9 else ""
            b.setToolTip(f"Highlight {c.name}{meaning}{key}")
            b.setAccessibleName(f"Highlight {c.name}{meaning}")
            b.clicked.connect(lambda _=False, name=c.name: self.colorChosen.emit(name))
            self._row.addWidget(b)
            self.buttons[c.name] = b
        self.note_button.setObjectName("noteButton")
        self.note_button.setText("Note")
        self.note_button.setToolTip("Highlight and write a note (N)")
        self.note_button.setAccessibleName("Highlight with a note")
        self.note_button.setAutoRaise(True)
        self.note_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._row.addWidget(self.note_button)
        self.adjustSize()


class NoteEditor(QFrame):
    """A note for one highlight, saved as you type (debounced) and when it closes.

    The note is Markdown kept as plain text. Escape (or Ctrl+Return) closes the editor.
    """

    saveRequested = Signal(str, str)  # highlight id, note
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setAccessibleName("Note")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.highlight_id: str | None = None
        self._saved = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.quote_label = QLabel(self)
        self.quote_label.setObjectName("noteQuote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("noteEdit")
        self.edit.setAccessibleName("Note text (Markdown)")
        self.edit.setPlaceholderText("Write a note… (Markdown)")
        self.edit.setTabChangesFocus(True)
        self.hint = QLabel("Saved as you type · Esc closes", self)
        self.hint.setObjectName("noteHint")
        self.hint.setEnabled(False)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setMinimumWidth(320)
        self.setFixedHeight(170)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self.hide()

    def open_for(self, highlight_id: str, quote: str, note: str) -> None:
        self.flush()
        self.highlight_id = highlight_id
        short = quote if len(quote) <= 90 else quote[:87].rstrip() + "…"
        self.quote_label.setText(f"“{short}”")
        self._saved = note
        self.edit.blockSignals(True)
        self.edit.setPlainText(note)
        self.edit.blockSignals(False)
        self.hint.setText("Saved as you type · Esc closes")
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def _typed(self) -> None:
        self.hint.setText("Saving…")
        self._timer.start()

    def flush(self) -> None:
        """Save now if the text changed since the last save."""
        self._timer.stop()
        if self.highlight_id is None:
            return
        text = self.edit.toPlainText()
        if text != self._saved:
            self._saved = text
            self.saveRequested.emit(self.highlight_id, text)
        self.hint.setText("Saved · Esc closes")

    def close_editor(self) -> None:
        self.flush()
        self.highlight_id = None
        self.hide()
        self.closed.emit()

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            ctrl_return = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            )
            if event.key() == Qt.Key.Key_Escape or ctrl_return:
                self.close_editor()
                return True
        # Typing a note must never trigger the window's one-letter shortcuts (j, k, n...).
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.ShortcutOverride
            and event.text()
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
