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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from .atomic import AtomicJSONStorage, Migration


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
