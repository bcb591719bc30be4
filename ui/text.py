"""Text made fit to show in a row: titles from feeds, and previews of the reader's notes.

Titles from feeds, made safe to show in one line: list rows, the window title, tree items.

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


# A note is Markdown kept as written; a list row shows what it reads as (the editor and the
# exports keep the markup). Each pattern stays within a line, so a long note costs no more
# than its length.
_MD_LINE_MARK = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)", re.M)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"  # *emphasis*, not 2 * 3 * 4 or a*b*c
    r"|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"  # _emphasis_, not snake_case_name
)
PREVIEW_CHARS = 2_000


def note_preview(markdown: str, limit: int = PREVIEW_CHARS) -> str:
    """A note's Markdown as the text it reads as, for list rows: emphasis, code and link
    markup dropped (a link keeps its text), heading and quote marks at line starts dropped.
    Only the first ``limit`` characters are read: a row shows a few lines at most."""
    text = _MD_LINE_MARK.sub("", markdown[:limit])
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EMPHASIS.sub(lambda m: m[1] or m[2], text)
