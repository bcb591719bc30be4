"""The list index: the articles newest first, by day, so a list reads what it shows.

Listing "the newest 200 unread" of 500,000 articles by reading every feed shard costs seconds
and hundreds of megabytes. This index keeps every article's stored record once more, in one
file per day of its date (``list/b-<day>-<n>.json``, newest first inside), and a manifest
(``list/manifest.json``) naming each day's file with its unread and starred counts, and each
feed shard's (unread, total, starred) and *stamp* (inode, size, mtime of the shard file as
the index last saw it). The newest 200 are then the newest day files' rows (a day with no
unread article is skipped without being read), and the counts need no shard at all.

It is derived data, kept by :class:`reader.storage.tiny.TinyMetadataStore` inside every write
to a shard (the same lock): the day files a write touches are written under new names, then
the manifest, then the old names go. The files are not fsynced: what a crash loses shows as a
shard whose stamp is not the manifest's (or a file the manifest names that is gone or torn),
so the index is *stale* and is rebuilt from the shards (a read-only process reads the shards
instead). Nothing is ever lost that the shards hold.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..catalog import date_key
from ..errors import StorageError
from ..identity import is_feed_id
from ..types import ArticleFilter
from .atomic import atomic_write_bytes
from .encoded import PartTexts, dumps_row, dumps_sliced, read_rows
from .listdefer import Deferral, DeferredWrites
from .listfilter import matches, matching_in
from .listmanifest import FORMAT, LOG_FILE, MANIFEST, StaleIndex, part_entry, read_manifest
from .listspill import DaySpill

CACHED_DAYS = 16  # part files kept in memory (a few hundred rows each)
FEW_FEEDS = 8  # a filter on this many feeds or fewer is answered from their shards
COMPACT_AFTER = 256  # manifest changes appended to its log before it is written whole again
_DAY_FILE = re.compile(r"^b-[0-9A-Za-z_-]*-\d+\.json$")
_UNSAFE = re.compile(r"[^0-9A-Za-z-]")

Doc = Mapping[str, Any]
Stamp = tuple[int, int, int]


def _sort_key(doc: Doc) -> tuple[str, str]:
    return (date_key(doc), str(doc["id"]))


def day_of(doc: Doc) -> str:
    """The part of the library's timeline a record is filed under: its date to the tens of hours
    ("2026-03-01T1": 10:00 to 19:59), a prefix, so the parts sort as their records do (a few
    hundred records each in a heavy reader's library: a small file to write on a mark read)."""
    return date_key(doc)[:12]


def stamp_of(path: Path) -> Stamp | None:
    """What identifies one version of a shard file (every write replaces the file)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class ListIndex(DeferredWrites):
    """The list index of one library's ``articles/`` shards, kept in ``directory``."""

    def __init__(self, directory: Path, shards: Path, *, readonly: bool) -> None:
        self.directory = directory
        self.shards = shards
        self.readonly = readonly
        self.lock = threading.RLock()
        self._days: dict[str, dict[str, Any]] = {}  # day -> {"file", "n", "unread", "starred"}
        self._feeds: dict[str, list[int]] = {}  # feed id -> [ino, size, mtime_ns, unread, total, starred]
        self._serial = 0
        self._log = ""  # the manifest's log of changes since it was written (see _apply)
        self._logged = 0
        self._cache: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._texts = PartTexts(_sort_key)  # the cached parts' rows' JSON: a write encodes only new rows
        self._deferred = Deferral()  # inside a batch: parts changed in memory, not yet written
        self._current: bool | None = None  # None: not checked yet
        # "<token>.<counter>" names the set of ids (a rebuild draws a new token); the ids added
        # since this process opened the index are kept (the search index catches up on them).
        self._token = ""
        self._counter = 0
        self._first_counter = 0
        self._added: list[tuple[int, tuple[str, ...]]] = []
        self.problem: str | None = None

    # --- state ---------------------------------------------------------------------------------

    def _shard_stamps(self) -> dict[str, Stamp]:
        found: dict[str, Stamp] = {}
        try:
            entries = list(os.scandir(self.shards))
        except FileNotFoundError:
            return found
        for entry in entries:
            name = entry.name
            if name.endswith(".json") and is_feed_id(name[:-5]):
                st = entry.stat()
                found[name[:-5]] = (st.st_ino, st.st_size, st.st_mtime_ns)
        return found

    def _load_manifest(self) -> None:
        try:
            found = read_manifest(self.directory)
        except FileNotFoundError:
            raise StaleIndex("There is no article list index yet.") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StaleIndex(f"The article list index is damaged ({exc}).") from None
        self._days, self._feeds, self._serial, self._token = found.days, found.feeds, found.serial, found.token
        self._counter = self._first_counter = found.counter
        self._log, self._logged = found.log, found.logged

    def current(self) -> bool:
        """Whether the index matches the shards on disk (checked once, then kept so by writes)."""
        with self.lock:
            if self._current is None:
                try:
                    self._load_manifest()
                    self._check_stamps()
                    self._current = True
                except StaleIndex as exc:
                    self.problem = str(exc)
                    self._current = False
            return self._current

    def _check_stamps(self) -> None:
        stamps = self._shard_stamps()
        known = {fid: (v[0], v[1], v[2]) for fid, v in self._feeds.items()}
        if stamps != known:
            changed = sorted(set(stamps) ^ set(known) | {f for f in stamps if stamps[f] != known.get(f)})
            raise StaleIndex(f"The article list index is out of date ({len(changed)} feeds changed since).")

    def rebuild_cost(self) -> int:
        """0 when the index answers now; else the bytes of the shards a rebuild reads."""
        with self.lock:
            return 0 if self.current() else sum(stamp[1] for stamp in self._shard_stamps().values())

    def invalidate(self, problem: str) -> None:
        with self.lock:
            self._current = False
            self.problem = problem
            self._cache.clear()
            self._texts.forget()
            self._deferred.drop()

    # --- reading -----------------------------------------------------------------------------

    def _rows(self, day: str) -> list[dict[str, Any]]:
        if day in self._deferred.pending:
            self._merge_pending(day)
        rows = self._cache.get(day)
        if rows is not None:
            self._cache.move_to_end(day)
            return rows
        entry = self._days.get(day)
        if entry is None:
            return []
        loaded, texts = self._read_part(entry)
        self._cache[day] = loaded
        if texts is not None:
            self._texts.learn(day, loaded, texts)
        self._trim_cache()
        return loaded

    def _trim_cache(self) -> None:
        """Keep :data:`CACHED_DAYS` parts, and the texts of those only (the texts of every part
        read stayed: 500,000 rows twice, walked by each full garbage collection, 70 ms)."""
        pinned = self._deferred.days  # changed in a batch and not written yet: only here
        for day in [d for d in self._cache if d not in pinned][: len(self._cache) - CACHED_DAYS]:
            del self._cache[day]
        self._texts.keep_only(self._cache)

    def _read_part(self, entry: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str] | None]:
        """A part's rows, with each one's JSON as the file holds it (None: a part written before
        parts were one row a line, read whole)."""
        try:
            loaded, texts = read_rows((self.directory / str(entry["file"])).read_bytes().decode("utf-8"))
            if not isinstance(loaded, list) or len(loaded) != entry["n"]:
                raise ValueError("not the rows the manifest counts")
        except (OSError, ValueError) as exc:  # (UnicodeDecodeError is a ValueError)
            self.invalidate(f"A file of the article list index is missing or damaged ({exc}).")
            raise StaleIndex(self.problem) from None
        return loaded, texts

    def rows_added_before(self, bound: str) -> Iterator[dict[str, Any]]:
        """The rows whose ``added`` sorts before ``bound`` (retention); a part whose oldest
        ``added`` does not (the manifest says) is not read. Raises :class:`StaleIndex`."""
        with self.lock:
            if not self.current():
                raise StaleIndex(self.problem or "The article list index is out of date.")
            # "added" absent: a part written before it was kept, read; None: no row has one. A
            # part with a batch's changes pending is read whatever its entry says (see .listdefer).
            pending = self._deferred.pending
            parts = [
                d for d, e in self._days.items() if d in pending or "added" not in e or (e["added"] or bound) < bound
            ]
        learnt = {}
        for day in parts:
            with self.lock:  # the entry as it is now: a write meanwhile replaced its file
                if (entry := self._days.get(day)) is None:
                    continue
                in_memory = day in self._deferred.days or day in self._cache
                rows = self._rows(day) if in_memory else self._read_part(entry)[0]
            if "added" not in entry:
                learnt[day] = (entry["file"], min((str(r["added"]) for r in rows if r.get("added")), default=None))
            yield from (r for r in rows if str(r.get("added") or bound) < bound)
        self._learn_oldest(learnt)

    def _learn_oldest(self, learnt: Mapping[str, tuple[str, str | None]]) -> None:
        """Keep in the manifest the oldest "added" of parts written before it was kept (a writer,
        the manifest written whole once): the next retention skips them when they hold no old one."""
        with self.lock, contextlib.suppress(StorageError, OSError):
            changed = [d for d, (name, _o) in learnt.items() if d in self._days and self._days[d]["file"] == name]
            for day in changed:
                self._days[day] = {**self._days[day], "added": learnt[day][1]}
            if changed and not self.readonly and self._current and not self._deferred.days:
                self._write_manifest()  # (else with the batch's parts: the manifest must not name them first)

    @staticmethod
    def answers(flt: ArticleFilter) -> bool:
        """Whether :meth:`query` can answer ``flt`` (by date, a first page, the whole library)."""
        return (
            flt.limit is not None
            and flt.order in ("newest", "oldest")
            # A feed or a folder reads its own shards; "All" of the subscribed feeds is the index's.
            and (flt.feed_ids is None or len(flt.feed_ids) > FEW_FEEDS)
            and flt.article_ids is None
            and not flt.text
        )

    def query(self, flt: ArticleFilter) -> list[dict[str, Any]]:
        """The stored records of ``flt.limit`` articles after the first ``flt.offset`` (see
        :meth:`answers`); days the counts rule out or skip past are not read. Raises
        :class:`StaleIndex` when the index cannot say (the caller then scans the shards)."""
        limit = flt.limit
        assert limit is not None
        with self.lock:
            if not self.current():
                raise StaleIndex(self.problem or "The article list index is out of date.")
            newest = flt.order == "newest"
            skip = flt.offset
            if flt.feed_ids is not None and all(fid in flt.feed_ids for fid, v in self._feeds.items() if v[4]):
                flt = replace(flt, feed_ids=None)  # every feed with articles: the counts can skip days
            chosen: list[dict[str, Any]] = []
            for day in sorted(self._days, reverse=newest):
                known = None if day in self._deferred.pending else matching_in(self._days[day], flt)
                if known is not None and (known == 0 or skip >= known):
                    skip -= known
                    continue
                rows = self._rows(day)
                found = [r for r in (rows if newest else reversed(rows)) if matches(r, flt)]
                if skip:
                    taken = found[skip:]
                    skip = max(0, skip - len(found))
                    found = taken
                chosen.extend(found)
                if len(chosen) >= limit:
                    break
            return chosen[:limit]

    def tallies(self) -> dict[str, tuple[int, int, int]]:
        """(unread, total, starred) per feed. Raises :class:`StaleIndex`."""
        with self.lock:
            if not self.current():
                raise StaleIndex(self.problem or "The article list index is out of date.")
            return {fid: (v[3], v[4], v[5]) for fid, v in self._feeds.items()}

    def all_rows(self) -> Iterator[dict[str, Any]]:
        """Every row, newest first (for ``gloss check``). Raises :class:`StaleIndex`."""
        with self.lock:
            if not self.current():
                raise StaleIndex(self.problem or "The article list index is out of date.")
            days = sorted(self._days, reverse=True)
        for day in days:
            with self.lock:
                rows = list(self._rows(day))
            yield from rows

    def version(self) -> str | None:
        """Which set of article ids the index holds (None when it is not current)."""
        with self.lock:
            return f"{self._token}.{self._counter}" if self.current() else None

    def added_since(self, version: str) -> set[str] | None:
        """The ids added since ``version`` (an earlier :meth:`version`), or None when this
        process cannot say (another token, or added before it opened the index)."""
        token, _, counter = version.partition(".")
        with self.lock:
            if not self.current() or token != self._token or not counter.isdigit():
                return None
            since = int(counter)
            if since < self._first_counter or since > self._counter:
                return None
            return {aid for c, ids in self._added if c > since for aid in ids}

    # --- writing -------------------------------------------------------------------------------

    def apply(
        self,
        feed_id: str,
        old: Iterable[Doc],
        new: Iterable[Doc],
        tally: tuple[int, int, int] | None,
        stamp: Stamp | None,
    ) -> None:
        """One shard write: ``old`` are the records it replaced or removed, ``new`` the records it
        stored, ``tally`` and ``stamp`` the shard's after it (None: the shard is gone)."""
        with self.lock:
            if self.readonly or not self._current:
                return  # stale already: the next use rebuilds it from the shards
            try:
                self._apply(feed_id, list(old), list(new), tally, stamp)
            except (StaleIndex, StorageError, OSError, ValueError) as exc:
                # A write the shard holds must not fail for derived data: it shows as stale, rebuilt later.
                self.invalidate(f"The article list index could not be updated ({exc}).")

    def _apply(
        self,
        feed_id: str,
        old: list[Doc],
        new: list[Doc],
        tally: tuple[int, int, int] | None,
        stamp: Stamp | None,
    ) -> None:
        removing: dict[str, set[str]] = {}
        for doc in old:
            removing.setdefault(day_of(doc), set()).add(str(doc["id"]))
        adding: dict[str, list[Doc]] = {}
        for doc in new:
            adding.setdefault(day_of(doc), []).append(doc)
        every_id = {str(d["id"]) for d in new}
        self._count_ids(every_id, {str(d["id"]) for d in old})
        touched = set(removing) | set(adding)
        gone: list[str] = []
        for day in sorted(touched):
            if self._deferred.depth:  # noted, merged when read or written (see .listdefer)
                self._deferred.note(day, self._on_disk(day), removing.get(day, set()) | every_id, adding.get(day, ()))
                self._days.setdefault(day, part_entry([], ""))
                continue
            rows = self._texts.merge(day, self._rows(day), removing.get(day, set()) | every_id, adding.get(day, ()))
            if (entry := self._store_day(day, rows, gone)) is not None:
                self._days[day] = entry
            else:
                self._days.pop(day, None)
        if stamp is None or tally is None:
            self._feeds.pop(feed_id, None)
        else:
            self._feeds[feed_id] = [*stamp, *tally]
        if self._deferred.depth:
            self._deferred.feeds[feed_id] = None
            self._flush() if self._deferred.due() else self._trim_cache()
            return
        self._log_change({day: self._days.get(day) for day in touched}, [feed_id])
        for name in gone:
            with contextlib.suppress(OSError):
                (self.directory / name).unlink()
        self._trim_cache()

    def _on_disk(self, day: str) -> str | None:
        return str(self._days[day]["file"]) if self._days.get(day, {}).get("file") else None

    def _store_day(self, day: str, rows: list[dict[str, Any]], gone: list[str]) -> dict[str, Any] | None:
        """Write a part's merged rows; its new entry, None when it has no rows (its old file goes)."""
        if (on_disk := self._on_disk(day)) is not None:
            gone.append(on_disk)
        self._cache.pop(day, None)
        if not rows:
            return None
        self._cache[day] = rows
        return part_entry(rows, self._write_day(day, rows))

    def _count_ids(self, after: set[str], before: set[str]) -> None:  # a new version() if ids came or went
        if after - before or before - after:
            self._counter += 1
            self._added.append((self._counter, tuple(sorted(after - before))))

    def _write_day(self, day: str, rows: list[dict[str, Any]]) -> str:
        return self._write_part(day, self._texts.encode(day, rows))  # its texts kept: a part in memory

    def _write_part(self, day: str, text: str) -> str:
        """A part's file (its text, as PartTexts.encode makes it); returns its name."""
        self._serial += 1
        name = f"b-{_UNSAFE.sub('_', day)}-{self._serial}.json"
        atomic_write_bytes(self.directory / name, text.encode("utf-8"), durable=False)
        return name

    def _log_change(self, days: Mapping[str, Any], feed_ids: list[str]) -> None:
        """Record one write's manifest changes: lines appended to the manifest's log (a write
        of the whole manifest, 2,000 feeds and 2,000 parts, cost more than the mark read it
        followed), the manifest written whole again every :data:`COMPACT_AFTER` lines. The
        days come in the first line: a log cut short after it names the feeds' old stamps."""
        if not self._log or self._logged >= COMPACT_AFTER:
            self._write_manifest()
            return
        at = {"serial": self._serial, "counter": self._counter}
        changes: list[dict[str, Any]] = [{"days": {}, "feed": f, "entry": self._feeds.get(f), **at} for f in feed_ids]
        changes[0]["days"] = days
        lines = b"".join(json.dumps(c, separators=(",", ":")).encode("utf-8") + b"\n" for c in changes)
        try:
            with open(self.directory / self._log, "ab") as fh:
                fh.write(lines)
        except OSError as exc:
            raise StorageError(f"Could not add to {self._log}: {exc.strerror}.") from exc
        self._logged += len(changes)

    def _write_manifest(self) -> None:
        """The whole manifest, with a new empty log; the old log goes once it is replaced."""
        old_log = self._log
        self._log = f"log-{self._serial + 1}.jsonl"
        self._serial += 1
        self._logged = 0
        data = {
            "format": FORMAT,
            "serial": self._serial,
            "token": self._token,
            "counter": self._counter,
            "log": self._log,
            "days": self._days,
            "feeds": self._feeds,
        }
        payload = dumps_sliced(data).encode("utf-8")
        (self.directory / self._log).unlink(missing_ok=True)  # a leftover of a crash: not this manifest's
        atomic_write_bytes(self.directory / MANIFEST, payload, durable=False)
        if old_log and old_log != self._log:
            with contextlib.suppress(OSError):
                (self.directory / old_log).unlink()

    def rebuild(self, shard_docs: Iterable[tuple[str, Stamp, list[Doc]]]) -> bool:
        """Write the index again from ``(feed id, stamp, records)`` of every shard, read by the
        caller without this lock (a writer holds a shard's lock while it waits for this one),
        the rows spilled to disk by day meanwhile (see .listspill). Returns whether it is
        current: False when a shard changed since it was read."""
        if self.readonly:
            return False
        self.directory.mkdir(exist_ok=True)
        spill = DaySpill(self.directory)
        try:
            return self._rebuild(shard_docs, spill)
        finally:
            spill.remove()

    def _rebuild(self, shard_docs: Iterable[tuple[str, Stamp, list[Doc]]], spill: DaySpill) -> bool:
        feeds: dict[str, list[int]] = {}
        for feed_id, stamp, docs in shard_docs:
            unread = sum(1 for d in docs if not d.get("read"))
            starred = sum(1 for d in docs if d.get("starred"))
            feeds[feed_id] = [*stamp, unread, len(docs), starred]
            for doc in docs:
                spill.add(day_of(doc), f"{date_key(doc)}\0{doc['id']}", dumps_row(doc), doc)
        spill.flush()
        with self.lock:
            old_files = [p for p in self.directory.iterdir() if _DAY_FILE.match(p.name) or LOG_FILE.match(p.name)]
            self._cache.clear()
            self._texts.forget()
            self._deferred.drop()  # (the shards read hold what it kept in memory)
            self._days = {day: spill.entry(day, self._write_part(day, spill.part(day))) for day in spill.counts}
            self._feeds = feeds
            self._token = secrets.token_hex(6)
            self._counter = self._first_counter = 0
            self._added = []
            self._write_manifest()
            keep = {str(e["file"]) for e in self._days.values()} | {self._log}
            for path in old_files:
                if path.name not in keep:
                    with contextlib.suppress(OSError):
                        path.unlink()
            try:
                self._check_stamps()
            except StaleIndex as exc:
                self.invalidate(str(exc))
                return False
            self._current = True
            self.problem = None
            return True
