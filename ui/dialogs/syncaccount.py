"""The Sync section of Settings: add a FreshRSS, Miniflux or Inoreader account, see it, remove it.

Signing in talks to the server, so it runs on a pool thread (:func:`ui.workers.run_in_background`);
the form says what is happening and, when it fails, why, in the server's words turned into
Gloss's (a wrong password, a server that does not answer). The account applies at once:
Settings' OK and Cancel are about the other settings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader import Library, ReaderError

from ..workers import run_in_background


class SyncAccountPanel(QWidget):
    """``accountChanged`` fires after an account was added or removed; ``syncRequested``
    when the user asks to sync now."""

    accountChanged = Signal()
    syncRequested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("syncAccountPanel")
        self.setAccessibleName("Sync account")
        self.busy = False

        # Page 0: the sign-in form.
        form_page = QWidget(self)
        self.server = QLineEdit(form_page)
        self.server.setObjectName("syncServer")
        self.server.setAccessibleName("Sync server address")
        self.server.setPlaceholderText("https://rss.example.org")
        self.server.setToolTip("FreshRSS: its address (or its /api/greader.php). Miniflux, Inoreader: their address.")
        self.user = QLineEdit(form_page)
        self.user.setObjectName("syncUser")
        self.user.setAccessibleName("Sync user name")
        self.password = QLineEdit(form_page)
        self.password.setObjectName("syncPassword")
        self.password.setAccessibleName("Sync API password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip("FreshRSS: the API password set in your profile, not the one you sign in with.")
        self.sign_in = QPushButton("Sign in", form_page)
        self.sign_in.setObjectName("syncSignIn")
        self.sign_in.setAutoDefault(False)
        self.sign_in.clicked.connect(self.add_account)
        for field in (self.server, self.user, self.password):
            field.returnPressed.connect(self.add_account)
        form = QFormLayout(form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Server:", self.server)
        form.addRow("User:", self.user)
        form.addRow("API password:", self.password)
        form.addRow("", self.sign_in)

        # Page 1: the account.
        account_page = QWidget(self)
        self.summary = QLabel(account_page)
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(False)  # short lines; a wrapped label nested here would be cut off
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_now = QPushButton("Sync now", account_page)
        self.sync_now.setObjectName("syncNow")
        self.sync_now.setAutoDefault(False)
        self.sync_now.clicked.connect(self.syncRequested.emit)
        self.remove = QPushButton("Remove account…", account_page)
        self.remove.setObjectName("syncRemove")
        self.remove.setAutoDefault(False)
        self.remove.clicked.connect(lambda: self.remove_account())
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_now)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        account_layout = QVBoxLayout(account_page)
        account_layout.setContentsMargins(0, 0, 0, 0)
        account_layout.addWidget(self.summary)
        account_layout.addLayout(buttons)

        self.form_page, self.account_page = form_page, account_page
        self.message = QLabel(self)
        self.message.setObjectName("syncMessage")
        self.message.setAccessibleName("Sync account message")
        self.message.setWordWrap(True)
        intro = QLabel(
            "Sync subscriptions, folders, read and starred with FreshRSS, Miniflux or Inoreader "
            "(the Google Reader API). Highlights and notes stay here.",
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("syncIntro")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(form_page)
        layout.addWidget(account_page)
        layout.addWidget(self.message)
        self.setMinimumWidth(380)
        self.show_account()

    @property
    def showing_account(self) -> bool:
        return not self.account_page.isHidden()

    def show_account(self, note: str | None = None) -> None:
        """Show the form, or the account with its last sync and the changes waiting."""
        status = self.library.sync_status()
        account = status.account
        self.form_page.setHidden(account is not None)
        self.account_page.setHidden(account is None)
        if account is None:
            return
        when = f"{status.last_sync.astimezone():%Y-%m-%d %H:%M}" if status.last_sync else "not yet"
        waiting = status.pending_changes
        self.summary.setText(
            f"<b>{_escape(account.user)}</b> at {_escape(account.api_url)}<br>"
            f"Last sync: {when} · {status.synced_feeds} feeds<br>"
            f"{waiting} change{'s' if waiting != 1 else ''} waiting to be sent"
        )
        if note or status.password_note:
            self.set_message(note or status.password_note or "")

    def set_message(self, text: str) -> None:
        # Paths and addresses have no spaces to wrap at: let them wrap after each "/".
        self.message.setText(text.replace("/", "/\u200b"))
        self.message.setToolTip(text)

    def message_text(self) -> str:
        return self.message.text().replace("\u200b", "")

    def add_account(self) -> None:
        """Sign in on a pool thread; the form stays usable and says what happened."""
        if self.busy:
            return
        url, user, password = self.server.text().strip(), self.user.text().strip(), self.password.text()
        if not url or not user or not password:
            self.set_message("Give the server's address, your user name and the API password.")
            return
        self._set_busy(True)
        self.set_message(f"Signing in to {url}…")
        library = self.library
        run_in_background(lambda: library.add_sync_account(url, user, password), self._added, self._failed, owner=self)

    def _added(self, result: Any) -> None:
        self._set_busy(False)
        account, note = result
        self.password.clear()
        self.set_message(note or f"Signed in as {account.user}. The first sync merges both sides: nothing is lost.")
        self.show_account(note)
        self.accountChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.set_message(str(exc) if isinstance(exc, ReaderError) else f"Signing in failed: {exc!r}")

    def remove_account(self, *, confirm: bool = True) -> None:
        account = self.library.sync_account()
        if account is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                "Remove the sync account",
                f"Stop syncing with {account.user} at {account.api_url}?\n\n"
                "Feeds, articles, highlights and notes stay here; nothing is deleted on the server.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.library.remove_sync_account()
        except ReaderError as exc:
            self.set_message(str(exc))
            return
        self.server.setText(account.server_url)
        self.user.setText(account.user)
        self.set_message("The account was removed. Gloss reads your feeds itself again.")
        self.show_account()
        self.accountChanged.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.server, self.user, self.password, self.sign_in):
            widget.setEnabled(not busy)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
