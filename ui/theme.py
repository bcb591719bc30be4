"""Light and dark: the Fusion style with a matching palette, plus our small stylesheet.

"system" follows the platform's colour scheme (Qt 6.5+ reports it) and changes with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader import bundled_styles


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#26272b"), QColor("#1e1f22"), QColor("#e6e3dc")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#2a2b30"))
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, QColor("#303136"))
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor("#303136"))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#8b8a90"))
        p.setColor(group, QPalette.ColorRole.Highlight, QColor("#3d6fb4"))
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        p.setColor(group, QPalette.ColorRole.Link, QColor("#8ab4f8"))
        p.setColor(group, QPalette.ColorRole.Mid, QColor("#3a3b40"))
        p.setColor(group, QPalette.ColorRole.Midlight, QColor("#34353a"))
        p.setColor(group, QPalette.ColorRole.Dark, QColor("#151618"))
        p.setColor(group, QPalette.ColorRole.Shadow, QColor("#000000"))
        p.setColor(group, QPalette.ColorRole.Light, QColor("#45464c"))
    for role, color in (
        (QPalette.ColorRole.WindowText, "#6f6e74"),
        (QPalette.ColorRole.Text, "#6f6e74"),
        (QPalette.ColorRole.ButtonText, "#6f6e74"),
        (QPalette.ColorRole.Base, "#232428"),
        (QPalette.ColorRole.Window, window.name()),
        (QPalette.ColorRole.Button, "#2b2c30"),
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    p = style.standardPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#f3f2ef"))
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f5f2"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6db5"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return p


def stylesheet(dark: bool) -> str:
    name = "app-dark.qss" if dark else "app-light.qss"
    return (bundled_styles() / name).read_text(encoding="utf-8")


def apply(app: QApplication, theme: str) -> bool:
    """Apply ``theme`` ("system", "light" or "dark") to the whole app; returns whether dark."""
    dark = is_dark(theme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
    app.setStyleSheet(stylesheet(dark))
    return dark
