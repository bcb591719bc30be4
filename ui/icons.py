"""Icons: the project's SVGs from ``resources/icons`` when present, else a drawn stand-in.

The stand-ins are simple glyphs painted in the palette's colours, so the window never
shows an empty button while the icon set is incomplete.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from reader import bundled_icons

# Names we ask for -> other names the icon set might use.
_ALIASES: dict[str, tuple[str, ...]] = {
    "refresh": ("view-refresh", "reload"),
    "add-feed": ("feed-add", "list-add", "add"),
    "feed": ("rss", "feed-icon"),
    "feed-error": ("error", "warning", "feed-warning"),
    "folder": ("folder-open",),
    "view-all": ("all", "inbox"),
    "view-unread": ("unread", "circle"),
    "view-starred": ("star-filled", "starred", "star"),
    "view-annotated": ("annotated", "highlight", "note"),
    "view-notebook": ("notebook",),
    "settings": ("preferences",),
    "export": (),
    "mark-read": (),
    "open-original": ("external", "open-external", "web"),
    "cancel": ("stop", "process-stop"),
    "sync": ("view-sync", "sync-cloud"),
}

_GLYPHS: dict[str, tuple[str, str]] = {
    "refresh": ("⟳", "#2f6db5"),
    "add-feed": ("+", "#2f8a4c"),
    "feed": ("◉", "#e07b1a"),
    "feed-error": ("!", "#c62828"),
    "folder": ("▤", "#7a6a4f"),
    "view-all": ("≡", "#4a5a70"),
    "view-unread": ("●", "#2f6db5"),
    "view-starred": ("★", "#d4a017"),
    "view-annotated": ("✎", "#8e44ad"),
    "open-original": ("↗", "#2f6db5"),
    "cancel": ("✕", "#9a3030"),
    "sync": ("⇅", "#2f6db5"),
    "star-on": ("★", "#d4a017"),
    "star-off": ("☆", "#9a9aa0"),
}


def _svg_path(name: str) -> str | None:
    base = bundled_icons()
    for candidate in (name, *_ALIASES.get(name, ())):
        ref = base / f"{candidate}.svg"
        if ref.is_file():
            with as_file(ref) as path:
                return str(path)
    return None


def _glyph(name: str) -> QIcon:
    text, color = _GLYPHS.get(name, ("•", "#777777"))
    result = QIcon()
    for size in (16, 24, 32, 48):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if name == "feed-error":
            p.setBrush(QColor(color))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
            p.setPen(QPen(QColor("white")))
        elif name == "feed":
            _draw_feed(p, size, QColor(color))
            p.end()
            result.addPixmap(pm)
            continue
        else:
            p.setPen(QPen(QColor(color)))
        font = QFont()
        font.setPixelSize(round(size * 0.8))
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        result.addPixmap(pm)
    return result


def _draw_feed(p: QPainter, size: int, color: QColor) -> None:
    """The familiar feed glyph: a dot and two arcs on a rounded square."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size * 0.2, size * 0.2)
    p.setBrush(QColor("white"))
    p.drawEllipse(QPointF(size * 0.3, size * 0.7), size * 0.09, size * 0.09)
    pen = QPen(QColor("white"))
    pen.setWidthF(size * 0.11)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (0.28, 0.48):
        path = QPainterPath()
        r = size * radius
        c = QPointF(size * 0.3, size * 0.7)
        path.arcMoveTo(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), 90)
        path.arcTo(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), 90, -90)
        p.drawPath(path)


INK_LIGHT = "#555555"  # the icon set's one colour
INK_DARK = "#cfccc5"


def _tinted(path: str, ink: str) -> QIcon | None:
    """The SVG redrawn in another ink (the dark theme needs light strokes)."""
    with open(path, encoding="utf-8") as fh:
        data = fh.read().replace(INK_LIGHT, ink).encode("utf-8")
    result = QIcon()
    for size in (16, 24, 32, 48):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        image = QPixmap()
        if not image.loadFromData(data, "SVG"):
            return None
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawPixmap(pm.rect(), image)
        p.end()
        result.addPixmap(pm)
    return result


@cache
def icon(name: str, dark: bool = False) -> QIcon:
    """The icon called ``name`` (see ``_GLYPHS`` for the names the UI uses), drawn for a
    dark background when ``dark``."""
    path = _svg_path(name)
    if path is not None:
        loaded = _tinted(path, INK_DARK) if dark else QIcon(path)
        if loaded is not None and not loaded.isNull():
            return loaded
    return _glyph(name)


def app_icon() -> QIcon:
    ref = bundled_icons() / "gloss.png"
    if ref.is_file():
        with as_file(ref) as path:
            return QIcon(str(path))
    return icon("feed")
