"""Datelines ("AUBURN, Wash. —", "WASHINGTON (AP) —"): read from their own element, or cut
off the start of the first paragraph, and filed apart from the body."""

from __future__ import annotations

import re
from typing import Any

from reader.extract.clean import drop
from reader.extract.text import norm, text_content
from reader.types import Block, Span

# "AUBURN, Wash. —", "WASHINGTON (AP) —", "NEW YORK/LONDON, May 1 (Reuters) -", "KYIV, Ukraine --"
_DATELINE = re.compile(
    r"^\s*((?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+(?:[ /][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+){0,4})"
    r"(?:,\s*[A-Z][\w.’']*(?:\s[A-Z][\w.’']*){0,3})?(?:,\s*\w+\.?\s\d{1,2})?)"
    r"\s*(?:\((?:AP|Reuters|AFP|VOA|dpa|EFE|ANSA|Xinhua|[A-Z]{2,8})\))?\s*(?:—|–|--|-)\s+"
)


def split_dateline(text: str) -> tuple[str | None, str]:
    """('AUBURN, Wash.', rest) when the paragraph starts with a dateline, else (None, text)."""
    m = _DATELINE.match(text)
    if not m:
        return None, text
    place = m.group(1).strip()
    letters = [c for c in place.split(",")[0] if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None, text
    return place, text[m.end() :]


def dateline_text(el: Any) -> str | None:
    """A dateline element's text without the dash that joins it to the story (None if empty)."""
    return norm(text_content(el)).rstrip(" —–-:").strip() or None


def take_dateline(paths: tuple[Any, ...], scope: Any) -> str | None:
    """The dateline a site rule's ``paths`` find in ``scope`` (the first that has text).
    Every element they find is dropped from the tree: a dateline is never body text."""
    found = None
    for path in paths:
        for el in path(scope):
            if not hasattr(el, "getparent"):
                continue  # a string result names no element to take out
            if found is None:
                found = dateline_text(el)
            drop(el)
    return found


def file_dateline(blocks: list[Block], stated: str | None) -> str | None:
    """The page's dateline: ``stated`` (read from its own element), else the one the first
    paragraph starts with. Either way the first paragraph (among the first four blocks) no
    longer starts with it: ``blocks`` is changed in place."""
    first_para = next((i for i, b in enumerate(blocks) if b.type == "paragraph"), None)
    if first_para is None or first_para > 3:
        return stated
    block = blocks[first_para]
    if stated:
        # Some pages print the dateline both in its own element and at the start of the text.
        if block.text.startswith(stated):
            place, rest = split_dateline(block.text)
            if place:
                blocks[first_para] = _cut(block, len(block.text) - len(rest))
        return stated
    place, rest = split_dateline(block.text)
    if place is None or len(rest) < 20:
        return None
    blocks[first_para] = _cut(block, len(block.text) - len(rest))
    return place


def _cut(block: Block, n: int) -> Block:
    """``block`` without its first ``n`` characters, its spans moved to match."""
    text = block.text[n:]
    spans = tuple(
        Span(max(0, s.start - n), s.end - n, s.kind, s.href) for s in block.spans if s.end - n > max(0, s.start - n)
    )
    return Block(block.type, text, spans)
