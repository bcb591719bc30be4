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
    """Upgrade a user-data file (highlights, settings) from schema ``found``."""
    if found < 1:
        data = _v0_to_v1_highlights(data)
    return data


def migrate_library(data: Tables, found: int) -> Tables:
    """Upgrade a library file (feeds, article shards) from schema ``found``."""
    if found < 1:
        data = _v0_to_v1_articles(data)
    return data
