"""The rows of a list index rebuild spilled to disk, a file a day, so the rebuild holds one day's
rows at a time and not the library's: 500,000 rows grouped by day in memory peaked at 567 MiB,
in the window's process (which keeps what it grew to) after an upgrade or a crash."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .encoded import one_a_line
from .listmanifest import count_row, entry_of

BUFFER = 8 * 2**20  # characters of rows held before they are appended to their days' files
LEFTOVER_AGE = 3600.0  # seconds after which a spill folder no rebuild removed (a kill) goes


class DaySpill:
    """Each row's JSON by day, after its sort key (a row a line, so a day's file sorts as its
    rows do, newest last), in a folder of its own under ``parent``; each day's counts in memory."""

    def __init__(self, parent: Path) -> None:
        for old in parent.glob("rebuilding-*"):  # a rebuild's the kill of its process left
            if time.time() - old.stat().st_mtime > LEFTOVER_AGE:
                shutil.rmtree(old, ignore_errors=True)
        self.directory = Path(tempfile.mkdtemp(prefix="rebuilding-", dir=parent))
        self.counts: dict[str, list[Any]] = {}  # day -> [rows, unread, starred, oldest "added"]
        self._held: dict[str, list[str]] = {}
        self._size = 0

    def add(self, day: str, key: str, text: str, doc: Mapping[str, Any]) -> None:
        """Keep row ``doc`` (``text``, its JSON; ``key``, what it sorts by) for ``day``."""
        self._held.setdefault(day, []).append(f"{key}\t{text}\n")
        self._size += len(text)
        count_row(self.counts.setdefault(day, [0, 0, 0, None]), doc)
        if self._size > BUFFER:
            self.flush()

    def flush(self) -> None:
        for day, lines in self._held.items():
            with open(self._path(day), "a", encoding="utf-8") as fh:
                fh.writelines(lines)
        self._held, self._size = {}, 0

    def entry(self, day: str, file: str) -> dict[str, Any]:
        """The day's part's entry in the manifest."""
        return entry_of(file, self.counts[day])

    def part(self, day: str) -> str:
        """The day's part as its file holds it: its rows' JSON, newest first, one a line."""
        lines = self._path(day).read_text("utf-8").split("\n")[:-1]
        lines.sort(reverse=True)  # keys are unique (they end with the row's id)
        return one_a_line([line.partition("\t")[2] for line in lines])

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def _path(self, day: str) -> Path:
        return self.directory / f"{day.encode('utf-8').hex()}.jsonl"
