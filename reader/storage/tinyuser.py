"""Highlights and settings on TinyDB files (the user store of :mod:`reader.storage.tiny`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import HighlightNotFoundError, StorageError
from ..identity import shown_id
from ..types import Highlight
from .journal import journal_path
from .migrations import HIGHLIGHTS_SCHEMA, USER_SCHEMA, migrate_user
from .records import highlight_from_record, highlight_to_record
from .shards import Shard
from .timeline import Timeline, newest_key

USER_SHARDS = 16


class TinyUserStore:
    """Highlights in 16 shards by article (each write is small), settings in their own file.

    A shard is read, and its highlights indexed in memory, only when first needed: an
    article's highlights read its one shard, and opening the store reads none (at 25,000
    highlights reading all 16 cost a cold ``gloss articles`` 0.18 s). Every shard keeps a
    ``.bak``, and a journal of its latest writes (see :mod:`reader.storage.journal`).
    """

    def __init__(self, root: Path, notices: list[str], readonly: bool) -> None:
        self._root = root / "user"
        self._readonly = readonly
        if not readonly:
            self._root.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._shards = [
            Shard(
                self._root / f"highlights-{i:x}.json",
                kind="highlights",
                schema=HIGHLIGHTS_SCHEMA,
                migrate=migrate_user,
                backup=True,
                notices=notices,
                readonly=readonly,
                root=root,
                reuse_encoded=True,  # highlights are only ever replaced whole (put_many)
                journal=True,  # a save appends its highlight, not the shard's 1,600 (25,000 in all)
            )
            for i in range(USER_SHARDS)
        ]
        self._settings = Shard(
            self._root / "settings.json",
            kind="settings",
            schema=USER_SCHEMA,
            migrate=migrate_user,
            backup=True,
            notices=notices,
            readonly=readonly,
            root=root,
        )
        self._where: dict[str, int] = {}
        # Tuples, not sets: the garbage collector stops walking a tuple of strings (25,000 sets
        # at 500k were a fifth of the objects each full collection walked as articles opened).
        self._by_article: dict[str, tuple[str, ...]] = {}
        self._indexed: set[int] = set()  # the shards read into the maps above
        self._timeline = Timeline(self._root / "timeline", readonly, self._shard_no, USER_SHARDS)

    def _ensure(self, shards: Iterable[int]) -> None:
        """Read into the maps the shards among ``shards`` not read yet (the caller holds the lock)."""
        for i in shards:
            if i not in self._indexed:
                for doc in self._shards[i].table("highlights").values():
                    self._index(str(doc["id"]), str(doc["article_id"]), i)
                self._indexed.add(i)

    def _ensure_all(self) -> None:
        self._ensure(range(USER_SHARDS))

    def _index(self, highlight_id: str, article_id: str, shard: int) -> None:
        self._where[highlight_id] = shard
        known = self._by_article.get(article_id, ())
        if highlight_id not in known:
            self._by_article[article_id] = (*known, highlight_id)

    @staticmethod
    def _shard_no(article_id: str) -> int:
        return hashlib.blake2b(article_id.encode("utf-8"), digest_size=1).digest()[0] % USER_SHARDS

    def get_highlights(self, article_id: str | None = None) -> list[Highlight]:
        with self._lock:
            if article_id is None:
                return [highlight_from_record(d) for s in self._shards for d in s.table("highlights").values()]
            no = self._shard_no(article_id)
            self._ensure((no,))
            ids = self._by_article.get(article_id, ())
            table = self._shards[no].table("highlights")
            return [highlight_from_record(d) for d in (table.get_by_key(i) for i in ids) if d is not None]

    def get_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            shard = self._where.get(highlight_id)
            if shard is None and len(self._indexed) < USER_SHARDS:
                self._ensure_all()  # a highlight id does not say its article, hence its shard
                shard = self._where.get(highlight_id)
            doc = self._shards[shard].table("highlights").get_by_key(highlight_id) if shard is not None else None
        if doc is None:
            raise HighlightNotFoundError(f"There is no highlight with the id {shown_id(highlight_id)}.")
        return highlight_from_record(doc)

    def put_highlight(self, highlight: Highlight) -> None:
        self.put_highlights([highlight])

    def put_highlights(self, highlights: Sequence[Highlight]) -> None:
        by_shard: dict[int, dict[str, dict[str, Any]]] = {}
        for h in highlights:
            by_shard.setdefault(self._shard_no(h.article_id), {})[h.id] = highlight_to_record(h)
        with self._lock:
            follow = self._timeline.current(self.highlights_version())
            replaced: list[Mapping[str, Any]] = []
            for no, docs in by_shard.items():
                self._ensure((no,))  # the map of a shard is whole or not there
                table = self._shards[no].table("highlights")
                replaced += [d for d in (table.get_by_key(h_id) for h_id in docs) if d is not None]
                table.put_many(docs)
                for h_id, doc in docs.items():
                    self._index(h_id, doc["article_id"], no)
            if follow:
                self._follow([d for docs in by_shard.values() for d in docs.values()], replaced)

    def delete_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            highlight = self.get_highlight(highlight_id)
            no = self._where[highlight_id]
            follow = self._timeline.current(self.highlights_version())
            self._shards[no].table("highlights").remove_many([highlight_id])
            if follow:
                self._follow((), [highlight_to_record(highlight)])
            del self._where[highlight_id]
            ids = tuple(i for i in self._by_article.get(highlight.article_id, ()) if i != highlight_id)
            if ids:
                self._by_article[highlight.article_id] = ids
            else:
                self._by_article.pop(highlight.article_id, None)
            return highlight

    def highlight_ids(self) -> set[str]:
        with self._lock:
            self._ensure_all()
            return set(self._where)

    def annotated_article_ids(self, *, from_shards: bool = False) -> set[str]:
        with self._lock:
            # The timeline's counts (16 small files), when it is up to date with the shards: the
            # feed list counts the "Annotated" view at start, and reading the 16 shards held
            # this lock 0.46 s at 500k while the window waited to show its first article.
            if not from_shards and self._timeline.current(self.highlights_version()):
                try:
                    return {aid for b in range(USER_SHARDS) for aid, n in self._timeline.annotated(b).items() if n}
                except (OSError, ValueError):
                    pass  # damaged: the shards say
            self._ensure_all()
            return set(self._by_article)

    def rename_articles(self, rename: Callable[[str], str]) -> int:
        """Give every highlight the article id ``rename`` maps its own to, moving it to the shard
        of its new id (written there first, then removed from the old: a crash between the two
        leaves a copy that the next run moves again). Returns how many moved."""
        moved = 0
        with self._lock:
            for no, shard in enumerate(self._shards):
                table = shard.table("highlights")
                changed = {}
                for doc in table.values():
                    new = rename(str(doc["article_id"]))
                    if new != doc["article_id"]:
                        changed[str(doc["id"])] = {**doc, "article_id": new}
                if not changed:
                    continue
                by_shard: dict[int, dict[str, dict[str, Any]]] = {}
                for hid, doc in changed.items():
                    by_shard.setdefault(self._shard_no(doc["article_id"]), {})[hid] = doc
                for target, docs in by_shard.items():
                    self._shards[target].table("highlights").put_many(docs)
                stay = {hid for t, docs in by_shard.items() if t == no for hid in docs}
                table.remove_many([hid for hid in changed if hid not in stay])
                moved += len(changed)
            self._where.clear()
            self._by_article.clear()
            self._indexed.clear()  # read again when next needed
        return moved

    def _follow(self, put: Sequence[Mapping[str, Any]], removed: Sequence[Mapping[str, Any]]) -> None:
        """The timeline after a write the shards took. The highlight is saved whatever happens
        here: a timeline that could not follow (disk full) keeps the stamp from before, so it is
        stale, and written again from the shards when next read."""
        with contextlib.suppress(OSError, StorageError):
            self._timeline.apply(put, removed, self.highlights_version())

    def _timeline_current(self) -> bool:
        """Bring the timeline up to the shards when it is behind (a writer; a reader cannot, and
        a writer that cannot write it reads the shards)."""
        stamp = self.highlights_version()
        if self._timeline.current(stamp):
            return True
        if self._readonly:
            return False
        try:
            self._timeline.rebuild((d for s in self._shards for d in s.table("highlights").values()), stamp)
        except (OSError, StorageError):
            self._timeline.forget()
            return False
        return True

    def newest_highlights(self, before: tuple[str, str] | None = None) -> Iterator[Mapping[str, Any]]:
        """Highlight records newest first (created, then id), strictly before ``before`` (the
        ``(created, id)`` of the last one seen), read month by month from the timeline. The
        lock is held while a month is read, never across a yield (the caller may stop early)."""
        with self._lock:
            months = self._timeline.months_from(before) if self._timeline_current() else None
        if months is None:  # a reader of a library whose timeline is behind
            yield from self._newest_in_shards(before)
            return
        for month in months:
            with self._lock:
                try:
                    docs = self._timeline.month_newest(month, before)
                except (OSError, ValueError):
                    docs = None  # gone or damaged since: the shards say the rest
                    if not self._readonly:
                        self._timeline.forget()
            if docs is None:
                yield from self._newest_in_shards(before)
                return
            for doc in docs:
                before = newest_key(doc)
                yield doc

    def _newest_in_shards(self, before: tuple[str, str] | None) -> list[Mapping[str, Any]]:
        with self._lock:
            docs = sorted(
                (d for s in self._shards for d in s.table("highlights").values()), key=newest_key, reverse=True
            )
        return [d for d in docs if before is None or newest_key(d) < before]

    def warm_up(self) -> None:
        self.highlight_count()  # reads the timeline, written again first if behind (0.5 s at 500k)
        # Then every shard (an article's first open read its shard's, 15 ms at 25,000 highlights),
        # one a turn of the lock: a window opening an article meanwhile waits for one, not sixteen.
        for no in range(USER_SHARDS):
            with self._lock:
                self._ensure((no,))

    def highlight_count(self) -> int:
        with self._lock:
            if self._timeline_current():
                return self._timeline.count()
            self._ensure_all()
            return len(self._where)

    def highlight_tags(self) -> set[str]:
        with self._lock:
            if self._timeline_current():
                return self._timeline.tags()
            return {str(t) for s in self._shards for d in s.table("highlights").values() for t in d.get("tags") or ()}

    def annotated_among(self, article_ids: Iterable[str], *, from_shards: bool = False) -> set[str]:
        """Those of ``article_ids`` that have a highlight: from the timeline's counts (16 small
        files), or the shards of those articles when it cannot say or ``from_shards``."""
        ids = list(article_ids)
        with self._lock:
            if not from_shards and self._timeline_current():
                try:
                    return self._timeline.annotated_among(ids)
                except (OSError, ValueError):  # damaged: the shards say, and a writer makes it again
                    if not self._readonly:
                        self._timeline.forget()
            self._ensure({self._shard_no(aid) for aid in ids})
            return {aid for aid in ids if self._by_article.get(aid)}

    def highlight_records(self) -> list[Mapping[str, Any]]:
        """Every highlight as stored, each shard read once (``gloss check``: no Highlight made)."""
        with self._lock:
            return [d for s in self._shards for d in s.table("highlights").values()]

    def timeline_problems(self, records: Iterable[Mapping[str, Any]] | None = None) -> int:
        """How many highlights the timeline holds otherwise than the shards (``gloss check``;
        -1 when a file of it cannot be read); ``records``: the shards' (:meth:`highlight_records`),
        when the caller has just read them. Compares every record; a writer then sets a wrong
        one aside, to be written again from the shards when next read."""
        with self._lock:
            found = self.highlight_records() if records is None else records
            shards = {str(d["id"]): d for d in found}
            if not self._timeline.current(self.highlights_version()):
                return 0  # behind: rebuilt from the shards when next read, as a missing one is
            try:
                kept = self._timeline.all_records()
                counted = {aid: n for b in range(USER_SHARDS) for aid, n in self._timeline.annotated(b).items()}
            except (OSError, ValueError):
                wrong = -1
            else:
                wrong = sum(1 for k in shards.keys() | kept.keys() if shards.get(k) != kept.get(k))
                counts: dict[str, int] = {}
                for d in shards.values():
                    counts[str(d["article_id"])] = counts.get(str(d["article_id"]), 0) + 1
                wrong += sum(1 for a in counts.keys() | counted.keys() if counts.get(a) != counted.get(a))
            if wrong and not self._readonly:
                self._timeline.forget()  # written again from the shards when next read
        return wrong

    def highlights_version(self) -> str | None:
        """A stamp of the highlight shards as they are on disk (each file's inode, size and
        modification time), which any write of a highlight changes; without reading them. None
        when a file cannot be looked at."""
        stamp = hashlib.blake2b(digest_size=12)
        for shard in self._shards:
            for path in (shard.path, journal_path(shard.path)):  # a save appends to the journal
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    stamp.update(b"-;")
                    continue
                except OSError:
                    return None
                stamp.update(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns};".encode())
        return stamp.hexdigest()

    def get_settings(self) -> dict[str, Any]:
        with self._lock:
            doc = self._settings.table("settings").get_by_key("settings")
            return dict(doc) if doc else {}

    def put_settings(self, settings: dict[str, Any]) -> None:
        with self._lock:
            self._settings.table("settings").put_many({"settings": settings})

    def close(self) -> None:
        for shard in [*self._shards, self._settings]:
            shard.close()
