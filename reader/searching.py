"""Full-text search in the facade: keeps the persisted index (:mod:`reader.search`) in step
with the library.

The index is derived data in ``<data dir>/search``. Indexing is deferred: a refresh only
records which articles got new text (in ``search/pending.json``, one small write), and
:meth:`Searching.update_search_index` indexes them later — before the next search, or in
the background when the window asks after a refresh. That keeps refresh fast and the GUI
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
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReaderError, SearchError, StorageError
from .pacing import paced
from .search import SearchHit, SearchIndex
from .storage.atomic import atomic_write_bytes, require_folder
from .types import ArticleContent, ContentVersion, Highlight

if TYPE_CHECKING:
    from .storage.protocol import Storage

PENDING = "pending.json"


def _texts(content: ArticleContent) -> tuple[str, str]:
    body = "\n".join(b.text for b in content.body)
    captions = "\n".join(f.caption for f in content.figures if f.caption)
    return body, captions


class Searching:
    """See :class:`reader.library.Library`."""

    storage: Storage
    data_dir: Path | None
    readonly: bool
    _search_index: SearchIndex | None = None
    _search_tmp: str | None = None
    _search_lock: threading.RLock
    _search_pending: set[str]
    _search_pending_highlights: set[str]
    _search_caught_up: bool

    def _index(self) -> SearchIndex:
        with self._search_lock:
            if self._search_index is None:
                if getattr(self, "closed", False):  # a late worker must not reopen (and leak) it
                    raise SearchError("The library is closed.")
                if self.data_dir is not None:
                    # A read-only view reads the library's index and adds what it lacks in memory.
                    directory = self.data_dir / "search"
                    self._require_data_dir()
                else:
                    # A memory library keeps a throwaway index.
                    self._search_tmp = tempfile.mkdtemp(prefix="gloss-search-")
                    directory = Path(self._search_tmp)
                self._search_index = SearchIndex.open(directory, readonly=self.readonly)
                articles, highlights = self._load_pending(directory)
                self._search_pending |= articles
                self._search_pending_highlights |= highlights
            return self._search_index

    def _require_data_dir(self) -> None:
        """Raise a StorageError in words when the library folder is gone (see
        :func:`reader.storage.atomic.require_folder`): nothing is then created in its place."""
        if self.data_dir is not None:
            require_folder(self.data_dir)

    def open_search_index(self) -> None:
        """Load the search index now (a window does it in the background at start, so the
        first search, or the indexing after the first refresh, does not)."""
        self._index()

    @staticmethod
    def _load_pending(directory: Path) -> tuple[set[str], set[str]]:
        try:
            data = json.loads((directory / PENDING).read_text("utf-8"))
            return {str(x) for x in data["articles"]}, {str(x) for x in data["highlights"]}
        except (OSError, ValueError, KeyError, TypeError):
            return set(), set()

    def _save_pending(self) -> None:
        if self.readonly or self.data_dir is None:
            return
        directory = self.data_dir / "search"
        if self._search_index is None:  # not opened this session: keep what an earlier one left
            articles, highlights = self._load_pending(directory)
            self._search_pending |= articles
            self._search_pending_highlights |= highlights
        # Derived data: if this cannot be written, the next session re-indexes less precisely.
        with contextlib.suppress(StorageError, OSError):
            directory.mkdir(exist_ok=True)  # never the library folder itself: it may be gone
            pending = {"articles": sorted(self._search_pending), "highlights": sorted(self._search_pending_highlights)}
            payload = json.dumps(pending).encode("utf-8")
            atomic_write_bytes(directory / PENDING, payload, durable=False)

    @property
    def search_index_is_current(self) -> bool:
        """False when articles wait to be indexed (the UI may then index in the background)."""
        return self._search_caught_up and not self._search_pending and not self._search_pending_highlights

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles (titles, bodies, captions) and highlights (quotes, notes, tags) matching
        ``query``, best first, with snippets. Indexes what is pending first."""
        if not query.strip():
            return []
        self._require_data_dir()
        self.update_search_index()
        hits = self._index().search(query, limit=limit)
        return [self._titled(h) for h in hits]

    def _titled(self, hit: SearchHit) -> SearchHit:
        if hit.title:
            return hit
        try:
            title = self.storage.meta.get_article(hit.article_id).title
        except ReaderError:
            title = ""
        return replace(hit, title=title)

    def update_search_index(self) -> int:
        """Index what is pending (new text from refreshes) and whatever the index lacks (all
        of it after a rebuild). Returns how many documents were added. Safe to call from a
        worker thread (in :func:`reader.pacing.paced_thread`, it pauses now and then);
        cheap when there is nothing to do."""
        with self._search_lock:
            index = self._index()
            if self.search_index_is_current and not index.needs_rebuild:
                return 0
            if index.needs_rebuild:
                index.clear()
            todo = set(self._search_pending)
            have_highlights = index.highlight_ids()
            if not self._search_caught_up or index.needs_rebuild:
                todo |= self.storage.meta.article_ids() - index.article_ids()
            added = self._index_articles(index, sorted(todo))
            edited = set(self._search_pending_highlights)
            stored = set()
            for h in self.storage.user.get_highlights():
                stored.add(h.id)
                if h.id not in have_highlights or h.id in edited:
                    index.add_highlight(h.id, h.article_id, h.quote.exact, h.note, h.tags)
                    added += 1
            for gone in edited - stored:
                index.remove_highlight(gone)
            self._flush_index()
            self._search_pending -= todo
            self._search_pending_highlights -= edited
            self._search_caught_up = True
            self._save_pending()
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

    def _flush_index(self) -> None:
        # Derived data: a failed flush is caught up at the next start.
        with contextlib.suppress(SearchError):
            self._index().flush()

    # --- hooks called by the library --------------------------------------------------------

    def _index_content(self, article_id: str, version: ContentVersion) -> None:
        """A new content version: index it later (refresh stays fast; see the module doc)."""
        with self._search_lock:
            self._search_pending.add(article_id)

    def _after_refresh(self) -> None:
        """New articles may have arrived: the next catch-up compares ids (cheap) and indexes
        them with the pending new texts."""
        with self._search_lock:
            self._search_caught_up = False
            self._save_pending()

    def _index_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Highlights saved or edited: indexed before the next search (saving stays fast)."""
        with self._search_lock:
            self._search_pending_highlights.update(h.id for h in highlights)
            self._save_pending()

    def _unindex_highlight(self, highlight: Highlight) -> None:
        self._index_highlights([highlight])  # the catch-up finds it gone and removes it

    def _unindex_articles(self, article_ids: list[str]) -> None:
        with self._search_lock:
            if self._search_index is None:
                self._search_pending.update(article_ids)  # removed when caught up
                return
            for aid in article_ids:
                self._search_index.remove_article(aid)
            self._flush_index()

    def _close_search(self) -> None:
        with self._search_lock:
            if self._search_index is not None:
                self._flush_index()
                self._save_pending()
                self._search_index.close()
                self._search_index = None
            elif self._search_pending:
                self._save_pending()
            if self._search_tmp is not None:
                shutil.rmtree(self._search_tmp, ignore_errors=True)
                self._search_tmp = None
