"""Palette colours as Qt colours: the light or dark fill of a colour name, blending for overlaps,
and small swatch icons for buttons and lists."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from reader import Palette


def is_dark_widget(widget: QWidget) -> bool:
    """Whether ``widget`` shows a dark theme: the reader view says so itself (``.dark``), any
    other widget by its palette's base colour."""
    dark = getattr(widget, "dark", None)
    if isinstance(dark, bool):
        return dark
    return widget.palette().color(QPalette.ColorRole.Base).lightness() < 128


def fill(palette: Palette, name: str, dark: bool) -> QColor:
    """The fill for highlight colour ``name`` (unknown names get the default's look)."""
    c = palette.resolve(name)
    return QColor(c.dark if dark else c.light)


def layered(colors: list[QColor], dark: bool) -> QColor:
    """Overlapping highlights, blended like ink: multiply on light paper (overlaps get deeper),
    screen on dark (overlaps get brighter), so a layered passage always stands out."""
    r, g, b = colors[0].redF(), colors[0].greenF(), colors[0].blueF()
    for c in colors[1:]:
        if dark:
            r, g, b = (1 - (1 - r) * (1 - c.redF()), 1 - (1 - g) * (1 - c.greenF()), 1 - (1 - b) * (1 - c.blueF()))
        else:
            r, g, b = r * c.redF(), g * c.greenF(), b * c.blueF()
    return QColor.fromRgbF(r, g, b)


def edge(color: QColor, dark: bool) -> QColor:
    """A stronger shade of ``color`` for underlines and swatch borders."""
    return color.lighter(170) if dark else color.darker(160)


def swatch_icon(color: QColor, size: int = 14, *, dark: bool = False) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(edge(color, dark))
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)
