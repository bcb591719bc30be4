"""The window's start when the article list must first rebuild its index (after an upgrade, or a
crash that lost a write of it): on a pool thread, the window saying so, not frozen meanwhile.

The index is rebuilt by the first list, count or search that finds it stale; at 500,000 articles
that reads 470 MB of feed files (6 s), and the window's start did it on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex

from .workers import run_in_background

if TYPE_CHECKING:
    from .mainwindow import MainWindow

REBUILD_IN_PLACE = 8 * 2**20  # feed files' bytes read on the GUI thread at most (~0.15 s)


def start_when_listed(window: MainWindow, start: Callable[[], None]) -> None:
    """Run ``start`` now, or once the article list's index is rebuilt on a pool thread."""
    if window.library.list_rebuild_bytes() <= REBUILD_IN_PLACE:
        start()
        return
    window.show_status("Rebuilding the article list from the feeds' files (after an upgrade or an unfinished write)…")
    window.list_pending = True  # a feed chosen meanwhile (the tree's first, when shown) lists nothing yet

    def rebuilt(_counts: object) -> None:
        window.list_pending = False
        window.show_status("")
        window.feed_tree.setCurrentIndex(QModelIndex())  # so the start's choice lists, even the same one
        start()

    def failed(exc: BaseException) -> None:
        window.list_pending = False
        window.report_error(exc)
        window.feed_tree.setCurrentIndex(QModelIndex())
        start()

    run_in_background(window.library.counts, rebuilt, failed, owner=window)
