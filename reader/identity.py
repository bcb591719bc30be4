"""Stable identities: the same feed and the same article get the same id in every library.

A feed's id is derived from its address (:func:`reader.urlnorm.normalize_url`, so ``http`` and
``https``, ``www.`` or not, are one feed), an article's from its feed's id and the entry's own
identity (its guid, else its link; :func:`reader.feeds.entries.entry_key`). So a ``gloss://open/``
link, an export or a synced item names the same article in a library rebuilt from scratch, on
another computer, or after an OPML import. A feed keeps its id for the life of the subscription,
even when its address later moves (a 301): the id says where it was subscribed, not where it is.

Ids are lower-case hex, ten characters for a feed (a collision between two of a reader's feeds
has odds of about one in ten million at a thousand feeds); the rare collision, and two addresses
of one feed subscribed apart, take a longer slice of the same digest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container

from .urlnorm import normalize_url

FEED_ID_CHARS = 10
_LONGER = (16, 24, 32, 64)
# What an id may look like, checked where one comes in (a command, a gloss:// link, a file):
# ids name files, so a 300-character or "../x" id must be refused before any file is opened.
# Letters and digits (ids of older libraries are not all hex), at most 64 per part.
_FEED_ID = re.compile(r"[A-Za-z0-9]{1,64}")
_ARTICLE_ID = re.compile(r"[A-Za-z0-9]{1,64}-[A-Za-z0-9]{1,64}")
SHOWN_ID_CHARS = 40


def is_feed_id(value: object) -> bool:
    """Whether ``value`` has the shape of a feed id (it may still name no feed)."""
    return isinstance(value, str) and _FEED_ID.fullmatch(value) is not None


def is_article_id(value: object) -> bool:
    """Whether ``value`` has the shape of an article id, ``<feed id>-<key>``."""
    return isinstance(value, str) and _ARTICLE_ID.fullmatch(value) is not None


def shown_id(value: str) -> str:
    """An id as a message quotes it: control characters escaped, cut at 40 characters."""
    return repr(value if len(value) <= SHOWN_ID_CHARS else value[: SHOWN_ID_CHARS - 1] + "…")


def feed_id_for(url: str, taken: Container[str] = ()) -> str:
    """The id of the feed subscribed at ``url``, avoiding the ids in ``taken``."""
    digest = hashlib.sha256(("feed\x1f" + normalize_url(url)).encode("utf-8")).hexdigest()
    for length in (FEED_ID_CHARS, *_LONGER):
        candidate = digest[:length]
        if candidate not in taken:
            return candidate
    raise AssertionError("a SHA-256 digest collided with itself")  # pragma: no cover
