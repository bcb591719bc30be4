"""Schema versions of the data files, and the hooks that upgrade older files.

Each TinyDB file stores ``{"_meta": {"1": {"schema": N, "kind": ...}}}``. A file with a
lower N is passed through the migrations below on open and written back; a file with a
higher N (written by a newer Gloss) is refused with a clear message instead of being
misread. A file with no ``_meta`` at all counts as schema 0 (the pre-release format).
"""

from __future__ import annotations

from typing import Any

LIBRARY_SCHEMA = 1
USER_SCHEMA = 1
# 2: a highlight shard may have a journal of its latest writes beside it (see
# reader.storage.journal), which a Gloss that reads schema 1 would not read: it refuses the file.
HIGHLIGHTS_SCHEMA = 2

Tables = dict[str, dict[str, Any]]


def _v0_to_v1_highlights(data: Tables) -> Tables:
    # Schema 0 (pre-release) stored the colour under "colour" and had no anchor state.
    for doc in data.get("highlights", {}).values():
        if "colour" in doc and "color" not in doc:
            doc["color"] = doc.pop("colour")
        doc.setdefault("state", "anchored")
        doc.setdefault("made_on_version", 1)
    return data


def _v0_to_v1_articles(data: Tables) -> Tables:
    # Schema 0 stored starred articles as "star".
    for doc in data.get("articles", {}).values():
        if "star" in doc and "starred" not in doc:
            doc["starred"] = bool(doc.pop("star"))
    return data


def migrate_user(data: Tables, found: int) -> Tables:
    """Upgrade a user-data file (highlights, settings) from schema ``found`` (from 1 to 2, a
    highlight shard's documents stay as they are: only its journal is new)."""
    if found < 1:
        data = _v0_to_v1_highlights(data)
    return data


def migrate_library(data: Tables, found: int) -> Tables:
    """Upgrade a library file (feeds, article shards) from schema ``found``."""
    if found < 1:
        data = _v0_to_v1_articles(data)
    return data


# --- lasting identities ------------------------------------------------------------------------------

IDENTITY_TABLE = "identity"
ALIAS_TABLE = "aliases"
IDENTITY_SCHEME = "derived-v1"
"""Feed ids derived from the feed's address (:mod:`reader.identity`); libraries written before
it have random ones, which :func:`migrate_identities` replaces."""


def plan_identities(feeds: list[tuple[str, str]]) -> dict[str, str]:
    """``{old id: new id}`` for ``(id, url)`` feeds, so each gets its derived id.

    Deterministic, and safe to run again on a half-done migration: a feed already under its
    derived id keeps it, and an old record whose new copy exists maps onto that copy.
    """
    from ..identity import feed_id_for
    from ..urlnorm import normalize_url

    assigned: dict[str, str] = {}  # new id -> normalised url
    plan: dict[str, str] = {}
    derived_first = sorted(feeds, key=lambda f: (f[0] != feed_id_for(f[1]), f[0]))
    for feed_id, url in derived_first:
        key = normalize_url(url)
        same = next((new for new, k in assigned.items() if k == key), None)
        if same is not None and feed_id not in assigned:
            plan[feed_id] = same  # an old copy of a feed already moved (or two addresses of one)
            continue
        new = feed_id_for(url, assigned)
        assigned[new] = key
        if new != feed_id:
            plan[feed_id] = new
    return plan


def renamed(article_id: str, plan: dict[str, str]) -> str:
    """``article_id`` under its feed's new id (ids are ``<feed id>-<entry hash>``)."""
    feed_id, sep, rest = article_id.partition("-")
    return f"{plan[feed_id]}{sep}{rest}" if sep and feed_id in plan else article_id
