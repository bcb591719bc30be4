"""Making and drawing highlights in the real reader view, with the mouse and the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest

from reader.library import Library
from reader.types import Article
from ui.annotate import HighlightController, NotesDock
from ui.annotate.controller import HIGHLIGHT_IDS_PROPERTY

from .helpers import click, covered, doc_pos_of, drag_select, drawn_ranges, point_of


def open_article(qtbot: Any, make_view: Any, lib: Library, article: Article) -> tuple[Any, HighlightController]:
    view = make_view(lib)
    controller = HighlightController(lib, view)
    with qtbot.waitSignal(controller.highlightsDrawn):
        view.show_article(article.id)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view, controller


def test_mouse_selection_and_the_popup_make_a_durable_drawn_highlight(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    start, end = doc_pos_of(view, "block:0", "crossed the harbour")
    drag_select(view, start, end)
    assert view.textCursor().selectedText() == "crossed the harbour"
    qtbot.waitUntil(controller.popup.isVisible)
    with qtbot.waitSignal(controller.highlightsDrawn):
        controller.popup.buttons["green"].click()
    [h] = library.highlights(article.id)
    assert (h.part, h.quote.exact, h.color) == ("block:0", "crossed the harbour", "green")
    assert covered(view, start, end)
    assert not view.textCursor().hasSelection()  # the colour shows, not the selection
    assert view.toPlainText().count("crossed the harbour") == 1  # the text itself is untouched


def test_shift_arrows_then_h_highlights_and_keys_without_a_selection_do_nothing(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    start, _end = doc_pos_of(view, "block:1", "Officials")
    cursor = view.textCursor()
    cursor.setPosition(start)
    view.setTextCursor(cursor)
    QTest.keyClick(view, Qt.Key.Key_H)  # no selection: not ours
    QTest.keyClick(view, Qt.Key.Key_2)
    assert library.highlights(article.id) == []
    for _ in range(len("Officials")):
        QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "Officials"
    with qtbot.waitSignal(controller.highlightsDrawn):
        QTest.keyClick(view, Qt.Key.Key_H)
    [h] = library.highlights(article.id)
    assert (h.quote.exact, h.color) == ("Officials", library.palette().default.name)
    assert covered(view, start, start + len("Officials"))
    # A number key picks the palette's colour (3 = the third).
    a, b = doc_pos_of(view, "block:2", "Tickets")
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    QTest.keyClick(view, Qt.Key.Key_3)
    colors = {h.quote.exact: h.color for h in library.highlights(article.id)}
    assert colors["Tickets"] == library.palette().colors[2].name


def test_n_opens_a_note_editor_that_saves_as_you_type(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    a, b = doc_pos_of(view, "block:2", "remain valid")
    cursor = view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    QTest.keyClick(view, Qt.Key.Key_N)
    editor = controller.note_editor
    assert editor.isVisible()
    [h] = library.highlights(article.id)
    QTest.keyClicks(editor.edit, "Check the **date** jk")  # j, k, n never reach the window here
    qtbot.waitUntil(lambda: library.highlight(h.id).note == "Check the **date** jk")
    QTest.keyClick(editor.edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_restart_finds_the_highlight_drawn_with_its_note_on_hover(
    qtbot: Any, data_dir: Any, library: Library, article: Article, make_view: Any, reopen: Any
) -> None:
    made = library.highlight_quote(article.id, "winter repairs", note="Ask the council for the bill")
    library.close()
    lib = reopen()
    view, controller = open_article(qtbot, make_view, lib, article)
    start, end = doc_pos_of(view, "block:1", "winter repairs")
    assert covered(view, start, end)
    assert [h.id for h in controller.highlights_at(start + 2)] == [made.id]
    assert "Ask the council for the bill" in controller.tooltip_text(controller.highlights_at(start + 2))


def test_a_selection_over_a_caption_and_a_paragraph_makes_one_highlight_per_part(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    start, _ = doc_pos_of(view, "block:1", "cost more")
    _, end = doc_pos_of(view, "caption:1", "Commuters on")
    drag_select(view, start, end)
    with qtbot.waitSignal(controller.highlightsDrawn):
        QTest.keyClick(view, Qt.Key.Key_H)
    made = {h.part: h.quote.exact for h in library.highlights(article.id)}
    assert made == {
        "block:1": "cost more than expected but finished early.",
        "caption:1": "Commuters on",
    }
    assert covered(view, *doc_pos_of(view, "caption:1", "Commuters on"))
    # The credit between them is not a part, so it is never highlighted.
    credit = view.toPlainText().index("Photo: A. Nonymous")
    assert not any(a <= credit < b for a, b in drawn_ranges(view))


def test_highlighting_a_caption_alone(qtbot: Any, library: Library, article: Article, make_view: Any) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    start, end = doc_pos_of(view, "caption:0", "leaves the pier")
    drag_select(view, start, end)
    with qtbot.waitSignal(controller.highlightsDrawn):
        QTest.keyClick(view, Qt.Key.Key_4)
    [h] = library.highlights(article.id)
    assert (h.part, h.quote.exact) == ("caption:0", "leaves the pier")


def test_overlapping_highlights_are_layered(qtbot: Any, library: Library, article: Article, make_view: Any) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    outer = library.highlight_quote(article.id, "crossed the harbour again", color="yellow")
    inner = library.highlight_quote(article.id, "the harbour", part="block:0", color="blue")
    controller.reload()
    a, b = doc_pos_of(view, "block:0", "the harbour")
    layers = {
        (s.cursor.selectionStart(), s.cursor.selectionEnd()): QTextCharFormat(s.format) for s in view.extraSelections()
    }
    both = layers[(a, b)]
    assert set(str(both.property(HIGHLIGHT_IDS_PROPERTY)).split(",")) == {outer.id, inner.id}
    assert both.underlineStyle() != both.UnderlineStyle.NoUnderline
    alone = layers[(doc_pos_of(view, "block:0", "crossed ")[0], a)]
    assert alone.underlineStyle() == alone.UnderlineStyle.NoUnderline
    # The overlap is a different, deeper colour than either highlight alone.
    assert both.background().color() != alone.background().color()
    assert both.background().color().lightness() < alone.background().color().lightness()
    assert [h.id for h in controller.highlights_at(a + 1)] == [inner.id, outer.id]


def test_delete_then_ctrl_z_brings_the_highlight_back(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    dock = NotesDock(library, view, controller)
    qtbot.addWidget(dock)
    dock.show()
    h = library.highlight_quote(article.id, "Tickets for the old service", note="keep")
    controller.reload()
    dock.reload()
    assert dock.select_highlight(h.id)
    with qtbot.waitSignal(controller.highlightsDrawn):
        dock.delete_button.click()
    assert library.highlights(article.id) == []
    assert view.extraSelections() == []
    assert dock.model.rowCount() == 0
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    with qtbot.waitSignal(controller.highlightsDrawn):
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.highlights(article.id) == [h]  # exactly as it was, note and all
    assert covered(view, *doc_pos_of(view, "block:2", "Tickets for the old service"))
    assert dock.model.rowCount() == 1


def test_undo_of_making_a_highlight_removes_it(qtbot: Any, library: Library, article: Article, make_view: Any) -> None:
    view, _controller = open_article(qtbot, make_view, library, article)
    a, b = doc_pos_of(view, "title", "Ferry service")
    drag_select(view, a, b)
    QTest.keyClick(view, Qt.Key.Key_H)
    assert len(library.highlights(article.id)) == 1
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.highlights(article.id) == []
    assert view.extraSelections() == []


def test_clicking_a_highlight_activates_it_in_the_dock(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    dock = NotesDock(library, view)  # finds the view's controller itself
    assert dock.controller is controller
    qtbot.addWidget(dock)
    first = library.highlight_quote(article.id, "Officials said")
    second = library.highlight_quote(article.id, "end of June")
    controller.reload()
    dock.reload()
    a, _b = doc_pos_of(view, "block:2", "end of June")
    with qtbot.waitSignal(controller.highlightActivated) as blocker:
        click(view, a + 3)
    assert blocker.args == [second.id]
    assert dock.current_highlight is not None and dock.current_highlight.id == second.id
    assert first.id != second.id


def test_the_context_menu_offers_highlighting_and_deleting(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view, controller = open_article(qtbot, make_view, library, article)
    a, b = doc_pos_of(view, "block:0", "commuters and tourists")
    drag_select(view, a, b)
    menu = controller.context_menu(point_of(view, a + 2))
    names = [act.objectName() for act in menu.actions()]
    assert "highlightSelection" in names and "deleteHighlight" not in names
    next(act for act in menu.actions() if act.objectName() == "highlightSelection").trigger()
    menu.deleteLater()
    [h] = library.highlights(article.id)
    menu = controller.context_menu(point_of(view, a + 2))
    delete = next(act for act in menu.actions() if act.objectName() == "deleteHighlight")
    delete.trigger()
    menu.deleteLater()
    assert library.highlights(article.id) == []
    assert h.quote.exact == "commuters and tourists"


def test_window_keys_pass_through_without_a_selection(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    view, controller = open_article(qtbot, make_view, library, article)
    fired: list[str] = []
    window_n = QAction("next unread", view)
    window_n.setShortcut(QKeySequence("N"))
    window_n.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window_n.triggered.connect(lambda: fired.append("n"))
    view.addAction(window_n)
    QTest.keyClick(view, Qt.Key.Key_N)
    assert fired == ["n"] and library.highlights(article.id) == []
    a, b = doc_pos_of(view, "block:0", "ferry")
    drag_select(view, a, b)
    QTest.keyClick(view, Qt.Key.Key_N)  # with a selection, N is "highlight with a note"
    assert fired == ["n"]
    assert len(library.highlights(article.id)) == 1
    assert controller.note_editor.isVisible()
