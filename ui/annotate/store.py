"""One hub per library for every annotation change the window makes.

The highlight controller, the notes dock and the notebook all change highlights through
:class:`Annotations`, so they share one :class:`QUndoStack` (Ctrl+Z in the reader or the
dock undoes a delete made in either) and hear the same ``changed`` signal to redraw.
Saves call the facade synchronously: a highlight write is a few milliseconds (see
``benchmarks/annotate_ui_bench.py``), well under a frame.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader import Highlight, Library

_hubs: weakref.WeakKeyDictionary[Library, Annotations] = weakref.WeakKeyDictionary()


class _AddCommand(QUndoCommand):
    """Highlights just made: undo deletes them, redo puts them back exactly."""

    def __init__(self, hub: Annotations, made: Sequence[Highlight]) -> None:
        super().__init__("Highlight" if len(made) == 1 else f"Highlight ({len(made)} parts)")
        self._hub = hub
        self._made = list(made)
        self._first = True

    def redo(self) -> None:
        if self._first:  # already saved when the command was pushed
            self._first = False
            return
        for h in self._made:
            self._hub.library.restore_highlight(h)
        self._hub.notify({h.article_id for h in self._made})

    def undo(self) -> None:
        self._made = [self._hub.library.delete_highlight(h.id) for h in self._made]
        self._hub.notify({h.article_id for h in self._made})


class _DeleteCommand(QUndoCommand):
    def __init__(self, hub: Annotations, highlight_id: str) -> None:
        super().__init__("Delete highlight")
        self._hub = hub
        self._id = highlight_id
        self._removed: Highlight | None = None

    def redo(self) -> None:
        self._removed = self._hub.library.delete_highlight(self._id)
        self._hub.notify({self._removed.article_id})

    def undo(self) -> None:
        if self._removed is not None:
            self._hub.library.restore_highlight(self._removed)
            self._hub.notify({self._removed.article_id})


class _ColorCommand(QUndoCommand):
    def __init__(self, hub: Annotations, highlight: Highlight, color: str) -> None:
        super().__init__("Change colour")
        self._hub = hub
        self._id = highlight.id
        self._article = highlight.article_id
        self._old = highlight.color
        self._new = color

    def redo(self) -> None:
        self._hub.library.update_highlight(self._id, color=self._new)
        self._hub.notify({self._article})

    def undo(self) -> None:
        self._hub.library.update_highlight(self._id, color=self._old)
        self._hub.notify({self._article})


class Annotations(QObject):
    """The shared undo stack and change signal for one library (get it with :meth:`of`)."""

    changed = Signal(str)  # an article id whose highlights changed
    paletteChanged = Signal()

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("annotationUndoStack")

    @classmethod
    def of(cls, library: Library) -> Annotations:
        """The hub for ``library`` (made on first use, shared by every widget on it)."""
        hub = _hubs.get(library)
        if hub is None:
            hub = cls(library)
            _hubs[library] = hub
        return hub

    def notify(self, article_ids: Iterable[str]) -> None:
        for aid in sorted(set(article_ids)):
            self.changed.emit(aid)

    # --- changes (each one durable on return) ---------------------------------------------------

    def add(
        self, article_id: str, pieces: Sequence[tuple[str, int, int]], *, color: str | None = None, note: str = ""
    ) -> list[Highlight]:
        """One highlight per ``(part, start, end)`` piece; undoable as one step."""
        made = [
            self.library.add_highlight(article_id, part, start, end, color=color, note=note)
            for part, start, end in pieces
        ]
        if made:
            self.undo_stack.push(_AddCommand(self, made))
            self.notify([article_id])
        return made

    def set_note(self, highlight_id: str, note: str) -> Highlight:
        updated = self.library.update_highlight(highlight_id, note=note)
        self.notify([updated.article_id])
        return updated

    def set_tags(self, highlight_id: str, tags: Iterable[str]) -> Highlight:
        updated = self.library.update_highlight(highlight_id, tags=list(tags))
        self.notify([updated.article_id])
        return updated

    def set_color(self, highlight_id: str, color: str) -> None:
        current = self.library.highlight(highlight_id)
        if current.color != color:
            self.undo_stack.push(_ColorCommand(self, current, color))

    def delete(self, highlight_id: str) -> None:
        """Delete (Ctrl+Z brings it back)."""
        self.undo_stack.push(_DeleteCommand(self, highlight_id))

    def palette_saved(self) -> None:
        self.paletteChanged.emit()
