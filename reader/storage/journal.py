"""A TinyDB file's recent writes appended to a journal beside it, so a write costs its own size.

A highlight shard at 25,000 highlights is 1,600 documents (680 KB); writing all of it again, with
an fsync, to save one highlight grew with the library (a save's p95 over 20 ms on a busy disk).
With a journal, a write appends one line, the documents it put and the keys it removed, to
``<file>.journal`` and fsyncs it: a few hundred bytes, however large the file. Reading the file
replays its journal; every :data:`MAX_LINES` lines (or a write of many documents) the file is
written whole again (*compacted*) and the journal removed.

Crash safety: a line is acknowledged only once fsynced; a kill mid-append leaves a line cut
short at the end, which replay skips and the writer cuts off before it appends. Replaying a
line twice changes nothing (a put replaces a document whole, a removal of a gone key is
nothing), so a kill between a compaction's write and the journal's removal loses nothing.

The journal needs what :mod:`reader.storage.encoded` needs: documents are only ever replaced by
new objects, never changed in place, so what changed is found by identity.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import StorageError

MAX_LINES = 256  # journal lines before the file is written whole again (1 save in 256 pays ~2 full writes)
MAX_DOCS = 32  # documents one write may append (a bigger batch writes the file whole)
SUFFIX = ".journal"

Data = dict[str, dict[str, Any]]
Change = dict[str, dict[str, Any]]  # {"put": {table: {key: doc}}, "del": {table: [key, ...]}}


def journal_path(path: Path) -> Path:
    """Where the journal of the file at ``path`` is kept."""
    return path.with_name(path.name + SUFFIX)


class Journal:
    """The journal of one file (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = journal_path(path)
        self.lines = 0  # good lines in the file now
        self._size = 0  # its length up to the end of the last good line
        self._torn = False  # a line cut short (or damaged) was found: cut off before appending
        self.damaged = 0  # lines the last replay could not read that were not the last (a disk error)
        self._known: dict[str, dict[str, Any]] = {}  # the documents as last read or written

    def remember(self, data: Mapping[str, Any]) -> None:
        """Take ``data`` as what the file and its journal hold now (after a read or a write)."""
        self._known = {name: dict(table) for name, table in data.items() if isinstance(table, dict)}

    def changes(self, data: Mapping[str, Any]) -> Change | None:
        """What ``data`` changed since :meth:`remember`, or None when it is too much to append
        (more than :data:`MAX_DOCS` documents, a table that is not one of documents)."""
        put: dict[str, dict[str, Any]] = {}
        removed: dict[str, list[str]] = {}
        count = 0
        for name, table in data.items():
            if not isinstance(table, dict):
                return None
            known = self._known.get(name, {})
            changed = {k: doc for k, doc in table.items() if known.get(k) is not doc}
            gone = [k for k in known if k not in table]
            count += len(changed) + len(gone)
            if count > MAX_DOCS:
                return None
            if changed:
                put[name] = changed
            if gone:
                removed[name] = gone
        if any(name not in data for name in self._known):
            return None  # a table dropped: written whole
        return {"put": put, "del": removed}

    def replay(self, data: Data) -> Data:
        """``data`` (the file as read) with the journal's lines applied. A line that is not
        whole JSON is skipped: at the end a kill cut it short (the writer cuts it off before it
        appends), elsewhere a disk error damaged it (the lines after it are still replayed, in
        order: each holds whole documents; the writer then writes the file whole)."""
        self.lines, self._size, self._torn, self.damaged = 0, 0, False, 0
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return data
        offset = 0
        for line in raw.split(b"\n"):
            end = offset + len(line) + 1
            offset = end
            if end > len(raw):  # no newline after it: cut short
                self._torn = self._torn or bool(line)
                break
            try:
                _apply(data, json.loads(line))
            except (ValueError, TypeError, AttributeError, KeyError):
                self._torn = True
                self.damaged += 1
                continue
            self.lines += 1
            self._size = end
        return data

    def append(self, change: Change) -> None:
        """Append one write's ``change``, durably. Raises StorageError (the journal then is as it was)."""
        from .atomic import describe_os_error, fsync_dir  # atomic imports this module

        line = json.dumps(change, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        created = not self.path.exists()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                if self._torn or os.fstat(fd).st_size != self._size:
                    os.ftruncate(fd, self._size)  # a line cut short goes before one is added after it
                    self._torn = False
                os.lseek(fd, self._size, os.SEEK_SET)
                view = memoryview(line)
                while view:  # a short write is followed by one that says why (the disk is full)
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, self._size)
                raise
            finally:
                os.close(fd)
            if created:
                fsync_dir(self.path.parent)
        except OSError as exc:
            raise StorageError(describe_os_error(exc, self.path)) from exc
        self._size += len(line)
        self.lines += 1

    def clear(self) -> None:
        """Remove the journal (its lines are in the file now)."""
        with contextlib.suppress(OSError):  # left there, its lines change nothing replayed again
            self.path.unlink()
        self.lines, self._size, self._torn = 0, 0, False

    @property
    def full(self) -> bool:
        """Whether the file should be written whole at the next write."""
        return self.lines >= MAX_LINES or self._torn


def _apply(data: Data, change: Mapping[str, Any]) -> None:
    for name, docs in change["put"].items():
        if not isinstance(docs, dict):
            raise TypeError("not documents")
        data.setdefault(str(name), {}).update(docs)
    for name, keys in change["del"].items():
        table = data.get(str(name), {})
        for key in keys:
            table.pop(str(key), None)
