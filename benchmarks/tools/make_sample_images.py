"""Draw the photos of the bundled sample feed (resources/sample/images/).

Run once by hand; the images are committed, this script is kept only so they can be redrawn:

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python benchmarks/tools/make_sample_images.py

Each picture is a simple painted scene (gradients and shapes) standing in for a news photo. Lead
photos are JPEG, inline photos PNG (so the sample exercises both formats); every file stays small.
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

OUT = Path(__file__).resolve().parents[2] / "resources" / "sample" / "images"
MAX_BYTES = 60 * 1024

Scene = Callable[[QPainter, int, int, random.Random], None]


def vgrad(p: QPainter, rect: QRectF, top: str, bottom: str) -> None:
    g = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    g.setColorAt(0, QColor(top))
    g.setColorAt(1, QColor(bottom))
    p.fillRect(rect, QBrush(g))


def glow(p: QPainter, x: float, y: float, r: float, color: str, alpha: int = 160) -> None:
    g = QRadialGradient(QPointF(x, y), r)
    c = QColor(color)
    c.setAlpha(alpha)
    g.setColorAt(0, c)
    c2 = QColor(color)
    c2.setAlpha(0)
    g.setColorAt(1, c2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(g))
    p.drawEllipse(QPointF(x, y), r, r)


def hills(p: QPainter, w: int, h: int, base: float, amp: float, freq: float, phase: float, color: str) -> None:
    path = QPainterPath(QPointF(0, h))
    for i in range(0, w + 9, 8):
        y = base - amp * (0.6 * math.sin(i * freq + phase) + 0.4 * math.sin(i * freq * 2.3 + phase * 1.7))
        path.lineTo(i, y)
    path.lineTo(w, h)
    path.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawPath(path)


def bird(p: QPainter, x: float, y: float, s: float, color: str) -> None:
    p.setPen(QPen(QColor(color), max(1.2, s / 6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(x - s, y - s * 0.3))
    path.quadTo(QPointF(x - s * 0.5, y - s * 0.6), QPointF(x, y))
    path.quadTo(QPointF(x + s * 0.5, y - s * 0.6), QPointF(x + s, y - s * 0.3))
    p.drawPath(path)


def rect(p: QPainter, x: float, y: float, w: float, h: float, color: str, radius: float = 0) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    if radius:
        p.drawRoundedRect(QRectF(x, y, w, h), radius, radius)
    else:
        p.drawRect(QRectF(x, y, w, h))


# --- scenes -----------------------------------------------------------------------------------


def library_night(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#0b1633", "#33467a")
    for _ in range(70):
        c = QColor("#fff8e0")
        c.setAlpha(rnd.randint(90, 220))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(c)
        p.drawEllipse(QPointF(rnd.uniform(0, w), rnd.uniform(0, h * 0.45)), 1.1, 1.1)
    glow(p, w * 0.82, h * 0.18, 40, "#fdf3c4", 200)
    p.setBrush(QColor("#fdf3c4"))
    p.drawEllipse(QPointF(w * 0.82, h * 0.18), 13, 13)
    # The library: a wide building with a pediment and tall lit windows.
    bx, by, bw, bh = w * 0.16, h * 0.42, w * 0.6, h * 0.42
    rect(p, bx, by, bw, bh, "#1c2237")
    pediment = QPolygonF([QPointF(bx - 10, by), QPointF(bx + bw / 2, by - h * 0.13), QPointF(bx + bw + 10, by)])
    p.setBrush(QColor("#232a44"))
    p.drawPolygon(pediment)
    for i in range(6):
        wx = bx + 20 + i * (bw - 40) / 6
        glow(p, wx + 14, by + bh * 0.45, 34, "#ffc861", 70)
        rect(p, wx + 4, by + 22, 20, bh * 0.55, "#ffcf6e", 3)
    rect(p, 0, h * 0.84, w, h * 0.16, "#161a29")
    # Street lamp.
    rect(p, w * 0.9, h * 0.5, 4, h * 0.34, "#0e1220")
    glow(p, w * 0.9 + 2, h * 0.5, 48, "#ffe2a0", 150)


def library_reading(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#5a3d2b", "#2e2019")
    rect(p, w * 0.08, h * 0.1, w * 0.3, h * 0.45, "#1d2a4d", 4)  # night window
    glow(p, w * 0.23, h * 0.3, 60, "#3b5998", 60)
    rect(p, 0, h * 0.7, w, h * 0.3, "#3a2a20")
    rect(p, w * 0.3, h * 0.62, w * 0.6, h * 0.06, "#8a5a36", 3)  # table top
    rect(p, w * 0.34, h * 0.68, 8, h * 0.3, "#6d4528")
    rect(p, w * 0.84, h * 0.68, 8, h * 0.3, "#6d4528")
    glow(p, w * 0.66, h * 0.5, 130, "#ffd98a", 130)
    # Lamp.
    rect(p, w * 0.655, h * 0.36, 5, h * 0.26, "#2b2b2b")
    shade = QPolygonF(
        [
            QPointF(w * 0.6, h * 0.38),
            QPointF(w * 0.72, h * 0.38),
            QPointF(w * 0.69, h * 0.28),
            QPointF(w * 0.63, h * 0.28),
        ]
    )
    p.setBrush(QColor("#2f6b4f"))
    p.drawPolygon(shade)
    # Open book.
    for dx, col in ((-1, "#f3ead7"), (1, "#efe3c9")):
        page = QPolygonF(
            [
                QPointF(w * 0.5, h * 0.6),
                QPointF(w * 0.5 + dx * 60, h * 0.59),
                QPointF(w * 0.5 + dx * 58, h * 0.55),
                QPointF(w * 0.5, h * 0.565),
            ]
        )
        p.setBrush(QColor(col))
        p.drawPolygon(page)


def library_shelves(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#3b2a20", "#20160f")
    colours = ["#8c2f39", "#2f5d8c", "#d9a441", "#3f7d5a", "#6b4c9a", "#c46a3b", "#e8dcc2", "#1f3b4d"]
    for row in range(4):
        y = h * 0.08 + row * h * 0.22
        x = w * 0.05
        while x < w * 0.95:
            bw = rnd.uniform(9, 20)
            bh = rnd.uniform(h * 0.13, h * 0.18)
            rect(p, x, y + h * 0.19 - bh, bw - 1.5, bh, rnd.choice(colours), 1.5)
            x += bw
        rect(p, w * 0.03, y + h * 0.19, w * 0.94, 6, "#7a5233")
    glow(p, w * 0.5, h * 0.05, 220, "#ffe0a3", 90)


def marsh_dawn(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h * 0.55), "#9cc3e0", "#f6d5b3")
    glow(p, w * 0.3, h * 0.5, 90, "#ffe7b8", 200)
    hills(p, w, h, h * 0.5, 6, 0.05, 1.0, "#4f6b53")
    vgrad(p, QRectF(0, h * 0.5, w, h * 0.5), "#8b9b5a", "#5d6e3b")
    # Winding tidal channels.
    p.setBrush(Qt.BrushStyle.NoBrush)
    for k, width in ((0, 14.0), (1, 7.0), (2, 5.0)):
        path = QPainterPath(QPointF(-10, h * (0.58 + 0.1 * k)))
        for i in range(1, 7):
            path.quadTo(
                QPointF(i * w / 6 - w / 12, h * (0.55 + 0.12 * k) + rnd.uniform(-25, 25)),
                QPointF(i * w / 6, h * (0.6 + 0.1 * k) + rnd.uniform(-12, 12)),
            )
        p.setPen(QPen(QColor("#a9cfe6"), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPath(path)
    p.setPen(QPen(QColor("#3d4a22"), 2))
    for _ in range(160):
        x = rnd.uniform(0, w)
        y = h - rnd.uniform(0, h * 0.14)
        p.drawLine(QPointF(x, y), QPointF(x + rnd.uniform(-6, 6), y - rnd.uniform(14, 34)))
    for _ in range(5):
        bird(p, rnd.uniform(w * 0.5, w * 0.9), rnd.uniform(h * 0.12, h * 0.3), rnd.uniform(5, 9), "#3a3a3a")


def marsh_breach(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h * 0.35), "#b9d4e8", "#e3eef5")
    vgrad(p, QRectF(0, h * 0.35, w, h * 0.65), "#7a6a4f", "#5b4c36")
    water = QPainterPath(QPointF(w * 0.38, h * 0.35))
    water.lineTo(w * 0.62, h * 0.35)
    water.cubicTo(QPointF(w * 0.6, h * 0.6), QPointF(w * 0.9, h * 0.8), QPointF(w, h * 0.85))
    water.lineTo(w, h)
    water.lineTo(0, h)
    water.lineTo(0, h * 0.85)
    water.cubicTo(QPointF(w * 0.1, h * 0.8), QPointF(w * 0.4, h * 0.6), QPointF(w * 0.38, h * 0.35))
    g = QLinearGradient(QPointF(0, h * 0.35), QPointF(0, h))
    g.setColorAt(0, QColor("#5d8fb0"))
    g.setColorAt(1, QColor("#3c6c8c"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(g))
    p.drawPath(water)
    p.setPen(QPen(QColor(255, 255, 255, 150), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for _ in range(40):
        t = rnd.uniform(0.4, 0.95)
        x = w * 0.5 + rnd.uniform(-0.4, 0.4) * w * t
        y = h * t
        p.drawLine(QPointF(x, y), QPointF(x + rnd.uniform(-10, 10), y + rnd.uniform(6, 14)))
    rect(p, w * 0.05, h * 0.28, w * 0.12, h * 0.08, "#d9a21b", 3)  # excavator body
    rect(p, w * 0.09, h * 0.23, w * 0.05, h * 0.06, "#c28e12", 2)


def train_valley(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#a7d0f0", "#eaf4fb")
    hills(p, w, h, h * 0.5, 22, 0.012, 0.4, "#8fb38a")
    hills(p, w, h, h * 0.62, 14, 0.02, 2.1, "#6f9a6a")
    rect(p, 0, h * 0.74, w, h * 0.26, "#5b8a55")
    rect(p, 0, h * 0.735, w, 5, "#6d6d6d")
    for x in range(0, w, 14):
        rect(p, x, h * 0.745, 8, 4, "#4a3b2c")
    # Train: locomotive plus two cars.
    for i, colour in enumerate(("#b8322f", "#e9e1cf", "#e9e1cf")):
        x = w * 0.18 + i * w * 0.22
        rect(p, x, h * 0.56, w * 0.21, h * 0.17, colour, 6)
        rect(p, x, h * 0.63, w * 0.21, 5, "#b8322f" if i else "#e9e1cf")
        for j in range(4 if i else 2):
            rect(p, x + 10 + j * (w * 0.045), h * 0.585, w * 0.03, h * 0.04, "#2d3e50", 2)
    for x in range(8):
        p.setBrush(QColor("#222"))
        p.drawEllipse(QPointF(w * 0.21 + x * w * 0.08, h * 0.735), 6, 6)


def train_platform(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#f0d9b5", "#d9b98f")
    rect(p, 0, 0, w, h * 0.15, "#4d5a66")  # canopy
    for x in range(0, w, 80):
        rect(p, x + 30, h * 0.15, 6, h * 0.55, "#4d5a66")
    rect(p, w * 0.55, h * 0.2, w * 0.45, h * 0.55, "#e9e1cf", 8)  # train side
    rect(p, w * 0.55, h * 0.5, w * 0.45, 8, "#b8322f")
    rect(p, w * 0.66, h * 0.28, w * 0.1, h * 0.4, "#3a4a5a", 4)  # open door
    rect(p, 0, h * 0.75, w, h * 0.25, "#9a8f80")
    rect(p, 0, h * 0.75, w, 6, "#e4c441")
    people = ["#2f4858", "#86bbd8", "#9e2a2b", "#33658a", "#f6ae2d", "#55828b"]
    for i in range(7):
        x = w * 0.06 + i * w * 0.085 + rnd.uniform(-6, 6)
        tall = rnd.uniform(0.9, 1.1)
        rect(p, x, h * (0.75 - 0.3 * tall) + 18, 26, h * 0.3 * tall - 18, rnd.choice(people), 10)
        p.setBrush(QColor("#5a3e2b"))
        p.drawEllipse(QPointF(x + 13, h * (0.75 - 0.3 * tall) + 8), 10, 10)


def train_depot(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#7fb2e5", "#d6e8f7")
    rect(p, 0, h * 0.8, w, h * 0.2, "#8c8c84")
    rect(p, w * 0.15, h * 0.38, w * 0.7, h * 0.42, "#a5533a")
    roof = QPolygonF([QPointF(w * 0.1, h * 0.4), QPointF(w * 0.5, h * 0.16), QPointF(w * 0.9, h * 0.4)])
    p.setBrush(QColor("#3f4a4f"))
    p.drawPolygon(roof)
    p.setPen(QPen(QColor(120, 50, 30, 90), 1))
    for y in range(int(h * 0.4), int(h * 0.8), 7):
        p.drawLine(QPointF(w * 0.15, y), QPointF(w * 0.85, y))
    for i in range(5):
        rect(p, w * 0.2 + i * w * 0.13, h * 0.5, w * 0.07, h * 0.2, "#f3e6c8", 3)
        rect(p, w * 0.205 + i * w * 0.13, h * 0.51, w * 0.06, h * 0.18, "#35506b", 2)
    p.setBrush(QColor("#f7f3e8"))
    p.setPen(QPen(QColor("#3f4a4f"), 3))
    p.drawEllipse(QPointF(w * 0.5, h * 0.3), 16, 16)
    p.drawLine(QPointF(w * 0.5, h * 0.3), QPointF(w * 0.5, h * 0.3 - 10))
    p.drawLine(QPointF(w * 0.5, h * 0.3), QPointF(w * 0.5 + 7, h * 0.3))


def birds_sunset(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h * 0.65), "#3d3b6e", "#f39c6b")
    glow(p, w * 0.62, h * 0.64, 110, "#ffd27f", 220)
    vgrad(p, QRectF(0, h * 0.65, w, h * 0.35), "#c9775a", "#2c2f4f")
    p.setPen(QPen(QColor(255, 220, 160, 120), 2))
    for i in range(12):
        y = h * 0.68 + i * 9
        half = 70 - i * 5
        p.drawLine(QPointF(w * 0.62 - half, y), QPointF(w * 0.62 + half, y))
    for i in range(26):
        t = i / 26
        x = w * 0.12 + t * w * 0.7 + rnd.uniform(-18, 18)
        y = h * 0.42 - math.sin(t * math.pi) * h * 0.25 + rnd.uniform(-12, 12)
        bird(p, x, y, rnd.uniform(4, 8), "#1d1b33")


def birds_thrush(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#cfe3c3", "#8fb38a")
    for _ in range(18):
        glow(p, rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(20, 60), "#f4f9e9", 70)
    p.setPen(QPen(QColor("#5b4030"), 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(0, h * 0.72), QPointF(w, h * 0.62))
    p.setPen(Qt.PenStyle.NoPen)
    cx, cy = w * 0.48, h * 0.5
    p.setBrush(QColor("#7d6a4f"))
    tail = QPolygonF([QPointF(cx - 40, cy + 4), QPointF(cx - 92, cy + 30), QPointF(cx - 84, cy + 40)])
    p.drawPolygon(tail)
    p.drawEllipse(QPointF(cx, cy), 48, 32)
    p.setBrush(QColor("#e9dcc0"))
    p.drawEllipse(QPointF(cx + 12, cy + 10), 32, 20)
    p.setBrush(QColor("#8a5e3b"))
    for _ in range(10):
        p.drawEllipse(QPointF(cx + rnd.uniform(0, 30), cy + rnd.uniform(2, 20)), 2.2, 2.8)
    p.setBrush(QColor("#7d6a4f"))
    p.drawEllipse(QPointF(cx + 44, cy - 20), 20, 18)
    p.setBrush(QColor("#f0e6cf"))
    p.drawEllipse(QPointF(cx + 50, cy - 24), 6, 6)
    p.setBrush(QColor("#111"))
    p.drawEllipse(QPointF(cx + 51, cy - 24), 3, 3)
    beak = QPolygonF([QPointF(cx + 62, cy - 22), QPointF(cx + 78, cy - 18), QPointF(cx + 62, cy - 15)])
    p.setBrush(QColor("#3b3026"))
    p.drawPolygon(beak)
    # The tag: a tiny box with an antenna along the back.
    rect(p, cx - 10, cy - 34, 12, 7, "#d0d4d8", 2)
    p.setPen(QPen(QColor("#555"), 1))
    p.drawLine(QPointF(cx - 10, cy - 30), QPointF(cx - 70, cy - 5))


def market_stalls(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#9b4a35", "#6f3325")
    p.setPen(QPen(QColor(60, 20, 10, 70), 1))
    for y in range(0, h, 9):
        p.drawLine(QPointF(0, y), QPointF(w, y))
    rect(p, 0, h * 0.82, w, h * 0.18, "#5a5148")
    awnings = (("#c0392b", "#f4efe4"), ("#2e7d4f", "#f4efe4"), ("#2c5d8f", "#f4efe4"))
    for s, (a, b) in enumerate(awnings):
        x0 = w * 0.03 + s * w * 0.33
        sw = w * 0.3
        for k in range(8):
            rect(p, x0 + k * sw / 8, h * 0.12, sw / 8, h * 0.12, a if k % 2 == 0 else b)
        rect(p, x0, h * 0.55, sw, h * 0.27, "#8a5a36", 3)
        produce = ("#e67e22", "#c0392b", "#f1c40f", "#7cb342", "#d35400")
        for _ in range(45):
            p.setBrush(QColor(rnd.choice(produce)))
            p.drawEllipse(
                QPointF(x0 + rnd.uniform(10, sw - 10), h * 0.55 - rnd.uniform(0, 18)),
                rnd.uniform(6, 10),
                rnd.uniform(6, 9),
            )
        rect(p, x0 + 4, h * 0.24, 5, h * 0.31, "#4a3b2c")
        rect(p, x0 + sw - 9, h * 0.24, 5, h * 0.31, "#4a3b2c")


def market_snow(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#aeb9c4", "#dfe5ea")
    rect(p, w * 0.2, h * 0.3, w * 0.6, h * 0.5, "#8e4a36")
    rect(p, w * 0.17, h * 0.24, w * 0.66, h * 0.07, "#f7f9fb", 4)  # snow on roof
    for i in range(4):
        for j in range(2):
            rect(p, w * 0.26 + i * w * 0.14, h * 0.36 + j * h * 0.2, w * 0.06, h * 0.12, "#ffd98a", 2)
    rect(p, w * 0.45, h * 0.6, w * 0.1, h * 0.2, "#4a2f22", 2)
    vgrad(p, QRectF(0, h * 0.78, w, h * 0.22), "#f7f9fb", "#d5dde5")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 220))
    for _ in range(150):
        p.drawEllipse(QPointF(rnd.uniform(0, w), rnd.uniform(0, h)), 1.6, 1.6)
    for i in range(4):
        x = w * 0.1 + i * w * 0.24
        rect(p, x, h * 0.66, 16, h * 0.16, ("#2f4858", "#9e2a2b", "#33658a", "#55828b")[i], 7)
        p.setBrush(QColor("#5a3e2b"))
        p.drawEllipse(QPointF(x + 8, h * 0.64), 7, 7)


def placeholder(p: QPainter, w: int, h: int, rnd: random.Random) -> None:
    vgrad(p, QRectF(0, 0, w, h), "#d9dde1", "#c3c9cf")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 200))
    p.drawEllipse(QPointF(w / 2, h / 2), 34, 34)
    p.setBrush(QColor("#8a939b"))
    p.drawPolygon(
        QPolygonF([QPointF(w / 2 - 10, h / 2 - 16), QPointF(w / 2 + 18, h / 2), QPointF(w / 2 - 10, h / 2 + 16)])
    )


IMAGES: list[tuple[str, Scene, int, int]] = [
    ("late-night-library-hours-lead.jpg", library_night, 640, 360),
    ("late-night-library-hours-1.png", library_reading, 480, 270),
    ("late-night-library-hours-2.png", library_shelves, 480, 270),
    ("salt-marsh-restoration-lead.jpg", marsh_dawn, 640, 360),
    ("salt-marsh-restoration-1.png", marsh_breach, 480, 270),
    ("valley-line-trains-return-lead.jpg", train_valley, 640, 360),
    ("valley-line-trains-return-1.png", train_platform, 480, 270),
    ("valley-line-trains-return-2.png", train_depot, 480, 270),
    ("songbird-migration-trackers-lead.jpg", birds_sunset, 640, 360),
    ("songbird-migration-trackers-1.png", birds_thrush, 480, 270),
    ("winter-market-cooperative-lead.jpg", market_stalls, 640, 360),
    ("winter-market-cooperative-1.png", market_snow, 480, 270),
    ("placeholder-16x9.png", placeholder, 320, 180),
]


def render(name: str, scene: Scene, w: int, h: int) -> int:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene(p, w, h, random.Random(name))
    p.end()
    path = OUT / name
    if name.endswith(".jpg"):
        ok = img.save(str(path), "JPG", 80)
    else:
        ok = img.convertToFormat(QImage.Format.Format_RGB888).save(str(path), "PNG", 0)
    if not ok:
        raise SystemExit(f"could not write {path}")
    return path.stat().st_size


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    # PySide6 6.12.0 on CPython 3.11 drops one reference to None on every call of a method returning
    # void (None is immortal only from 3.12 on); a few thousand QPainter calls then abort the
    # interpreter with "deallocating None". Holding extra references keeps None alive while we
    # draw, and leaving through os._exit skips the interpreter teardown that would hit zero anyway.
    _keep_none_alive = [None] * 10_000_000
    OUT.mkdir(parents=True, exist_ok=True)
    too_big = []
    for name, scene, w, h in IMAGES:
        size = render(name, scene, w, h)
        print(f"{name:42} {w}x{h} {size / 1024:6.1f} KB")
        if size > MAX_BYTES:
            too_big.append(name)
    if too_big:
        print("over 60 KB:", ", ".join(too_big), file=sys.stderr)
    del app
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if too_big else 0)


if __name__ == "__main__":
    raise SystemExit(main())
