"""The TinyDB implementation of the storage Protocol, laid out for a heavy reader.

Data dir layout (every JSON file is a TinyDB file on :class:`AtomicJSONStorage`)::

    library.json              feeds and folders (small)
    articles/<feed id>.json   article metadata of one feed (a shard: ~250 docs, not 50,000)
    user/highlights-<x>.json  highlights and notes, 16 shards by article, each with a .bak
    user/settings.json        settings, palette
    content/...               the content store (see :mod:`reader.storage.content`)

Why shards: TinyDB rewrites a whole file per write. Marking one article read rewrites
one feed's shard (tens of KB), not the whole library; saving a highlight rewrites one
user shard. A refresh writes each changed feed's shard once.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..catalog import select, tally
from ..errors import ArticleNotFoundError, FeedNotFoundError, HighlightNotFoundError, StorageError
from ..pacing import paced
from ..types import Article, ArticleFilter, Feed, Highlight
from .content import FileContentStore
from .migrations import ALIAS_TABLE, IDENTITY_TABLE, LIBRARY_SCHEMA, USER_SCHEMA, migrate_library, migrate_user
from .records import (
    article_from_record,
    article_to_record,
    feed_from_record,
    feed_to_record,
    highlight_from_record,
    highlight_to_record,
)
from .shards import Shard

USER_SHARDS = 16


def feed_id_of(article_id: str) -> str:
    """Article ids are ``<feed id>-<hash>``; the feed id names the shard."""
    feed_id, sep, _ = article_id.partition("-")
    if not sep or not feed_id:
        raise ArticleNotFoundError(f"There is no article with the id {article_id!r}.")
    return feed_id


def _safe_name(feed_id: str) -> str:
    if not feed_id.isalnum():
        raise FeedNotFoundError(f"There is no feed with the id {feed_id!r}.")
    return feed_id


class TinyMetadataStore:
    """Feeds and folders in ``library.json``; articles in one shard per feed."""

    def __init__(self, root: Path, notices: list[str], readonly: bool) -> None:
        self._root = root
        self._notices = notices
        self._readonly = readonly
        self._lock = threading.RLock()
        (root / "articles").mkdir(exist_ok=True) if not readonly else None
        self._library = Shard(
            root / "library.json",
            kind="library",
            schema=LIBRARY_SCHEMA,
            migrate=migrate_library,
            backup=True,
            notices=notices,
            readonly=readonly,
        )
        self._shards: dict[str, Shard] = {}
        # (unread, total, starred) per feed, kept current by every write to its shard, so the
        # counts after a refresh cost 200 lookups rather than a scan of 50,000 articles.
        self._counts: dict[str, tuple[int, int, int]] = {}

    def _shard(self, feed_id: str) -> Shard:
        with self._lock:
            shard = self._shards.get(feed_id)
            if shard is None:
                shard = Shard(
                    self._root / "articles" / f"{_safe_name(feed_id)}.json",
                    kind="articles",
                    schema=LIBRARY_SCHEMA,
                    migrate=migrate_library,
                    backup=True,
                    notices=self._notices,
                    readonly=self._readonly,
                )
                self._shards[feed_id] = shard
            return shard

    # feeds ---------------------------------------------------------------------------------

    def get_feeds(self) -> list[Feed]:
        with self._library.lock:
            return [feed_from_record(d) for d in self._library.table("feeds").values()]

    def get_feed(self, feed_id: str) -> Feed:
        with self._library.lock:
            doc = self._library.table("feeds").get_by_key(feed_id)
        if doc is None:
            raise FeedNotFoundError(f"There is no feed with the id {feed_id!r}.")
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
            current = {str(d["id"]): article_from_record(d) for d in shard.table("articles").values()}
            changed = list(updater(current))
            self.put_articles(feed_id, changed)
            return changed

    def delete_feed(self, feed_id: str) -> None:
        shard = self._shard(feed_id)
        with self._library.lock:
            self._library.table("feeds").remove_many([feed_id])
        with self._lock:
            self._shards.pop(feed_id, None)
            self._counts.pop(feed_id, None)
        with shard.lock:
            shard.close()
            for path in (shard.path, shard.path.with_name(shard.path.name + ".bak")):
                path.unlink(missing_ok=True)

    def get_aliases(self) -> dict[str, str]:
        """Old feed ids and the lasting ids they became (see :mod:`reader.storage.identities`)."""
        with self._library.lock:
            return {str(d["old"]): str(d["new"]) for d in self._library.table(ALIAS_TABLE).values()}

    def put_aliases(self, aliases: Mapping[str, str]) -> None:
        with self._library.lock:
            table = self._library.table(ALIAS_TABLE)
            table.put_many({old: {"old": old, "new": new} for old, new in aliases.items()})

    def identity_scheme(self) -> str | None:
        with self._library.lock:
            doc = self._library.table(IDENTITY_TABLE).get_by_key("identity")
        return str(doc["scheme"]) if doc else None

    def set_identity_scheme(self, scheme: str) -> None:
        with self._library.lock:
            self._library.table(IDENTITY_TABLE).put_many({"identity": {"scheme": scheme}})

    def get_folders(self) -> list[str]:
        with self._library.lock:
            doc = self._library.table("folders").get_by_key("folders")
        return list(doc["names"]) if doc else []

    def set_folders(self, folders: Sequence[str]) -> None:
        with self._library.lock:
            self._library.table("folders").put_many({"folders": {"names": list(folders)}})

    # articles ------------------------------------------------------------------------------

    def _feed_ids_on_disk(self) -> list[str]:
        directory = self._root / "articles"
        if not directory.is_dir():
            return []
        return sorted(p.stem for p in directory.glob("*.json") if p.stem.isalnum())

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

    def _docs_of(self, feed_id: str) -> list[Mapping[str, Any]]:
        if not (self._root / "articles" / f"{_safe_name(feed_id)}.json").exists():
            return []
        shard = self._shard(feed_id)
        with shard.lock:
            return list(shard.table("articles").values())

    def article_counts(self) -> dict[str, tuple[int, int]]:
        return {fid: (unread, total) for fid, (unread, total, _) in self._tallies().items() if total}

    def starred_count(self) -> int:
        return sum(starred for _, _, starred in self._tallies().values())

    def _tallies(self) -> dict[str, tuple[int, int, int]]:
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

    def article_ids(self) -> set[str]:
        # Paced on a GUI's worker thread: the search index asks for all 50,000 after a
        # rebuild, and the scan held the GIL for 50 ms beside the window's work.
        return {str(d["id"]) for d in paced(self._all_docs())}

    def get_article(self, article_id: str) -> Article:
        shard = self._shard(feed_id_of(article_id))
        with shard.lock:
            doc = shard.table("articles").get_by_key(article_id)
        if doc is None:
            raise ArticleNotFoundError(f"There is no article with the id {article_id!r}.")
        return article_from_record(doc)

    def put_articles(self, feed_id: str, articles: Sequence[Article]) -> None:
        for a in articles:
            if feed_id_of(a.id) != feed_id:
                raise StorageError(f"Article {a.id} does not belong to feed {feed_id}.")
        shard = self._shard(feed_id)
        with shard.lock:
            shard.table("articles").put_many({a.id: article_to_record(a) for a in articles})
            self._recount(feed_id, shard)

    def delete_articles(self, feed_id: str, article_ids: Iterable[str]) -> None:
        shard = self._shard(feed_id)
        with shard.lock:
            shard.table("articles").remove_many(article_ids)
            self._recount(feed_id, shard)

    def set_flags(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Article:
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
                shard.table("articles").put_many({article_id: article_to_record(updated)})
                if (updated.read, updated.starred) != (article.read, article.starred):
                    self._recount(feed_id_of(article_id), shard)
            return updated

    def set_read_many(self, article_ids: Iterable[str], read: bool) -> int:
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
                table.put_many(docs)
                if docs:
                    self._recount(fid, shard)
                changed += len(docs)
        return changed

    def close(self) -> None:
        with self._lock:
            for shard in self._shards.values():
                shard.close()
            self._shards.clear()
        self._library.close()


class TinyUserStore:
    """Highlights in 16 shards by article (each write is small), settings in their own file.

    All highlights are indexed in memory on open (5,000 highlights is about a megabyte).
    Every shard keeps a rolling ``.bak``.
    """

    def __init__(self, root: Path, notices: list[str], readonly: bool) -> None:
        self._root = root / "user"
        if not readonly:
            self._root.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._shards = [
            Shard(
                self._root / f"highlights-{i:x}.json",
                kind="highlights",
                schema=USER_SCHEMA,
                migrate=migrate_user,
                backup=True,
                notices=notices,
                readonly=readonly,
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
        )
        self._where: dict[str, int] = {}
        self._by_article: dict[str, set[str]] = {}
        for i, shard in enumerate(self._shards):
            for doc in shard.table("highlights").values():
                self._index(str(doc["id"]), str(doc["article_id"]), i)

    def _index(self, highlight_id: str, article_id: str, shard: int) -> None:
        self._where[highlight_id] = shard
        self._by_article.setdefault(article_id, set()).add(highlight_id)

    @staticmethod
    def _shard_no(article_id: str) -> int:
        return hashlib.blake2b(article_id.encode("utf-8"), digest_size=1).digest()[0] % USER_SHARDS

    def get_highlights(self, article_id: str | None = None) -> list[Highlight]:
        with self._lock:
            if article_id is None:
                return [highlight_from_record(d) for s in self._shards for d in s.table("highlights").values()]
            ids = self._by_article.get(article_id, set())
            table = self._shards[self._shard_no(article_id)].table("highlights")
            return [highlight_from_record(d) for d in (table.get_by_key(i) for i in ids) if d is not None]

    def get_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            shard = self._where.get(highlight_id)
            doc = self._shards[shard].table("highlights").get_by_key(highlight_id) if shard is not None else None
        if doc is None:
            raise HighlightNotFoundError(f"There is no highlight with the id {highlight_id!r}.")
        return highlight_from_record(doc)

    def put_highlight(self, highlight: Highlight) -> None:
        self.put_highlights([highlight])

    def put_highlights(self, highlights: Sequence[Highlight]) -> None:
        by_shard: dict[int, dict[str, dict[str, Any]]] = {}
        for h in highlights:
            by_shard.setdefault(self._shard_no(h.article_id), {})[h.id] = highlight_to_record(h)
        with self._lock:
            for no, docs in by_shard.items():
                self._shards[no].table("highlights").put_many(docs)
                for h_id, doc in docs.items():
                    self._index(h_id, doc["article_id"], no)

    def delete_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            highlight = self.get_highlight(highlight_id)
            no = self._where[highlight_id]
            self._shards[no].table("highlights").remove_many([highlight_id])
            del self._where[highlight_id]
            ids = self._by_article.get(highlight.article_id, set())
            ids.discard(highlight_id)
            if not ids:
                self._by_article.pop(highlight.article_id, None)
            return highlight

    def annotated_article_ids(self) -> set[str]:
        with self._lock:
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
            for i, shard in enumerate(self._shards):
                for doc in shard.table("highlights").values():
                    self._index(str(doc["id"]), str(doc["article_id"]), i)
        return moved

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
            from .identities import migrate_identities

            migrate_identities(self)

    @property
    def notices(self) -> list[str]:
        return list(self._notices)

    def add_notice(self, notice: str) -> None:
        self._notices.append(notice)

    def close(self) -> None:
        self.meta.close()
        self.user.close()
