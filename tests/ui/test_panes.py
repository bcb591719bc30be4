"""Room to read: characters a line at each size, the panes giving way in narrow windows,
the Notes dock that comes with the first highlight without moving the text, and a saved
geometry brought back within the screen (the bundled sample, offline)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import activate
from ui.panes import within


def sample_window(qtbot: Any, make_window: Any, open_library: Any, size: tuple[int, int] = (1400, 860)) -> Any:
    window = make_window(open_library(first_run=True))
    window.install_annotations()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    assert window.reader.mode == "article"
    return window


def headline_breaks_between_words(window: Any) -> bool:
    """Every line of the article's headline ends at a space (or a hyphen), never inside a word."""
    doc = window.reader.document()
    title = window.reader.content.title
    block = doc.begin()
    while block.isValid() and title not in block.text():
        block = block.next()
    assert block.isValid()
    layout, text = block.layout(), block.text()
    for i in range(layout.lineCount() - 1):
        end = layout.lineAt(i).textStart() + layout.lineAt(i).textLength()
        if not (text[end - 1].isspace() or text[end - 1] == "-" or text[end].isspace()):
            return False
    return True


def test_the_default_size_reads_at_60_to_75_characters_a_line(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library)
    assert 60 <= window.reader.characters_per_line() <= 75
    assert not window.notes_dock.isVisible()  # the article has no highlight yet
    feeds, articles, reader = window.splitter.sizes()
    assert reader > feeds + articles


def test_extra_width_goes_to_the_article_up_to_a_maximum_measure(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    window = sample_window(qtbot, make_window, open_library)
    before = window.splitter.sizes()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] > before[2])
    after = window.splitter.sizes()
    assert after[:2] == before[:2]  # the feeds and the list keep their widths
    assert after[2] - before[2] == 520
    assert 60 <= window.reader.characters_per_line() <= 75  # the rest is margin


def test_800_by_600_stacks_the_list_above_a_readable_article(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library, (800, 600))
    assert window.panes.mode == "stacked"
    assert window.splitter.orientation() == Qt.Orientation.Vertical
    assert window.splitter.sizes()[0] == 0  # the feeds pane folded away (F9 brings it back)
    assert 60 <= window.reader.characters_per_line() <= 75
    assert headline_breaks_between_words(window)
    # The list has the window's width: its titles are not cut.
    table = window.article_table
    title = window.article_model.index(0, 1).data()
    assert table.columnWidth(1) > table.fontMetrics().horizontalAdvance(title)
    window.actions_by_name["showFeeds"].trigger()
    assert window.splitter.sizes()[0] > 0


def test_a_middle_width_folds_the_feeds_pane_first(qtbot: Any, make_window: Any, open_library: Any) -> None:
    window = sample_window(qtbot, make_window, open_library, (960, 700))
    assert window.panes.mode == "folded"
    assert window.splitter.orientation() == Qt.Orientation.Horizontal
    assert window.splitter.sizes()[0] == 0
    assert window.reader.characters_per_line() >= 55
    window.resize(1400, 860)
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] > 0)
    assert window.panes.mode == "wide"


def highlight_words(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    window.reader.setFocus()
    part = window.reader.content.body[0]
    start = window.reader.part_map.to_doc(window.reader.content.parts()[-1].id, 0)
    del part
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)


def test_the_notes_dock_comes_with_the_first_highlight_without_moving_the_text(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    window = sample_window(qtbot, make_window, open_library)
    aid = window.reader.article_id
    column, lines = window.reader._column, window.reader.characters_per_line()
    assert not window.notes_dock.isVisible()
    highlight_words(qtbot, window)
    qtbot.waitUntil(lambda: len(window.library.highlights(aid)) == 1)
    qtbot.waitUntil(window.notes_dock.isVisible)
    # The dock's width came from the reader's margins and the list: the text keeps its measure.
    qtbot.waitUntil(lambda: window.reader._column == column)
    assert window.reader.characters_per_line() == lines
    # Another article, without highlights: the dock goes.
    window.move_selection(1)
    assert window.reader.article_id != aid
    qtbot.waitUntil(lambda: not window.notes_dock.isVisible())
    # Back to the highlighted one: it comes again. Ctrl+Shift+N (off) keeps it away.
    window.select_article(aid)
    qtbot.waitUntil(window.notes_dock.isVisible)
    window.actions_by_name["showNotes"].trigger()
    assert not window.notes_dock.isVisible()


def test_a_narrow_window_keeps_the_dock_hidden_even_with_highlights(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    window = sample_window(qtbot, make_window, open_library, (1000, 700))
    aid = window.reader.article_id
    highlight_words(qtbot, window)
    qtbot.waitUntil(lambda: len(window.library.highlights(aid)) == 1)
    assert not window.notes_dock.isVisible()
    window.actions_by_name["showNotes"].trigger()  # off
    window.actions_by_name["showNotes"].trigger()  # on: asked for, so shown
    assert window.notes_dock.isVisible()


def test_a_geometry_saved_on_a_bigger_screen_is_restored_within_this_one(
    qtbot: Any, make_window: Any, open_library: Any
) -> None:
    from ui.mainwindow import MainWindow

    lib = open_library(first_run=True)
    first = MainWindow(lib)
    first.setGeometry(QRect(300, 200, 2800, 1720))  # as saved at QT_SCALE_FACTOR=2 on a 1600x1000 screen
    saved = first.saveGeometry()
    first.deleteLater()
    QSettings().setValue("window/geometry", saved)
    assert isinstance(saved, QByteArray)

    window = make_window(lib)
    screen = window.screen().availableGeometry()
    assert screen.contains(window.frameGeometry()) or window.frameGeometry().width() <= screen.width()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert window.minimumSizeHint().width() <= 700  # and it can be made smaller still
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.width() == 700)


def test_within_moves_and_shrinks_a_frame_into_the_screen() -> None:
    screen = QRect(0, 0, 1600, 1000)
    assert within(QRect(300, 200, 2800, 1720), screen) == screen
    assert within(QRect(1500, 900, 400, 300), screen) == QRect(1200, 700, 400, 300)
    assert within(QRect(100, 100, 400, 300), screen) == QRect(100, 100, 400, 300)
