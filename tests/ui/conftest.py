"""Fixtures for the window tests: a real on-disk library, a real window, a real server."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

from reader.feeds.http import HttpClient
from reader.library import Library
from tests.httpserver import http_server  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def _app_names(qapp: Any) -> None:
    """QSettings go to $XDG_CONFIG_HOME/Gloss/Gloss.conf (a temp dir per test)."""
    QCoreApplication.setOrganizationName("Gloss")
    QCoreApplication.setApplicationName("Gloss")


def quick_http() -> HttpClient:
    return HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)


@pytest.fixture
def open_library(tmp_path: Path) -> Iterator[Callable[..., Library]]:
    """Open (and later close) libraries in one temp dir; reopening models a restart."""
    opened: list[Library] = []

    def opener(first_run: bool = False, path: Path | None = None) -> Library:
        lib = Library.open(path or tmp_path / "library", first_run=first_run)
        lib.set_http(quick_http())
        opened.append(lib)
        return lib

    yield opener
    for lib in opened:
        with contextlib.suppress(Exception):  # already closed by a restart test
            lib.close()


def activate(qtbot: Any, window: Any) -> None:
    """Make ``window`` the active window (shortcuts only reach the active one)."""
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Build a shown, started MainWindow on a library; closed (state saved) at the end."""
    from ui.mainwindow import MainWindow

    windows: list[MainWindow] = []

    def maker(lib: Library, article_id: str | None = None) -> MainWindow:
        window = MainWindow(lib)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start(article_id)
        activate(qtbot, window)
        windows.append(window)
        return window

    yield maker
    for window in windows:
        if window.isVisible():
            window.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot resize windows to their size hints
    (docks and toolbars ask): a note about the headless platform, not about Gloss."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/") and "/annotate/" not in str(item.path):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))
