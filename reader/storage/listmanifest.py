"""The list index's manifest as read from disk: the file, then its log of changes since."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
MANIFEST = "manifest.json"
LOG_FILE = re.compile(r"^log-\d+\.jsonl$")


class StaleIndex(Exception):
    """The index does not match the shards (or could not be read): rebuild it, or scan."""


@dataclass
class Manifest:
    """Each part's entry by day, each feed's [ino, size, mtime_ns, unread, total, starred], the
    serial of the last file written, the token and counter of the set of ids, the log's name and
    how many of its lines were applied."""

    days: dict[str, dict[str, Any]]
    feeds: dict[str, list[int]]
    serial: int
    token: str
    counter: int
    log: str
    logged: int = 0


def part_entry(rows: list[dict[str, Any]], file: str) -> dict[str, Any]:
    """A part's entry in the manifest: its file and its counts."""
    counts: list[Any] = [0, 0, 0, None]
    for row in rows:
        count_row(counts, row)
    return entry_of(file, counts)


def count_row(counts: list[Any], row: Mapping[str, Any]) -> None:
    """Add ``row`` to a part's ``[rows, unread, starred, oldest "added" (for retention)]``."""
    counts[0] += 1
    counts[1] += not row.get("read")
    counts[2] += bool(row.get("starred"))
    if row.get("added") and (counts[3] is None or str(row["added"]) < counts[3]):
        counts[3] = str(row["added"])


def entry_of(file: str, counts: list[Any]) -> dict[str, Any]:
    n, unread, starred, oldest = counts
    return {"file": file, "n": n, "unread": unread, "starred": starred, "added": oldest}


def read_manifest(directory: Path) -> Manifest:
    """The manifest in ``directory`` with its log replayed. Raises FileNotFoundError when there
    is none, ValueError (or KeyError, TypeError, AttributeError, OSError) when it is damaged."""
    data = json.loads((directory / MANIFEST).read_bytes())
    if data.get("format") != FORMAT:
        raise ValueError("another format")
    found = Manifest(
        days={str(k): dict(v) for k, v in data["days"].items()},
        feeds={str(k): [int(x) for x in v] for k, v in data["feeds"].items()},
        serial=int(data["serial"]),
        token=str(data.get("token", "")),
        counter=int(data.get("counter", 0)),
        log=str(data.get("log", "")),
    )
    if found.log:
        _replay(directory / found.log, found)
    return found


def _replay(path: Path, into: Manifest) -> None:
    """Apply the changes the manifest's log holds since it was written (a line cut short by
    a kill ends it: that write's shard then shows as changed, and the index as stale)."""
    if not LOG_FILE.match(path.name):
        raise ValueError(f"bad log name {path.name!r}")
    try:
        lines = path.read_bytes().split(b"\n")
    except FileNotFoundError:
        return
    for line in lines:
        try:
            change = json.loads(line)
            days, feed, entry = change["days"], str(change["feed"]), change["entry"]
            serial, counter = int(change["serial"]), int(change["counter"])
        except (ValueError, KeyError, TypeError):
            break
        for day, value in days.items():
            if value is None:
                into.days.pop(day, None)
            else:
                into.days[day] = dict(value)
        if entry is None:
            into.feeds.pop(feed, None)
        else:
            into.feeds[feed] = [int(x) for x in entry]
        into.serial, into.counter = serial, counter
        into.logged += 1
