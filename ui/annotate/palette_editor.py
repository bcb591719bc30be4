"""The palette editor for Settings: what each highlight colour means to the user.

A colour's ``name`` and fills stay the same (stored highlights name their colour); only the
meaning is the user's. :class:`PaletteEditor` is a plain widget the settings dialog embeds;
call :meth:`PaletteEditor.save` when the dialog is accepted.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from reader import DEFAULT_PALETTE, Library, Palette, ReaderError

from .colors import swatch_icon
from .store import Annotations

MAX_MEANING = 40


class PaletteEditor(QWidget):
    """One row per colour: light and dark swatches, the colour's name, its meaning (editable)."""

    changed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("paletteEditor")
        self.setAccessibleName("Highlight colours")
        self._palette = library.palette()
        self.meaning_edits: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        for row, c in enumerate(self._palette.colors):
            light = QLabel(self)
            light.setPixmap(swatch_icon(QColor(c.light), 18).pixmap(18, 18))
            light.setToolTip(f"{c.name} on a light page")
            dark = QLabel(self)
            dark.setPixmap(swatch_icon(QColor(c.dark), 18, dark=True).pixmap(18, 18))
            dark.setToolTip(f"{c.name} on a dark page")
            name = QLabel(f"{row + 1}  {c.name}" if row < 9 else c.name, self)
            edit = QLineEdit(c.meaning, self)
            edit.setObjectName(f"meaning-{c.name}")
            edit.setAccessibleName(f"Meaning of {c.name}")
            edit.setPlaceholderText("What this colour means")
            edit.setMaxLength(MAX_MEANING)
            edit.textChanged.connect(lambda _t: self.changed.emit())
            for col, w in enumerate((light, dark, name, edit)):
                grid.addWidget(w, row, col)
            self.meaning_edits[c.name] = edit
        self.reset_button = QPushButton("Default meanings", self)
        self.reset_button.setObjectName("resetMeanings")
        self.reset_button.clicked.connect(self.reset)
        grid.addWidget(self.reset_button, len(self._palette.colors), 3)
        grid.setColumnStretch(3, 1)

    def edited_palette(self) -> Palette:
        """The palette with the meanings as typed."""
        result = self._palette
        for name, edit in self.meaning_edits.items():
            result = result.with_meaning(name, edit.text().strip())
        return result

    def reset(self) -> None:
        for name, edit in self.meaning_edits.items():
            default = DEFAULT_PALETTE.get(name)
            edit.setText(default.meaning if default else "")

    def save(self) -> bool:
        """Store the meanings; every open highlight view redraws its menus and tooltips."""
        try:
            self.library.set_palette(self.edited_palette())
        except ReaderError:
            return False
        Annotations.of(self.library).palette_saved()
        return True
