"""The TinyDB implementation of the storage Protocol, laid out for a heavy reader.

Data dir layout (every JSON file is a TinyDB file on :class:`AtomicJSONStorage`)::

    library.json              feeds and folders (690 KB at 2,000 feeds), with a .bak and a .journal
    articles/<feed id>.json   article metadata of one feed (a shard: ~250 docs, not 50,000)
    user/highlights-<x>.json  highlights and notes, 16 shards by article, each with a .bak and a .journal
    user/settings.json        settings, palette
    list/...                  the list index: every article by day, and the counts
                              (derived; see :mod:`reader.storage.listindex`)
    content/...               the content store (see :mod:`reader.storage.content`)

Why shards: TinyDB rewrites a whole file per write. Marking one article read rewrites
one feed's shard (tens of KB), not the whole library; saving a highlight, or a feed's state,
appends to a journal. A refresh writes each changed feed's shard once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..catalog import select, tally
from ..errors import ArticleNotFoundError, FeedNotFoundError, StorageError
from ..identity import is_article_id, is_feed_id, shown_id
from ..pacing import paced
from ..types import Article, ArticleFilter, Feed
from .atomic import remove_stale_temp_files, require_folder
from .content import FileContentStore
from .listcheck import Digest, digest, disagreements, shard_digests
from .listindex import ListIndex, Stamp, stamp_of
from .listmanifest import StaleIndex
from .migrations import ALIAS_TABLE, IDENTITY_TABLE, LIBRARY_SCHEMA, migrate_library
from .records import ArticlesOf, article_from_record, article_to_record, feed_from_record, feed_to_record
from .shardfile import read_shard_file
from .shards import LOADED_SHARDS, RecentShards, Shard
from .tinyuser import TinyUserStore


def feed_id_of(article_id: str) -> str:
    """Article ids are ``<feed id>-<hash>``; the feed id names the shard. An id of another
    shape (too long, other characters) names no article, and no file is looked for."""
    if not is_article_id(article_id):
        raise ArticleNotFoundError(f"There is no article with the id {shown_id(article_id)}.")
    return article_id.partition("-")[0]


def _safe_name(feed_id: str) -> str:
    if not is_feed_id(feed_id):
        raise FeedNotFoundError(f"There is no feed with the id {shown_id(feed_id)}.")
    return feed_id


class TinyMetadataStore:
    """Feeds and folders in ``library.json``; articles in one shard per feed."""

    def __init__(self, root: Path, notices: list[str], readonly: bool) -> None:
        self._root = root
        self._notices = notices
        self._readonly = readonly
        self._lock = threading.RLock()
        (root / "articles").mkdir(exist_ok=True) if not readonly else None
        # A refresh writes each feed's state: appended to a journal, not the whole file and its
        # backup again (690 KB at 2,000 feeds: 7 ms a feed, now under 1 ms).
        self._library = self._open_shard(root / "library.json", "library", reuse_encoded=True, journal=True)
        self._shards: dict[str, Shard] = {}
        self._recent = RecentShards(LOADED_SHARDS)  # the others' articles are read again when used
        # (unread, total, starred) per feed, kept current by every write to its shard, so the
        # counts after a refresh cost 200 lookups rather than a scan of 50,000 articles.
        self._counts: dict[str, tuple[int, int, int]] = {}
        # The newest 200 of 500,000 and the counts without reading every shard; kept by every
        # write below, under the shard's lock (see reader.storage.listindex).
        self.list_index = ListIndex(root / "list", root / "articles", readonly=readonly)
        # Each shard's digest (see .listcheck) by its file's stamp, from the last walk of them all.
        self._digests: dict[str, tuple[Stamp, Digest]] = {}

    def _open_shard(self, path: Path, kind: str, **options: bool) -> Shard:
        return Shard(
            path,
            kind=kind,
            schema=LIBRARY_SCHEMA,
            migrate=migrate_library,
            backup=True,
            notices=self._notices,
            readonly=self._readonly,
            root=self._root,
            **options,
        )

    def _shard(self, feed_id: str) -> Shard:
        with self._lock:
            shard = self._shards.get(feed_id)
            if shard is None:
                shard = self._open_shard(self._root / "articles" / f"{_safe_name(feed_id)}.json", "articles")
                self._shards[feed_id] = shard
            self._recent.used(feed_id, shard)
            return shard

    # feeds ---------------------------------------------------------------------------------

    def get_feeds(self) -> list[Feed]:
        with self._library.lock:
            return [feed_from_record(d) for d in self._library.table("feeds").values()]

    def get_feed(self, feed_id: str) -> Feed:
        with self._library.lock:
            doc = self._library.table("feeds").get_by_key(feed_id)
        if doc is None:
            raise FeedNotFoundError(f"There is no feed with the id {shown_id(feed_id)}.")
        return feed_from_record(doc)

    def put_feed(self, feed: Feed) -> None:
        _safe_name(feed.id)
        with self._library.lock:
            self._library.table("feeds").put_many({feed.id: feed_to_record(feed)})

    def put_feeds(self, feeds: Sequence[Feed]) -> None:
        for feed in feeds:
            _safe_name(feed.id)
        with self._library.lock:
            self._library.table("feeds").put_many({f.id: feed_to_record(f) for f in feeds})

    def update_feeds(self, updater: Callable[[Mapping[str, Feed]], Sequence[Feed]]) -> list[Feed]:
        with self._library.lock:
            changed = list(updater({f.id: f for f in self.get_feeds()}))
            self.put_feeds(changed)
            return changed

    def update_articles(
        self, feed_id: str, updater: Callable[[Mapping[str, Article]], Sequence[Article]]
    ) -> list[Article]:
        self.get_feed(feed_id)  # a feed deleted meanwhile gets no new shard
        shard = self._shard(feed_id)
        with shard.lock:
            current = ArticlesOf({str(d["id"]): d for d in shard.table("articles").values()})
            changed = list(updater(current))
            self.put_articles(feed_id, changed)
            return changed

    def delete_feed(self, feed_id: str) -> None:
        self.list_index.current()  # checked before the write, or the write makes it look stale
        shard = self._shard(feed_id)
        with self._library.lock:
            self._library.table("feeds").remove_many([feed_id])
        with self._lock:
            self._shards.pop(feed_id, None)
            self._recent.forget(feed_id)
            self._counts.pop(feed_id, None)
        with shard.lock:
            old = list(shard.table("articles").values()) if shard.path.exists() else []
            shard.close()
            for path in (shard.path, shard.path.with_name(shard.path.name + ".bak")):
                path.unlink(missing_ok=True)
            self.list_index.apply(feed_id, old, [], None, None)

    def get_aliases(self) -> dict[str, str]:
        """Old feed ids and the lasting ids they became (see :mod:`reader.storage.identities`)."""
        with self._library.lock:
            return {str(d["old"]): str(d["new"]) for d in self._library.table(ALIAS_TABLE).values()}

    def put_aliases(self, aliases: Mapping[str, str]) -> None:
        with self._library.lock:
            self._library.table(ALIAS_TABLE).put_many({old: {"old": old, "new": new} for old, new in aliases.items()})

    def identity_scheme(self) -> str | None:
        with self._library.lock:
            return str(doc["scheme"]) if (doc := self._library.table(IDENTITY_TABLE).get_by_key("identity")) else None

    def set_identity_scheme(self, scheme: str) -> None:
        with self._library.lock:
            self._library.table(IDENTITY_TABLE).put_many({"identity": {"scheme": scheme}})

    def get_folders(self) -> list[str]:
        with self._library.lock:
            return list(doc["names"]) if (doc := self._library.table("folders").get_by_key("folders")) else []

    def set_folders(self, folders: Sequence[str]) -> None:
        with self._library.lock:
            self._library.table("folders").put_many({"folders": {"names": list(folders)}})

    # articles ------------------------------------------------------------------------------

    def batched_writes(self) -> AbstractContextManager[None]:
        return self.list_index.deferred()  # the parts a refresh's feeds change written every second

    def _feed_ids_on_disk(self) -> list[str]:
        directory = self._root / "articles"
        if not directory.is_dir():
            require_folder(self._root)  # a library folder gone is not an empty library
            return []
        return sorted(p.stem for p in directory.glob("*.json") if is_feed_id(p.stem))

    def iter_articles(self, feed_id: str | None = None) -> Iterator[Article]:
        feed_ids = [feed_id] if feed_id is not None else self._feed_ids_on_disk()
        for fid in feed_ids:
            shard = self._shard(fid)
            with shard.lock:
                docs = list(shard.table("articles").values())
            for doc in docs:
                yield article_from_record(doc)

    def _all_docs(self) -> Iterator[Mapping[str, Any]]:
        for fid in self._feed_ids_on_disk():
            shard = self._shard(fid)
            with shard.lock:
                docs = list(shard.table("articles").values())
            yield from docs

    def query_articles(self, flt: ArticleFilter) -> list[Article]:
        if ListIndex.answers(flt) and self._list_current():
            try:
                return [article_from_record(d) for d in self.list_index.query(flt)]
            except StaleIndex:
                pass  # a file of it went missing: the shards say it
        feed_ids = sorted(flt.feed_ids) if flt.feed_ids is not None else None
        if feed_ids is not None:  # read only the shards asked for
            docs: Iterable[Mapping[str, Any]] = (d for fid in feed_ids for d in self._docs_of(fid))
        else:
            docs = self._all_docs()
        titles: dict[str, str] = {}
        if flt.order == "feed":
            titles = {f.id: f.display_title for f in self.get_feeds()}
        chosen = select(docs, flt, lambda fid: titles.get(fid, ""))
        return [article_from_record(d) for d in chosen]

    def records_added_before(self, bound: str) -> Iterator[Mapping[str, Any]]:
        if self._list_current():
            try:  # read whole before the first is given: a stale part must not give some twice
                return iter(list(self.list_index.rows_added_before(bound)))
            except StaleIndex:
                pass  # a file of it went missing: the shards say it
        found = (d for _fid, _stamp, docs in self._shard_records() for d in docs)
        return (d for d in found if str(d.get("added") or bound) < bound)

    def _docs_of(self, feed_id: str) -> list[Mapping[str, Any]]:
        if not (self._root / "articles" / f"{_safe_name(feed_id)}.json").exists():
            require_folder(self._root)
            return []
        shard = self._shard(feed_id)
        with shard.lock:
            return list(shard.table("articles").values())

    def list_rebuild_bytes(self) -> int:
        return 0 if self._readonly else self.list_index.rebuild_cost()  # (a reader reads the shards instead)

    def article_counts(self) -> dict[str, tuple[int, int]]:
        return {fid: (unread, total) for fid, (unread, total, _) in self._tallies().items() if total}

    def starred_count(self) -> int:
        return sum(starred for _, _, starred in self._tallies().values())

    def _list_current(self) -> bool:
        """Whether the list index can answer, rebuilding it first when a writer finds it stale."""
        if self.list_index.current():
            return True
        if self._readonly:
            return False
        return self.rebuild_list_index()

    def rebuild_list_index(self) -> bool:
        """Write the list index again from every shard; returns whether it is current (False
        when shards kept changing meanwhile: the next use tries again)."""
        for _attempt in range(3):
            try:
                if self.list_index.rebuild(self._shard_records()):
                    return True
            except (StorageError, OSError) as exc:
                self.list_index.invalidate(f"The article list index could not be written ({exc}).")
                return False
        return False

    def iter_records(self) -> Iterator[Mapping[str, Any]]:
        for fid, stamp, docs in self._shard_records():
            self._digests[fid] = (stamp, digest(docs))  # gloss check then compares the list index by them
            yield from docs

    def _shard_records(
        self, feed_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[str, tuple[int, int, int], list[Mapping[str, Any]]]]:
        """(feed id, stamp, records) of every shard (or of ``feed_ids``'). A shard not in memory
        is read from its file and not kept (a rebuild must not hold 500,000 records); one in
        memory, or one the file read cannot take (damaged, an older format), through its Shard."""
        for fid in self._feed_ids_on_disk() if feed_ids is None else feed_ids:
            path = self._root / "articles" / f"{fid}.json"
            with self._lock:
                loaded = self._shards.get(fid)
            read = read_shard_file(path) if loaded is None or not loaded.loaded else None
            if read is None:
                shard = self._shard(fid)
                with shard.lock:
                    docs = list(shard.table("articles").values())
                    stamp = stamp_of(path)
                if stamp is None:
                    continue
                read = (stamp, docs)
            yield fid, read[0], read[1]

    def list_index_problems(self) -> list[str]:
        """What is wrong with the list index, in words (empty when it agrees with every shard,
        record by record); a writer rebuilds it and says so."""
        problems = []
        if not self.list_index.current():
            problems.append(self.list_index.problem or "The article list index is out of date.")
        else:
            try:
                wrong = disagreements(self._shard_digests(), self.list_index, self._records_of)
            except StaleIndex as exc:
                problems.append(str(exc))
            else:
                if wrong:
                    problems.append(f"The article list index disagrees with the feeds' files on {wrong} articles.")
        if problems and not self._readonly and self.rebuild_list_index():
            problems[-1] += " It was rebuilt from them."
        return problems

    def _shard_digests(self) -> dict[str, Digest]:
        """Every shard's digest: kept from the last walk while its file is the same, else read."""
        return shard_digests(self.list_index._shard_stamps(), self._digests, lambda f: self._shard_records([f]))

    def _records_of(self, feed_id: str) -> list[Mapping[str, Any]]:
        return [d for _f, _s, docs in self._shard_records([feed_id] if self._on_disk(feed_id) else []) for d in docs]

    def _tallies(self) -> dict[str, tuple[int, int, int]]:
        if self._list_current():
            try:
                return {fid: t for fid, t in self.list_index.tallies().items() if t[1]}
            except StaleIndex:
                pass
        result: dict[str, tuple[int, int, int]] = {}
        for fid in self._feed_ids_on_disk():
            counted = self._counts.get(fid)
            if counted is None:
                shard = self._shard(fid)
                with shard.lock:
                    counted = self._recount(fid, shard)
            result[fid] = counted
        return result

    def _recount(self, feed_id: str, shard: Shard) -> tuple[int, int, int]:
        """Count one shard's articles again (the caller holds ``shard.lock``)."""
        counted = tally(shard.table("articles").values()).get(feed_id, (0, 0, 0))
        with self._lock:
            if self._shards.get(feed_id) is shard:  # not deleted meanwhile
                self._counts[feed_id] = counted
        return counted

    def articles_version(self) -> str | None:
        return self.list_index.version() if self._list_current() else None

    def article_ids_added_since(self, version: str) -> set[str] | None:
        return self.list_index.added_since(version) if self._list_current() else None

    def article_ids(self) -> set[str]:
        # Paced on a GUI's worker thread: the search index asks for all 50,000 after a
        # rebuild, and the scan held the GIL for 50 ms beside the window's work.
        return {str(d["id"]) for d in paced(self._all_docs())}

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        by_feed: dict[str, set[str]] = {}
        for aid in filter(is_article_id, article_ids):
            by_feed.setdefault(aid.partition("-")[0], set()).add(aid)
        found: dict[str, Article] = {}
        for fid, _stamp, docs in self._shard_records(f for f in sorted(by_feed) if self._on_disk(f)):
            found.update((str(d["id"]), article_from_record(d)) for d in docs if d["id"] in by_feed[fid])
        return found

    def _on_disk(self, feed_id: str) -> bool:
        return is_feed_id(feed_id) and (self._root / "articles" / f"{feed_id}.json").exists()

    def get_article(self, article_id: str) -> Article:
        shard = self._shard(feed_id_of(article_id))
        with shard.lock:
            doc = shard.table("articles").get_by_key(article_id)
        if doc is None:
            raise ArticleNotFoundError(f"There is no article with the id {shown_id(article_id)}.")
        return article_from_record(doc)

    def _written(
        self, feed_id: str, shard: Shard, old: Iterable[Mapping[str, Any] | None], new: Iterable[Mapping[str, Any]]
    ) -> None:
        """After a write to a shard (the caller holds ``shard.lock``): its counts, the list index."""
        counted = self._recount(feed_id, shard)
        before = [d for d in old if d is not None]
        self.list_index.apply(feed_id, before, new, counted, stamp_of(shard.path))

    def put_articles(self, feed_id: str, articles: Sequence[Article]) -> None:
        self.list_index.current()  # checked before the write, or the write makes it look stale
        for a in articles:
            if feed_id_of(a.id) != feed_id:
                raise StorageError(f"Article {a.id} does not belong to feed {feed_id}.")
        shard = self._shard(feed_id)
        with shard.lock:
            table = shard.table("articles")
            old = [table.get_by_key(a.id) for a in articles]
            docs = {a.id: article_to_record(a) for a in articles}
            table.put_many(docs)
            self._written(feed_id, shard, old, docs.values())

    def delete_articles(self, feed_id: str, article_ids: Iterable[str]) -> None:
        self.list_index.current()  # checked before the write, or the write makes it look stale
        shard = self._shard(feed_id)
        with shard.lock:
            table = shard.table("articles")
            ids = list(article_ids)
            old = [table.get_by_key(aid) for aid in ids]
            table.remove_many(ids)
            self._written(feed_id, shard, old, [])

    def set_flags(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Article:
        self.list_index.current()  # checked before the write, or the write makes it look stale
        shard = self._shard(feed_id_of(article_id))
        with shard.lock:
            article = self.get_article(article_id)
            changes: dict[str, Any] = {}
            if read is not None:
                changes["read"] = read
            if starred is not None:
                changes["starred"] = starred
            updated = replace(article, **changes)
            if updated != article:
                table = shard.table("articles")
                old = table.get_by_key(article_id)
                doc = article_to_record(updated)
                table.put_many({article_id: doc})
                self._written(feed_id_of(article_id), shard, [old], [doc])
            return updated

    def set_read_many(self, article_ids: Iterable[str], read: bool) -> int:
        self.list_index.current()  # checked before the write, or the write makes it look stale
        by_feed: dict[str, list[str]] = {}
        for aid in article_ids:
            by_feed.setdefault(feed_id_of(aid), []).append(aid)
        changed = 0
        for fid, ids in by_feed.items():
            shard = self._shard(fid)
            with shard.lock:
                table = shard.table("articles")
                docs = {}
                for aid in ids:
                    doc = table.get_by_key(aid)
                    if doc is not None and bool(doc.get("read")) != read:
                        docs[aid] = {**doc, "read": read}
                old = [table.get_by_key(aid) for aid in docs]
                table.put_many(docs)
                if docs:
                    self._written(fid, shard, old, docs.values())
                changed += len(docs)
        return changed

    def close(self) -> None:
        with self._lock:
            for shard in self._shards.values():
                shard.close()
            self._shards.clear()
            self._recent = RecentShards(LOADED_SHARDS)
        self._library.close()


class TinyStorage:
    """The three stores of one data dir. Open it through :class:`reader.library.Library`,
    which also takes the single-writer lock."""

    def __init__(self, root: Path, *, readonly: bool = False) -> None:
        self.root = root
        self._notices: list[str] = []
        if not readonly:
            root.mkdir(parents=True, exist_ok=True)
        elif not root.is_dir():
            raise StorageError(f"There is no Gloss library at {root}.")
        self.meta = TinyMetadataStore(root, self._notices, readonly)
        self.user = TinyUserStore(root, self._notices, readonly)
        self.content = FileContentStore(root / "content", readonly=readonly)
        # Read the feed list now so a damaged library.json is noticed (and recovered) on open.
        self.meta.get_feeds()
        if not readonly:
            # The writer's lock is held: the temporary files of writers killed mid-write go.
            remove_stale_temp_files(self.temp_folders())
            from .identities import migrate_identities

            migrate_identities(self)

    def temp_folders(self) -> list[Path]:
        """The folders writes keep their temporary files in (see ``atomic_write_bytes``)."""
        folders = [self.root, self.content.staging]
        folders += [p for p in self.root.iterdir() if p.is_dir() and p.name not in ("content",)]
        return folders

    @property
    def notices(self) -> list[str]:
        return list(self._notices)

    def add_notice(self, notice: str) -> None:
        self._notices.append(notice)

    def close(self) -> None:
        self.meta.close()
        self.user.close()
