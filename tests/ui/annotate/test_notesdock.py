"""The notes dock: reading order, editing, tags with completion, moved and orphaned highlights."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reader.library import Library
from reader.types import Article, ArticleContent, Block
from ui.annotate import HighlightController, NotesDock
from ui.annotate.delegate import ExtraRole, IdRole, StateRole

from .conftest import harbour_content


def make_dock(qtbot: Any, make_view: Any, lib: Library, article: Article) -> tuple[Any, HighlightController, NotesDock]:
    view = make_view(lib)
    controller = HighlightController(lib, view)
    dock = NotesDock(lib, view, controller)
    qtbot.addWidget(dock)
    dock.resize(340, 700)
    dock.show()
    view.show_article(article.id)
    return view, controller, dock


def test_rows_in_reading_order_and_the_model_passes_the_tester(
    qtbot: Any, qtmodeltester: Any, library: Library, article: Article, make_view: Any
) -> None:
    late = library.highlight_quote(article.id, "end of June", note="deadline", tags=["dates"])
    early = library.highlight_quote(article.id, "leaves the pier")
    _view, _c, dock = make_dock(qtbot, make_view, library, article)
    qtmodeltester.check(dock.model)
    ids = [dock.model.index(r).data(IdRole) for r in range(dock.model.rowCount())]
    assert ids == [early.id, late.id]
    assert dock.model.index(1).data(Qt.ItemDataRole.ToolTipRole) == "deadline"
    assert "2 highlights" in dock.summary.text()


def test_editing_note_colour_and_tags_from_the_dock_is_saved_and_redrawn(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    other = library.add_feed("http://127.0.0.1:9/other.xml", title="Other")
    library.storage.meta.put_articles(other.id, [Article(id=f"{other.id}-000000000001", feed_id=other.id, guid="o1")])
    library.store_content(
        f"{other.id}-000000000001", ArticleContent(title="Other", body=(Block("paragraph", "Ports"),))
    )
    library.highlight_quote(f"{other.id}-000000000001", "Ports", tags=["transport"])
    h = library.highlight_quote(article.id, "winter repairs")
    view, controller, dock = make_dock(qtbot, make_view, library, article)
    assert dock.select_highlight(h.id)
    dock.note_edit.setFocus()
    QTest.keyClicks(dock.note_edit, "Over budget?")
    qtbot.waitUntil(lambda: library.highlight(h.id).note == "Over budget?")
    # Colour: choosing from the box recolours the drawn highlight.
    blue = dock.color_box.findData("blue")
    with qtbot.waitSignal(controller.highlightsDrawn):
        dock.color_box.setCurrentIndex(blue)
        dock.color_box.activated.emit(blue)
    assert library.highlight(h.id).color == "blue"
    # Tags: typing "tra" offers the library's "transport".
    dock.tag_edit.setFocus()
    QTest.keyClicks(dock.tag_edit, "budget, tra")
    completer = dock.tag_edit.completer_
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.currentCompletion() == "transport"
    dock.tag_edit.insert_completion(completer.currentCompletion())
    assert library.highlight(h.id).tags == ("budget", "transport")
    assert view.article_id == article.id


def test_moved_and_orphaned_highlights_after_a_new_version(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    kept = library.highlight_quote(article.id, "Tickets for the old service", note="still there")
    gone = library.highlight_quote(article.id, "winter repairs cost more", note="the budget line")
    old = harbour_content(0)
    new_body = (
        Block("paragraph", "A new first paragraph pushes everything down the page."),
        old.body[0],
        Block("paragraph", "Officials declined to comment."),  # the repairs sentence is gone
        old.body[2],
    )
    library.store_content(
        article.id, ArticleContent(title=old.title, bylines=old.bylines, body=new_body, figures=old.figures)
    )
    states = {h.id: h.state for h in library.highlights(article.id)}
    assert states == {kept.id: "moved", gone.id: "orphaned"}
    _view, controller, dock = make_dock(qtbot, make_view, library, article)
    assert dock.model.rowCount() == 1
    assert dock.model.index(0).data(StateRole) == "moved"
    assert dock.orphan_list.isVisible()
    assert dock.orphan_model.rowCount() == 1
    row = dock.orphan_model.index(0)
    assert row.data(IdRole) == gone.id
    assert row.data(Qt.ItemDataRole.DisplayRole) == "winter repairs cost more"
    assert row.data(ExtraRole) == "made on version 1"
    assert "Not found in the current version" in dock.orphan_label.text()
    assert [d.highlight.id for d in controller.drawn] == [kept.id]  # an orphan has no place to draw


def test_the_dock_follows_the_open_article(qtbot: Any, library: Library, make_view: Any) -> None:
    from .conftest import add_articles

    first, second = add_articles(library, 2, url="http://127.0.0.1:9/two.xml")
    library.highlight_quote(first.id, "Officials")
    view, _controller, dock = make_dock(qtbot, make_view, library, first)
    assert dock.model.rowCount() == 1
    view.show_article(second.id)
    assert dock.model.rowCount() == 0
    assert "No highlights yet" in dock.summary.text()
    assert not dock.editor.isEnabled()
    # The empty list says how to highlight; the editor, with nothing to edit, is out of the way.
    assert "press H" in dock.list.hint
    assert dock.editor.isHidden()
    view.show_article(first.id)
    assert dock.list.hint == ""
    assert not dock.editor.isHidden()
