"""Unicode-aware tokens for the search index: casefolded, accents folded, any script.

- Letters and digits of any script make words; the combining vowel signs of Indic, Thai, Hebrew
  and Arabic scripts stay inside their word (they are letters there, not accents).
- Latin, Greek and Cyrillic accents are folded away (``café`` finds ``cafe``), compatibility forms
  are unified (``ﬁ`` → ``fi``, full-width → ASCII) and case is folded (``Straße`` → ``strasse``).
- Chinese and Japanese are written without spaces: each Han or kana character is a token, and a
  query's characters must all occur (a cheap, dictionary-free stand-in for word segmentation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

MAX_TOKEN_CHARS = 64  # longer "words" are URLs, hashes or garbage: not worth an index entry

_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff"
# Marks that belong to words in scripts where they spell vowels (Mn/Mc are not matched by \w).
_WORD_MARKS = (
    "\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u3099\u309a"
)
_TOKEN = re.compile(rf"[{_CJK}]|(?:[^\W{_CJK}]|[{_WORD_MARKS}])+")


def fold(text: str) -> str:
    """``text`` casefolded with accents folded (see the module docstring)."""
    if text.isascii():
        return text.lower()
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).casefold()


_ASCII_TOKEN = re.compile(r"\w+", re.ASCII)


def raw_tokens(text: str) -> list[str]:
    """The words of ``text`` folded, over-long ones included (callers filter by length)."""
    if text.isascii():
        return _ASCII_TOKEN.findall(text.lower())  # the same words, found faster
    return _TOKEN.findall(fold(text))


def tokenize(text: str) -> list[str]:
    """The index terms of ``text``, in order, with repeats."""
    return [t for t in raw_tokens(text) if len(t) <= MAX_TOKEN_CHARS]


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for each word of ``text``, offsets into ``text`` itself (for
    marking matches in a snippet)."""
    for m in _TOKEN.finditer(text):
        word = m.group()
        folded = fold(word)
        if len(folded) <= MAX_TOKEN_CHARS:
            # Folding rarely splits a word (NFKD of a ligature stays one word); keep it whole.
            yield m.start(), m.end(), "".join(_TOKEN.findall(folded))
