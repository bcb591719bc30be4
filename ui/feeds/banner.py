"""What is wrong with the selected feed, said over the article list, with what to do about it.

A feed whose last refresh failed shows its error in words (when, what, the HTTP status)
with **Retry** and **Edit address…**; a feed that is gone (HTTP 410) only the latter; a
feed never fetched says so, with **Fetch now**. With the smart views selected, feeds that
were never fetched (the Voice of America feeds of a first start) are offered together:
**Fetch them**. :class:`FeedCommands` does what the buttons and the feed menu ask.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from reader import Feed, ReaderError, plural

if TYPE_CHECKING:
    from ..mainwindow import MainWindow


def feed_notice(feed: Feed) -> tuple[str, tuple[str, ...]]:
    """What to say about ``feed`` and which buttons to offer (``"retry"``, ``"edit"``,
    ``"fetch"``); ``("", ())`` for a feed that is fine."""
    if feed.dead:
        return (
            f"{feed.display_title} is gone: its server says the address no longer exists (HTTP 410), "
            "so Gloss stopped fetching it. If the feed moved, give its new address.",
            ("edit",),
        )
    problem = feed.last_error
    if problem is not None:
        when = problem.at.astimezone().strftime("%d %b %Y, %H:%M") if isinstance(problem.at, datetime) else ""
        status = f" (HTTP {problem.status})" if problem.status else ""
        return (
            f"The last refresh of {feed.display_title} failed{status} on {when}: {problem.message}",
            ("retry", "edit"),
        )
    if feed.last_updated is None:
        return (f"Gloss has not fetched {feed.display_title} yet.", ("fetch",))
    return ("", ())


class FeedBanner(QFrame):
    """The notice over the list. ``retryRequested(ids)``, ``editRequested(id)``."""

    retryRequested = Signal(list)
    editRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedBanner")
        self.setAccessibleName("Feed status")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("feedBannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setObjectName("feedRetry")
        self.edit_button = QPushButton("Edit address…", self)
        self.edit_button.setObjectName("feedEditAddress")
        self.fetch_button = QPushButton("Fetch now", self)
        self.fetch_button.setObjectName("feedFetch")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 8, 6)
        row.addWidget(self.label, 1)
        for button in (self.retry_button, self.fetch_button, self.edit_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._ids: list[str] = []
        self._feed_id = ""
        self.retry_button.clicked.connect(lambda: self.retryRequested.emit(list(self._ids)))
        self.fetch_button.clicked.connect(lambda: self.retryRequested.emit(list(self._ids)))
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self._feed_id))
        self.hide()

    def show_feed(self, feed: Feed | None) -> None:
        """The notice for one feed (hidden when it is fine, or for None)."""
        text, buttons = feed_notice(feed) if feed is not None else ("", ())
        self._feed_id = feed.id if feed is not None else ""
        self._show(text, buttons, [feed.id] if feed is not None else [])

    def offer_unfetched(self, feeds: list[Feed]) -> None:
        """Offer to fetch the feeds that were never fetched (none: hidden)."""
        waiting = [f for f in feeds if f.last_updated is None and f.last_error is None and not f.dead]
        if not waiting:
            self._show("", (), [])
            return
        names = ", ".join(f.display_title for f in waiting[:3]) + ("…" if len(waiting) > 3 else "")
        text = f"{plural(len(waiting), 'feed')} not fetched yet ({names}): fetch them now to read their news."
        self._show(text, ("fetch",), [f.id for f in waiting])
        self.fetch_button.setText("Fetch them")

    def _show(self, text: str, buttons: tuple[str, ...], ids: list[str]) -> None:
        self._ids = ids
        self.label.setText(text)
        self.retry_button.setVisible("retry" in buttons)
        self.edit_button.setVisible("edit" in buttons)
        self.fetch_button.setVisible("fetch" in buttons)
        self.fetch_button.setText("Fetch now")
        self.setVisible(bool(text))


class FeedCommands:
    """Retry and Edit address for ``window`` (the banner's buttons and the feed menu)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.banner = FeedBanner(window.article_pane)
        layout = window.article_pane.layout()
        if layout is not None:
            layout.insertWidget(0, self.banner)  # type: ignore[attr-defined]
        self.banner.retryRequested.connect(lambda ids: window.refresh(ids))
        self.banner.editRequested.connect(lambda fid: self.edit_address(fid))
        window.feed_tree.editAddressRequested.connect(lambda fid: self.edit_address(fid))
        window.refreshFinished.connect(lambda _results: self.update())

    def update(self) -> None:
        """Say what there is to say about the selected feed (or, in the smart views, about
        the feeds never fetched)."""
        window = self.window
        index = window.feed_tree.currentIndex()
        if not index.isValid():
            self.banner.show_feed(None)
            return
        node = window.feed_model.node(index)
        if node.kind == "feed":
            try:
                self.banner.show_feed(window.library.feed(node.key))
            except ReaderError:
                self.banner.show_feed(None)
        elif node.kind == "smart" and not window.refreshing:
            self.banner.offer_unfetched(window.library.feeds())
        else:
            self.banner.show_feed(None)

    def edit_address(self, feed_id: str, url: str | None = None) -> bool:
        """Give a feed a new address (asked for when ``url`` is None), then fetch it."""
        window = self.window
        try:
            feed = window.library.feed(feed_id)
        except ReaderError as exc:
            window.report_error(exc)
            return False
        if url is None:
            url, ok = QInputDialog.getText(window, "Edit address", f"Address of {feed.display_title}:", text=feed.url)
            if not ok or not url.strip() or url.strip() == feed.url:
                return False
        try:
            window.library.set_feed_url(feed_id, url)
        except ReaderError as exc:
            window.report_error(exc)
            return False
        window.update_feeds()
        window.show_status(f"{feed.display_title} now reads {url.strip()}.")
        window.refresh([feed_id])
        return True
