"""``run()``: the desktop app's entry point (``gloss``, ``gloss open ID``, ``gloss-gui``)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import Library, LibraryLockedError, ReaderError, resolve_data_dir

from .icons import app_icon
from .instance import InstanceServer, forward, serve_commands
from .mainwindow import MainWindow

# The window's identity on the desktop. X11: WM_CLASS is (argv[0]'s name, the application
# name), i.e. ("gloss", "Gloss"); Wayland: the app id is the desktop file name. gloss.desktop's
# StartupWMClass and file name must match these (tests/ui/test_desktop_entry.py checks).
APP_NAME = "Gloss"
DESKTOP_FILE_NAME = "gloss"
INSTANCE_NAME = "gloss"


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named so QSettings land in ``Gloss/Gloss``."""
    QCoreApplication.setOrganizationName("Gloss")
    QCoreApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # argv[0] names the X11 instance: "gloss" whether started as gloss, gloss-gui or python -m.
        app = QApplication(argv if argv is not None else [INSTANCE_NAME])
    app.setWindowIcon(app_icon())
    # Refresh workers are Python threads: a GUI thread waiting for the GIL gets it back
    # within ~1 ms instead of the default 5 ms, which keeps scrolling smooth during a refresh.
    sys.setswitchinterval(0.001)
    return app


def open_window(library: Library, article_id: str | None = None, highlight_id: str | None = None) -> MainWindow:
    """Build, fill and show the main window on ``library``."""
    window = MainWindow(library)
    window.install_annotations()
    window.show()
    window.start(article_id, highlight_id)
    return window


def freeze_start_up_objects() -> None:
    """Take everything alive once the window is up (modules, classes, Qt wrappers: tens of
    thousands of objects that live as long as the app), and again once its start-up work
    has read the highlights (25,000 at 500k: 90,000 objects), out of the cyclic garbage
    collector's sight. A full collection stops every thread, the GUI's too, for as long
    as it takes to walk what it tracks (20-70 ms pauses while articles were opened);
    walking these again and again bought nothing (they are freed by reference counting)."""
    gc.freeze()


def show_changes(window: MainWindow) -> None:
    """After a command line ran through the window (``gloss add``, ``gloss highlight`` ...):
    show what it changed."""
    window.update_feeds(then=lambda: window.reload_articles(background=True))
    for view in (getattr(window, "highlighter", None), window.notes_dock.widget(), window.notebook_view):
        reload = getattr(view, "reload", None)
        if callable(reload):
            reload()


def show_notices(window: MainWindow, notices: list[str]) -> None:
    """Tell the user what happened on open (e.g. a file restored from its backup)."""
    if not notices:
        return
    box = QMessageBox(QMessageBox.Icon.Information, "Gloss", "\n\n".join(notices), parent=window)
    box.setObjectName("noticesBox")
    box.setAccessibleName("Library notices")
    box.setModal(False)
    box.show()
    window.notices_box = box  # type: ignore[attr-defined]


def _exit_on_fatal(mode: QtMsgType, context: Any, message: str) -> None:
    """Until the window is up: Qt's fatal errors (a platform that cannot start, e.g. eglfs
    without a GPU, linuxfb without a screen) end the process with exit code 1 and words,
    not an abort (134). ui.preflight catches the common cases before Qt starts."""
    if mode == QtMsgType.QtFatalMsg:
        sys.stderr.write(
            f"gloss: cannot open the window: Qt could not start its platform: {message}\n"
            "  The command line works without a window: see `gloss --help`.\n"
        )
        sys.stderr.flush()
        os._exit(1)
    category = getattr(context, "category", None)
    sys.stderr.write(f"{category}: {message}\n" if category and category != "default" else f"{message}\n")


def run(data_dir: str | Path | None = None, article_id: str | None = None, highlight_id: str | None = None) -> int:
    """Open the window on the library in ``data_dir``; returns the process exit code."""
    previous = qInstallMessageHandler(_exit_on_fatal)
    app = make_app()
    root = resolve_data_dir(data_dir)
    try:
        library = Library.open(root)
    except LibraryLockedError as exc:
        if forward(root, article_id, highlight_id):
            return 0
        QMessageBox.critical(
            None,
            "Gloss is already open",
            f"{exc}\n\nAnother Gloss window is using the library in {root}. Close it first, or use that window.",
        )
        return 1
    except ReaderError as exc:
        QMessageBox.critical(None, "Gloss could not open the library", str(exc))
        return 1
    finally:
        qInstallMessageHandler(previous)
    server = InstanceServer(root)
    server.listen()
    try:
        previous = qInstallMessageHandler(_exit_on_fatal)
        try:
            window = open_window(library, article_id, highlight_id)
        finally:
            qInstallMessageHandler(previous)
        freeze_start_up_objects()
        window.warmedUp.connect(freeze_start_up_objects)  # and what the start-up work read

        def requested(aid: str | None, hid: str | None) -> None:
            window.raise_to_front()
            if aid:
                window.open_article(aid, highlight_id=hid)

        server.requested.connect(requested)
        serve_commands(server, library, lambda: show_changes(window))
        QTimer.singleShot(0, lambda: show_notices(window, list(library.notices)))
        code = app.exec()
    finally:
        server.close()
        library.close()
    return int(code)
