"""The highlight timeline: every highlight's record again, in one file per month it was made,
so the notebook's first screen reads the newest month or two, not the 16 highlight shards
(which are by article: any screenful of highlights touches all of them; 25,000 highlights made
into objects at 500k cost 0.5 s).

The shards stay the truth; the timeline is derived from them and written after them. Its
manifest keeps the shards' stamp (:meth:`reader.storage.tinyuser.TinyUserStore.highlights_version`)
as it was after the last write the timeline followed, so a write it did not follow (another
version of Gloss, a crash between the two, a restored backup) shows as a stamp that differs,
and the timeline is written again from the shards. Its files are written atomically but not
synced: after a power cut a file that is behind leaves a stale stamp, never a wrong notebook.
``gloss check`` compares it record by record with the shards.

Beside the months, ``annotated-N.json`` (one file for each highlight shard, by the same hash of
the article id) counts each article's highlights, so retention asks about the articles it
found, not the 25,000 highlights: a write rewrites one small file, a daily prune reads 16.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes
from .encoded import dumps_sliced

Doc = Mapping[str, Any]
NO_DATE = "0000-00"  # the month of a record without a date: the oldest
FORMAT = 1  # in the manifest: a timeline of another layout is written again, never trusted


def month_of(doc: Doc) -> str:
    """``YYYY-MM`` of a record's ``created`` (stored as ISO 8601 in UTC, so it sorts as the date)."""
    created = doc.get("created")
    return created[:7] if isinstance(created, str) and len(created) >= 7 else NO_DATE


def newest_key(doc: Doc) -> tuple[str, str]:
    """The order of the timeline, newest first when sorted in reverse: (created, id)."""
    created = doc.get("created")
    return (created if isinstance(created, str) else "", str(doc["id"]))


class Timeline:
    """The month files under ``folder`` (``YYYY-MM.json``: ``{id: record}``) and their manifest
    (``{"stamp": ..., "months": {month: {"count": n, "tags": [...]}}}``)."""

    def __init__(self, folder: Path, readonly: bool, bucket: Callable[[str], int], buckets: int) -> None:
        """``bucket``: which of ``buckets`` annotated counts' files an article id's is in."""
        self.folder = folder
        self.readonly = readonly
        self._bucket = bucket
        self._buckets = buckets
        self._manifest: dict[str, Any] | None = None
        self._cache: dict[str, dict[str, Doc]] = {}  # the months read, while the stamp holds

    # --- reading ---------------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any] | None:
        """The manifest, or None when missing or unreadable (the timeline is then stale)."""
        if self._manifest is None:
            try:
                data = json.loads((self.folder / "manifest.json").read_bytes())
            except (OSError, ValueError):
                return None
            if not isinstance(data, dict) or not isinstance(data.get("months"), dict) or data.get("format") != FORMAT:
                return None
            self._manifest = data
        return self._manifest

    def current(self, stamp: str | None) -> bool:
        """Does the timeline follow the shards as they are (``stamp``)?"""
        manifest = self.manifest()
        return stamp is not None and manifest is not None and manifest.get("stamp") == stamp

    def months(self) -> list[str]:
        """The months that hold highlights, newest first."""
        manifest = self.manifest() or {"months": {}}
        return sorted((m for m, e in manifest["months"].items() if e.get("count")), reverse=True)

    def month(self, month: str) -> dict[str, Doc]:
        """One month's records by id. Raises OSError/ValueError when its file is damaged."""
        if month not in self._cache:
            data = json.loads((self.folder / f"{month}.json").read_bytes())
            if not isinstance(data, dict):
                raise ValueError(f"{month}.json is not a mapping")
            if len(self._cache) >= 4:  # a few months, not the library
                self._cache.pop(next(iter(self._cache)))
            self._cache[month] = data
        return self._cache[month]

    def months_from(self, before: tuple[str, str] | None = None) -> list[str]:
        """The months that hold highlights older than ``before`` (all: None), newest first."""
        last = (before[0][:7] or NO_DATE) if before is not None else None
        return [m for m in self.months() if last is None or m <= last]

    def month_newest(self, month: str, before: tuple[str, str] | None = None) -> list[Doc]:
        """One month's records newest first (see :func:`newest_key`), strictly before ``before``.
        Raises OSError/ValueError when its file is damaged or gone."""
        docs = sorted(self.month(month).values(), key=newest_key, reverse=True)
        return docs if before is None else [d for d in docs if newest_key(d) < before]

    def count(self) -> int:
        manifest = self.manifest() or {"months": {}}
        return sum(int(e.get("count", 0)) for e in manifest["months"].values())

    def tags(self) -> set[str]:
        manifest = self.manifest() or {"months": {}}
        return {str(t) for e in manifest["months"].values() for t in e.get("tags", ())}

    def annotated(self, bucket: int) -> dict[str, int]:
        """How many highlights each article of one bucket has. Raises OSError/ValueError (every
        bucket's file is written, empty or not: a missing one is damage, not 'none')."""
        path = self.folder / f"annotated-{bucket:x}.json"
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict):
            raise ValueError(f"{path.name} is not a mapping")
        return data

    def annotated_among(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` that have a highlight. Raises OSError/ValueError."""
        by_bucket: dict[int, list[str]] = {}
        for aid in article_ids:
            by_bucket.setdefault(self._bucket(aid), []).append(aid)
        found: set[str] = set()
        for bucket, ids in by_bucket.items():
            counts = self.annotated(bucket)
            found.update(aid for aid in ids if counts.get(aid))
        return found

    def all_records(self) -> dict[str, Doc]:
        """Every record by id, read from the files (``gloss check``: not what this process
        keeps of them). Raises OSError/ValueError on a damaged file."""
        self._manifest = None
        self._cache.clear()
        return {hid: doc for month in self.months() for hid, doc in self.month(month).items()}

    # --- writing ---------------------------------------------------------------------------------

    def rebuild(self, docs: Iterable[Doc], stamp: str | None) -> None:
        """Write the timeline again from every record (``docs``: all the shards hold)."""
        by_month: dict[str, dict[str, Doc]] = {}
        for doc in docs:
            by_month.setdefault(month_of(doc), {})[str(doc["id"])] = doc
        self.folder.mkdir(exist_ok=True)
        for path in self.folder.glob("*.json"):
            if path.stem != "manifest" and path.stem not in by_month:
                path.unlink(missing_ok=True)
        self._cache.clear()
        months: dict[str, Any] = {}
        for month, found in by_month.items():
            months[month] = self._write_month(month, found)
        counts: dict[int, dict[str, int]] = {b: {} for b in range(self._buckets)}
        for month_docs in by_month.values():
            for doc in month_docs.values():
                aid = str(doc["article_id"])
                counted = counts.setdefault(self._bucket(aid), {})
                counted[aid] = counted.get(aid, 0) + 1
        for bucket, found_counts in counts.items():
            self._write_counts(bucket, found_counts)
        self._write_manifest(stamp, months)

    def apply(self, put: Sequence[Doc], removed: Sequence[Doc], stamp: str | None) -> None:
        """Follow a write the shards took: ``put`` records written (new or replacing one of the
        same id, whatever its month was: ``removed`` holds those replaced and those deleted)."""
        manifest = self.manifest()
        if manifest is None:
            return  # stale already: the next read writes it again
        changes: dict[str, dict[str, Doc | None]] = {}
        for doc in removed:
            changes.setdefault(month_of(doc), {})[str(doc["id"])] = None
        for doc in put:
            changes.setdefault(month_of(doc), {})[str(doc["id"])] = doc
        months = dict(manifest["months"])
        for month, docs in changes.items():
            try:
                found = dict(self.month(month)) if months.get(month, {}).get("count") else {}
            except (OSError, ValueError):
                self.forget()
                return  # a damaged month: stale, written again from the shards when next read
            for hid, change in docs.items():
                if change is None:
                    found.pop(hid, None)
                else:
                    found[hid] = change
            months[month] = self._write_month(month, found)
        if not self._count_changes(put, removed):
            return
        self._write_manifest(stamp, months)

    def _count_changes(self, put: Sequence[Doc], removed: Sequence[Doc]) -> bool:
        """Follow a write in the annotated counts; False when a file of them is damaged (the
        timeline is then set aside, to be written again from the shards)."""
        deltas: dict[int, dict[str, int]] = {}
        for docs, step in ((removed, -1), (put, 1)):
            for doc in docs:
                aid = str(doc["article_id"])
                delta = deltas.setdefault(self._bucket(aid), {})
                delta[aid] = delta.get(aid, 0) + step
        for bucket, changes in deltas.items():
            try:
                counts = self.annotated(bucket)
            except (OSError, ValueError):
                self.forget()
                return False
            for aid, step in changes.items():
                if step:
                    counts[aid] = counts.get(aid, 0) + step
                    if counts[aid] <= 0:
                        del counts[aid]
            self._write_counts(bucket, counts)
        return True

    def _write_counts(self, bucket: int, counts: dict[str, int]) -> None:
        atomic_write_bytes(
            self.folder / f"annotated-{bucket:x}.json", json.dumps(counts).encode("utf-8"), durable=False
        )

    def _write_month(self, month: str, docs: dict[str, Doc]) -> dict[str, Any]:
        path = self.folder / f"{month}.json"
        if docs:
            atomic_write_bytes(path, dumps_sliced(docs).encode("utf-8"), durable=False)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self._cache.pop(month, None)
        if docs:
            self._cache[month] = docs
        tags = sorted({str(t) for d in docs.values() for t in d.get("tags") or ()})
        return {"count": len(docs), "tags": tags}

    def _write_manifest(self, stamp: str | None, months: dict[str, Any]) -> None:
        manifest = {"format": FORMAT, "stamp": stamp, "months": {m: e for m, e in months.items() if e["count"]}}
        atomic_write_bytes(self.folder / "manifest.json", json.dumps(manifest).encode("utf-8"), durable=False)
        self._manifest = manifest

    def forget(self) -> None:
        """Mark the timeline stale (its manifest gone), so the next read rebuilds it."""
        with contextlib.suppress(OSError):  # a disk that refuses even that: the stamp says stale
            (self.folder / "manifest.json").unlink()
        self._manifest = None
        self._cache.clear()
