"""Render resources/icons/gloss.svg to gloss.png (256 px) and to the hicolor sizes that
`gloss desktop install` copies (resources/icons/hicolor/NxN/apps/gloss.png, 16-512 px), plus
a 16 px preview to check legibility.

QT_QPA_PLATFORM=offscreen /work/venv/bin/python benchmarks/tools/render_app_icon.py [preview.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
# The sizes desktops look up in the hicolor theme (the freedesktop icon theme spec's usual set).
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return img


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    out = ICONS / "gloss.png"
    if not render(ICONS / "gloss.svg", 256).save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")
    print(out, out.stat().st_size, "bytes")
    for size in HICOLOR_SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "gloss.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(ICONS / "gloss.svg", size).save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        print(target, target.stat().st_size, "bytes")
    if len(sys.argv) > 1:
        # Every icon at its own size and at 16 px, side by side, to eyeball them.
        svgs = sorted(ICONS.glob("*.svg"))
        sheet = QImage(48 * len(svgs), 96, QImage.Format.Format_ARGB32)
        sheet.fill(Qt.GlobalColor.white)
        painter = QPainter(sheet)
        for i, svg in enumerate(svgs):
            painter.drawImage(48 * i + 8, 8, render(svg, 32))
            painter.drawImage(48 * i + 16, 60, render(svg, 16))
        painter.end()
        sheet.scaled(sheet.width() * 2, sheet.height() * 2).save(sys.argv[1])
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
