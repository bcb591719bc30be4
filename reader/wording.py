"""Words for counts, so every message says "1 new article" and "2 new articles"."""

from __future__ import annotations

_IRREGULAR = {"was": "were", "is": "are", "this": "these", "it": "they", "entry": "entries", "its": "their"}


def plural_word(n: int, word: str, many: str | None = None) -> str:
    """``word`` for one, its plural for any other count (``many`` when it is irregular)."""
    if n == 1:
        return word
    if many is not None:
        return many
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 article"``, ``"0 articles"``, ``"2 new articles"`` (the last word is the noun)."""
    head, _, noun = word.rpartition(" ")
    counted = plural_word(n, noun, many)
    return f"{n} {head + ' ' if head else ''}{counted}"
