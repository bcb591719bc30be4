"""TinyDB files with batch writes: one durable write per batch, however many documents.

TinyDB's public API writes the whole file once per ``upsert``; a refresh that adds ten
articles to a feed would write that feed's file ten times. :class:`BatchTable` adds
``put_many``/``remove_many`` that go through TinyDB's own ``_update_table`` hook (the
documented way to extend a table class), so the query cache stays consistent.

Documents are addressed by a caller-chosen integer ``doc_id`` derived from their string
id (see :func:`doc_id_for`), so a lookup is a dict access, not a scan.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from .atomic import AtomicJSONStorage, Migration

LOADED_SHARDS = 32  # feed shards whose articles stay in memory (250 each in a heavy library)


def doc_id_for(key: str) -> int:
    """A stable positive 48-bit integer for a string id (TinyDB wants integer doc ids)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=6).digest(), "big") or 1


class BatchTable(Table):
    """A TinyDB table with one-write batch operations keyed by string ids."""

    def put_many(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        """Insert or replace documents by id, in a single write."""
        if not docs:
            return
        prepared = {doc_id_for(key): dict(doc) for key, doc in docs.items()}

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            table.update(prepared)

        self._update_table(updater)

    def remove_many(self, keys: Iterable[str]) -> int:
        """Remove documents by id in a single write; returns how many existed."""
        ids = {doc_id_for(k) for k in keys}
        removed = 0

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            nonlocal removed
            for doc_id in ids:
                if table.pop(doc_id, None) is not None:
                    removed += 1

        if ids:
            self._update_table(updater)
        return removed

    def get_by_key(self, key: str) -> Document | None:
        doc = self.get(doc_id=doc_id_for(key))
        return doc if isinstance(doc, Document) else None

    def values(self) -> Iterator[Mapping[str, Any]]:
        """Raw documents without wrapping each in a Document (fast full scans)."""
        yield from self._read_table().values()


class _BatchTinyDB(TinyDB):
    table_class = BatchTable


class Shard:
    """One TinyDB file on an :class:`AtomicJSONStorage`, with a lock for thread safety."""

    def __init__(
        self,
        path: Path,
        *,
        kind: str,
        schema: int,
        migrate: Migration | None = None,
        backup: bool = False,
        notices: list[str] | None = None,
        readonly: bool = False,
        root: Path | None = None,
        reuse_encoded: bool = False,
        journal: bool = False,
    ) -> None:
        """``reuse_encoded``: a write encodes only the documents that changed (see
        :mod:`reader.storage.encoded`); ``journal``: a write appends them to a journal (see
        :mod:`reader.storage.journal`). For both, the file's documents must only ever be replaced."""
        self.path = path
        self.lock = threading.RLock()
        self.db = _BatchTinyDB(
            path,
            storage=AtomicJSONStorage,
            kind=kind,
            schema=schema,
            migrate=migrate,
            backup=backup,
            notices=notices,
            readonly=readonly,
            root=root,
            reuse_encoded=reuse_encoded,
            journal=journal,
        )

    def table(self, name: str) -> BatchTable:
        table = self.db.table(name)
        assert isinstance(table, BatchTable)
        return table

    def close(self) -> None:
        self.db.close()

    @property
    def loaded(self) -> bool:
        """Whether its documents are held in memory (see :meth:`unload`)."""
        storage = self.db.storage
        return not isinstance(storage, AtomicJSONStorage) or storage.holds_cache

    def unload(self) -> bool:
        """Let go of the documents held in memory (the file has them all: the next use reads
        it again). Not while the shard is in use, here or on another thread: returns whether
        it let go."""
        owned = getattr(self.lock, "_is_owned", None)
        if (owned is not None and owned()) or not self.lock.acquire(blocking=False):
            return False
        try:
            storage = self.db.storage
            if isinstance(storage, AtomicJSONStorage):
                storage.forget_cached()
            # The tables made so far (TinyDB's own; tables() would read the file again).
            for table in getattr(self.db, "_tables", {}).values():
                table.clear_cache()
        finally:
            self.lock.release()
        return True


class RecentShards:
    """The shards used last, by key: past ``keep`` of them, the least recently used one lets
    go of its documents (:meth:`Shard.unload`). A library's 2,000 feed shards hold 500,000
    articles; every one an article was opened from, or a refresh stored into, stayed in memory,
    and each full garbage collection walked them all (a 54 ms pause on opening the 40th)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._order: OrderedDict[str, Shard] = OrderedDict()

    def used(self, key: str, shard: Shard) -> None:
        """``shard`` was just used (the caller serialises the calls)."""
        self._order[key] = shard
        self._order.move_to_end(key)
        for _ in range(len(self._order) - self.keep):
            old_key, old = next(iter(self._order.items()))
            if not old.unload():  # in use: it stays, as the most recently used
                self._order.move_to_end(old_key)
                continue
            del self._order[old_key]

    def forget(self, key: str) -> None:
        self._order.pop(key, None)

    def __len__(self) -> int:
        return len(self._order)
