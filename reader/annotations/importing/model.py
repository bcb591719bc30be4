"""What every importer hands the library: notes read from another tool, not yet matched to articles.

An :class:`IncomingNote` says which page a passage was highlighted on (``url``), what was
quoted, with what note, tags, colour and dates, and a ``source_id`` naming it in the tool it came
from. The library matches it to an article by URL and anchors the quote in the article's text; the
highlight's id is derived from ``source_id``, so importing the same file again finds what is
already there instead of copying it. A note exported by Gloss carries its exact record
(:class:`ImportedAnnotation`) too, and is restored as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NoReturn

from ...errors import NotesImportError
from ...types import Article, Feed, Highlight, TextPosition

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_NOTES = 200_000


@dataclass(frozen=True, slots=True)
class ImportedAnnotation:
    """One highlight read back from a Gloss export, with the article (and feed) it belongs to, so
    the library can create them when it lacks them."""

    highlight: Highlight
    article: Article
    feed: Feed | None


@dataclass(frozen=True, slots=True)
class IncomingNote:
    """One highlight or note from another tool. ``exact`` empty: a note on the page as a whole
    (a Hypothesis page note), which Gloss keeps on the article's title. ``position`` only when it
    is known to count in Gloss's text of the version whose hash is ``text_hash``. ``range_end``: the
    quote runs from ``exact`` to the end of this text (a W3C ``RangeSelector`` between two quotes)."""

    source_id: str
    url: str | None
    exact: str
    title: str = ""
    authors: tuple[str, ...] = ()
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    position: TextPosition | None = None
    text_hash: str | None = None
    gloss: ImportedAnnotation | None = None
    range_end: str = ""

    @property
    def shown_quote(self) -> str:
        """The quote as far as it is known without the article's text."""
        return f"{self.exact} … {self.range_end}" if self.range_end else self.exact

    @property
    def highlight_id(self) -> str:
        """The id the highlight gets in Gloss: the Gloss id it had, else one derived from the
        source's identity (the same in every library and on every import)."""
        if self.gloss is not None:
            return self.gloss.highlight.id
        return "h" + hashlib.sha256(self.source_id.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class NotesFile:
    """A whole file read: its format's name, its notes, and what was left out or changed, in words."""

    format: str
    notes: tuple[IncomingNote, ...]
    remarks: tuple[str, ...] = field(default=())


class Fields:
    """Typed access to one item's JSON, with errors that say which item and which field."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> NoReturn:
        raise NotesImportError(f"{self.where}: {what}")

    def obj(self, d: dict[str, Any], key: str) -> dict[str, Any]:
        value = d.get(key)
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be an object")
        return value

    def string(self, d: dict[str, Any], key: str, *, required: bool = True, empty: bool = True) -> str:
        value = d.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (not empty and not value):
            self.fail(f"'{key}' must be a {'non-empty ' if not empty else ''}string")
        return value

    def optional_string(self, d: dict[str, Any], key: str) -> str | None:
        value = d.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(f"'{key}' must be a string or null")
        return value

    def integer(self, d: dict[str, Any], key: str, minimum: int = 0) -> int:
        value = d.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"'{key}' must be a whole number >= {minimum}")
        return value

    def date(self, d: dict[str, Any], key: str, *, required: bool = False) -> datetime | None:
        value = self.optional_string(d, key)
        if not value:
            if required:
                self.fail(f"'{key}' (a date) is missing")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.fail(f"'{key}' is not an ISO 8601 date: {value[:40]!r}")
        return parsed

    def strings(self, d: dict[str, Any], key: str) -> tuple[str, ...]:
        value = d.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"'{key}' must be a list of strings")
        return tuple(value)


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time (``Z`` or an offset; none means UTC), or None."""
    text = value.strip()
    if len(text) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clean_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
