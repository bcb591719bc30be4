"""CSV export in the column layout Readwise imports: Highlight, Title, Author, URL, Note,
Location, Date.

Cells are neutralised against formula injection (a spreadsheet would run ``=HYPERLINK(...)``
from an article or a note): a cell starting with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .item import ExportItem, sort_key

COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` safe to open in a spreadsheet (see the module docstring)."""
    return "'" + cell if cell.startswith(_DANGEROUS_START) else cell


def _note_with_tags(note: str, tags: tuple[str, ...]) -> str:
    # Readwise reads ".tag" words at the start of a note as tags.
    if not tags:
        return note
    tag_words = " ".join("." + "_".join(t.split()) for t in tags)
    return f"{tag_words}\n{note}" if note else tag_words


def export_csv(items: Sequence[ExportItem]) -> str:
    """The highlights of ``items`` as CSV text (Location: the highlight's offset in the article,
    so Readwise keeps reading order; Date: when it was made, UTC)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        author = ", ".join(item.authors)
        url = item.url or ""
        for h in sorted(item.highlights, key=sort_key):
            row = (
                h.quote.exact,
                item.title,
                author,
                url,
                _note_with_tags(h.note, h.tags),
                str(h.position.start),
                h.created.strftime("%Y-%m-%d %H:%M:%S"),
            )
            writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
