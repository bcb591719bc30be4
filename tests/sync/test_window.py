"""The window's Sync, against the real FreshRSS: the Settings section, the action, progress, Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.library import Library
from tests.httpserver import Reply
from ui.dialogs.syncaccount import SyncAccountPanel

from .freshrss import Account
from .proxy import Proxy
from .site import Site

pytestmark = [
    pytest.mark.timeout(900),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def folder_titles(window: Any) -> list[str]:
    model = window.feed_model
    root = model.index(0, 0).parent()
    return [model.index(r, 0, root).data() for r in range(model.rowCount(root))]


def test_adding_an_account_and_syncing_from_the_window(
    qtbot: Any,
    make_window: Callable[..., Any],
    open_gloss: Callable[[str], Library],
    site: Site,
    account: Account,
    tmp_path: Path,
) -> None:
    feed = site.feed(site.prefix(), "desk", "Desk Herald", 3)
    phone = open_gloss("phone")
    phone.add_sync_account(account.url, account.user, account.password)
    phone.add_feed(feed.url, folder="Morning")
    assert phone.sync().ok

    window = make_window(open_gloss("desk"))
    sync = window.actions_by_name["sync"]
    assert sync not in window.toolbar.actions()  # no account yet: no toolbar button

    dialog = window.open_settings()
    panel = dialog.findChild(SyncAccountPanel)
    assert panel is not None and not panel.showing_account
    panel.server.setText(account.url)
    panel.user.setText(account.user)
    panel.password.setText("not the password")
    panel.sign_in.click()
    qtbot.waitUntil(lambda: "refused the user name" in panel.message_text(), timeout=30_000)
    assert window.library.sync_account() is None

    panel.password.setText(account.password)
    with qtbot.waitSignal(panel.accountChanged, timeout=30_000):
        panel.sign_in.click()
    assert panel.showing_account
    assert account.user in panel.summary.text() and "readable only by you" in panel.message_text()
    assert sync in window.toolbar.actions()
    dialog.grab().save(str(tmp_path / "sync-settings.png"))  # to look at
    dialog.close()

    with qtbot.waitSignal(window.sync_controller.syncFinished, timeout=60_000) as done:
        sync.trigger()
        assert window.refresh_box.isVisible() and not sync.isEnabled()
    assert done.args[0].ok
    assert "Synced: 3 new articles" in window.status_label.text()
    qtbot.waitUntil(lambda: "Morning" in folder_titles(window), timeout=10_000)
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 3, timeout=10_000)
    assert sync.isEnabled() and not window.refresh_box.isVisible()

    # Refresh (R) is a sync now: the server reads these feeds.
    with qtbot.waitSignal(window.sync_controller.syncFinished, timeout=60_000):
        window.actions_by_name["refresh"].trigger()
    window.grab().save(str(tmp_path / "sync-window.png"))


def test_cancel_breaks_off_a_sync_the_server_is_slow_to_answer(
    qtbot: Any, make_window: Callable[..., Any], open_gloss: Callable[[str], Library], account: Account, proxy: Proxy
) -> None:
    lib = open_gloss("desk")
    lib.add_sync_account(proxy.url_for(account.url), account.user, account.password)
    window = make_window(lib)
    proxy.fail("stream/items/ids", Reply(hang=True))
    with qtbot.waitSignal(window.sync_controller.syncFinished, timeout=30_000) as done:
        window.sync_controller.sync()
        qtbot.waitUntil(lambda: bool(proxy.server.requests_for("/api/greader.php/reader/api/0/stream/items/ids")))
        assert window.refresh_box.isVisible()
        window.cancel_button.click()
    assert done.args[0].cancelled
    assert "Sync cancelled" in window.status_label.text()
    assert window.actions_by_name["sync"].isEnabled()


def test_sync_without_an_account_opens_settings(
    qtbot: Any, make_window: Callable[..., Any], open_gloss: Callable[[str], Library]
) -> None:
    window = make_window(open_gloss("desk"))
    assert window.sync_controller.sync() is False
    assert window.settings_dialog.isVisible()
    assert window.settings_dialog.findChild(SyncAccountPanel) is not None
    assert "Set up a sync account" in window.status_label.text()
    window.settings_dialog.close()
