"""Room to read: how the window shares its width between the feeds, the list, the reader
and the Notes dock, and how it comes back within the screen.

The reader is the pane that grows (it has the splitter's only stretch); its text keeps a
measure of about 70 characters (:meth:`ui.articleview.view.ReaderView.measure`), the rest
is margin. As the window narrows, the panes give way in this order: the Notes dock hides
(below :data:`DOCK_MIN_WINDOW`), the feeds pane folds away (below :data:`FEEDS_MIN_WINDOW`;
its splitter handle or F9 brings it back), and below :data:`STACK_BELOW` the list goes
above the reader. The dock shows only while the open article has highlights (the first
highlight brings it), taking its width from the reader's margins first and then from the
list, so the text does not reflow when it comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from .mainwindow import MainWindow

DOCK_MIN_WINDOW = 1180  # px: narrower windows do not show the Notes dock by themselves
FEEDS_MIN_WINDOW = 1000  # px: narrower windows fold the feeds pane away
STACK_BELOW = 880  # px: narrower windows put the list above the reader
DOCK_WIDTH = 280
FEEDS_WIDTH, LIST_WIDTH = 210, 340
FEEDS_MIN, LIST_MIN, READER_MIN = 150, 240, 260


def mode_for(width: int) -> str:
    """``"wide"``, ``"folded"`` (no feeds pane) or ``"stacked"`` for a window this wide."""
    if width < STACK_BELOW:
        return "stacked"
    if width < FEEDS_MIN_WINDOW:
        return "folded"
    return "wide"


def within(frame: QRect, screen: QRect) -> QRect:
    """``frame`` made to fit ``screen``: no larger, and moved inside it."""
    width, height = min(frame.width(), screen.width()), min(frame.height(), screen.height())
    x = min(max(frame.x(), screen.x()), screen.right() + 1 - width)
    y = min(max(frame.y(), screen.y()), screen.bottom() + 1 - height)
    return QRect(x, y, width, height)


class PaneLayout(QObject):
    """Keeps ``window``'s panes as the module says. ``mode`` is the current arrangement."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("paneLayout")
        self.window = window
        self.mode = ""
        self._has_notes = False
        self._notes_article: str | None = None
        self._reader_before = 0
        self._forced = False  # the user asked for the dock (Ctrl+Shift+N) on this article
        self._wide_sizes: list[int] = [FEEDS_WIDTH, LIST_WIDTH]
        splitter = window.splitter
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 0)
        splitter.setStretchFactor(2, 1)
        splitter.setCollapsible(0, True)  # folds away in narrow windows; the handle brings it back
        window.feed_tree.setMinimumWidth(FEEDS_MIN)
        window.article_pane.setMinimumWidth(LIST_MIN)
        window.reader.setMinimumWidth(READER_MIN)
        window.notes_dock.setMinimumWidth(200)
        splitter.splitterMoved.connect(lambda _pos, _index: self._remember())
        window.installEventFilter(self)

    # --- the arrangement ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.arrange()
        return False

    def arrange(self, *, force: bool = False) -> None:
        """Apply the arrangement for the window's width, if it changed (or ``force``)."""
        mode = mode_for(self.window.width())
        if mode == self.mode and not force:
            self.update_dock()
            return
        self.mode = mode
        splitter = self.window.splitter
        if mode == "stacked":
            splitter.setOrientation(Qt.Orientation.Vertical)
            height = max(splitter.height(), 300)
            splitter.setSizes([0, max(height * 2 // 5, 140), height])
        else:
            splitter.setOrientation(Qt.Orientation.Horizontal)
            feeds, articles = self._wide_sizes
            width = splitter.width()
            splitter.setSizes([feeds if mode == "wide" else 0, articles, max(width - feeds - articles, READER_MIN)])
        self.update_dock()

    def adopt(self) -> None:
        """Take the arrangement restored from the saved state as the current one, then the
        one for the window's width if that differs (a window restored on a smaller screen)."""
        splitter = self.window.splitter
        if splitter.orientation() == Qt.Orientation.Vertical:
            self.mode = "stacked"
        else:
            self.mode = "wide" if splitter.sizes()[0] > 0 else "folded"
        if mode_for(self.window.width()) == self.mode:  # else squeezed: not what the user chose
            self._remember()
        self.arrange()

    def _remember(self) -> None:
        if self.mode == "wide":
            sizes = self.window.splitter.sizes()
            if sizes[0] > 0:
                self._wide_sizes = [sizes[0], sizes[1]]

    def toggle_feeds(self) -> None:
        """Show the folded feeds pane, or fold it."""
        splitter = self.window.splitter
        sizes = splitter.sizes()
        if sizes[0] > 0:
            sizes[2] += sizes[0]
            sizes[0] = 0
        else:
            give = min(self._wide_sizes[0], max(sizes[2] - READER_MIN, FEEDS_MIN))
            sizes[0], sizes[2] = give, sizes[2] - give
        splitter.setSizes(sizes)
        if sizes[0]:
            self.window.feed_tree.setFocus()

    # --- the Notes dock ----------------------------------------------------------------------------

    def notes_changed(self, article_id: str, has_notes: bool) -> None:
        """The open article has highlights (or none). The dock hides only when another
        article is opened: deleting the last highlight does not move the text."""
        if article_id != self._notes_article:
            self._notes_article = article_id
            self._forced = False
            self._has_notes = has_notes
        else:
            self._has_notes = self._has_notes or has_notes
        self.update_dock()

    def toggle_notes(self, on: bool) -> None:
        """The Notes action: on shows the dock now (and with highlights from then on), off
        keeps it hidden."""
        self._forced = on
        self.update_dock()

    def dock_wanted(self) -> bool:
        action = self.window.actions_by_name["showNotes"]
        if not (action.isEnabled() and action.isChecked()):
            return False
        return self._forced or (self._has_notes and self.window.width() >= DOCK_MIN_WINDOW and self.mode == "wide")

    def update_dock(self) -> None:
        dock = self.window.notes_dock
        wanted = self.dock_wanted()
        if wanted == dock.isVisible() or not self.window.isVisible():
            if not self.window.isVisible():
                dock.setVisible(wanted)
            return
        if wanted:
            self._show_dock_keeping_the_measure()
        else:
            dock.hide()

    def _show_dock_keeping_the_measure(self) -> None:
        window = self.window
        self._reader_before = window.splitter.sizes()[2]
        window.notes_dock.show()
        window.resizeDocks([window.notes_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        layout = window.layout()
        if layout is not None:
            layout.activate()  # the splitter has its new width now
        self._keep_measure()
        # The dock's contents grow as it fills (the note editor comes with the first
        # highlight): once they have, make room again.
        QTimer.singleShot(0, self, self._keep_measure)

    def _keep_measure(self) -> None:
        """Give the reader back what it needs for its measure (it had before the dock came),
        from the list down to its minimum, then from the feeds pane."""
        splitter, view = self.window.splitter, self.window.reader
        feeds, articles, reader = splitter.sizes()
        text = view.measure() + 2 * 24 + (view.width() - view.viewport().width())
        need = min(text, self._reader_before) - reader
        if need <= 0 or self.mode != "wide":
            return
        from_list = min(need, max(articles - LIST_MIN, 0))
        from_feeds = min(need - from_list, max(feeds - FEEDS_MIN, 0))
        splitter.setSizes([feeds - from_feeds, articles - from_list, reader + from_list + from_feeds])

    # --- geometry ------------------------------------------------------------------------------------

    def restore_geometry(self, saved: QByteArray) -> None:
        """Restore a saved geometry, then bring the window within its screen: a geometry saved
        on a larger screen, or at another scale factor, must not leave it too big to shrink."""
        window = self.window
        layout = window.layout()
        if layout is not None:
            layout.activate()  # the minimum size as the panes are now, not as they were built
        window.restoreGeometry(saved)
        self.clamp_to_screen()

    def clamp_to_screen(self) -> None:
        window = self.window
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        if window.isMaximized() or window.isFullScreen():
            return
        frame = window.frameGeometry()
        fitted = within(frame, available)
        if fitted != frame:
            extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
            window.resize(max(fitted.width() - extra_w, 200), max(fitted.height() - extra_h, 200))
            window.move(fitted.topLeft())
