"""Highlighting in the reader view: drawing, making, hovering, clicking, keys and menus.

:class:`HighlightController` attaches to a reader view (the contract: a ``QTextBrowser`` with
``article_id``, ``content``, ``part_map.to_part/to_doc`` and an ``articleRendered(str)``
signal). It draws highlights as ``QTextEdit.ExtraSelection`` layers, so the document text is
never touched; overlapping highlights are cut into pieces whose fill is the blend of every
highlight covering it, with an underline where two or more overlap.

Keys act only when the view has focus *and* a selection: ``H`` highlights in the default
colour, ``1``-``9`` in the palette's colours, ``N`` highlights and opens the note editor.
Without a selection the keys go to the window (``n`` is "next unread" there).
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QToolTip, QWidget

from reader import Highlight, Library, Part, ReaderError

from .colors import edge, fill, is_dark_widget, layered, swatch_icon
from .popups import NoteEditor, SelectionPopup, place_near
from .selecting import extend_by_key, snap_to_words
from .store import Annotations

HIGHLIGHT_IDS_PROPERTY = QTextFormat.Property.UserProperty + 1
"""Each drawn layer's format carries the ids of the highlights under it (comma-separated)."""

_controllers: weakref.WeakKeyDictionary[QTextBrowser, HighlightController] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Drawn:
    """A highlight where it is drawn: document positions ``[start, end)``."""

    highlight: Highlight
    start: int
    end: int


def selection_pieces(view: QTextBrowser, doc_start: int, doc_end: int) -> list[tuple[str, int, int]]:
    """A document selection as ``(part id, start, end)`` pieces, one per part it touches,
    trimmed of surrounding white space. Uses only the part map's ``to_doc`` (the contract)."""
    content = getattr(view, "content", None)
    part_map = getattr(view, "part_map", None)
    if content is None or part_map is None or doc_end <= doc_start:
        return []
    pieces: list[tuple[str, int, int]] = []
    for part in content.parts():
        try:
            p_start = part_map.to_doc(part.id, 0)
        except KeyError:
            continue  # a part the view does not show
        a, b = max(doc_start, p_start), min(doc_end, p_start + len(part.text))
        if a >= b:
            continue
        start, end = a - p_start, b - p_start
        text = part.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            pieces.append((part.id, start, end))
    return pieces


class HighlightController(QObject):
    """Draws and makes highlights in ``view``. Signals: ``highlightActivated(id)`` when a
    highlight is clicked, ``highlightsDrawn(article_id)`` after every redraw."""

    highlightActivated = Signal(str)
    highlightsDrawn = Signal(str)

    def __init__(self, library: Library, view: QTextBrowser, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else view)
        self.library = library
        self.view = view
        self.hub = Annotations.of(library)
        self.drawn: list[Drawn] = []
        self.highlights: list[Highlight] = []
        self._palette = library.palette()
        self._press: QPoint | None = None
        self._exact = False  # the selection was made with Alt held: not snapped to whole words
        self._pending_reveal: str | None = None
        _controllers[view] = self

        self.popup = SelectionPopup(view.viewport())
        self.popup.colorChosen.connect(lambda name: self.highlight_selection(name))
        self.popup.noteRequested.connect(lambda: self.highlight_selection(with_note=True))
        self.note_editor = NoteEditor(view.viewport())
        self.note_editor.saveRequested.connect(self._save_note)
        self.note_editor.closed.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self._popup_timer = QTimer(self)
        self._popup_timer.setSingleShot(True)
        self._popup_timer.setInterval(120)  # let a drag or shift+arrows settle before the popup moves
        self._popup_timer.timeout.connect(self._update_popup)

        self.undo_action = self.hub.undo_stack.createUndoAction(view, "&Undo")
        self.undo_action.setObjectName("undoHighlight")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.addAction(self.undo_action)
        self.redo_action = self.hub.undo_stack.createRedoAction(view, "&Redo")
        self.redo_action.setObjectName("redoHighlight")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.addAction(self.redo_action)

        self._viewport: QWidget | None = view.viewport()
        contract: Any = view  # the reader view's own attributes (articleRendered, part_map...)
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        view.destroyed.connect(self._view_gone)
        view.viewport().setMouseTracking(True)
        view.selectionChanged.connect(self._popup_timer.start)
        contract.articleRendered.connect(self._rendered)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._popup_timer.start())
        self.hub.changed.connect(self._changed)
        self.hub.paletteChanged.connect(self._palette_changed)
        self._refresh_popup_colors()
        if getattr(view, "article_id", None) and getattr(view, "content", None) is not None:
            self.reload()

    def _view_gone(self) -> None:
        self._viewport = None

    @classmethod
    def for_view(cls, view: QTextBrowser) -> HighlightController | None:
        """The controller attached to ``view``, if any (the notes dock finds it this way)."""
        return _controllers.get(view)

    # --- loading and drawing ---------------------------------------------------------------------

    @property
    def article_id(self) -> str | None:
        aid = getattr(self.view, "article_id", None)
        return aid if getattr(self.view, "content", None) is not None else None

    def _rendered(self, article_id: str) -> None:
        self.note_editor.close_editor() if self.note_editor.highlight_id else None
        self.popup.hide()
        self.reload()
        if self._pending_reveal is not None:
            pending, self._pending_reveal = self._pending_reveal, None
            self.reveal_highlight(pending)

    def _changed(self, article_id: str) -> None:
        if article_id == self.article_id:
            self.reload()

    def _palette_changed(self) -> None:
        self._palette = self.library.palette()
        self._refresh_popup_colors()
        self.redraw()

    def _refresh_popup_colors(self) -> None:
        self.popup.set_palette_colors(self._palette, is_dark_widget(self.view))

    def reload(self) -> None:
        """Read the open article's highlights from the library and draw them."""
        aid = self.article_id
        self.highlights = self.library.highlights(aid) if aid else []
        self.redraw()

    def _placed(self) -> list[Drawn]:
        content = getattr(self.view, "content", None)
        if content is None:
            return []
        parts: dict[str, Part] = {p.id: p for p in content.parts()}
        placed: list[Drawn] = []
        for h in self.highlights:
            part = parts.get(h.part)
            if h.state == "orphaned" or part is None:
                continue
            a, b = h.position.start - part.start, h.position.end - part.start
            if a < 0 or b > len(part.text) or a >= b:
                continue
            try:
                part_map: Any = getattr(self.view, "part_map", None)
                placed.append(Drawn(h, part_map.to_doc(h.part, a), part_map.to_doc(h.part, b)))
            except (KeyError, AttributeError):
                continue
        return placed

    def redraw(self) -> None:
        """Lay the highlights over the document as extra selections (text untouched)."""
        self.drawn = self._placed()
        dark = is_dark_widget(self.view)
        cuts = sorted({p for d in self.drawn for p in (d.start, d.end)})
        selections: list[QTextEdit.ExtraSelection] = []
        doc = self.view.document()
        # Oldest first: a newer highlight is the upper layer (its colour leads the underline).
        order = sorted(self.drawn, key=lambda d: (d.highlight.created, d.highlight.id))
        for a, b in itertools.pairwise(cuts):
            over = [d for d in order if d.start <= a and d.end >= b]
            if not over:
                continue
            colors = [fill(self._palette, d.highlight.color, dark) for d in over]
            fmt = QTextCharFormat()
            fmt.setBackground(layered(colors, dark))
            if len(over) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(edge(colors[-1], dark))
            fmt.setProperty(HIGHLIGHT_IDS_PROPERTY, ",".join(d.highlight.id for d in over))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        self.view.setExtraSelections(selections)
        self.highlightsDrawn.emit(self.article_id or "")

    def highlights_at(self, doc_pos: int) -> list[Highlight]:
        """Highlights covering a document position, innermost (shortest) first."""
        hits = [d for d in self.drawn if d.start <= doc_pos < d.end]
        return [d.highlight for d in sorted(hits, key=lambda d: d.end - d.start)]

    def doc_range(self, highlight_id: str) -> tuple[int, int] | None:
        return next(((d.start, d.end) for d in self.drawn if d.highlight.id == highlight_id), None)

    # --- making highlights -------------------------------------------------------------------------

    def selection_pieces(self) -> list[tuple[str, int, int]]:
        """The selection as part pieces, widened to whole words (see :mod:`.selecting`)."""
        cursor = self.view.textCursor()
        if not cursor.hasSelection():
            return []
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if not self._exact:
            start, end = snap_to_words(self.view.document(), start, end)
        return selection_pieces(self.view, start, end)

    def highlight_selection(self, color: str | None = None, *, with_note: bool = False) -> list[Highlight]:
        """Highlight the selection (one highlight per part it spans); durable and drawn on
        return. With ``with_note``, opens the note editor on the first one."""
        aid = self.article_id
        pieces = self.selection_pieces()
        if aid is None or not pieces:
            return []
        try:
            made = self.hub.add(aid, pieces, color=color)
        except ReaderError as exc:
            QToolTip.showText(self.view.mapToGlobal(QPoint(20, 20)), str(exc), self.view)
            return []
        cursor = self.view.textCursor()
        cursor.setPosition(cursor.selectionEnd())
        self.view.setTextCursor(cursor)
        self.popup.hide()
        if with_note and made:
            self.edit_note(made[0].id)
        return made

    def edit_note(self, highlight_id: str) -> None:
        """Open the note editor for a highlight of the open article."""
        try:
            h = self.library.highlight(highlight_id)
        except ReaderError:
            return
        rng = self.doc_range(highlight_id)
        self.note_editor.open_for(h.id, h.quote.exact, h.note)
        anchor = self.view.viewport().rect()
        if rng is not None:
            c = QTextCursor(self.view.document())
            c.setPosition(rng[1])
            anchor = self.view.cursorRect(c)
        self.note_editor.resize(min(420, self.view.viewport().width() - 16), self.note_editor.height())
        place_near(self.note_editor, anchor, self.view.viewport().rect())

    def _save_note(self, highlight_id: str, note: str) -> None:
        with contextlib.suppress(ReaderError):  # deleted while its editor was open: nothing to save into
            self.hub.set_note(highlight_id, note)

    def reveal_highlight(self, highlight_id: str) -> bool:
        """Scroll the view to a highlight (after the article renders, if it has not yet)."""
        rng = self.doc_range(highlight_id)
        if rng is None:
            if self.article_id is None or all(h.id != highlight_id for h in self.highlights):
                self._pending_reveal = highlight_id
            return False
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(rng[0])
        rect = self.view.cursorRect(cursor)
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.view.viewport().height() // 3)
        self.view.setTextCursor(cursor)
        return True

    # --- the popup, keys, hover, clicks and menus ------------------------------------------------

    def _update_popup(self) -> None:
        cursor = self.view.textCursor()
        if not cursor.hasSelection() or not self.selection_pieces() or self.note_editor.isVisible():
            self.popup.hide()
            return
        end = QTextCursor(self.view.document())
        end.setPosition(cursor.selectionEnd())
        place_near(self.popup, self.view.cursorRect(end), self.view.viewport().rect())
        self.popup.show()
        self.popup.raise_()

    def _key_color(self, event: QKeyEvent) -> tuple[bool, str | None, bool] | None:
        """``(act, colour, with note)`` for an annotation key, or None for any other key."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        key = int(event.key())
        if key == int(Qt.Key.Key_H.value):
            return (True, None, False)
        if key == int(Qt.Key.Key_N.value):
            return (True, None, True)
        if int(Qt.Key.Key_1.value) <= key <= int(Qt.Key.Key_9.value):
            index = key - int(Qt.Key.Key_1.value)
            colors = self._palette.colors
            if index < len(colors):
                return (True, colors[index].name, False)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._viewport is None:
            return False
        kind = event.type()
        if watched is self.view and isinstance(event, QKeyEvent):
            action = self._key_color(event)
            if action is not None and self.view.hasFocus() and self.selection_pieces():
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key is ours while text is selected, not the window's
                    return True
                if kind == QEvent.Type.KeyPress:
                    self.highlight_selection(action[1], with_note=action[2])
                    return True
            if kind == QEvent.Type.KeyPress and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._exact = False  # a selection made with the keyboard snaps to words
                return extend_by_key(self.view, event)
            return False
        if watched is self._viewport:
            if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
                return self._tooltip(event)
            if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
                self._press = event.position().toPoint()
                self._exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                self._released(event)
            elif kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
                menu = self.context_menu(event.pos())
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return False

    def _doc_pos(self, point: QPoint) -> int | None:
        layout = self.view.document().documentLayout()
        offset = QPoint(self.view.horizontalScrollBar().value(), self.view.verticalScrollBar().value())
        pos = layout.hitTest(point + offset, Qt.HitTestAccuracy.ExactHit)
        return pos if pos >= 0 else None

    def _tooltip(self, event: QHelpEvent) -> bool:
        pos = self._doc_pos(event.pos())
        hits = self.highlights_at(pos) if pos is not None else []
        if not hits:
            QToolTip.hideText()
            event.ignore()
            return True
        QToolTip.showText(event.globalPos(), self.tooltip_text(hits), self.view.viewport())
        return True

    def tooltip_text(self, hits: Sequence[Highlight]) -> str:
        lines: list[str] = []
        for h in hits:
            meaning = self._palette.resolve(h.color).meaning
            head = h.note.strip() or (f"{meaning} ({h.color})" if meaning else h.color)
            tags = f"\n#{' #'.join(h.tags)}" if h.tags else ""
            lines.append(head + tags)
        return "\n—\n".join(lines)

    def _released(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        self._press = None
        if moved > 4 or self.view.textCursor().hasSelection():
            self._show_snapped()
            self._popup_timer.start()
            return
        pos = self._doc_pos(event.position().toPoint())
        hits = self.highlights_at(pos) if pos is not None else []
        if hits:
            self.highlightActivated.emit(hits[0].id)

    def _show_snapped(self) -> None:
        """Widen a mouse selection to the whole words it will highlight, so it shows them."""
        cursor = self.view.textCursor()
        if self._exact or not cursor.hasSelection():
            return
        start, end = snap_to_words(self.view.document(), cursor.selectionStart(), cursor.selectionEnd())
        if (start, end) == (cursor.selectionStart(), cursor.selectionEnd()):
            return
        forward = cursor.position() >= cursor.anchor()
        cursor.setPosition(start if forward else end)
        cursor.setPosition(end if forward else start, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The view's own menu (Copy, Select all) plus highlighting entries."""
        menu = self.view.createStandardContextMenu(pos)
        menu.setObjectName("readerContextMenu")
        first = menu.actions()[0] if menu.actions() else None
        entries: list[QAction] = []
        dark = is_dark_widget(self.view)
        if self.selection_pieces():
            default = self._palette.default
            act = QAction(swatch_icon(fill(self._palette, default.name, dark), dark=dark), "&Highlight", menu)
            act.setShortcut(QKeySequence("H"))
            act.setObjectName("highlightSelection")
            act.triggered.connect(lambda: self.highlight_selection())
            entries.append(act)
            colors = QMenu("Highlight in &colour", menu)
            for i, c in enumerate(self._palette.colors):
                label = f"{c.name} — {c.meaning}" if c.meaning else c.name
                ca = colors.addAction(swatch_icon(fill(self._palette, c.name, dark), dark=dark), label)
                if i < 9:
                    ca.setShortcut(QKeySequence(str(i + 1)))
                ca.triggered.connect(lambda _=False, name=c.name: self.highlight_selection(name))
            entries.append(colors.menuAction())
            note = QAction("Highlight with &note…", menu)
            note.setShortcut(QKeySequence("N"))
            note.setObjectName("highlightWithNote")
            note.triggered.connect(lambda: self.highlight_selection(with_note=True))
            entries.append(note)
        doc_pos = self._doc_pos(pos)
        hits = self.highlights_at(doc_pos) if doc_pos is not None else []
        if hits:
            h = hits[0]
            edit = QAction("Edit &note…", menu)
            edit.setObjectName("editNote")
            edit.triggered.connect(lambda: self.edit_note(h.id))
            recolor = QMenu("Change &colour", menu)
            for c in self._palette.colors:
                ca = recolor.addAction(swatch_icon(fill(self._palette, c.name, dark), dark=dark), c.name)
                ca.setCheckable(True)
                ca.setChecked(c.name == h.color)
                ca.triggered.connect(lambda _=False, name=c.name: self.hub.set_color(h.id, name))
            delete = QAction("&Delete highlight", menu)
            delete.setObjectName("deleteHighlight")
            delete.triggered.connect(lambda: self.hub.delete(h.id))
            entries += [edit, recolor.menuAction(), delete]
        if entries:
            for act in entries:
                menu.insertAction(first, act)  # type: ignore[arg-type]
            menu.insertSeparator(first)  # type: ignore[arg-type]
        return menu


def controller_for(view: QWidget) -> HighlightController | None:
    return _controllers.get(view) if isinstance(view, QTextBrowser) else None
