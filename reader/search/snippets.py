"""Snippets: the stretch of a document that best shows why it matched, with the matches marked."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from .tokens import token_spans

SNIPPET_CHARS = 200
_LEAD_CHARS = 40  # context kept before the first match


@lru_cache(maxsize=64)
def _ascii_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = [t for t in terms if t.isascii()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b", re.ASCII)


def _matches(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    if text.isascii():
        # ASCII text folds to its lower case, same length: find the words with one regex scan.
        pattern = _ascii_pattern(tuple(sorted(terms)))
        if pattern is None:
            return []
        return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text.lower())]
    return [(s, e, t) for s, e, t in token_spans(text) if t in terms]


def _best_window(matches: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """``(i, distinct)``: the match starting the window of ``width`` chars with most distinct terms."""
    best_i, best_n = 0, 0
    for i, (start, _, _) in enumerate(matches):
        seen = set()
        for _, e, t in matches[i:]:
            if e - start > width:
                break
            seen.add(t)
        if len(seen) > best_n:
            best_i, best_n = i, len(seen)
    return best_i, best_n


def make_snippet(
    fields: Sequence[str], terms: Collection[str], *, width: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``(snippet, marks)`` from the field (in preference order) showing most distinct query terms;
    ``marks`` are ``(start, end)`` offsets of the matched words inside ``snippet``."""
    best: tuple[int, str, list[tuple[int, int, str]], int] | None = None  # (distinct, text, matches, i)
    for text in fields:
        if not text.strip():
            continue
        matches = _matches(text, terms)
        i, distinct = _best_window(matches, width) if matches else (0, 0)
        if best is None or distinct > best[0]:
            best = (distinct, text, matches, i)
    if best is None:
        return "", ()
    _, text, matches, i = best
    if matches:
        first = matches[i][0]
        start = max(0, first - _LEAD_CHARS)
        if start > 0:
            space = text.rfind(" ", start - 15, first)
            start = space + 1 if space >= 0 else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", end - 25, end)
        end = space if space > start else end
    lead = "…" if start > 0 else ""
    snippet = lead + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")
    # Recompute marks on the snippet itself (white space was normalised above).
    marks = tuple((s, e) for s, e, _ in _matches(snippet, terms))
    return snippet, marks
