"""The window's refresh: run on a pool thread, progress and Cancel in the status bar, and
articles listed as they are stored.

:class:`RefreshBox` is the status bar's part (in the manner of qutebrowser's
``statusbar/progress.py``: a small widget that shows itself while there is work, and says
what is being done); :class:`RefreshController` starts a refresh (or a sync, through
:class:`ui.syncing.SyncController`), relays its progress, cancels it, and shows the
articles the refresh names as stored (``RefreshProgress.stored``) without waiting for it
to end: their rows are inserted in the list in place (selection and scroll kept), and
an article open in the reader whose text arrives is shown again with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from reader import Article, FeedUpdateResult, RefreshProgress, plural

from .articles.model import COL_DATE, ArticleTableModel
from .workers import BatchedRelay, Cancellable, run_in_background

if TYPE_CHECKING:
    from .mainwindow import MainWindow

# Arriving articles are listed in batches (one query of the list per batch): the first soon,
# the next ones at most every ARRIVAL_EVERY_MS, or five times as long as the query took, so
# that in a big refresh the queries do not take the interpreter from the refresh's threads.
ARRIVAL_MS = 250
ARRIVAL_EVERY_MS = 1000
# The status bar shows a refresh's progress at most this often (see ui.workers.BatchedRelay).
PROGRESS_EVERY_MS = 100
# After a refresh, how long the search indexing waits for the window to paint its new list.
INDEX_AFTER_LIST_MS = 250


def by_date(model: ArticleTableModel, arrived: list[Article]) -> list[Article]:
    """The list's loaded rows with the ``arrived`` ones among them, in the list's date order
    (those that would come after the loaded rows, while more are to load, are left for the
    list to load in their turn)."""
    desc = model.sort_state[1] == Qt.SortOrder.DescendingOrder
    loaded = [a for a in (model.article_at(r) for r in range(model.rowCount())) if a is not None]

    def key(a: Article) -> tuple[datetime, str]:
        return (a.date, a.id)

    fresh = [a for a in arrived if model.row_of(a.id) is None]
    if loaded and not model.complete:
        last = key(loaded[-1])
        fresh = [a for a in fresh if (key(a) > last if desc else key(a) < last)]
    return sorted(loaded + fresh, key=key, reverse=desc)


def progress_text(p: RefreshProgress) -> str:
    """What the status bar says: the feed being read, and the articles stored so far."""
    parts = [p.current]
    if p.articles:
        parts.append(plural(p.articles, "article"))
    if p.pages_total:
        parts.append(f"{p.pages_done} of {plural(p.pages_total, 'page')}")
    return " · ".join(parts)


class RefreshBox(QWidget):
    """The status bar's refresh progress: what is being read, a bar of feeds, Cancel."""

    def __init__(self, cancel: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refreshBox")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(6)
        self.label = QLabel(self)
        self.label.setObjectName("progressLabel")
        self.label.setAccessibleName("Refreshing feed")
        self.label.setMaximumWidth(360)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("refreshProgress")
        self.bar.setAccessibleName("Refresh progress")
        self.bar.setFormat("%v / %m")
        self.bar.setTextVisible(True)
        self.bar.setMaximumWidth(160)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setDefaultAction(cancel)
        self.cancel_button.setObjectName("cancelRefreshButton")
        self.cancel_button.setAccessibleName("Cancel refresh")
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cancel_button.setText("Cancel")
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        self.hide()

    def begin(self, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.say("Starting…")
        self.show()

    def say(self, text: str) -> None:
        metrics = self.label.fontMetrics()
        self.label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.label.maximumWidth() - 8))
        self.label.setToolTip(text)

    def show_progress(self, p: RefreshProgress) -> None:
        if p.total == 0:  # a step of unknown length (a sync signing in): a busy bar
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, p.total)
            self.bar.setValue(p.done)
        self.say(progress_text(p))


class RefreshController(QObject):
    """Refreshes for ``window`` (see the module). ``articlesArrived(ids)`` after arriving
    articles were put in the list."""

    articlesArrived = Signal(list)

    def __init__(self, window: MainWindow, cancel_action: QAction) -> None:
        super().__init__(window)
        self.setObjectName("refreshController")
        self.window = window
        self.library = window.library
        self.box = RefreshBox(cancel_action, window)
        self._cancel: Cancellable | None = None
        self._relay: BatchedRelay | None = None
        self._arrived: set[str] = set()
        self._arrival_timer = QTimer(self)
        self._arrival_timer.setSingleShot(True)
        self._arrival_timer.setInterval(ARRIVAL_MS)
        self._arrival_timer.timeout.connect(self._list_arrivals)
        self._listing = False

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def refresh(self, feed_ids: list[str] | None = None) -> bool:
        """Refresh some or all feeds on a pool thread (False if one is running already)."""
        if self.running:
            return False
        cancel, relay = self.begin(len(feed_ids) if feed_ids else len(self.library.feeds()))
        library = self.library
        ids = list(feed_ids) if feed_ids is not None else None
        run_in_background(
            lambda: library.refresh(ids, progress=relay, cancel=cancel.event, spare_this_process=True),
            self._done,
            self._failed,
            owner=self.window,
        )
        return True

    def begin(self, total: int) -> tuple[Cancellable, BatchedRelay]:
        """Show the progress and Cancel for a background refresh or sync."""
        cancel = Cancellable()
        # Reports come together, at most every PROGRESS_EVERY_MS: the last one is shown, and
        # the articles every one of them names are listed.
        relay = BatchedRelay(self, every_ms=PROGRESS_EVERY_MS)
        relay.delivered.connect(self._progressed)
        self._cancel, self._relay = cancel, relay
        self.box.begin(total)
        self.window.actions_by_name["refresh"].setEnabled(False)
        self.window.actions_by_name["cancelRefresh"].setEnabled(True)
        self.window.refreshStarted.emit()
        return cancel, relay

    def cancel(self) -> None:
        """Stop the refresh: requests in flight end within a fraction of a second."""
        if self._cancel is not None:
            self._cancel.cancel()
            self.box.say("Cancelling…")

    def end(self) -> bool:
        """Hide the progress; True if the run was cancelled."""
        cancelled = self._cancel.cancelled if self._cancel else False
        if self._relay is not None:
            self._relay.flush()  # the last reports' articles are taken with the rest
            self._relay.delivered.disconnect(self._progressed)  # the run has ended: nothing more
            self._relay.deleteLater()
            self._relay = None
        self._cancel = None
        self._arrival_timer.stop()
        self._arrival_timer.setInterval(ARRIVAL_MS)
        self._show_text_if_open(self._arrived)  # the list is queried again after the end anyway
        self._arrived.clear()
        self.box.hide()
        self.window.actions_by_name["refresh"].setEnabled(True)
        self.window.actions_by_name["cancelRefresh"].setEnabled(False)
        if cancelled:
            self.window.show_status("Refresh cancelled.")
        return cancelled

    def _progressed(self, reports: list[RefreshProgress]) -> None:
        self.box.show_progress(reports[-1])
        stored = [aid for p in reports for aid in p.stored]
        if stored:
            self._arrived.update(stored)
            if not self._arrival_timer.isActive() and not self._listing:
                self._arrival_timer.start()

    # --- articles as they arrive ----------------------------------------------------------------

    def _list_arrivals(self) -> None:
        """Find which arrived articles the list shows, off the GUI thread, and insert them."""
        if not self._arrived or not self.running:
            return
        ids, self._arrived = self._arrived, set()
        model = self.window.article_model
        filter_then, sort_then = model.article_filter, model.sort_state
        self._listing = True
        began = time.perf_counter()
        if sort_then[0] == COL_DATE:
            # By date (as the list nearly always is): only the arrived ones are asked for and
            # put in their places, not the first rows of all 50,000 sorted again.
            library, wanted = self.library, replace(filter_then, article_ids=frozenset(ids), limit=None)
            job: Callable[[], list[Article]] = lambda: library.articles(wanted)  # noqa: E731
        else:
            count = max(len(model.ids()), 1) + len(ids)
            job = lambda: model.query(count)  # noqa: E731

        def apply(rows: list[Article]) -> None:
            self._listing = False
            took_ms = (time.perf_counter() - began) * 1000
            self._arrival_timer.setInterval(max(ARRIVAL_EVERY_MS, round(5 * took_ms)))
            if self.running and (model.article_filter, model.sort_state) == (filter_then, sort_then):
                model.merge_rows(by_date(model, rows) if sort_then[0] == COL_DATE else rows)
                self._show_text_if_open(ids)
                self.articlesArrived.emit(sorted(ids))
            if self._arrived and self.running:
                self._arrival_timer.start()

        def failed(exc: BaseException) -> None:
            self._listing = False
            self.window.report_error(exc)

        run_in_background(job, apply, failed, owner=self.window)

    def _show_text_if_open(self, ids: set[str]) -> None:
        reader = self.window.reader
        if reader.article_id in ids and reader.mode == "message":
            reader.show_article(reader.article_id)  # its text came: show it in place of the notice

    # --- the end ---------------------------------------------------------------------------------

    def _done(self, results: list[FeedUpdateResult]) -> None:
        cancelled = self.end()
        new = sum(r.new for r in results)
        failed = [r for r in results if r.error is not None]
        message = f"Refreshed {plural(len(results), 'feed')}: {plural(new, 'new article')}"
        if failed:
            message += f", {len(failed)} failed (select a feed marked red to see why)"
        if cancelled:
            message = "Refresh cancelled. " + message
        self.show_new_articles()  # first: a tree reset (new feeds) selects again and says where it is
        self.window.show_status(message + ".")
        self.window.refreshFinished.emit(results)

    def _failed(self, exc: BaseException) -> None:
        self.end()
        self.window.report_error(exc)
        self.window.refreshFinished.emit([])

    def show_new_articles(self, then: Callable[[], None] | None = None) -> None:
        """After a refresh or sync: the counts, then the list, then indexing."""
        # Two pure-Python scans at once slow the GUI thread's every call into Python (the
        # GIL), so they run one after another; indexing waits until the new list has been
        # painted (its first scan holds the GIL longest).
        window = self.window

        def after_list() -> None:
            QTimer.singleShot(INDEX_AFTER_LIST_MS, window, self.index_for_search)
            if then is not None:
                then()

        window.update_feeds(then=lambda: window.reload_articles(background=True, then=after_list))

    def index_for_search(self) -> None:
        """Index what the refresh brought, on a pool thread, so searching stays instant."""
        if not self.library.search_index_is_current:
            run_in_background(self.library.update_search_index, _ignore, self.window.report_error, owner=self.window)


def _ignore(_result: Any) -> None:
    pass
