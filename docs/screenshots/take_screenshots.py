"""Regenerate the README screenshots (first-run library: the bundled sample, no network).

    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$(mktemp -d) \
        python docs/screenshots/take_screenshots.py $(mktemp -d)/lib docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from reader.library import Library
from ui.app import make_app, open_window


def settle(app: QApplication) -> None:
    for _ in range(30):
        app.processEvents()
    QThreadPool.globalInstance().waitForDone()
    for _ in range(30):
        app.processEvents()


def main(data_dir: str, out: str) -> None:
    app = make_app()
    lib = Library.open(data_dir)
    window = open_window(lib)
    window.resize(1600, 960)
    settle(app)
    window.grab().save(str(Path(out) / "main-light.png"))
    lib.update_settings(theme="dark")
    window.apply_settings()
    window.select_row(2)
    settle(app)
    window.grab().save(str(Path(out) / "main-dark.png"))
    lib.update_settings(theme="system")
    window.close()
    lib.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
