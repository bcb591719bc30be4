"""Where each part of an article's canonical text sits in the reader's QTextDocument.

Highlights are anchored on parts (``title``, ``byline``, ``caption:<i>``, ``block:<n>``)
and offsets within them (see :meth:`reader.types.ArticleContent.parts`); the view draws
them at document positions. The renderer writes each part contiguously after an empty
named anchor ``part-<id>``, so a part's start is the position of the first character
whose format carries that anchor name, and its characters are the part's text (a
newline in the text is a block break in the document: one character either way).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtGui import QTextDocument

from reader import ArticleContent, Part

from .render import ANCHOR_PREFIX

_BREAKS = {"\u2029": "\n", "\u2028": "\n"}


def document_text(doc: QTextDocument, start: int, length: int) -> str:
    """The document's characters ``[start, start+length)``, block breaks as ``\\n``."""
    chars = [doc.characterAt(i) for i in range(start, start + length)]
    return "".join(_BREAKS.get(c, c) for c in chars)


def _anchor_positions(doc: QTextDocument) -> dict[str, int]:
    found: dict[str, int] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                for name in fragment.charFormat().anchorNames():
                    if name.startswith(ANCHOR_PREFIX):
                        found.setdefault(name[len(ANCHOR_PREFIX) :], fragment.position())
            it += 1
        block = block.next()
    return found


@dataclass(frozen=True, slots=True)
class Placed:
    part: Part
    doc_start: int

    @property
    def doc_end(self) -> int:
        return self.doc_start + len(self.part.text)


class PartMap:
    """Part <-> document position mapping for one rendered article."""

    def __init__(self, placed: list[Placed]) -> None:
        self._placed = sorted(placed, key=lambda p: p.doc_start)
        self._starts = [p.doc_start for p in self._placed]
        self._by_id = {p.part.id: p for p in self._placed}

    @classmethod
    def build(cls, doc: QTextDocument, content: ArticleContent) -> PartMap:
        anchors = _anchor_positions(doc)
        raw = doc.toRawText()
        placed: list[Placed] = []
        cursor = 0
        size = doc.characterCount()
        for part in content.parts():
            pos = anchors.get(part.id)
            # (A part longer than the document is one the view cut: ui/articleview/capping.py.)
            if pos is None or pos + len(part.text) > size or document_text(doc, pos, len(part.text)) != part.text:
                pos = _search(raw, part.text, cursor)  # belt and braces: find it in order
            if pos is None:
                continue
            placed.append(Placed(part, pos))
            cursor = pos + len(part.text)
        return cls(placed)

    @classmethod
    def empty(cls) -> PartMap:
        return cls([])

    def __len__(self) -> int:
        return len(self._placed)

    def __contains__(self, part_id: object) -> bool:
        return part_id in self._by_id

    @property
    def parts(self) -> list[Part]:
        """The placed parts in document order."""
        return [p.part for p in self._placed]

    def span(self, part_id: str) -> tuple[int, int]:
        """Document ``(start, end)`` of a part. Raises KeyError for a part not shown."""
        p = self._by_id[part_id]
        return p.doc_start, p.doc_end

    def to_doc(self, part_id: str, offset: int) -> int:
        """Document position of ``offset`` characters into ``part_id`` (clamped to the part)."""
        p = self._by_id[part_id]
        return p.doc_start + min(max(offset, 0), len(p.part.text))

    def to_part(self, doc_pos: int) -> tuple[str, int] | None:
        """``(part_id, offset)`` for a document position inside a part (its end included),
        or None for positions in the header line, credits or between parts."""
        i = bisect.bisect_right(self._starts, doc_pos) - 1
        if i < 0:
            return None
        p = self._placed[i]
        if doc_pos > p.doc_end:
            return None
        return p.part.id, doc_pos - p.doc_start

    def to_canonical(self, doc_pos: int) -> int | None:
        """Offset in :meth:`ArticleContent.canonical_text` for a document position."""
        hit = self.to_part(doc_pos)
        if hit is None:
            return None
        return self._by_id[hit[0]].part.start + hit[1]

    def from_canonical(self, offset: int) -> int | None:
        """Document position for a canonical-text offset (None if it falls between parts)."""
        for p in self._placed:
            if p.part.start <= offset <= p.part.end:
                return p.doc_start + offset - p.part.start
        return None

    def split(self, doc_start: int, doc_end: int) -> list[tuple[str, int, int]]:
        """A document selection cut into ``(part_id, start, end)`` pieces, one per part it
        touches (a selection spanning a caption and a paragraph makes two)."""
        pieces: list[tuple[str, int, int]] = []
        for p in self._placed:
            a, b = max(doc_start, p.doc_start), min(doc_end, p.doc_end)
            if a < b:
                pieces.append((p.part.id, a - p.doc_start, b - p.doc_start))
        return pieces


def _search(raw: str, text: str, start: int) -> int | None:
    if not text:
        return None
    normalised = raw.replace("\u2029", "\n").replace("\u2028", "\n")
    pos = normalised.find(text, start)
    return pos if pos >= 0 else None
