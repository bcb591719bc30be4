"""Driving the reader like a person: where text is on screen, selecting it with the mouse."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication


def point_of(view: Any, doc_pos: int, *, after: bool = False) -> QPoint:
    """Viewport coordinates of the caret before (or just after) a document position."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(doc_pos)
    rect = view.cursorRect(cursor)
    return QPoint(rect.center().x() + (1 if after else 0), rect.center().y())


def doc_pos_of(view: Any, part_id: str, text: str) -> tuple[int, int]:
    """Document (start, end) of ``text`` inside a part of the shown article."""
    part = next(p for p in view.content.parts() if p.id == part_id)
    i = part.text.index(text)
    return view.part_map.to_doc(part_id, i), view.part_map.to_doc(part_id, i + len(text))


def _mouse(widget: Any, kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
    # Sent as the window system would (QTest.mouseRelease warns when a read-only text view
    # leaves a release unaccepted, which it does by design).
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, QPointF(point), QPointF(widget.mapToGlobal(point)), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def drag_select(view: Any, start: int, end: int) -> None:
    """Select ``[start, end)`` by pressing, moving and releasing the mouse on the viewport."""
    vp = view.viewport()
    a, b = point_of(view, start), point_of(view, end)
    left = Qt.MouseButton.LeftButton
    _mouse(vp, QEvent.Type.MouseButtonPress, a, left)
    _mouse(vp, QEvent.Type.MouseMove, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2), left)
    _mouse(vp, QEvent.Type.MouseMove, b, left)
    _mouse(vp, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)


def click(view: Any, doc_pos: int) -> None:
    vp = view.viewport()
    p = point_of(view, doc_pos)
    _mouse(vp, QEvent.Type.MouseButtonPress, p, Qt.MouseButton.LeftButton)
    _mouse(vp, QEvent.Type.MouseButtonRelease, p, Qt.MouseButton.NoButton)


def drawn_ranges(view: Any) -> list[tuple[int, int]]:
    return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()]


def covered(view: Any, start: int, end: int) -> bool:
    """Whether every character of ``[start, end)`` lies under a drawn highlight layer."""
    spans = sorted(drawn_ranges(view))
    pos = start
    for a, b in spans:
        if a <= pos < b:
            pos = b
        if pos >= end:
            return True
    return pos >= end
