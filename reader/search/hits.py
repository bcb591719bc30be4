"""What a search returns: :class:`SearchHit`, and which parts of a document the words were in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .tokens import tokenize


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result. ``snippet`` is plain text; ``marks`` are ``(start, end)`` offsets in it of the
    words that matched (to show in bold). A highlight's ``title`` is its article's title."""

    kind: Literal["article", "highlight"]
    article_id: str
    highlight_id: str | None
    score: float
    title: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    feed_id: str | None = None
    #: The parts the words were found in: "title", "text", "captions" for an article; "quote",
    #: "note", "tags" for a highlight (so copies of one story can be told apart).
    matched: tuple[str, ...] = ()
    #: Filled in by the library: the article's date (reader.types.Article.date), its feed's title.
    date: datetime | None = None
    feed_title: str = ""


ARTICLE_PARTS = ("title", "text", "captions")
HIGHLIGHT_PARTS = ("quote", "note", "tags")


def matched_parts(names: Sequence[str], fields: Sequence[str], terms: Sequence[str]) -> tuple[str, ...]:
    """The names of the fields holding any of ``terms`` (tokenised as the index does)."""
    wanted = set(terms)
    return tuple(name for name, text in zip(names, fields, strict=False) if wanted.intersection(tokenize(text)))
