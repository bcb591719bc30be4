"""Regenerate the sync screenshots against a real FreshRSS (``../shared/servers/freshrss``).

    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$(mktemp -d) GLOSS_DATA_DIR=$(mktemp -d) \
        python docs/screenshots/take_sync_screenshots.py docs/screenshots

A "phone" library subscribes to three feeds in two folders and syncs; the "desktop" window
then adds the account in Settings (the shot of the Sync section) and syncs (the window).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reader.library import Library  # noqa: E402
from tests.httpserver import TestServer  # noqa: E402
from tests.sync.freshrss import start_freshrss  # noqa: E402
from tests.sync.site import Site  # noqa: E402
from ui.app import make_app, open_window  # noqa: E402
from ui.dialogs.syncaccount import SyncAccountPanel  # noqa: E402


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()
    QThreadPool.globalInstance().waitForDone()
    for _ in range(rounds):
        app.processEvents()


def main(out: str) -> None:
    app = make_app()
    with tempfile.TemporaryDirectory(prefix="gloss-shots-") as tmp_name:
        tmp = Path(tmp_name)
        server = TestServer().start()
        freshrss = start_freshrss(tmp / "freshrss")
        try:
            site = Site(server)
            account = freshrss.new_user(prefix="reader")
            p = site.prefix()
            phone = Library.open(tmp / "phone", first_run=False)
            phone.add_sync_account(account.url, account.user, account.password)
            for name, title, folder in (
                ("harbour", "Harbour Gazette", "Local"),
                ("council", "Council Watch", "Local"),
                ("world", "World Desk", "World"),
            ):
                phone.add_feed(site.feed(p, name, title, 4).url, folder=folder)
            phone.sync()
            first = phone.articles()[0]
            phone.mark_starred(first.id)
            phone.sync()
            phone.close()

            desk = Library.open(tmp / "desk")  # first run: the bundled sample, then the account
            window = open_window(desk)
            window.resize(1400, 860)
            settle(app)
            dialog = window.open_settings()
            panel = dialog.findChild(SyncAccountPanel)
            assert panel is not None
            panel.server.setText(account.url)
            panel.user.setText(account.user)
            panel.password.setText(account.password)
            panel.add_account()
            settle(app)
            window.sync_controller.sync()
            settle(app)
            settle(app)
            panel.show_account()
            settle(app)
            dialog.grab().save(str(Path(out) / "sync-settings.png"))
            dialog.close()
            window.feed_tree.select_key("smart", "all")
            settle(app)
            window.select_row(0)
            settle(app)
            window.grab().save(str(Path(out) / "sync-window.png"))
            window.close()
            desk.close()
        finally:
            freshrss.stop()
            server.stop()


if __name__ == "__main__":
    main(sys.argv[1])
