"""The annotating half inside the real window: search tab, notebook, export, undo, palette."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import activate
from ui.annotate import PaletteEditor


def window_with_annotations(make_window: Any, open_library: Any) -> Any:
    lib = open_library(first_run=True)  # the bundled sample, offline
    window = make_window(lib)
    window.install_annotations()
    return window


def test_search_from_the_window_opens_the_article(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = window_with_annotations(make_window, open_library)
    lib = window.library
    target = next(a for a in lib.articles() if "songbird" in (a.url or ""))
    window.show_search()
    panel = window.search_panel
    assert window.tabs.currentWidget() is panel
    # Results of a prefix typed on a slow machine may come first: wait for the whole word's.
    with qtbot.waitSignal(
        panel.box.resultsReady, timeout=5000, check_params_cb=lambda query, hits: query == "songbirds" and bool(hits)
    ):
        qtbot.keyClicks(panel.box, "songbirds")
    with qtbot.waitSignal(window.articleOpened, timeout=5000) as opened:
        panel.results.setCurrentIndex(panel.model.index(0, 0))
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert opened.args == [target.id]
    assert window.tabs.currentIndex() == 0 and window.reader.article_id == target.id


def test_highlight_then_undo_from_the_edit_menu(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = window_with_annotations(make_window, open_library)
    lib = window.library
    aid = window.reader.article_id
    assert aid is not None
    activate(qtbot, window)
    window.reader.setFocus()
    part = window.reader.content.parts()[-1]
    start = window.reader.part_map.to_doc(part.id, 0)
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + min(20, len(part.text)), cursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(lib.highlights(aid)) == 1)
    undo = next(a for a in window.menus["Edit"].actions() if a.objectName() == "undoAnnotation")
    assert undo.isEnabled()
    undo.trigger()
    qtbot.waitUntil(lambda: lib.highlights(aid) == [])


def test_settings_embed_the_palette_editor(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = window_with_annotations(make_window, open_library)
    dialog = window.open_settings()
    palette_editor = dialog.findChild(PaletteEditor)
    assert palette_editor is not None
    first = window.library.palette().colors[0].name
    palette_editor.meaning_edits[first].setText("Key claim")
    dialog.accept()
    qtbot.waitUntil(lambda: window.library.palette().colors[0].meaning == "Key claim")
