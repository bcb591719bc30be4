"""Renaming what the colours mean, and every view picking it up."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QTest

from reader.library import Library
from reader.types import Article
from ui.annotate import HighlightController, PaletteEditor


def test_renamed_meanings_are_saved_and_shown_in_the_popup_and_tooltips(
    qtbot: Any, library: Library, article: Article, make_view: Any
) -> None:
    view = make_view(library)
    controller = HighlightController(library, view)
    view.show_article(article.id)
    h = library.highlight_quote(article.id, "Officials", color="green")
    controller.reload()
    editor = PaletteEditor(library)
    qtbot.addWidget(editor)
    edit = editor.meaning_edits["green"]
    edit.clear()
    QTest.keyClicks(edit, "Evidence")
    with qtbot.waitSignal(controller.highlightsDrawn):
        assert editor.save()
    assert library.palette().get("green").meaning == "Evidence"  # type: ignore[union-attr]
    assert "Evidence" in controller.popup.buttons["green"].toolTip()
    assert controller.tooltip_text([h]) == "Evidence (green)"
    editor.reset()
    assert edit.text() == "Agree"
