"""What an element's class and id say about its role, read as words.

Class names are matched word by word, never as substrings: ``related-stories``,
``relatedStories`` and ``related_stories`` all read "related stories", while
``cws-jump-section`` reads "cws jump section" and ``unshared`` is not "share". Utility-CSS
tokens (``md:hidden``, ``[&_figcaption]:mt-2``, ``!mx-sm``, ``w-1/2``) say how an element
looks, not what it is, and are left out: a Tailwind article body whose class mentions
``figcaption`` is not a caption.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A token with any of these is a utility-CSS expression, not a name.
_UTILITY = re.compile(r"[:\[\]&()!/=@#%*>+~,.'\"{}]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[-_\s]+")


def _read_token(token: str) -> str:
    """One class or id token as words ("relatedStories" -> "related stories"), '' for a
    utility-CSS token."""
    if _UTILITY.search(token):
        return ""
    return " ".join(w for w in _SEPARATORS.split(_CAMEL.sub(" ", token).lower()) if w)


# Cached by token: pages repeat their class names on element after element, and sites share
# most of them ("container", "row", "article-body"). Only tokens of a name's length: a
# hostile page's 8 KB tokens would hold hundreds of megabytes in the cache.
_cached_token = lru_cache(maxsize=32768)(_read_token)
_CACHED_TOKEN_CHARS = 64


def _joined(raw: str) -> str:
    found = [w for t in raw.split() if (w := _cached_token(t) if len(t) <= _CACHED_TOKEN_CHARS else _read_token(t))]
    return f" {' '.join(found)} " if found else ""


@lru_cache(maxsize=8192)
def words_of(raw: str) -> str:
    """``raw`` (class names, an id, any attribute value) read as words: see :func:`words`."""
    return _joined(raw)


@lru_cache(maxsize=4096)
def _id_words(ident: str) -> str:
    return _joined(ident)  # an element is asked about several times, by several steps


def words(el: Any) -> str:
    """The element's class and id as space-separated lower-case words, with a space at
    each end (so a pattern can ask for a word start with ``' '``); '' when it has none."""
    cls = el.get("class") or ""
    ident = el.get("id") or ""
    if not ident:
        return words_of(cls) if cls else ""
    # Ids are mostly unique ("post-41234"): cached apart, so that they do not push the
    # page's class strings (repeated on element after element) out of their cache.
    said = _id_words(ident)
    if not cls:
        return said
    named = words_of(cls)
    return named[:-1] + said if named and said else named or said


def attribute_words(value: str) -> str:
    """Any attribute value read the same way (data-* flags some CMSs use for roles)."""
    return words_of(value) if value else ""


def vocabulary(*names: str, whole: bool = False) -> re.Pattern[str]:
    """A pattern for any of ``names`` (each one word or several, space-separated) at the
    start of a word of :func:`words`; ``whole`` asks for whole words only."""
    end = r"(?= )" if whole else ""
    alternatives = "|".join(re.escape(n).replace(r"\ ", " ") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf" (?:{alternatives}){end}")
