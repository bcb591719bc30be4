"""Readwise CSV import: the bulk-import layout (Highlight, Title, Author, URL, Note, Location, Date)
and Readwise's own export (Highlight, Book Title, Book Author, ..., Tags, Location, Highlighted at).

Column names are read case-insensitively, in any order; only ``Highlight`` is required. Tags are
read from a ``Tags`` column (comma-separated) and, as Readwise reads them, from a note whose first
line is only ``.tag`` words. Cells Gloss neutralised against formula injection (a leading
apostrophe before ``= + - @``) are read back as written, and so is a note Gloss shielded from being
read as a tag (a leading word joiner before its ``.``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

from ...errors import NotesImportError
from ..export.csv import DANGEROUS_START, TAG_SHIELD
from .model import MAX_NOTES, IncomingNote, NotesFile, clean_tags, parse_date

_COLUMNS = {
    "highlight": "highlight",
    "text": "highlight",
    "title": "title",
    "book title": "title",
    "author": "author",
    "book author": "author",
    "url": "url",
    "source url": "url",
    "note": "note",
    "tags": "tags",
    "color": "color",
    "location": "location",
    "date": "date",
    "highlighted at": "date",
}
_TAG_LINE = re.compile(r"\s*(?:\.[^\s.][^\s]*\s*)+")


def looks_like_readwise(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return "highlight" in {h.strip().lower() for h in header}


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(DANGEROUS_START) else cell


def split_note(cell: str) -> tuple[str, tuple[str, ...]]:
    """``(note, tags)`` of a Readwise note cell: a first line of ``.tag`` words is tags."""
    first, _newline, rest = cell.partition("\n")
    if _TAG_LINE.fullmatch(first):
        return rest.removeprefix(TAG_SHIELD).strip("\n"), tuple(w[1:] for w in first.split())
    return cell.removeprefix(TAG_SHIELD), ()


def _row_note(line: int, cells: dict[str, str], exact: str) -> IncomingNote:
    """The note of one row with highlight text ``exact`` (``line`` names it in an error)."""
    note, note_tags = split_note(cells.get("note", ""))
    column_tags = [t for t in cells.get("tags", "").split(",") if t.strip()]
    raw_date = cells.get("date", "").strip()
    created = parse_date(raw_date) if raw_date else None
    if raw_date and created is None:
        raise NotesImportError(f"Line {line}: the date {raw_date[:40]!r} is not a date Gloss can read.")
    url = cells.get("url", "").strip() or None
    title = " ".join(cells.get("title", "").split())
    key = f"{url or title}\x1f{exact}\x1f{raw_date}"
    return IncomingNote(
        source_id="readwise:" + hashlib.sha256(key.encode("utf-8")).hexdigest(),
        url=url,
        exact=exact,
        title=title,
        authors=tuple(a.strip() for a in cells.get("author", "").split(",") if a.strip()),
        note=note,
        tags=clean_tags([*note_tags, *column_tags]),
        color=cells.get("color", "").strip().lower() or None,
        created=created,
        updated=created,
    )


def _columns(header: list[str] | None) -> list[str | None]:
    if header is None:
        raise NotesImportError("The CSV file is empty.")
    names = [_COLUMNS.get(h.strip().lower()) for h in header]
    if "highlight" not in names:
        raise NotesImportError("The CSV file has no 'Highlight' column, so it is not a Readwise CSV.")
    return names


def read_readwise(text: str) -> NotesFile:
    """Every highlight of a Readwise CSV; raises :class:`NotesImportError` when it is not one."""
    try:
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        names = _columns(next(reader, None))
        notes: list[IncomingNote] = []
        blank = 0
        for line, row in enumerate(reader, start=2):
            if len(notes) >= MAX_NOTES:
                raise NotesImportError(
                    f"The file holds more than {MAX_NOTES:,} highlights; Gloss imports at most that."
                )
            cells: dict[str, str] = {}
            for name, cell in zip(names, row, strict=False):
                if name and name not in cells:
                    cells[name] = _unneutralise(cell)
            exact = cells.get("highlight", "").strip()
            if exact:
                notes.append(_row_note(line, cells, exact))
            elif any(c.strip() for c in row):
                blank += 1
    except csv.Error as exc:
        raise NotesImportError(f"The CSV file could not be read: {exc}.") from None
    remarks = (f"{blank} row{'s' if blank != 1 else ''} with no highlight text were skipped.",) if blank else ()
    return NotesFile("Readwise CSV", tuple(notes), remarks)
