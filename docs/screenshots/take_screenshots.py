"""Regenerate the README screenshots (first-run library: the bundled sample, no network),
and the reading window at 800x600, 1400x860 and 1920x1080, light and dark
(``reading-<size>-<theme>.png``; at 1920x1080 the article has a highlight, so the Notes
dock is there). Prints the characters a line of the article at each size.

    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$(mktemp -d) \
        python docs/screenshots/take_screenshots.py $(mktemp -d)/lib docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QTextCursor
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
    reading_sizes(app, window, lib, Path(out))
    lib.update_settings(theme="system")
    window.close()
    lib.close()


def highlight_first_sentence(window: object) -> None:
    reader = window.reader  # type: ignore[attr-defined]
    part = next(p for p in reader.content.parts() if p.kind == "block" and ". " in p.text)
    start = reader.part_map.to_doc(part.id, 0)
    cursor = reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + part.text.index(". ") + 1, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    window.highlighter.highlight_selection()  # type: ignore[attr-defined]
    cursor.clearSelection()
    reader.setTextCursor(cursor)


def reading_sizes(app: QApplication, window: object, lib: Library, out: Path) -> None:
    window.select_row(0)  # type: ignore[attr-defined]
    for width, height in ((800, 600), (1400, 860), (1920, 1080)):
        window.resize(width, height)  # type: ignore[attr-defined]
        settle(app)
        if width == 1920:
            highlight_first_sentence(window)
            settle(app)
        for theme in ("light", "dark"):
            lib.update_settings(theme=theme)
            window.apply_settings()  # type: ignore[attr-defined]
            settle(app)
            window.grab().save(str(out / f"reading-{width}x{height}-{theme}.png"))  # type: ignore[attr-defined]
        reader = window.reader  # type: ignore[attr-defined]
        print(
            f"{width}x{height}: {reader.characters_per_line():.0f} characters a line, text column "
            f"{reader._column} px, panes {window.panes.mode} {window.splitter.sizes()}, "  # type: ignore[attr-defined]
            f"notes dock {'shown' if window.notes_dock.isVisible() else 'hidden'}"  # type: ignore[attr-defined]
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
