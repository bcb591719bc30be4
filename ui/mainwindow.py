"""The main window: feeds | articles | reader, with a toolbar, menus and a status bar.

Layout: a QTabWidget in the middle whose first page ("Read") is a three-pane QSplitter;
the annotation half adds a "Notebook" page and fills the right-hand "Notes" dock (see
:meth:`MainWindow.install_annotations`). Everything slow (refresh, discovery, OPML
import, big list queries) runs through :func:`ui.workers.run_in_background`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QWidget,
)

from reader import SAMPLE_FEED_URL, Article, Library, ReaderError

from . import window_actions, window_annotations, window_articles, window_feeds, window_looks, window_state
from .articles.model import COL_FEED, ArticleTableModel, IdRole
from .articles.view import ArticlePane
from .articleview.view import ReaderView
from .dialogs.shortcuts import ShortcutsDialog
from .feeds.banner import FeedCommands
from .feeds.model import FeedTreeModel
from .feeds.view import FeedTree
from .icons import app_icon
from .panes import PaneLayout
from .refreshing import RefreshController
from .startup import start_when_listed
from .syncing import SyncController
from .text import display_title
from .workers import run_in_background, wait_for_pool


def _warm_up(library: Library) -> None:
    # The core's modules, the parsing processes and the search index too: a refresh or the first search should
    # not begin by starting processes or loading 50,000 documents' worth of index.
    library.warm_up()


if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QToolBar

    from .annotate import ExportDialog, HighlightController, SearchPanel
    from .dialogs.addfeed import AddFeedDialog
    from .dialogs.settings import SettingsDialog


class MainWindow(QMainWindow):
    """The reading window. ``articleOpened(id)`` fires after an article is shown."""

    # Set by the window's parts (ui/window_*.py) as they build it.
    menus: dict[str, QMenu]
    toolbar: QToolBar
    highlighter: HighlightController
    search_panel: SearchPanel
    export_dialog_class: type[ExportDialog]
    export_dialog: ExportDialog
    settings_dialog: SettingsDialog
    add_feed_dialog: AddFeedDialog

    articleOpened = Signal(str)
    refreshStarted = Signal()
    refreshFinished = Signal(list)  # list[FeedUpdateResult]
    articlesReloaded = Signal()
    warmedUp = Signal()  # the start-up work on a pool thread is done (see _warm_up)
    countsUpdated = Signal()

    shortcuts_dialog: ShortcutsDialog

    # Methods kept in modules of their own, one per part of the window (ui/window_*.py).
    _action = window_actions._action
    show_shortcuts = window_actions.show_shortcuts
    show_about = window_actions.show_about
    _build_actions = window_actions._build_actions
    _build_menus = window_actions._build_menus
    _build_toolbar = window_actions._build_toolbar
    install_annotations = window_annotations.install_annotations
    show_search = window_annotations.show_search
    export_notes = window_annotations.export_notes
    show_notebook = window_annotations.show_notebook
    toggle_notes = window_annotations.toggle_notes
    toggle_read = window_articles.toggle_read
    toggle_star = window_articles.toggle_star
    _star_clicked = window_articles._star_clicked
    _set_star = window_articles._set_star
    _flags_changed = window_articles._flags_changed
    mark_all_read = window_articles.mark_all_read
    open_original = window_articles.open_original
    toggle_feed_html = window_articles.toggle_feed_html
    add_feed = window_feeds.add_feed
    _feed_added = window_feeds._feed_added
    rename_feed = window_feeds.rename_feed
    move_feed = window_feeds.move_feed
    unsubscribe = window_feeds.unsubscribe
    import_opml_dialog = window_feeds.import_opml_dialog
    import_opml_file = window_feeds.import_opml_file
    export_opml_dialog = window_feeds.export_opml_dialog
    export_opml_file = window_feeds.export_opml_file
    open_settings = window_looks.open_settings
    save_settings = window_looks.save_settings
    apply_settings = window_looks.apply_settings
    toggle_dark = window_looks.toggle_dark
    _system_scheme_changed = window_looks._system_scheme_changed
    _font_size_changed = window_looks._font_size_changed
    state_key = window_state.state_key
    restore_state = window_state.restore_state
    save_state = window_state.save_state

    def __init__(self, library: Library, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.library = library
        self.qsettings = settings or QSettings()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gloss")
        self.setWindowIcon(app_icon())
        self.setAccessibleName("Gloss")
        self.actions_by_name: dict[str, QAction] = {}
        self._opening = False
        self._pending_article: str | None = None
        self._reload_generation = 0
        self._recount_after = False
        self._counts_generation = 0
        self._counts_in_flight = 0
        self.annotations: dict[str, Any] = {}

        self.feed_model = FeedTreeModel(library, self, load_counts=False)
        self._selection_status = ""
        self.list_pending = False  # the article list's index is being rebuilt (see ui.startup)
        self._selection_key: tuple[str, str] | None = None
        self.feed_model.dataChanged.connect(self._counts_changed)
        self.feed_model.modelReset.connect(self._counts_changed)
        self.feed_tree = FeedTree(self.feed_model, self)
        self.article_model = ArticleTableModel(library, self)
        self.article_pane = ArticlePane(self.article_model, self)
        self.article_table = self.article_pane.table
        self.filter_box = self.article_pane.filter_box
        self.reader = ReaderView(library, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setAccessibleName("Panes")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.feed_tree)
        self.splitter.addWidget(self.article_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.setSizes([210, 340, 850])

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("centralTabs")
        self.tabs.setAccessibleName("Views")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self.splitter, "Read")
        self.setCentralWidget(self.tabs)

        # The annotation half fills these (install_annotations); hidden until then.
        self.notes_dock = QDockWidget("Notes", self)
        self.notes_dock.setObjectName("notesDock")
        self.notes_dock.setAccessibleName("Notes")
        self.notes_dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea)
        placeholder = QLabel("Highlights and notes for the open article appear here.", self.notes_dock)
        placeholder.setWordWrap(True)
        placeholder.setMargin(12)
        self.notes_dock.setWidget(placeholder)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)
        self.notes_dock.hide()
        self.notebook_view: QWidget | None = None

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.panes = PaneLayout(self)  # who gets the width (ui.panes)
        self.feed_commands = FeedCommands(self)  # a failed feed's error, Retry, Edit address

        self.auto_refresh_timer = QTimer(self)
        self.auto_refresh_timer.setObjectName("autoRefreshTimer")
        self.auto_refresh_timer.timeout.connect(lambda: self.refresh())
        self.apply_settings()
        self.sync_controller = SyncController(self)
        self.resize(1400, 860)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        sb.setAccessibleName("Status")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAccessibleName("Status message")
        sb.addWidget(self.status_label, 1)
        self.refresher = RefreshController(self, self.actions_by_name["cancelRefresh"])
        box = self.refresh_box = self.refresher.box
        self.progress, self.progress_label, self.cancel_button = box.bar, box.label, box.cancel_button
        sb.addPermanentWidget(box)

    def _connect(self) -> None:
        self.feed_tree.selectionModel().currentChanged.connect(self._feed_selected)
        self.article_table.selectionModel().currentChanged.connect(self._article_selected)
        self.article_table.starClicked.connect(self._star_clicked)
        self.article_pane.filterChanged.connect(lambda _text: self.reload_articles())
        self.feed_tree.refreshRequested.connect(lambda ids: self.refresh(ids))
        self.feed_tree.renameRequested.connect(self.rename_feed)
        self.feed_tree.moveRequested.connect(self.move_feed)
        self.feed_tree.unsubscribeRequested.connect(self.unsubscribe)
        self.feed_tree.markAllReadRequested.connect(self.mark_all_read)
        self.reader.fontSizeChanged.connect(self._font_size_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    def update_feeds(self, then: Callable[[], None] | None = None) -> None:
        """Feeds and folders now; unread counts from a pool thread (a scan of every article).
        ``then`` runs once the counts are shown."""
        key = self.feed_tree.current_key()
        self.feed_model.reload_structure()
        # New feeds or folders reset the tree: select again what was selected.
        if self.feed_tree.current_key() is None and (key is None or not self.feed_tree.select_key(*key)):
            self.feed_tree.select_key("smart", "all")
        self._counts_generation += 1
        generation = self._counts_generation

        self._counts_in_flight += 1

        def apply(counts: Any) -> None:
            self._counts_in_flight -= 1
            if self._recount_after and not self._counts_in_flight:
                self._recount_after = False
                QTimer.singleShot(0, self, self.update_feeds)
            if then is not None:
                QTimer.singleShot(0, self, then)
            if generation != self._counts_generation:
                return  # a newer count is on its way
            self.feed_model.apply_counts(counts)
            index = self.feed_tree.currentIndex()
            if index.isValid() and not self.filter_box.text().strip():
                self.article_model.known_total = self.feed_model.expected_rows(index)
                self.article_pane.update_count()
            self.countsUpdated.emit()

        run_in_background(self.feed_model.compute_counts, apply, self.report_error, owner=self)

    # --- starting up -----------------------------------------------------------------------------

    def _warm_up(self) -> None:
        run_in_background(lambda: _warm_up(self.library), lambda _: self.warmedUp.emit(), owner=self)

    def start(self, article_id: str | None = None, highlight_id: str | None = None) -> None:
        """Select where the user left off (or the sample on first run) and show an article (first,
        on a pool thread, the article list's index when it must be rebuilt: see ui.startup)."""
        start_when_listed(self, lambda: self._start(article_id, highlight_id))

    def _start(self, article_id: str | None, highlight_id: str | None) -> None:
        # Load the refresh machinery while the reader reads, not in the first refresh (an
        # import in a worker thread holds the interpreter long enough to stall the GUI).
        QTimer.singleShot(1500, self, self._warm_up)
        self.update_feeds()
        self.restore_state()
        key = self.qsettings.value(self.state_key("feed"))
        selected = False
        if isinstance(key, str) and ":" in key:
            kind, _, value = key.partition(":")
            selected = self.feed_tree.select_key(kind, value)
        if not selected:
            sample = next((f for f in self.library.feeds() if f.url == SAMPLE_FEED_URL), None)
            selected = bool(sample) and self.feed_tree.select_key("feed", sample.id)  # type: ignore[union-attr]
        if not selected:
            self.feed_tree.select_key("smart", "all")
        if article_id:
            self.open_article(article_id, highlight_id=highlight_id)
            return
        last = self.qsettings.value(self.state_key("article"))
        if isinstance(last, str) and self.article_model.row_of(last) is not None:
            self.select_article(last)
            self.reader.restore_scroll(self.qsettings.value(self.state_key("scroll")))
        elif self.article_model.rowCount() > 0:
            self.select_row(0)
        self.article_table.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.cancel_refresh()
        self.auto_refresh_timer.stop()
        wait_for_pool()
        super().closeEvent(event)

    # --- selection -------------------------------------------------------------------------------

    def _feed_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.list_pending:  # (the start selects one once it is listed)
            return
        flt = self.feed_model.article_filter(current)
        # One feed: its name on every row says nothing.
        self.article_table.setColumnHidden(COL_FEED, self.feed_model.node(current).kind == "feed")
        text = self.filter_box.text().strip()
        self.article_model.known_total = None if text else self.feed_model.expected_rows(current)
        self.article_model.set_filter(replace(flt, text=text))
        node = self.feed_model.node(current)
        self.feed_commands.update()
        if node.kind != "root":
            self._selection_status = self._selection_words()
            self.show_status(self._selection_status)
        self.articlesReloaded.emit()

    def _selection_words(self, index: QModelIndex | None = None) -> str:
        if index is None:
            index, self._selection_key = self.feed_tree.currentIndex(), self.feed_tree.current_key()
        node = self.feed_model.node(index)
        return f"{node.title}: {node.unread:,} unread" if node.unread else node.title

    def _counts_changed(self) -> None:
        """The status bar says what the tree says: its count follows every recount and mark."""
        if not self._selection_status or self.status_label.text() != self._selection_status:
            return  # it says something else now
        index = self.feed_model.index_for(*self._selection_key) if self._selection_key else None
        if index is not None and index.isValid():  # by key: a model reset loses the current index
            self._selection_status = self._selection_words(index)
            self.show_status(self._selection_status)

    def reload_articles(self, *, background: bool = False, then: Callable[[], None] | None = None) -> None:
        """Re-run the list's query (keeping the open article selected); ``then`` runs after."""
        current = self.reader.article_id
        index = self.feed_tree.currentIndex()
        flt = self.feed_model.article_filter(index) if index.isValid() else self.article_model.article_filter
        flt = replace(flt, text=self.filter_box.text().strip())
        self.article_model.use_filter(flt)
        if index.isValid():
            self.article_model.known_total = None if flt.text else self.feed_model.expected_rows(index)

        def apply(rows: list[Article]) -> None:
            self._opening = True
            try:
                self.article_model.set_rows(rows)
                if current:
                    row = self.article_model.row_of(current)
                    if row is not None:
                        self.article_table.setCurrentIndex(self.article_model.index(row, 1))
            finally:
                self._opening = False
            self.articlesReloaded.emit()
            if then is not None:
                then()

        if background:
            self._reload_generation += 1
            generation = self._reload_generation
            query = self.article_model.query

            def apply_if_current(rows: list[Article]) -> None:
                if generation == self._reload_generation:
                    apply(rows)
                elif then is not None:
                    then()

            run_in_background(query, apply_if_current, self.report_error, owner=self)
        else:
            apply(self.article_model.query())

    def _article_selected(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._opening or not current.isValid():
            return
        if previous.isValid() and previous.row() == current.row():
            return
        article_id = current.data(IdRole)
        if article_id and article_id != self.reader.article_id:
            self.show_article(article_id)

    def select_row(self, row: int) -> None:
        self.article_model.ensure_loaded(row)
        index = self.article_model.index(row, 1)
        if index.isValid():
            self.article_table.setCurrentIndex(index)
            self.article_table.scrollTo(index)

    def select_article(self, article_id: str) -> bool:
        row = self.article_model.row_of(article_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def open_article(self, article_id: str, *, highlight_id: str | None = None) -> bool:
        """Show ``article_id`` (``gloss open``): in the current list, else in its feed, else alone."""
        self.tabs.setCurrentIndex(0)
        try:
            article = self.library.article(article_id)
        except ReaderError as exc:
            self.show_status(str(exc))
            return False
        article_id = article.id  # an old link's id, before the library's ids became lasting ones
        if not self.select_article(article_id):
            if self.feed_tree.select_key("feed", article.feed_id) and self.select_article(article_id):
                pass
            else:
                self.show_article(article_id)
        if highlight_id:
            controller = self.annotations.get("controller")
            reveal = getattr(controller, "reveal_highlight", None)
            if callable(reveal):
                reveal(highlight_id)
        return True

    def show_article(self, article_id: str) -> None:
        """Render an article in the reader and mark it read."""
        self.actions_by_name["showFeedHtml"].blockSignals(True)
        self.actions_by_name["showFeedHtml"].setChecked(False)
        self.actions_by_name["showFeedHtml"].blockSignals(False)
        self.reader.show_article(article_id)
        try:
            article = self.library.article(article_id)
            title = display_title(article.title)
            self.setWindowTitle(f"{title} — Gloss" if title else "Gloss")
            if not article.read:
                updated = self.library.mark_read(article_id, True)
                self.article_model.update_article(updated)
                self._flags_changed(article, updated)
        except ReaderError as exc:
            self.show_status(str(exc))
        self.articleOpened.emit(article_id)

    def current_article(self) -> Article | None:
        aid = self.reader.article_id
        if not aid:
            return None
        try:
            return self.library.article(aid)
        except ReaderError:
            return None

    # --- keyboard navigation -------------------------------------------------------------------------

    def move_selection(self, step: int, *, unread: bool = False) -> bool:
        current = self.article_table.currentIndex()
        start = current.row() if current.isValid() else -1
        if not current.isValid() and step < 0:
            start = self.article_model.rowCount()
        row = self.article_model.next_row(start, step, unread=unread)
        if row is None:
            self.show_status("No more unread articles here." if unread else "That was the last article.")
            return False
        self.select_row(row)
        return True

    def page_or_next(self) -> None:
        if self.reader.at_bottom():
            self.move_selection(1)
        else:
            self.reader.page_down()

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    # --- refresh (ui.refreshing) ----------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        return self.refresher.running

    def refresh(self, feed_ids: list[str] | None = None) -> bool:
        """Refresh some or all feeds on a pool thread, with progress in the status bar.
        With a sync account, refreshing the feeds the server reads is a sync."""
        if self.refreshing:
            return False
        if self.sync_controller.has_account() and (feed_ids is None or set(feed_ids) <= self.library.synced_feed_ids()):
            return self.sync_controller.sync()
        return self.refresher.refresh(feed_ids)

    def cancel_refresh(self) -> None:
        self.refresher.cancel()

    def show_new_articles(self) -> None:
        """After a refresh or sync: the counts, then the list, then indexing."""
        self.refresher.show_new_articles()

    # --- messages ---------------------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, ReaderError):
            self.show_status(str(exc))
        else:
            self.show_status(f"Something went wrong: {exc!r}")

    def raise_to_front(self) -> None:
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()
