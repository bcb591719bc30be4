"""What a Markdown export must respect to be read by Obsidian as it is meant.

- **Tags** (front matter ``tags``) must be Obsidian tags: letters, digits, ``_``, ``-`` and ``/``
  (nesting), no spaces, no leading ``#``, and not only digits. :func:`obsidian_tag` maps a Gloss tag
  to one ("child care" becomes ``child-care``, "#2024" becomes ``y2024``, as Obsidian's own help
  suggests for years), and :func:`tag_changes` lists what was changed so the export can say so.
- **A note** is the user's Markdown and is kept as written, except the lines that would become
  headings of the export (an ATX ``#`` line, or a ``---``/``===`` line under text, which makes the
  text above it a heading), an unclosed code fence, which would swallow the rest of the file, and
  raw HTML and links to anything but web, mail, Gloss and Obsidian addresses (``javascript:``),
  which would be active where the export is opened (see :mod:`.mdsafe`): :func:`note_markdown`
  makes those literal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .mdsafe import NoteLines

_NOT_TAG = re.compile(r"[^\w/-]+")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^( {0,3})(=+|-+)[ \t]*$")
# A backtick fence's info string holds no backtick (CommonMark 4.5): "```<b>`" is a paragraph.
_FENCE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")


def hyphenated(tag: str) -> str:
    """``tag`` with runs of anything but letters, digits, ``_``, ``-`` and ``/`` made one ``-``."""
    text = unicodedata.normalize("NFC", tag).strip().lstrip("#")
    text = _NOT_TAG.sub("-", text).strip("-/")
    text = re.sub(r"-{2,}", "-", text)
    return re.sub(r"/{2,}", "/", text)


def obsidian_tag(tag: str) -> str:
    """``tag`` as a valid Obsidian tag (see the module docstring); never empty."""
    text = hyphenated(tag) or "tag"
    return "y" + text if text.replace("/", "").isdigit() else text


def tag_changes(tags: Iterable[str]) -> list[tuple[str, str]]:
    """``(tag, obsidian tag)`` for each distinct tag the Obsidian form changes."""
    return [(t, obsidian_tag(t)) for t in dict.fromkeys(tags) if obsidian_tag(t) != t]


def note_markdown(note: str) -> str:
    """``note`` with heading lines and an unclosed fence made harmless (see the module docstring)."""
    out: list[str] = []
    fence: str | None = None
    previous_text = False
    safe = NoteLines()
    for line in note.splitlines():
        opened = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            previous_text = False
            safe.block_ended()
            continue
        line = safe.line(line)
        if _ATX.match(line):
            line = _ATX.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
        elif previous_text and _SETEXT.match(line):
            line = _SETEXT.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
        out.append(line)
        previous_text = bool(line.strip())
    if fence is not None:
        out.append(fence)
    return "\n".join(out)
