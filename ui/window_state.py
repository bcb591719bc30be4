"""Where the window was left, per library: geometry, layout, the feed and article shown and
the reading position (a part of :class:`ui.mainwindow.MainWindow`).

Each library (``gloss --data-dir``) keeps its own, under ``state/<digest of its folder>/``;
a library opened for the first time takes the layout the window had last (``window/``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from .mainwindow import MainWindow


def state_key(window: MainWindow, name: str) -> str:
    """Where this library's window state is kept: each library (``--data-dir``) opens where
    it was left, with its own feed, article, scroll and layout."""
    where = str(window.library.data_dir.resolve()) if window.library.data_dir else ""
    return f"state/{hashlib.sha1(where.encode()).hexdigest()[:12]}/{name}"


def layout_value(window: MainWindow, name: str) -> object:
    # A library opened for the first time takes the layout the window had last.
    value = window.qsettings.value(state_key(window, name))
    return value if value is not None else window.qsettings.value(f"window/{name}")


def restore_state(window: MainWindow) -> None:
    geometry = layout_value(window, "geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.panes.restore_geometry(geometry)
    state = layout_value(window, "state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
        window.panes.update_dock()  # shown only with highlights, whatever it was at the end
    sizes = layout_value(window, "splitter")
    if isinstance(sizes, QByteArray) and not sizes.isEmpty():
        window.splitter.restoreState(sizes)
        window.panes.adopt()
    else:  # first start: the arrangement for this width, the reader gets the rest
        window.panes.arrange(force=True)


def save_state(window: MainWindow) -> None:
    s = window.qsettings
    for name, value in (
        ("geometry", window.saveGeometry()),
        ("state", window.saveState()),
        ("splitter", window.splitter.saveState()),
    ):
        s.setValue(state_key(window, name), value)
        s.setValue(f"window/{name}", value)
    key = window.feed_tree.current_key()
    if key:
        s.setValue(state_key(window, "feed"), f"{key[0]}:{key[1]}")
    if window.reader.article_id:
        s.setValue(state_key(window, "article"), window.reader.article_id)
        s.setValue(state_key(window, "scroll"), window.reader.scroll_fraction())
    s.sync()
