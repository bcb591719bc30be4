"""Selections for highlighting: snapped to whole words, and made with the keyboard.

A highlight of "She was a sec" is a slip of the mouse, not a wish: :func:`snap_to_words`
widens a selection that starts or ends inside a word to the whole word (a selection made
with Alt held is kept as it is: a deliberate part of a word). :func:`extend_by_key`
gives the reader's caret the extensions QTextBrowser lacks: by sentence
(Alt+Shift+Left/Right) and by paragraph (Ctrl+Shift+Up/Down); by character and by word
(Shift+arrows, Ctrl+Shift+Left/Right) are Qt's own.

Keys the ``?`` dialog lists for highlighting are :data:`KEYS`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

JOINERS = "'’-‐‑"  # apostrophes and hyphens
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)")

KEYS: tuple[tuple[str, str], ...] = (
    ("Move the caret in the article (caret browsing)", "Arrows, Home, End"),
    ("Select by character / by line", "Shift+Arrows"),
    ("Extend the selection by a word", "Ctrl+Shift+Left, Ctrl+Shift+Right"),
    ("Extend the selection by a sentence", "Alt+Shift+Left, Alt+Shift+Right"),
    ("Extend the selection by a paragraph", "Ctrl+Shift+Up, Ctrl+Shift+Down"),
    ("Highlight the selection", "H"),
    ("Highlight the selection in colour 1–5", "1, 2, 3, 4, 5"),
    ("Highlight the selection and write a note", "N"),
    ("Undo / redo the last highlight change (article focused)", "Ctrl+Z, Ctrl+Shift+Z"),
    ("Keep a selection inside a word (not snapped to whole words)", "Alt+drag"),
)


def _in_word(doc: QTextDocument, pos: int) -> bool:
    """Whether the character at ``pos`` belongs to a word: letters and digits, an apostrophe
    or hyphen between two of them ("America's", "co-op"), a comma or point between digits
    ("415,000")."""
    if pos < 0 or pos >= doc.characterCount() - 1:
        return False
    ch = doc.characterAt(pos)
    if ch.isalnum():
        return True
    before, after = doc.characterAt(pos - 1) if pos > 0 else " ", doc.characterAt(pos + 1)
    if ch in JOINERS:
        return before.isalnum() and after.isalnum()
    return ch in ",." and before.isdigit() and after.isdigit()


def snap_to_words(doc: QTextDocument, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so it neither begins nor ends inside a word."""
    if end <= start:
        return start, end
    while start > 0 and _in_word(doc, start) and _in_word(doc, start - 1):
        start -= 1
    while _in_word(doc, end - 1) and _in_word(doc, end):
        end += 1
    return start, end


def _sentence_edge(text: str, offset: int, forward: bool) -> int:
    """The offset in ``text`` of the end of the sentence at or after ``offset`` (forward), or
    of the start of the sentence before ``offset``."""
    if forward:
        match = _SENTENCE_END.search(text, offset + 1 if offset < len(text) else offset)
        return match.end() if match else len(text)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(offset - 1, 0))]
    start = ends[-1] if ends else 0
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def extend_by_key(view: QTextBrowser, event: QKeyEvent) -> bool:
    """Extend the view's selection for a sentence or paragraph key; True if it was one."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = event.key()
    cursor = view.textCursor()
    shift = Qt.KeyboardModifier.ShiftModifier
    if mods == (Qt.KeyboardModifier.ControlModifier | shift) and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        down = key == Qt.Key.Key_Down
        if down and cursor.atBlockEnd():
            cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
        elif not down and cursor.atBlockStart():
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock, QTextCursor.MoveMode.KeepAnchor)
        op = QTextCursor.MoveOperation.EndOfBlock if down else QTextCursor.MoveOperation.StartOfBlock
        cursor.movePosition(op, QTextCursor.MoveMode.KeepAnchor)
    elif mods == (Qt.KeyboardModifier.AltModifier | shift) and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        block = cursor.block()
        offset = cursor.position() - block.position()
        edge = _sentence_edge(block.text(), offset, key == Qt.Key.Key_Right)
        cursor.setPosition(block.position() + edge, QTextCursor.MoveMode.KeepAnchor)
    else:
        return False
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return True
