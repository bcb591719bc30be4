"""CSV export in the column layout Readwise's bulk import reads: Highlight, Title, Author, URL,
Note, Location, Date.

- **Tags** are written the way Readwise reads them from a note: a first line of ``.tag`` words,
  the note on the lines after it. A tag of several words is joined with hyphens (``child care``
  becomes ``.child-care``), as in the Obsidian export.
- A note that itself begins with ``.`` (".NET is...") would be read as a tag: it is shielded by an
  invisible word joiner (U+2060) before the dot, which Gloss's own import removes again.
- **Location** is the highlight's place in its article's reading order (1, 2, 3...): Readwise sorts
  by it and shows it as a location, so a character offset ("Location 4,821") would mislead.
- **Date** is ISO 8601 in UTC with its offset (``2024-05-01T09:30:00+00:00``), the form Readwise's
  API documents; without an offset it would be read in the importing account's time zone.
- **URL** is only ever a web address (never ``gloss-sample:`` or other internal links).

Cells are neutralised against formula injection (a spreadsheet would run ``=HYPERLINK(...)``
from an article or a note): a cell starting with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, which spreadsheets show as text; so does one where such a sign, or its
full-width form (``＝ ＋ － ＠``, which some spreadsheets read as the sign), comes after leading
spaces, non-breaking spaces, line breaks or invisible characters (a spreadsheet may trim them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC

from .item import ExportItem, is_web_url, sort_key
from .obsidian import hyphenated

COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
# After whatever a spreadsheet may trim first, these start a formula too.
_FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
TAG_SHIELD = "\u2060"


def neutralise(cell: str) -> str:
    """``cell`` safe to open in a spreadsheet (see the module docstring)."""
    if cell.startswith(DANGEROUS_START) or _trimmed(cell).startswith(_FORMULA_SIGNS):
        return "'" + cell
    return cell


def _trimmed(cell: str) -> str:
    """``cell`` without the leading whitespace (any Unicode space or line break) and invisible
    characters a spreadsheet may drop before it reads a formula."""
    before = None
    while before != cell:
        before, cell = cell, cell.lstrip().lstrip(_INVISIBLE)
    return cell


def readwise_tag(tag: str) -> str:
    """A Gloss tag as one Readwise ``.tag`` word."""
    return hyphenated(tag).lstrip(".") or "tag"


def note_with_tags(note: str, tags: Sequence[str]) -> str:
    """The Note cell: the tags line, then the note (shielded when it starts with a dot)."""
    if note.startswith("."):
        note = TAG_SHIELD + note
    if not tags:
        return note
    tag_words = " ".join("." + readwise_tag(t) for t in dict.fromkeys(tags))
    return f"{tag_words}\n{note}" if note else tag_words


def export_csv(items: Sequence[ExportItem]) -> str:
    """The highlights of ``items`` as CSV text (see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        author = ", ".join(item.authors)
        url = item.url if is_web_url(item.url) else ""
        for n, h in enumerate(sorted(item.highlights, key=sort_key), start=1):
            row = (
                h.quote.exact,
                item.title,
                author,
                url or "",
                note_with_tags(h.note, h.tags),
                str(n),
                h.created.astimezone(UTC).replace(microsecond=0).isoformat(),
            )
            writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
