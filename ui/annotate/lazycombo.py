"""A combo box whose choices are read when the user first reaches for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget


class LazyComboBox(QComboBox):
    """Holds its first choice (e.g. "All feeds") until it is opened, focused or scrolled
    over; then ``fill`` adds the rest. The Notebook's feed filter is every feed (2,000 at
    500,000 articles, two thirds of the tab's first screen), and most visits never open it."""

    def __init__(self, fill: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self.stale = True

    def ensure_filled(self) -> None:
        """Add the choices now, if they were not added since the box was last cleared."""
        if self.stale:
            self.stale = False
            self._fill()

    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()

    def focusInEvent(self, event: Any) -> None:
        self.ensure_filled()  # the arrow keys choose among the choices without opening it
        super().focusInEvent(event)

    def wheelEvent(self, event: Any) -> None:
        self.ensure_filled()
        super().wheelEvent(event)
