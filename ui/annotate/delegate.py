"""How a highlight looks in a list: a colour bar, the quote (two lines at most), the note, the tags.

Shared by the notes dock and the notebook. Rows give the data through the roles below.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..text import note_preview

IdRole = Qt.ItemDataRole.UserRole + 1
ArticleIdRole = Qt.ItemDataRole.UserRole + 2
ColorRole = Qt.ItemDataRole.UserRole + 3  # a QColor (the fill for the current theme)
NoteRole = Qt.ItemDataRole.UserRole + 4
TagsRole = Qt.ItemDataRole.UserRole + 5  # a list of str
StateRole = Qt.ItemDataRole.UserRole + 6  # "anchored" | "moved" | "orphaned"
ExtraRole = Qt.ItemDataRole.UserRole + 7  # a short muted line ("made on version 2", a date)
KindRole = Qt.ItemDataRole.UserRole + 8  # "article" | "highlight"
PartRole = Qt.ItemDataRole.UserRole + 9  # the highlighted part's id ("block:3", "caption:0", "byline", "title")

#: Said under a highlight that is not in the article's running text (a caption, the byline...).
PART_WORDS = {"caption": "in a photo caption", "byline": "in the byline", "title": "in the headline"}

PAD = 8
BAR = 6
QUOTE_LINES = 3
NOTE_LINES = 3


def _lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width``, at most ``max_lines`` (the last one elided)."""
    if not text or width <= 10:
        return []
    out: list[str] = []
    metrics = QFontMetrics(font)
    for paragraph in text.splitlines() or [text]:
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            out.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
            if len(out) > max_lines:
                break
        layout.endLayout()
        if len(out) > max_lines:
            break
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = metrics.elidedText(out[-1] + " …", Qt.TextElideMode.ElideRight, width)
        if not out[-1].endswith("…"):
            out[-1] = out[-1].rstrip(" .") + "…"
    return out


def _details(index: QModelIndex | QPersistentModelIndex) -> list[str]:
    """The muted line under a highlight: where it is, its tags, its state, a date."""
    meta: list[str] = []
    where = PART_WORDS.get(str(index.data(PartRole) or "").partition(":")[0])
    if where:
        meta.append(where)
    tags = index.data(TagsRole) or []
    if tags:
        meta.append("  ".join(f"#{t}" for t in tags))
    if index.data(StateRole) == "moved":
        meta.append("moved in a newer version")
    extra = str(index.data(ExtraRole) or "")
    if extra:
        meta.append(extra)
    return meta


class HighlightDelegate(QStyledItemDelegate):
    """Paints highlight rows (and plain article rows, in the notebook, in bold)."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        # Compact rows are all three lines tall (quote, note, details), for long uniform lists.
        self.compact = compact

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        quote = QFont(base)
        quote.setItalic(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1.5, 7.0))
        return quote, base, small

    def _layout(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> list[tuple[str, QFont, str]]:
        """``(text, font, colour role)`` lines for a row at the option's width."""
        quote_font, note_font, small = self._fonts(option)
        rect: QRect = option.rect
        width = rect.width() - 2 * PAD - BAR - 4
        if index.data(KindRole) == "article":
            bold = QFont(note_font)
            bold.setBold(True)
            rows = [
                (t, bold, "text") for t in _lines(str(index.data(Qt.ItemDataRole.DisplayRole) or ""), bold, width, 2)
            ]
            extra = str(index.data(ExtraRole) or "")
            return rows + [(t, small, "muted") for t in _lines(extra, small, width, 1)]
        quote = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        quote_lines, note_lines = (1, 1) if self.compact else (QUOTE_LINES, NOTE_LINES)
        # Quote marks around the passage, unless it already starts with one of its own.
        shown = quote if quote[:1] in "“\"‘'«„" else f"“{quote}”"
        # The quote sits on its colour, as it does in the article.
        rows = [(t, quote_font, "quote") for t in _lines(shown, quote_font, width - 4, quote_lines)]
        note = note_preview(str(index.data(NoteRole) or ""))
        if self.compact:
            note = " ".join(note.split())
        rows += [(t, note_font, "text") for t in _lines(note, note_font, width, note_lines)]
        meta = _details(index)
        if meta:
            rows += [(t, small, "muted") for t in _lines(" · ".join(meta), small, width, 2)]
        return rows

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.initStyleOption(option, index)
        widget = option.widget
        if widget is not None and option.rect.width() <= 0:
            option.rect = QRect(0, 0, widget.viewport().width(), 0)  # type: ignore[attr-defined]
        if self.compact:
            quote, base, small = self._fonts(option)
            height = sum(QFontMetrics(f).lineSpacing() for f in (quote, base, small))
            return QSize(option.rect.width(), height + 2 * PAD - 2)
        height = sum(QFontMetrics(font).lineSpacing() for _t, font, _r in self._layout(option, index))
        return QSize(option.rect.width(), height + 2 * PAD - 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        opt.icon = opt.icon.__class__()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect
        pal: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        color = index.data(ColorRole)
        if isinstance(color, QColor):
            painter.fillRect(QRect(rect.left() + PAD // 2, rect.top() + PAD // 2, BAR, rect.height() - PAD), color)
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.62)
        x = rect.left() + PAD + BAR + 2
        y = rect.top() + PAD - 1
        lines = self._layout(option, index)
        if index.data(KindRole) == "article":
            # A heading sits on its highlights: bottom-aligned, the space above parts the groups.
            used = sum(QFontMetrics(font).lineSpacing() for _t, font, _r in lines)
            y = max(y, rect.bottom() - PAD // 2 - used)
        ink = pal.color(QPalette.ColorRole.Text)  # on the highlight's fill, selected or not
        for text, font, role in lines:
            painter.setFont(font)
            metrics = QFontMetrics(font)
            if role == "quote" and isinstance(color, QColor):
                painter.fillRect(QRect(x - 2, y, metrics.horizontalAdvance(text) + 4, metrics.lineSpacing()), color)
                painter.setPen(ink)
            else:
                painter.setPen(muted if role == "muted" else text_color)
            painter.drawText(x, y + metrics.ascent(), text)
            y += metrics.lineSpacing()
        painter.restore()
