"""Highlights without Qt or storage: anchoring, re-anchoring, palette, notebook queries, export.

Everything here is pure: it takes the frozen types of :mod:`reader.types` and returns new ones
(or text). The library facade stores the results; the UI only draws them.
"""

from __future__ import annotations

from .anchor import anchor_selection, find_quote, reanchor, reanchor_all
from .notebook import NotebookCursor, NotebookPage, NotebookQuery, PageArgs, group_by_article, query_highlights
from .palette import DEFAULT_PALETTE, Palette, PaletteColor

__all__ = [
    "DEFAULT_PALETTE",
    "NotebookCursor",
    "NotebookPage",
    "NotebookQuery",
    "PageArgs",
    "Palette",
    "PaletteColor",
    "anchor_selection",
    "find_quote",
    "group_by_article",
    "query_highlights",
    "reanchor",
    "reanchor_all",
]
