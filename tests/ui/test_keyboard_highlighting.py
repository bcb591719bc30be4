"""Highlighting without the mouse, and selections snapped to whole words: caret browsing in
the article, Shift+arrows, extending by word, sentence and paragraph, H / 1–5 / N, the
``?`` dialog listing those keys, and Page Down in the list marking nothing read."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import activate
from tests.ui.helpers import add_feed_with_articles

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def sample_window(qtbot: Any, make_window: Any, open_library: Any) -> Any:
    window = make_window(open_library(first_run=True))
    window.install_annotations()
    activate(qtbot, window)
    window.reader.setFocus()
    return window


def long_paragraph(window: Any) -> tuple[Any, int]:
    """A body paragraph of several sentences, and where it starts in the document."""
    part = next(p for p in window.reader.content.parts() if p.kind == "block" and p.text.count(". ") >= 2)
    return part, window.reader.part_map.to_doc(part.id, 0)


def put_caret(window: Any, position: int) -> None:
    cursor = window.reader.textCursor()
    cursor.setPosition(position)
    window.reader.setTextCursor(cursor)


def one_highlight(qtbot: Any, window: Any) -> Any:
    aid = window.reader.article_id
    qtbot.waitUntil(lambda: len(window.library.highlights(aid)) == 1)
    return window.library.highlights(aid)[0]


def test_a_selection_cut_inside_words_highlights_the_whole_words(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    window = sample_window(qtbot, make_window, open_library)
    part, start = long_paragraph(window)
    words = [m.span() for m in re.finditer(r"\S+", part.text)]
    # From the middle of the second word to the middle of the fourth ("he was a sec").
    a, b = words[1][0] + 2, words[3][0] + 2
    cursor = window.reader.textCursor()
    cursor.setPosition(start + a)
    cursor.setPosition(start + b, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    highlight = one_highlight(qtbot, window)
    whole = part.text[words[1][0] : words[3][1]].rstrip(".,;:!?”’\"'")
    assert highlight.quote.exact == whole


def test_alt_keeps_a_deliberate_part_of_a_word(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library)
    part, start = long_paragraph(window)
    word = next(m for m in re.finditer(r"[A-Za-z]{6,}", part.text))
    # A press with Alt held: the selection that follows is kept as it is.
    qtbot.mousePress(window.reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseRelease(window.reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier)
    cursor = window.reader.textCursor()
    cursor.setPosition(start + word.start())
    cursor.setPosition(start + word.start() + 3, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    assert one_highlight(qtbot, window).quote.exact == word.group()[:3]


def test_select_with_shift_arrows_extend_by_word_and_highlight_in_a_colour(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    window = sample_window(qtbot, make_window, open_library)
    part, start = long_paragraph(window)
    put_caret(window, start)
    for _ in range(3):
        qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.textCursor().selectedText() == part.text[:3]
    qtbot.keyClick(window.reader, Qt.Key.Key_Right, CTRL_SHIFT)  # on to the next word
    qtbot.keyClick(window.reader, Qt.Key.Key_2)
    highlight = one_highlight(qtbot, window)
    assert highlight.color == window.library.palette().colors[1].name
    first_two = " ".join(part.text.split()[:2])
    assert first_two.startswith(highlight.quote.exact) and len(highlight.quote.exact.split()) >= 1
    assert part.text.startswith(highlight.quote.exact)
    assert re.fullmatch(r"\S+( \S+)?", highlight.quote.exact)


def test_extend_by_sentence_and_by_paragraph(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library)
    part, start = long_paragraph(window)
    put_caret(window, start)
    qtbot.keyClick(window.reader, Qt.Key.Key_Right, ALT_SHIFT)
    first_sentence = part.text[: part.text.index(". ") + 1]
    assert window.reader.textCursor().selectedText() == first_sentence
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    assert one_highlight(qtbot, window).quote.exact == first_sentence
    # The whole paragraph, then a highlight with a note: the note editor opens.
    put_caret(window, start)
    qtbot.keyClick(window.reader, Qt.Key.Key_Down, CTRL_SHIFT)
    assert window.reader.textCursor().selectedText() == part.text
    qtbot.keyClick(window.reader, Qt.Key.Key_N)
    aid = window.reader.article_id
    qtbot.waitUntil(lambda: len(window.library.highlights(aid)) == 2)
    assert window.highlighter.note_editor.isVisible()


def test_the_shortcuts_dialog_lists_the_highlighting_keys(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library)
    dialog = window.show_shortcuts()
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Highlight the selection"] == "H"
    assert rows["Highlight the selection in colour 1–5"] == "1, 2, 3, 4, 5"
    assert rows["Highlight the selection and write a note"] == "N"
    assert "N" in rows["Next unread"].split(", ")
    assert "Ctrl+Z" in rows["Undo / redo the last highlight change (article focused)"]
    assert "Ctrl+Shift+Down" in rows["Extend the selection by a paragraph"]
    dialog.close()


def test_page_down_in_the_list_scrolls_without_marking_articles_read(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    lib = open_library()
    add_feed_with_articles(lib, "pgdn", "Pages", 80)
    window = make_window(lib)
    window.feed_tree.select_key("feed", "pgdn")
    window.select_row(0)
    table = window.article_table
    table.setFocus()
    opened = window.reader.article_id
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert table.verticalScrollBar().value() > 0
    assert table.currentIndex().row() == 0 and window.reader.article_id == opened
    assert [a.id for a in lib.articles() if a.read] == [opened]


def test_snap_to_words_widens_to_whole_words_only(qapp: Any) -> None:
    from PySide6.QtGui import QTextDocument

    from ui.annotate.selecting import snap_to_words

    doc = QTextDocument("She was a second late. America's co-op paid $415,000.")
    text = doc.toPlainText()

    def snapped(a: int, b: int) -> str:
        start, end = snap_to_words(doc, a, b)
        return text[start:end]

    assert snapped(0, text.index("second") + 3) == "She was a second"  # "She was a sec"
    assert snapped(text.index("erica"), text.index("erica") + 3) == "America's"
    assert snapped(text.index("op paid"), text.index("op paid") + 2) == "co-op"
    assert snapped(text.index("15,"), text.index("15,") + 1) == "415,000"
    assert snapped(text.index("was"), text.index("was") + 3) == "was"  # whole already: unchanged
    assert snapped(text.index(" late"), text.index(" late") + 1) == " "  # nothing to widen
