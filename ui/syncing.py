"""The window's Sync: an action (View menu, toolbar, Ctrl+Shift+S), run off the GUI thread with
the status bar's progress and Cancel, and the Sync section of Settings.

A sync is one background operation (:meth:`reader.library.Library.sync`); when it is done,
the window shows what changed (counts, the list, search indexing), as after a refresh, and
the status bar says what the sync did or, when it failed, why, in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from reader import ReaderError, SyncResult

from .dialogs.syncaccount import SyncAccountPanel
from .workers import run_in_background

if TYPE_CHECKING:
    from .mainwindow import MainWindow


class SyncController(QObject):
    """``syncFinished(result)`` after a sync that ran (``SyncResult``), ``syncFailed(message)``
    after one that could not."""

    syncFinished = Signal(object)
    syncFailed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("syncController")
        self.window = window
        self.library = window.library
        self.action = window._action(
            "sync",
            "S&ync",
            self.sync,
            "Ctrl+Shift+S",
            icon_name="sync",
            tip="Sync with your FreshRSS, Miniflux or Inoreader account",
        )
        view = window.menus["View"]
        actions = view.actions()
        view.insertAction(actions[actions.index(window.actions_by_name["refresh"]) + 1], self.action)
        window.refreshStarted.connect(lambda: self.action.setEnabled(False))
        window.refreshFinished.connect(lambda _results: self.action.setEnabled(True))
        self.update_action()

    def has_account(self) -> bool:
        return self.library.sync_account() is not None

    def update_action(self) -> None:
        """The toolbar shows Sync only when there is an account (the menu always has it)."""
        account = self.library.sync_account()
        toolbar = self.window.toolbar
        shown = self.action in toolbar.actions()
        if account is not None and not shown:
            after = toolbar.actions()[toolbar.actions().index(self.window.actions_by_name["refresh"]) + 1]
            toolbar.insertAction(after, self.action)
        elif account is None and shown:
            toolbar.removeAction(self.action)
        tip = f"Sync with {account.user} at {account.api_url}" if account else "Set up a sync account in Settings"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)

    def account_panel(self) -> SyncAccountPanel:
        panel = SyncAccountPanel(self.library)
        panel.accountChanged.connect(self.update_action)
        panel.syncRequested.connect(self.sync)
        self.syncFinished.connect(lambda _r: panel.show_account() if _alive(panel) else None)
        return panel

    def sync(self) -> bool:
        """Sync on a pool thread, with progress and Cancel in the status bar. Without an
        account, opens Settings at the Sync section."""
        window = self.window
        if window.refreshing:
            return False
        if not self.has_account():
            dialog = window.open_settings()
            panel = dialog.findChild(SyncAccountPanel)
            if panel is not None:
                panel.server.setFocus()
            window.show_status("Set up a sync account first: its server, user name and API password.")
            return False
        cancel, relay = window.refresher.begin(0)
        window.progress.setRange(0, 0)
        window.refresher.box.say("Syncing…")
        library = self.library
        run_in_background(
            lambda: library.sync(progress=relay, cancel=cancel.event), self._done, self._failed, owner=window
        )
        return True

    def _done(self, result: Any) -> None:
        assert isinstance(result, SyncResult)
        window = self.window
        window.refresher.end()
        window.show_new_articles()
        message = result.summary()
        if result.problems:
            message += f" {result.problems[0]}"
        window.show_status(message)
        window.refreshFinished.emit(list(result.refresh))
        self.syncFinished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        window = self.window
        window.refresher.end()
        message = str(exc) if isinstance(exc, ReaderError) else f"The sync failed: {exc!r}"
        window.show_status(message)
        window.refreshFinished.emit([])
        self.syncFailed.emit(message)


def _alive(widget: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
