"""Full-text search for the library: keeps the persisted index (:mod:`reader.search`) in step
with what is stored, by listening to the library's events (:mod:`reader.events`).

The index is derived data in ``<data dir>/search``. Indexing is deferred: a stored text only
records which articles got new text (in ``search/pending.json``, one small write), and
:meth:`SearchService.update_index` indexes them later — before the next search, or in the
background when the window asks after a refresh. That keeps refresh fast and the GUI
responsive. Catching up also adds whatever the index lacks (after a crash, or when it was
damaged and had to be rebuilt), so it never needs a manual rebuild. Highlight changes are
recorded the same way, so saving a highlight never waits for the index.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from .errors import ReaderError, SearchError, StorageError
from .events import ArticlesAdded, ArticlesRemoved, ContentStored, EventBus, HighlightsChanged, HighlightsRemoved
from .pacing import paced
from .search import SearchHit, SearchIndex
from .storage.atomic import atomic_write_bytes, require_folder
from .storage.protocol import Storage
from .types import ArticleContent, Highlight

PENDING = "pending.json"


def _texts(content: ArticleContent) -> tuple[str, str]:
    body = "\n".join(b.text for b in content.body)
    captions = "\n".join(f.caption for f in content.figures if f.caption)
    return body, captions


class SearchService:
    """The library's search index: what is pending, loading it, catching it up, querying it.

    ``is_closed`` tells whether the library is closed (a late worker must not reopen the index).
    """

    def __init__(
        self,
        storage: Storage,
        bus: EventBus,
        *,
        data_dir: Path | None,
        readonly: bool,
        is_closed: Callable[[], bool],
    ) -> None:
        self.storage = storage
        self.data_dir = data_dir
        self.readonly = readonly
        self._is_closed = is_closed
        self._opened: SearchIndex | None = None
        self._tmp: str | None = None
        self._lock = threading.RLock()
        self._pending: set[str] = set()
        self._pending_highlights: set[str] = set()
        self._caught_up = False
        # The articles_version the index last caught up to (from pending.json): unchanged at
        # the next start, there is nothing to compare (a cold search reads no feed shard).
        self._version: str | None = None
        self._added_since_caught_up = False  # then the version saved would claim too much
        # The user store's highlights_version when the highlights were last caught up (kept in
        # pending.json too): unchanged, with nothing pending, no highlight is compared (reading
        # all 25,000 and the index's ids cost a cold search 1.7 s).
        self._highlights_version: str | None = None
        # Each pending highlight's article (its shard), and the highlights_version right after the
        # last change noted: while the store is still at it, every change since the catch-up is
        # pending, and only those are read, each from its article's shard (comparing every id
        # read all 16 shards: a cold search after a session's saves cost 0.35 s more).
        self._pending_where: dict[str, str] = {}
        self._noted_version: str | None = None
        # Whether the highlights as this session found them are the ones pending.json accounts
        # for (its highlights_version or noted_version): else something changed them unnoted
        # (an identity migration at open, a crash) and notes made now cannot vouch for it.
        self._start_version = storage.user.highlights_version()
        self._chain_ok: bool | None = None
        bus.subscribe(ContentStored, self._on_content)
        bus.subscribe(HighlightsChanged, lambda e: self._note_highlights(e.highlights))
        bus.subscribe(HighlightsRemoved, lambda e: self._note_highlights(e.highlights))
        bus.subscribe(ArticlesAdded, self._on_articles_added)
        bus.subscribe(ArticlesRemoved, self._on_articles_removed)

    # --- the index ---------------------------------------------------------------------------

    def _index(self) -> SearchIndex:
        with self._lock:
            if self._opened is None:
                if self._is_closed():
                    raise SearchError("The library is closed.")
                if self.data_dir is not None:
                    # A read-only view reads the library's index and adds what it lacks in memory.
                    self.require_data_dir()
                    directory = self.data_dir / "search"
                else:
                    # A library with no data dir keeps a throwaway index.
                    self._tmp = tempfile.mkdtemp(prefix="gloss-search-")
                    directory = Path(self._tmp)
                self._opened = SearchIndex.open(directory, readonly=self.readonly)
                self._merge_pending(directory)
            return self._opened

    def require_data_dir(self) -> None:
        """Raise a StorageError in words when the library folder is gone (see
        :func:`reader.storage.atomic.require_folder`): nothing is then created in its place."""
        if self.data_dir is not None:
            require_folder(self.data_dir)

    def open(self) -> None:
        """Load the index now (a window does it in the background at start, through
        :meth:`reader.library.Library.warm_up`, so the first search does not)."""
        self._index()

    def _merge_pending(self, directory: Path) -> None:
        """Add what ``pending.json`` in ``directory`` says waits (and the versions it caught up to)."""
        try:
            data = json.loads((directory / PENDING).read_text("utf-8"))
            version, hl_version = data.get("version"), data.get("highlights_version")
            articles, highlights = {str(x) for x in data["articles"]}, {str(x) for x in data["highlights"]}
            where = {str(k): str(v) for k, v in dict(data.get("highlight_articles") or {}).items()}
            noted = data.get("noted_version")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return
        self._pending |= articles
        self._pending_highlights |= highlights
        self._pending_where = {**where, **self._pending_where}
        if self._noted_version is None and isinstance(noted, str):
            self._noted_version = noted
        if self._chain_ok is None:
            self._chain_ok = self._start_version is not None and self._start_version in (hl_version, noted)
        self._version = self._version or (version if isinstance(version, str) else None)
        if self._highlights_version is None and isinstance(hl_version, str):
            self._highlights_version = hl_version

    def _save_pending(self) -> None:
        if self.readonly or self.data_dir is None:
            return
        directory = self.data_dir / "search"
        if self._opened is None:  # not opened this session: keep what an earlier one left
            self._merge_pending(directory)
        # Derived data: if this cannot be written, the next session re-indexes less precisely.
        with contextlib.suppress(StorageError, OSError):
            directory.mkdir(exist_ok=True)  # never the library folder itself: it may be gone
            pending: dict[str, object] = {
                "articles": sorted(self._pending),
                "highlights": sorted(self._pending_highlights),
            }
            if self._version and not self._added_since_caught_up:
                pending["version"] = self._version
            if self._highlights_version:
                pending["highlights_version"] = self._highlights_version
            if self._noted_version and self._chain_ok:
                pending["noted_version"] = self._noted_version
            pending["highlight_articles"] = {
                h: a for h, a in self._pending_where.items() if h in self._pending_highlights
            }
            payload = json.dumps(pending).encode("utf-8")
            atomic_write_bytes(directory / PENDING, payload, durable=False)

    @property
    def is_caught_up_on_articles(self) -> bool:
        """Whether only highlights (if anything) wait to be indexed: a catch-up then reads no article."""
        return self._caught_up and not self._pending and not self.readonly

    @property
    def is_current(self) -> bool:
        """False when articles or highlights wait to be indexed."""
        return self._caught_up and not self._pending and not self._pending_highlights

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """See :meth:`reader.library.Library.search`."""
        if not query.strip():
            return []
        self.require_data_dir()
        self.update_index()
        hits = self._index().search(query, limit=limit)
        feeds = {f.id: f.display_title for f in self.storage.meta.get_feeds()}
        return [self._dressed(h, feeds) for h in hits]

    def _dressed(self, hit: SearchHit, feed_titles: dict[str, str]) -> SearchHit:
        """``hit`` with what tells copies of one story apart: its date, its feed's title."""
        try:
            article = self.storage.meta.get_article(hit.article_id)
        except ReaderError:  # an article gone since it was indexed: the hit as the index has it
            return hit
        return replace(
            hit,
            title=hit.title or article.title,
            date=article.date,
            feed_id=article.feed_id,
            feed_title=feed_titles.get(article.feed_id, ""),
        )

    def update_index(self) -> int:
        """Index what is pending (new text from refreshes) and whatever the index lacks (all
        of it after a rebuild). Returns how many documents were added. Safe to call from a
        worker thread (in :func:`reader.pacing.paced_thread`, it pauses now and then);
        cheap when there is nothing to do."""
        with self._lock:
            index = self._index()
            if self.is_current and not index.needs_rebuild:
                return 0
            if index.needs_rebuild:
                index.clear()
            todo = set(self._pending)
            version = self.storage.meta.articles_version()  # before the ids are read
            if not self._caught_up or index.needs_rebuild:
                todo |= self._missing(index)
            self._version = version
            added = self._index_articles(index, sorted(todo))
            edited = set(self._pending_highlights)
            hl_version = self.storage.user.highlights_version()  # before the highlights are read
            if index.needs_rebuild or not self._accounted_for(hl_version):
                added += self._index_highlights(index, edited)  # changed otherwise than noted: compare all
            elif edited:
                added += self._index_noted(index, edited)
            self._highlights_version = hl_version
            self._chain_ok = True  # every change up to hl_version is indexed: notes from now on chain on it
            self._flush()
            self._pending -= todo
            self._pending_highlights -= edited
            self._pending_where = {h: a for h, a in self._pending_where.items() if h in self._pending_highlights}
            self._caught_up = True
            self._added_since_caught_up = False
            self._save_pending()
            return added

    def _missing(self, index: SearchIndex) -> set[str]:
        """The stored articles the index lacks: the ones added since it last caught up when the
        store can say which, else every id compared (every shard read)."""
        added = None
        if self._version is not None and not index.needs_rebuild:
            added = self.storage.meta.article_ids_added_since(self._version)
        if added is None:
            return self.storage.meta.article_ids() - index.article_ids()
        return {aid for aid in added if not index.has_article(aid)}

    def _index_highlights(self, index: SearchIndex, edited: set[str]) -> int:
        """Add the highlights the index lacks or that changed; remove the deleted ones."""
        have = index.highlight_ids()
        stored = self.storage.user.highlight_ids()  # ids only: 25,000 Highlights cost 0.4 s to make
        added = 0
        for hid in sorted((stored - have) | (edited & stored)):
            try:
                h = self.storage.user.get_highlight(hid)
            except ReaderError:  # deleted meanwhile
                index.remove_highlight(hid)
                continue
            index.add_highlight(h.id, h.article_id, h.quote.exact, h.note, h.tags)
            added += 1
        for gone in edited - stored:
            index.remove_highlight(gone)
        return added

    def _accounted_for(self, hl_version: str | None) -> bool:
        """Whether the highlights at ``hl_version`` are the ones caught up, or those plus the
        changes pending (noted, each, right after it was written)."""
        if hl_version is None:
            return False
        return hl_version == self._highlights_version or bool(self._chain_ok and hl_version == self._noted_version)

    def _index_noted(self, index: SearchIndex, edited: set[str]) -> int:
        """Index the highlights noted as changed, each read from its article's shard (removed
        from the index when it is not there); all compared when one's article is not known."""
        if not edited <= self._pending_where.keys():
            return self._index_highlights(index, edited)
        by_article: dict[str, set[str]] = {}
        for hid in edited:
            by_article.setdefault(self._pending_where[hid], set()).add(hid)
        added = 0
        for aid, hids in sorted(by_article.items()):
            stored = {h.id: h for h in self.storage.user.get_highlights(aid)}
            for hid in sorted(hids):
                h = stored.get(hid)
                if h is None:
                    index.remove_highlight(hid)
                    continue
                index.add_highlight(h.id, h.article_id, h.quote.exact, h.note, h.tags)
                added += 1
        return added

    def _index_articles(self, index: SearchIndex, article_ids: Iterable[str]) -> int:
        added = 0
        for article_id in paced(article_ids, every=1):
            try:
                article = self.storage.meta.get_article(article_id)
            except ReaderError:
                index.remove_article(article_id)  # pruned or unsubscribed meanwhile
                continue
            version = self.storage.content.get_version(article.id) if article.content_version else None
            if version is not None:
                body, captions = _texts(version.content)
            else:
                body, captions = article.summary, ""
            index.add_article(article.id, article.title, body, captions, article.feed_id)
            added += 1
        return added

    def _flush(self) -> None:
        # Derived data: a failed flush is caught up at the next start (a read-only view's index
        # keeps what it adds in memory: see SearchIndex).
        with contextlib.suppress(SearchError):
            self._index().flush()

    # --- what the library's events ask ----------------------------------------------------------

    def _on_content(self, event: ContentStored) -> None:
        """A new content version: index it later (refresh stays fast; see the module doc)."""
        with self._lock:
            self._pending.add(event.article_id)

    def _on_articles_added(self, _event: ArticlesAdded) -> None:
        """New articles may have arrived: the next catch-up compares ids (cheap) and indexes
        them with the pending new texts."""
        with self._lock:
            self._caught_up = False
            self._added_since_caught_up = True
            self._save_pending()  # without a version: a crash before the catch-up compares every id

    def _note_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Highlights saved, edited or deleted: the catch-up before the next search re-reads
        them (and removes those that are gone); saving stays fast."""
        with self._lock:
            for h in highlights:
                self._pending_highlights.add(h.id)
                self._pending_where[h.id] = h.article_id
            self._noted_version = self.storage.user.highlights_version()  # the write is done: after it
            self._save_pending()

    def _on_articles_removed(self, event: ArticlesRemoved) -> None:
        with self._lock:
            if self._opened is None:
                self._pending.update(event.article_ids)  # removed when caught up
                return
            for aid in event.article_ids:
                self._opened.remove_article(aid)
            self._flush()

    def close(self) -> None:
        with self._lock:
            if self._opened is not None and self._pending_highlights and self.is_caught_up_on_articles:
                # The session's saves indexed now, from the shards this process holds: else each
                # read-only command after it (gloss search) would read them again, every time.
                with contextlib.suppress(ReaderError, OSError):
                    self.update_index()
            if self._opened is not None:
                self._flush()
                self._save_pending()
                self._opened.close()
                self._opened = None
            elif self._pending:
                self._save_pending()
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
