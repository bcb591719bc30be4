"""Titles from feeds, made safe to show in one line: list rows, the window title, tree items.

A title is somebody else's text. Bidi controls (overrides, embeddings, isolates: U+202A-202E,
U+2066-2069, and the marks) would reorder the rest of the line ("\u202egnp.exe" reads as
"exe.png"); control characters and line breaks would break the row; a 1 MB title would make
Qt lay out a megabyte for every paint. Shown titles drop those characters, keep one line and
stop at :data:`MAX_TITLE` characters (the full title stays in the library and the exports).
"""

from __future__ import annotations

import re

MAX_TITLE = 300
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def display_title(text: str, limit: int = MAX_TITLE) -> str:
    """``text`` as one safe line of at most ``limit`` characters (an ellipsis marks a cut)."""
    # Cut before the work: a 1 MB title is split and joined only as far as it will be shown.
    head = text[: limit * 4]
    line = " ".join(_INVISIBLE.sub(" ", head).split())
    if len(line) > limit or len(text) > len(head):
        line = line[: limit - 1].rstrip() + "…"
    return line
