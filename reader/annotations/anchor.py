"""Anchoring highlights to an article's canonical text, and re-anchoring them when it changes.

A highlight holds two W3C selectors over :meth:`ArticleContent.canonical_text`: a
``TextPositionSelector`` (fast, exact, brittle) and a ``TextQuoteSelector`` (the quoted text with
~32 characters of context each side: robust). When a re-fetch brings a new version of the text,
:func:`reanchor` tries, in order:

1. the quote wherever it occurs exactly (inside one part), the occurrence whose context matches the
   stored prefix/suffix best winning, ties going to the one nearest the old position. Found at the
   old position, the highlight is ``anchored``; elsewhere it is ``moved``;
2. a fuzzy match: the substring of one part with the smallest edit distance to the quote, at most
   :data:`MAX_ERROR_RATIO` of the quote's length (``moved``, and the quote takes the new wording);
3. else ``orphaned``: nothing is dropped, the highlight keeps its quote, note, position and the
   version it was made on, so the UI can show it beside the article and a later version may
   anchor it again.

The fuzzy search is bounded: it only looks at a few candidate windows, found by exact seeds (pieces
of the quote, the tail of its prefix, the head of its suffix, the old position), and runs Myers'
bit-parallel edit-distance scan over each window, never over the whole article per highlight.
"""

from __future__ import annotations

import hashlib
import textwrap
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ..errors import AnnotationError
from ..types import PART_SEPARATOR, ArticleContent, Highlight, Part, TextPosition, TextQuote

CONTEXT_CHARS = 32
"""Characters of canonical text kept each side of a quote (``prefix``/``suffix``)."""

MAX_ERROR_RATIO = 0.2
"""A fuzzy match may differ from the quote by at most this share of its length (edit distance)."""

_MAX_OCCURRENCES = 5000  # exact occurrences of one quote considered (a one-letter quote...)
_MAX_SEED_HITS = 200  # a seed piece found more often than this is noise, not evidence
_MAX_SEED_PIECES = 24
_MAX_WINDOWS = 6
_BUCKET = 16  # diagonal bucket width for seed votes, in characters


class _Doc:
    """One version of an article's text, prepared once for anchoring many highlights."""

    __slots__ = ("by_id", "hash", "parts", "starts", "text")

    def __init__(self, content: ArticleContent, content_hash: str | None = None) -> None:
        self.parts = content.parts()
        self.text = PART_SEPARATOR.join(p.text for p in self.parts)
        self.starts = [p.start for p in self.parts]
        self.by_id = {p.id: p for p in self.parts}
        self.hash = content_hash or hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def part_at(self, start: int, end: int) -> Part | None:
        """The part holding ``[start, end)`` entirely, or None when the span crosses parts."""
        i = bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        part = self.parts[i]
        return part if start >= part.start and end <= part.end else None

    def part_near(self, offset: int) -> Part | None:
        if not self.parts:
            return None
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.parts[i]

    def quote(self, start: int, end: int) -> TextQuote:
        return TextQuote(
            self.text[start:end],
            self.text[max(0, start - CONTEXT_CHARS) : start],
            self.text[end : end + CONTEXT_CHARS],
        )

    def context_score(self, start: int, end: int, quote: TextQuote) -> int:
        """How many characters of the stored prefix/suffix match around ``[start, end)``."""
        before = self.text[max(0, start - len(quote.prefix)) : start]
        after = self.text[end : end + len(quote.suffix)]
        return _common_prefix(before[::-1], quote.prefix[::-1]) + _common_prefix(after, quote.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _shorten(text: str, width: int = 60) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")


# --- making a highlight ----------------------------------------------------------------------------


def anchor_selection(content: ArticleContent, part_id: str, start: int, end: int) -> tuple[TextQuote, TextPosition]:
    """The selectors for a selection of ``part_id``'s text from ``start`` to ``end`` (part offsets).

    Raises :class:`AnnotationError` for an unknown part or an empty or out-of-range selection.
    """
    doc = _Doc(content)
    part = doc.by_id.get(part_id)
    if part is None:
        raise AnnotationError(f"The article has no part {part_id!r} to highlight.")
    if not 0 <= start < end <= len(part.text):
        raise AnnotationError(
            f"The selection {start}-{end} is empty or outside {part_id!r} ({len(part.text)} characters)."
        )
    if not part.text[start:end].strip():
        raise AnnotationError("Only white space is selected; there is nothing to highlight.")
    abs_start, abs_end = part.start + start, part.start + end
    return doc.quote(abs_start, abs_end), TextPosition(abs_start, abs_end)


_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": ".", "\u00ad": "",
}  # fmt: skip


def _loose(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs collapsed, case and typographic quotes/dashes folded, and
    for each character of the result the offset it came from (plus one past the end)."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                index.append(i)
            prev_space = True
            continue
        prev_space = False
        folded = _FOLD.get(ch)
        if folded is None:
            lower = ch.lower()
            folded = lower if len(lower) == 1 else ch
        if folded:
            out.append(folded)
            index.append(i)
    index.append(len(text))
    return "".join(out), index


def _find_all(haystack: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) < limit:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def find_quote(
    content: ArticleContent,
    exact: str,
    *,
    part_id: str | None = None,
    prefix: str = "",
    suffix: str = "",
) -> tuple[str, TextQuote, TextPosition]:
    """Find ``exact`` in the article (in ``part_id`` only, if given): ``(part id, quote, position)``.

    The text is matched as is first, then ignoring differences of white space, letter case and
    typographic quotes/dashes (so a quote typed on a terminal is found). When it occurs more than
    once, ``prefix``/``suffix`` pick the occurrence, else the first wins. A quote must lie inside
    one part (a paragraph, a caption, the title). Raises :class:`AnnotationError` when not found.
    """
    needle = exact.strip()
    if not needle:
        raise AnnotationError("The quote to highlight is empty.")
    doc = _Doc(content)
    if part_id is not None:
        if part_id not in doc.by_id:
            raise AnnotationError(f"The article has no part {part_id!r}.")
        parts: tuple[Part, ...] = (doc.by_id[part_id],)
    else:
        parts = doc.parts
    spans = [(p.start + i, p.start + i + len(needle)) for p in parts for i in _find_all(p.text, needle, 1000)]
    if not spans:
        loose_needle = _loose(needle)[0].strip()
        for p in parts:
            loose_text, index = _loose(p.text)
            for i in _find_all(loose_text, loose_needle, 1000):
                spans.append((p.start + index[i], p.start + index[i + len(loose_needle) - 1] + 1))
    if not spans:
        where = f"part {part_id!r} of the article" if part_id else "the article"
        raise AnnotationError(
            f"The quote {_shorten(needle)!r} is not in {where} (a highlight cannot span two paragraphs or captions)."
        )
    wanted = TextQuote(needle, prefix, suffix)
    start, end = max(spans, key=lambda s: (doc.context_score(s[0], s[1], wanted), -s[0]))
    part = doc.part_at(start, end)
    assert part is not None  # every span was found inside one part
    return part.id, doc.quote(start, end), TextPosition(start, end)


# --- re-anchoring ------------------------------------------------------------------------------------


def _myers_best_end(pattern: str, text: str, max_errors: int) -> tuple[int, int] | None:
    """Myers' bit-parallel scan: ``(end, distance)`` of the substring of ``text`` closest to
    ``pattern`` (smallest edit distance, leftmost end), or None if every one is over ``max_errors``."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    best: tuple[int, int] | None = None
    for j, ch in enumerate(text):
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask  # search mode: a match may start anywhere (row 0 is all zeros)
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= max_errors and (best is None or score < best[1]):
            best = (j + 1, score)
    return best


def _best_prefix_length(pattern: str, text: str) -> tuple[int, int]:
    """``(length, distance)``: the prefix of ``text`` closest to ``pattern`` (global alignment)."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    best = (0, m)
    for j, ch in enumerate(text):
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask  # the match must start at text[0]: row 0 counts up
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score < best[1] or (score == best[1] and abs(j + 1 - m) < abs(best[0] - m)):
            best = (j + 1, score)
    return best


def _seed_votes(doc: _Doc, quote: TextQuote, old_start: int, max_errors: int) -> Counter[int]:
    """Votes for where (as a diagonal bucket of the quote's start) an edited quote may now be."""
    exact, text = quote.exact, doc.text
    m = len(exact)
    votes: Counter[int] = Counter()
    # Pigeonhole: with at most k edits, one of k+1 disjoint pieces survives intact.
    n = max(1, min(max_errors + 1, m // 4, _MAX_SEED_PIECES))
    size = m // n
    for p in range(n):
        off = p * size
        hits = _find_all(text, exact[off : off + size], _MAX_SEED_HITS + 1)
        if len(hits) <= _MAX_SEED_HITS:
            for h in hits:
                votes[(h - off) // _BUCKET] += 1
    tail = quote.prefix[-16:]
    if len(tail) >= 8:
        for h in _find_all(text, tail, _MAX_SEED_HITS):
            votes[(h + len(tail)) // _BUCKET] += 2
    head = quote.suffix[:16]
    if len(head) >= 8:
        for h in _find_all(text, head, _MAX_SEED_HITS):
            votes[(h - m) // _BUCKET] += 2
    votes[old_start // _BUCKET] += 1
    return votes


def _fuzzy_match(doc: _Doc, quote: TextQuote, old_start: int) -> tuple[int, int, int] | None:
    """``(start, end, distance)`` of the best bounded fuzzy match inside one part, or None."""
    exact = quote.exact
    m = len(exact)
    max_errors = int(m * MAX_ERROR_RATIO)
    if max_errors < 1 or not doc.parts:
        return None
    best: tuple[int, int, int, int] | None = None  # (distance, -context, start, end)
    tried: set[tuple[int, int]] = set()
    ranked = _seed_votes(doc, quote, old_start, max_errors).most_common(_MAX_WINDOWS)
    strongest = ranked[0][1] if ranked else 0
    for bucket, votes in ranked:
        if votes * 4 < strongest or (best is not None and best[0] <= max_errors // 4):
            break  # the rest is weak evidence, or what we have is already a close match
        diag = bucket * _BUCKET
        part = doc.part_near(min(max(diag + m // 2, 0), max(len(doc.text) - 1, 0)))
        if part is None:
            continue
        lo = max(part.start, diag - max_errors - _BUCKET)
        hi = min(part.end, diag + m + max_errors + 2 * _BUCKET)
        if hi - lo < m - max_errors or (lo, hi) in tried:
            continue
        tried.add((lo, hi))
        found = _myers_best_end(exact, doc.text[lo:hi], max_errors)
        if found is None:
            continue
        end = lo + found[0]
        back_from = max(part.start, end - m - max_errors)
        length, distance = _best_prefix_length(exact[::-1], doc.text[back_from:end][::-1])
        start = end - length
        if length == 0 or distance > max_errors:
            continue
        key = (distance, -doc.context_score(start, end, quote), start, end)
        if best is None or key < best:
            best = key
    return None if best is None else (best[2], best[3], best[0])


def _reanchor(h: Highlight, doc: _Doc) -> Highlight:
    exact = h.quote.exact
    if exact:
        candidates = [
            (s, s + len(exact))
            for s in _find_all(doc.text, exact, _MAX_OCCURRENCES)
            if doc.part_at(s, s + len(exact)) is not None
        ]
        if candidates:
            old = h.position.start
            start, end = max(candidates, key=lambda c: (doc.context_score(c[0], c[1], h.quote), -abs(c[0] - old)))
            return _placed(h, doc, start, end, "anchored" if start == old else "moved")
        fuzzy = _fuzzy_match(doc, h.quote, h.position.start)
        if fuzzy is not None:
            return _placed(h, doc, fuzzy[0], fuzzy[1], "moved")
    return replace(h, state="orphaned")


def _placed(h: Highlight, doc: _Doc, start: int, end: int, state: str) -> Highlight:
    part = doc.part_at(start, end)
    assert part is not None
    return replace(
        h,
        part=part.id,
        quote=doc.quote(start, end),
        position=TextPosition(start, end),
        state="anchored" if state == "anchored" else "moved",
        anchored_hash=doc.hash,
    )


def reanchor(highlight: Highlight, content: ArticleContent, *, content_hash: str | None = None) -> Highlight:
    """``highlight`` anchored against a (new) version ``content`` (see the module docstring).

    An anchored or moved result carries the new part, position, context and ``anchored_hash``
    (``content_hash``, computed when not given); a fuzzy match also takes the new wording as its
    quote. An orphan is returned unchanged except for ``state``: it keeps its quote, note,
    ``made_on_*`` and ``anchored_hash`` (the last version it was anchored on).
    """
    return _reanchor(highlight, _Doc(content, content_hash))


def reanchor_all(
    highlights: Iterable[Highlight], content: ArticleContent, *, content_hash: str | None = None
) -> list[Highlight]:
    """:func:`reanchor` for many highlights of one article, preparing the text once."""
    doc = _Doc(content, content_hash)
    return [_reanchor(h, doc) for h in highlights]
