"""A feed shard's file read straight from disk, without its :class:`reader.storage.shards.Shard`
(a scan of 2,000 shards must not keep 500,000 records in memory)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Doc = Mapping[str, Any]
Stamp = tuple[int, int, int]


def read_shard_file(path: Path) -> tuple[Stamp, list[Doc]] | None:
    """The stamp and article records of a shard file read straight from disk, or None when it
    is not a readable shard of this version (its Shard then recovers or migrates it)."""
    from .migrations import LIBRARY_SCHEMA

    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = json.loads(fh.read())
        if int(data.get("_meta", {}).get("1", {}).get("schema", 0)) != LIBRARY_SCHEMA:
            return None
        docs = list(data.get("articles", {}).values())
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns), docs
