"""The main window's actions, menus and toolbar (a part of :class:`ui.mainwindow.MainWindow`).

Every command is a named ``QAction`` in ``actions_by_name``, with its keys, icon and tip; the
menus and the toolbar are lists of those names. Shortcuts are the window's, so they work with
the menu bar and toolbar hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from .dialogs.shortcuts import ShortcutsDialog
from .icons import icon

if TYPE_CHECKING:
    from .mainwindow import MainWindow


# --- actions and menus ------------------------------------------------------------------------


def _action(
    window: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], Any],
    keys: tuple[str, ...] | str = (),
    *,
    icon_name: str | None = None,
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    action = QAction(text, window)
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
    window.addAction(action)  # shortcuts work even when menus and toolbar are hidden
    window.actions_by_name[name] = action
    return action


def _build_actions(window: MainWindow) -> None:
    a = window._action
    a("refresh", "&Refresh", window.refresh, ("R", "F5"), icon_name="refresh", tip="Refresh all feeds")
    a("cancelRefresh", "&Cancel refresh", window.cancel_refresh, "Esc", icon_name="cancel").setEnabled(False)
    a("addFeed", "&Add feed…", window.add_feed, "Ctrl+N", icon_name="add-feed", tip="Subscribe to a feed or a site")
    a("importOpml", "&Import subscriptions (OPML)…", window.import_opml_dialog)
    a("exportOpml", "&Export subscriptions (OPML)…", window.export_opml_dialog)
    a("settings", "&Settings…", window.open_settings, "Ctrl+,", icon_name="settings")
    a("quit", "&Quit", window.close, "Ctrl+Q")
    a("nextArticle", "&Next article", lambda: window.move_selection(1), "J")
    a("previousArticle", "&Previous article", lambda: window.move_selection(-1), "K")
    a("nextUnread", "Next &unread", lambda: window.move_selection(1, unread=True), "N")
    a("previousUnread", "Previous u&nread", lambda: window.move_selection(-1, unread=True), "P")
    a("pageDown", "Page down, then next article", window.page_or_next, "Space")
    a("focusFilter", "&Filter articles", window.focus_filter, ("/", "Ctrl+F"))
    a("toggleRead", "Toggle &read", window.toggle_read, "M", icon_name="mark-read")
    a("toggleStar", "Toggle &star", window.toggle_star, "S", icon_name="view-starred")
    a("markAllRead", "Mark &all as read", window.mark_all_read, "Shift+Ctrl+A")
    a(
        "openOriginal",
        "&Open original",
        window.open_original,
        "O",
        icon_name="open-original",
        tip="Open the article's page in the web browser",
    )
    a("showFeedHtml", "Show as the &feed gave it", window.toggle_feed_html, "Ctrl+U", checkable=True)
    a("zoomIn", "&Larger text", window.reader.zoom_in, ("Ctrl++", "Ctrl+="))
    a("zoomOut", "S&maller text", window.reader.zoom_out, "Ctrl+-")
    a("zoomReset", "&Default text size", window.reader.zoom_reset, "Ctrl+0")
    a("toggleDark", "&Dark theme", window.toggle_dark, "Ctrl+Shift+D", checkable=True)
    a("showNotes", "&Notes", window.toggle_notes, "Ctrl+Shift+N", checkable=True)
    a("showFeeds", "&Feeds pane", lambda: window.panes.toggle_feeds(), "F9")
    a("showRead", "&Read view", lambda: window.tabs.setCurrentIndex(0), "Ctrl+1")
    a("showNotebook", "Note&book", window.show_notebook, "Ctrl+2")
    a("shortcuts", "&Keyboard shortcuts", window.show_shortcuts, ("?", "Shift+?", "F1"))
    a("about", "&About Gloss", window.show_about)
    window.actions_by_name["showNotebook"].setEnabled(False)
    window.actions_by_name["showNotes"].setEnabled(False)


def _build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
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
    window.menus = {}
    for title, names in layout.items():
        menu = bar.addMenu(title)
        menu.setAccessibleName(title.replace("&", ""))
        window.menus[title.replace("&", "")] = menu
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(window.actions_by_name[name])


def _build_toolbar(window: MainWindow) -> None:
    tb = window.addToolBar("Main")
    tb.setObjectName("mainToolBar")
    tb.setAccessibleName("Main toolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name in ("refresh", "addFeed", None, "toggleStar", "openOriginal"):
        if name is None:
            tb.addSeparator()
        else:
            tb.addAction(window.actions_by_name[name])
    window.toolbar = tb


# --- help ---------------------------------------------------------------------------------------


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    from .annotate.selecting import KEYS

    dialog = ShortcutsDialog(window.actions_by_name.values(), window, extra=KEYS if window.annotations else ())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.shortcuts_dialog = dialog
    return dialog


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "About Gloss",
        "<b>Gloss</b><br>A news reader that keeps the article and drops the page around it."
        "<br>Highlight, annotate, export.",
    )
