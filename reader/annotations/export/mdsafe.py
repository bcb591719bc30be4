"""A note's Markdown made safe to hand to another program: no raw HTML, no ``javascript:`` link.

A note is the user's Markdown and keeps its emphasis, lists, code and web links. But an export
is opened elsewhere (Obsidian, a static site, a Markdown preview in a browser), and a note may
hold text pasted from a page: so what would become active there is made literal, the way quoted
article text is:

- **raw HTML**: every ``<`` that would open a tag, a comment or a declaration is escaped
  (``\\<script>`` shows as text); an autolink to a web or mail address (``<https://...>``) stays;
- **links** (``[text](url)``, ``![image](url)``, ``[text]: url`` definitions, ``<scheme:...>``
  autolinks) whose address has a scheme other than http, https, mailto, gloss or obsidian lose their link
  syntax (``\\[text\\](javascript:...)`` shows as text). The scheme is read as a browser reads it:
  entities decoded (``java&#115;cript:``), tabs, line breaks and control characters dropped.

Code spans and fenced code blocks are left as written: nothing in them is active.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "gloss", "obsidian"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_AUTOLINK = re.compile(r"<(?:https?|mailto|gloss|obsidian):[^\s<>]*>", re.IGNORECASE)
_REFERENCE = re.compile(r"^( {0,3})\[((?:[^\]\\]|\\.)+)\]:[ \t]*(.*)$")
_BACKTICKS = re.compile(r"`+")
_BRACKETED = re.compile(r"[ \t]*<(?:https?|mailto|gloss|obsidian):[^<>\n]*>", re.IGNORECASE)
# What a browser drops from a URL before reading its scheme (WHATWG URL: tab, LF, CR; and
# leading C0 controls and spaces).
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_destination(destination: str) -> bool:
    """Whether a link to ``destination`` (as written in Markdown) is a web, mail or Gloss link, or
    a relative one (no scheme)."""
    text = destination.strip().removeprefix("<")
    text = _URL_JUNK.sub("", html.unescape(text))
    found = _SCHEME.match(text)
    return found is None or found.group(1).lower() in SAFE_SCHEMES


class NoteLines:
    """Makes a note safe line by line, outside its fenced code blocks (which the caller keeps
    as written, calling :meth:`block_ended` at each fence and each blank line)."""

    def __init__(self) -> None:
        # A backtick run left open on an earlier line of the paragraph may close on a later one:
        # a code span this line seems to have may then not be one, so none is trusted.
        self._open_run = False

    def block_ended(self) -> None:
        self._open_run = False

    def line(self, line: str) -> str:
        """``line`` with raw HTML and unsafe links made literal, its code spans kept."""
        if not line.strip():
            self.block_ended()
            return line
        reference = _REFERENCE.match(line)
        if reference and not _safe_rest(reference.group(3)):
            line = reference.group(1) + "\\" + line[len(reference.group(1)) :]
        if self._open_run:
            return _safe_text(line)
        out: list[str] = []
        pos = 0
        while pos < len(line):
            tick = _BACKTICKS.search(line, pos)
            if tick is None:
                out.append(_safe_text(line[pos:]))
                break
            start, run = tick.start(), tick.group()
            if _escaped(line, start):  # "\`" is a literal backtick; the rest of the run opens
                start, run = start + 1, run[1:]
                if not run:
                    out.append(_safe_text(line[pos : tick.end()]))
                    pos = tick.end()
                    continue
            closing = re.compile(rf"(?<!`){run}(?!`)").search(line, tick.end())
            if closing is None:  # not closed on this line: text here, and maybe a span to come
                self._open_run = True
                out.append(_safe_text(line[pos:]))
                break
            out.append(_safe_text(line[pos:start]))
            out.append(line[start : closing.end()])  # a code span: nothing in it is active
            pos = closing.end()
        return "".join(out)


def _safe_rest(rest: str) -> bool:
    """Whether the rest of a line after ``](`` or ``]:`` starts a safe address (an address on
    the next line, which Markdown allows, is not looked at: the link is made literal)."""
    return bool(rest.strip()) and is_safe_destination(rest)


def _safe_text(text: str) -> str:
    # "](" ends a link's text and opens its address: an unsafe address loses the link (the "]"
    # before it escaped); a safe one in angle brackets, ``[a](<https://x/a b>)``, keeps them.
    pieces = text.split("](")
    safe = [True] + [_safe_rest(p) for p in pieces[1:]]
    out: list[str] = []
    for i, piece in enumerate(pieces):
        bracketed = _BRACKETED.match(piece) if i and safe[i] else None
        keep = bracketed.end() if bracketed else 0
        piece = piece[:keep] + _escape_tags(piece[keep:])
        if i + 1 < len(pieces) and not safe[i + 1]:
            piece += "\\"
        out.append(piece)
    return "](".join(out)


def _escape_tags(text: str) -> str:
    out: list[str] = []
    pos = 0
    for at in (m.start() for m in re.finditer("<", text)):
        if at < pos:
            continue
        autolink = _SAFE_AUTOLINK.match(text, at)
        if autolink:
            out.append(text[pos : autolink.end()])
            pos = autolink.end()
            continue
        if _escaped(text, at):
            continue  # escaped already
        out.append(text[pos:at] + "\\<")
        pos = at + 1
    out.append(text[pos:])
    return "".join(out)


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` is backslash-escaped (an odd run of backslashes before it)."""
    before = at
    while before and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1
