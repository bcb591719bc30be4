"""The main window: feeds | articles | reader, with a toolbar, menus and a status bar.

Layout: a QTabWidget in the middle whose first page ("Read") is a three-pane QSplitter;
the annotation half adds a "Notebook" page and fills the right-hand "Notes" dock (see
:meth:`MainWindow.install_annotations`). Everything slow (refresh, discovery, OPML
import, big list queries) runs through :func:`ui.workers.run_in_background`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from reader import SAMPLE_FEED_URL, Article, Library, ReaderError, plural

from . import theme
from .articles.model import COL_FEED, ArticleTableModel, IdRole
from .articles.view import ArticlePane
from .articleview.view import ReaderView
from .dialogs.addfeed import AddFeedDialog
from .dialogs.settings import SettingsDialog
from .dialogs.shortcuts import ShortcutsDialog
from .feeds.banner import FeedCommands
from .feeds.model import FeedTreeModel
from .feeds.view import FeedTree
from .icons import app_icon, icon
from .panes import PaneLayout
from .refreshing import RefreshController
from .syncing import SyncController
from .text import display_title
from .workers import run_in_background, wait_for_pool


def _warm_up(library: Library) -> None:
    # The core's modules, the parsing processes and the search index too: a refresh or the first search should
    # not begin by starting processes or loading 50,000 documents' worth of index.
    library.warm_up()


class MainWindow(QMainWindow):
    """The reading window. ``articleOpened(id)`` fires after an article is shown."""

    articleOpened = Signal(str)
    refreshStarted = Signal()
    refreshFinished = Signal(list)  # list[FeedUpdateResult]
    articlesReloaded = Signal()
    countsUpdated = Signal()

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

    # --- actions and menus ------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        keys: tuple[str, ...] | str = (),
        *,
        icon_name: str | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(keys, str):
            keys = (keys,)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setProperty("iconName", icon_name)
        plain = text.replace("&", "").replace("…", "")
        action.setToolTip(tip or plain)
        action.setStatusTip(tip or plain)
        action.setWhatsThis(tip or plain)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(lambda _checked: slot())
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even when menus and toolbar are hidden
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("refresh", "&Refresh", self.refresh, ("R", "F5"), icon_name="refresh", tip="Refresh all feeds")
        a("cancelRefresh", "&Cancel refresh", self.cancel_refresh, "Esc", icon_name="cancel").setEnabled(False)
        a("addFeed", "&Add feed…", self.add_feed, "Ctrl+N", icon_name="add-feed", tip="Subscribe to a feed or a site")
        a("importOpml", "&Import subscriptions (OPML)…", self.import_opml_dialog)
        a("exportOpml", "&Export subscriptions (OPML)…", self.export_opml_dialog)
        a("settings", "&Settings…", self.open_settings, "Ctrl+,", icon_name="settings")
        a("quit", "&Quit", self.close, "Ctrl+Q")
        a("nextArticle", "&Next article", lambda: self.move_selection(1), "J")
        a("previousArticle", "&Previous article", lambda: self.move_selection(-1), "K")
        a("nextUnread", "Next &unread", lambda: self.move_selection(1, unread=True), "N")
        a("previousUnread", "Previous u&nread", lambda: self.move_selection(-1, unread=True), "P")
        a("pageDown", "Page down, then next article", self.page_or_next, "Space")
        a("focusFilter", "&Filter articles", self.focus_filter, ("/", "Ctrl+F"))
        a("toggleRead", "Toggle &read", self.toggle_read, "M", icon_name="mark-read")
        a("toggleStar", "Toggle &star", self.toggle_star, "S", icon_name="view-starred")
        a("markAllRead", "Mark &all as read", self.mark_all_read, "Shift+Ctrl+A")
        a(
            "openOriginal",
            "&Open original",
            self.open_original,
            "O",
            icon_name="open-original",
            tip="Open the article's page in the web browser",
        )
        a("showFeedHtml", "Show as the &feed gave it", self.toggle_feed_html, "Ctrl+U", checkable=True)
        a("zoomIn", "&Larger text", self.reader.zoom_in, ("Ctrl++", "Ctrl+="))
        a("zoomOut", "S&maller text", self.reader.zoom_out, "Ctrl+-")
        a("zoomReset", "&Default text size", self.reader.zoom_reset, "Ctrl+0")
        a("toggleDark", "&Dark theme", self.toggle_dark, "Ctrl+Shift+D", checkable=True)
        a("showNotes", "&Notes", self.toggle_notes, "Ctrl+Shift+N", checkable=True)
        a("showFeeds", "&Feeds pane", lambda: self.panes.toggle_feeds(), "F9")
        a("showRead", "&Read view", lambda: self.tabs.setCurrentIndex(0), "Ctrl+1")
        a("showNotebook", "Note&book", self.show_notebook, "Ctrl+2")
        a("shortcuts", "&Keyboard shortcuts", self.show_shortcuts, ("?", "Shift+?", "F1"))
        a("about", "&About Gloss", self.show_about)
        self.actions_by_name["showNotebook"].setEnabled(False)
        self.actions_by_name["showNotes"].setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName("Menu bar")
        layout = {
            "&File": ["addFeed", "importOpml", "exportOpml", None, "settings", None, "quit"],
            "&View": [
                "refresh",
                "cancelRefresh",
                None,
                "showRead",
                "showNotebook",
                "showNotes",
                "showFeeds",
                None,
                "zoomIn",
                "zoomOut",
                "zoomReset",
                "toggleDark",
            ],
            "&Go": ["nextArticle", "previousArticle", "nextUnread", "previousUnread", "pageDown", None, "focusFilter"],
            "&Article": ["toggleRead", "toggleStar", "markAllRead", None, "openOriginal", "showFeedHtml"],
            "&Help": ["shortcuts", None, "about"],
        }
        self.menus: dict[str, QMenu] = {}
        for title, names in layout.items():
            menu = bar.addMenu(title)
            menu.setAccessibleName(title.replace("&", ""))
            self.menus[title.replace("&", "")] = menu
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_name[name])

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolBar")
        tb.setAccessibleName("Main toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("refresh", "addFeed", None, "toggleStar", "openOriginal"):
            if name is None:
                tb.addSeparator()
            else:
                tb.addAction(self.actions_by_name[name])
        self.toolbar = tb

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

    # --- the annotation half's hook points ------------------------------------------------------

    def install_annotations(self) -> bool:
        """The annotating half (``ui.annotate``): highlights drawn in the reader, the Notes
        dock, the Notebook and Search tabs, export and Undo."""
        from .annotate import Annotations, ExportDialog, HighlightController, NotebookView, NotesDock, SearchPanel

        self.highlighter = HighlightController(self.library, self.reader)
        notes = NotesDock(self.library, self.reader)
        self.notes_dock.setWidget(notes)
        notes_action = self.actions_by_name["showNotes"]
        notes_action.setEnabled(True)
        notes_action.blockSignals(True)  # checked: allowed to come with highlights, not shown now
        notes_action.setChecked(True)
        notes_action.blockSignals(False)
        # The dock comes with the article's first highlight and goes with an article without any.
        self.highlighter.highlightsDrawn.connect(
            lambda aid: self.panes.notes_changed(aid, bool(self.highlighter.highlights))
        )

        notebook = NotebookView(self.library)
        self.notebook_view = notebook
        self.tabs.addTab(notebook, "Notebook")
        self.actions_by_name["showNotebook"].setEnabled(True)
        notebook.openRequested.connect(lambda aid, hid: self.open_article(aid, highlight_id=hid or None))
        notebook.exportRequested.connect(lambda ids: self.export_notes(highlight_ids=ids))

        search = SearchPanel(self.library)
        self.search_panel = search
        self.tabs.addTab(search, "Search")
        search.openResult.connect(lambda aid, hid: self.open_article(aid, highlight_id=hid or None))
        find = self._action("search", "&Search articles and notes…", self.show_search, "Ctrl+K")
        self.menus["Go"].addSeparator()
        self.menus["Go"].addAction(find)

        self.export_dialog_class = ExportDialog
        export = self._action("exportNotes", "E&xport notes…", self.export_notes, "Ctrl+E")
        self.menus["File"].insertAction(self.actions_by_name["settings"], export)

        # Undo lives in the menu without a window-wide Ctrl+Z: the reader and the dock own the
        # key while they have focus (a second owner would make the shortcut ambiguous).
        undo = Annotations.of(self.library).undo_stack.createUndoAction(self, "&Undo")
        undo.setObjectName("undoAnnotation")
        edit_menu = QMenu("&Edit", self)
        edit_menu.setAccessibleName("Edit")
        self.menuBar().insertMenu(self.menus["View"].menuAction(), edit_menu)
        edit_menu.addAction(undo)
        self.menus["Edit"] = edit_menu
        self.annotations = {"controller": self.highlighter, "notes": notes, "notebook": notebook, "search": search}
        return True

    def show_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.box.setFocus()

    def export_notes(self, *, highlight_ids: list[str] | None = None) -> None:
        kwargs: dict[str, Any] = {"parent": self}
        if highlight_ids:
            kwargs["selected_highlight_ids"] = highlight_ids
        else:
            kwargs["article_id"] = self.reader.article_id
        dialog = self.export_dialog_class(self.library, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.export_dialog = dialog

    def show_notebook(self) -> None:
        if self.notebook_view is not None:
            self.tabs.setCurrentWidget(self.notebook_view)

    def toggle_notes(self) -> None:
        self.panes.toggle_notes(self.actions_by_name["showNotes"].isChecked())

    # --- starting up -----------------------------------------------------------------------------

    def start(self, article_id: str | None = None, highlight_id: str | None = None) -> None:
        """Select where the user left off (or the sample on first run) and show an article."""
        # Load the refresh machinery while the reader reads, not in the first refresh (an
        # import in a worker thread holds the interpreter long enough to stall the GUI).
        QTimer.singleShot(1500, self, lambda: run_in_background(lambda: _warm_up(self.library), None, None))
        self.update_feeds()
        self.restore_state()
        key = self.qsettings.value("state/feed")
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
        last = self.qsettings.value("state/article")
        if isinstance(last, str) and self.article_model.row_of(last) is not None:
            self.select_article(last)
            self.reader.restore_scroll(self.qsettings.value("state/scroll"))
        elif self.article_model.rowCount() > 0:
            self.select_row(0)
        self.article_table.setFocus()

    def restore_state(self) -> None:
        s = self.qsettings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.panes.restore_geometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
            self.panes.update_dock()  # shown only with highlights, whatever it was at the end
        sizes = s.value("window/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            self.splitter.restoreState(sizes)
            self.panes.adopt()
        else:  # first start: the arrangement for this width, the reader gets the rest
            self.panes.arrange(force=True)

    def save_state(self) -> None:
        s = self.qsettings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        key = self.feed_tree.current_key()
        if key:
            s.setValue("state/feed", f"{key[0]}:{key[1]}")
        if self.reader.article_id:
            s.setValue("state/article", self.reader.article_id)
            s.setValue("state/scroll", self.reader.scroll_fraction())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.cancel_refresh()
        self.auto_refresh_timer.stop()
        wait_for_pool()
        super().closeEvent(event)

    # --- selection -------------------------------------------------------------------------------

    def _feed_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
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
            self.show_status(f"{node.title}: {node.unread:,} unread" if node.unread else node.title)
        self.articlesReloaded.emit()

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

    # --- read / star ---------------------------------------------------------------------------------

    def toggle_read(self) -> None:
        article = self.current_article()
        if article is None:
            return
        updated = self.library.mark_read(article.id, not article.read)
        self.article_model.update_article(updated)
        self._flags_changed(article, updated)
        self.show_status("Marked as read." if updated.read else "Marked as unread.")

    def toggle_star(self) -> None:
        article = self.current_article()
        if article is not None:
            self._set_star(article.id, not article.starred)

    def _star_clicked(self, article_id: str) -> None:
        try:
            article = self.library.article(article_id)
        except ReaderError:
            return
        self._set_star(article_id, not article.starred)

    def _set_star(self, article_id: str, starred: bool) -> None:
        before = self.library.article(article_id)
        updated = self.library.mark_starred(article_id, starred)
        self.article_model.update_article(updated)
        self._flags_changed(before, updated)
        self.show_status("Starred." if starred else "Star removed.")

    def _flags_changed(self, before: Article, after: Article) -> None:
        self.feed_model.article_changed(before, after)
        if self._counts_in_flight:
            # The count on its way predates this change: count once more when it lands
            # (one recount for any number of changes, not a scan per opened article).
            self._recount_after = True

    def mark_all_read(self) -> None:
        ids = self.article_model.ids()
        changed = self.library.mark_all_read(ids)
        self.article_model.refresh_ids(ids)
        self.update_feeds()
        self.show_status(f"Marked {changed} article{'s' if changed != 1 else ''} as read.")

    # --- original and feed text ------------------------------------------------------------------------

    def open_original(self) -> None:
        article = self.current_article()
        url = QUrl(article.url) if article and article.url else None
        if url is not None and url.scheme().lower() in ("http", "https"):
            QDesktopServices.openUrl(url)
        else:
            self.show_status("This article has no web page to open.")

    def toggle_feed_html(self) -> None:
        aid = self.reader.article_id
        if not aid:
            return
        if self.actions_by_name["showFeedHtml"].isChecked():
            self.reader.show_feed_html(aid)
        else:
            self.reader.show_article(aid)

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

    # --- feeds -----------------------------------------------------------------------------------------

    def add_feed(self) -> AddFeedDialog:
        """Open the Add feed dialog (modeless, so tests and users can keep reading)."""
        key = self.feed_tree.current_key()
        folder = key[1] if key and key[0] == "folder" else None
        dialog = AddFeedDialog(self.library, self, folder=folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.feedAdded.connect(self._feed_added)
        dialog.show()
        self.add_feed_dialog = dialog
        return dialog

    def _feed_added(self, feed: Any) -> None:
        self.update_feeds()
        self.feed_tree.select_key("feed", feed.id)
        self.show_status(f"Subscribed to {feed.display_title}.")
        self.refresh([feed.id])

    def rename_feed(self, feed_id: str, title: str | None = None) -> None:
        if title is None:
            feed = self.library.feed(feed_id)
            title, ok = QInputDialog.getText(self, "Rename feed", "Name:", text=feed.display_title)
            if not ok:
                return
        try:
            self.library.rename_feed(feed_id, title)
        except ReaderError as exc:
            self.report_error(exc)
            return
        self.update_feeds()
        self.article_model.reload()

    def move_feed(self, feed_id: str, folder: str | None) -> None:
        if folder == "":
            folder, ok = QInputDialog.getText(self, "New folder", "Folder name:")
            if not ok or not folder.strip():
                return
        key = self.feed_tree.current_key()
        try:
            self.library.move_feed(feed_id, folder)
        except ReaderError as exc:
            self.report_error(exc)
            return
        self.update_feeds()
        if key:
            self.feed_tree.select_key(*key)

    def unsubscribe(self, feed_id: str, *, confirm: bool = True) -> None:
        feed = self.library.feed(feed_id)
        if confirm:
            answer = QMessageBox.question(
                self,
                "Unsubscribe",
                f"Stop following “{feed.display_title}”?\n\nStarred and annotated articles are kept.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        kept = self.library.unsubscribe(feed_id)
        self.update_feeds()
        if self.feed_tree.current_key() is None:
            self.feed_tree.select_key("smart", "all")
        self.reload_articles()
        note = f" ({kept} starred or annotated article{'s' if kept != 1 else ''} kept)" if kept else ""
        self.show_status(f"Unsubscribed from {feed.display_title}{note}.")

    # --- OPML ------------------------------------------------------------------------------------------

    def import_opml_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import subscriptions", "", "OPML files (*.opml *.xml);;All files (*)"
        )
        if path:
            self.import_opml_file(path)

    def import_opml_file(self, path: str) -> int:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            result = self.library.import_opml_report(data)
            added = result.added
        except OSError as exc:
            self.report_error(ReaderError(f"Could not read {path}: {exc.strerror}."))
            return 0
        except ReaderError as exc:
            self.report_error(exc)
            return 0
        self.update_feeds()
        said = f"Imported {plural(len(added), 'new subscription')}."
        if result.skipped:
            said += f" {plural(len(result.skipped), 'line')} skipped: " + " ".join(result.skipped[:3])
        self.show_status(said)
        if added:
            self.refresh([f.id for f in added])
        return len(added)

    def export_opml_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export subscriptions", "gloss-subscriptions.opml", "OPML files (*.opml)"
        )
        if path:
            self.export_opml_file(path)

    def export_opml_file(self, path: str) -> bool:
        try:
            data = self.library.export_opml()
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            self.report_error(ReaderError(f"Could not write {path}: {exc.strerror}."))
            return False
        except ReaderError as exc:
            self.report_error(exc)
            return False
        self.show_status(f"Exported {plural(len(self.library.feeds()), 'subscription')} to {path}.")
        return True

    # --- settings and looks ------------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        from .annotate import PaletteEditor

        palette = PaletteEditor(self.library)
        dialog = SettingsDialog(
            self.library.settings(),
            self,
            extra=("Highlight colours", palette),
            sections=[("Sync", self.sync_controller.account_panel())],
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(palette.save)
        dialog.accepted.connect(lambda: self.save_settings(dialog.changes()))
        dialog.show()
        self.settings_dialog = dialog
        return dialog

    def save_settings(self, changes: dict[str, Any]) -> None:
        if changes:
            try:
                self.library.update_settings(**changes)
            except ReaderError as exc:
                self.report_error(exc)
                return
        self.apply_settings()

    def apply_settings(self) -> None:
        s = self.library.settings()
        app = QApplication.instance()
        dark = theme.apply(app, s.theme) if isinstance(app, QApplication) else theme.is_dark(s.theme)
        toggle = self.actions_by_name["toggleDark"]
        toggle.blockSignals(True)
        toggle.setChecked(dark)
        toggle.blockSignals(False)
        if dark != self.reader.dark:
            self.reader.set_dark(dark)
        self.feed_model.set_dark(dark)
        for action in self.actions_by_name.values():
            name = action.property("iconName")
            if name:
                action.setIcon(icon(name, dark))
        self.reader.set_font(s.font_size, s.font_family)
        if s.auto_refresh:
            self.auto_refresh_timer.start(s.refresh_interval_minutes * 60_000)
        else:
            self.auto_refresh_timer.stop()

    def toggle_dark(self) -> None:
        dark = self.actions_by_name["toggleDark"].isChecked()
        self.library.update_settings(theme="dark" if dark else "light")
        self.apply_settings()

    def _system_scheme_changed(self, _scheme: Any) -> None:
        if self.library.settings().theme == "system":
            self.apply_settings()

    def _font_size_changed(self, size: int) -> None:
        if size != self.library.settings().font_size:
            self.library.update_settings(font_size=size)

    # --- messages ---------------------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)

    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, ReaderError):
            self.show_status(str(exc))
        else:
            self.show_status(f"Something went wrong: {exc!r}")

    def show_shortcuts(self) -> ShortcutsDialog:
        from .annotate.selecting import KEYS

        dialog = ShortcutsDialog(self.actions_by_name.values(), self, extra=KEYS if self.annotations else ())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.shortcuts_dialog = dialog
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Gloss",
            "<b>Gloss</b><br>A news reader that keeps the article and drops the page around it."
            "<br>Highlight, annotate, export.",
        )

    def raise_to_front(self) -> None:
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()
