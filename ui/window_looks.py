"""Settings and looks: the Settings dialog, the theme (light, dark, the system's) and the
reader's text size (a part of :class:`ui.mainwindow.MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
)

from reader import ReaderError

from . import theme
from .dialogs.settings import SettingsDialog
from .icons import icon

if TYPE_CHECKING:
    from .mainwindow import MainWindow


# --- settings and looks ------------------------------------------------------------------------------


def open_settings(window: MainWindow) -> SettingsDialog:
    from .annotate import PaletteEditor

    palette = PaletteEditor(window.library)
    dialog = SettingsDialog(
        window.library.settings(),
        window,
        extra=("Highlight colours", palette),
        sections=[("Sync", window.sync_controller.account_panel())],
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(palette.save)
    dialog.accepted.connect(lambda: window.save_settings(dialog.changes()))
    dialog.show()
    window.settings_dialog = dialog
    return dialog


def save_settings(window: MainWindow, changes: dict[str, Any]) -> None:
    if changes:
        try:
            window.library.update_settings(**changes)
        except ReaderError as exc:
            window.report_error(exc)
            return
    window.apply_settings()


def apply_settings(window: MainWindow) -> None:
    s = window.library.settings()
    app = QApplication.instance()
    dark = theme.apply(app, s.theme) if isinstance(app, QApplication) else theme.is_dark(s.theme)
    toggle = window.actions_by_name["toggleDark"]
    toggle.blockSignals(True)
    toggle.setChecked(dark)
    toggle.blockSignals(False)
    if dark != window.reader.dark:
        window.reader.set_dark(dark)
    window.feed_model.set_dark(dark)
    for action in window.actions_by_name.values():
        name = action.property("iconName")
        if name:
            action.setIcon(icon(name, dark))
    window.reader.set_font(s.font_size, s.font_family)
    if s.auto_refresh:
        window.auto_refresh_timer.start(s.refresh_interval_minutes * 60_000)
    else:
        window.auto_refresh_timer.stop()


def toggle_dark(window: MainWindow) -> None:
    dark = window.actions_by_name["toggleDark"].isChecked()
    window.library.update_settings(theme="dark" if dark else "light")
    window.apply_settings()


def _system_scheme_changed(window: MainWindow, _scheme: Any) -> None:
    if window.library.settings().theme == "system":
        window.apply_settings()


def _font_size_changed(window: MainWindow, size: int) -> None:
    if size != window.library.settings().font_size:
        window.library.update_settings(font_size=size)
