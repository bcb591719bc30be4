"""Shared test set-up: no test ever touches the real user's data or settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Headless Qt unless the caller chose a platform (CI sets offscreen too).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the data dir and Qt's settings at a fresh temp dir for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GLOSS_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # No test reads or writes the real keyring: "no keyring here", as on a headless machine
    # (a test that wants one installs its own backend).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    if "keyring" in sys.modules:
        import keyring
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())
    # Qt reads XDG_CONFIG_HOME once per process and caches it, so a window test would
    # otherwise see the settings (last feed, last article) an earlier test saved.
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(data_dir: Path) -> Iterator[object]:
    """A real on-disk library in a temp dir, without the first-run defaults."""
    from reader.library import Library

    lib = Library.open(data_dir, first_run=False)
    try:
        yield lib
    finally:
        lib.close()


# The real HTTP server on 127.0.0.1, as a fixture for every test package.
from tests.httpserver import http_server  # noqa: E402, F401
