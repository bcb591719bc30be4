"""Full-text search in the facade: keeps the persisted index (:mod:`reader.search`) in step
with the library.

The index is derived data in ``<data dir>/search``. It is updated as content versions are
stored and highlights change, flushed after each refresh, re-extraction and highlight
change, and caught up on first use: whatever it lacks (after a crash, or when it was
damaged and had to be rebuilt) is added then, so it never needs a manual rebuild.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReaderError, SearchError
from .search import SearchHit, SearchIndex
from .types import ArticleContent, ContentVersion, Highlight

if TYPE_CHECKING:
    from .storage.protocol import Storage


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
    _search_lock: threading.Lock

    def _index(self) -> SearchIndex:
        with self._search_lock:
            if self._search_index is None:
                if self.data_dir is not None and not self.readonly:
                    directory = self.data_dir / "search"
                else:
                    # A memory library (or a read-only view) keeps a throwaway index.
                    self._search_tmp = tempfile.mkdtemp(prefix="gloss-search-")
                    directory = Path(self._search_tmp)
                self._search_index = SearchIndex.open(directory)
            return self._search_index

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles (titles, bodies, captions) and highlights (quotes, notes, tags) matching
        ``query``, best first, with snippets."""
        if not query.strip():
            return []
        if self._search_index is None:
            self.update_search_index()  # catch up once per session (after a crash or a rebuild)
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
        """Add whatever the index lacks (all of it after a rebuild). Returns how many
        documents were added. The UI may call this off the GUI thread at start-up."""
        index = self._index()
        if index.needs_rebuild:
            index.clear()
        have_highlights = index.highlight_ids()
        added = 0
        for article_id in sorted(self.storage.meta.article_ids() - index.article_ids()):
            try:
                article = self.storage.meta.get_article(article_id)
            except ReaderError:
                continue
            version = self.storage.content.get_version(article.id) if article.content_version else None
            if version is not None:
                body, captions = _texts(version.content)
            else:
                body, captions = article.summary, ""
            index.add_article(article.id, article.title, body, captions, article.feed_id)
            added += 1
        for h in self.storage.user.get_highlights():
            if h.id not in have_highlights:
                index.add_highlight(h.id, h.article_id, h.quote.exact, h.note, h.tags)
                added += 1
        if added:
            self._flush_index()
        return added

    def _flush_index(self) -> None:
        if self.readonly and self._search_tmp is None:
            return
        # Derived data: a failed flush is caught up at the next start.
        with contextlib.suppress(SearchError):
            self._index().flush()

    # --- hooks called by the library --------------------------------------------------------

    def _index_content(self, article_id: str, version: ContentVersion) -> None:
        try:
            article = self.storage.meta.get_article(article_id)
        except ReaderError:
            return
        body, captions = _texts(version.content)
        self._index().add_article(article_id, article.title, body, captions, article.feed_id)

    def _index_highlights(self, highlights: Sequence[Highlight]) -> None:
        index = self._index()
        for h in highlights:
            index.add_highlight(h.id, h.article_id, h.quote.exact, h.note, h.tags)
        self._flush_index()

    def _unindex_highlight(self, highlight: Highlight) -> None:
        self._index().remove_highlight(highlight.id)
        self._flush_index()

    def _unindex_articles(self, article_ids: list[str]) -> None:
        if self._search_index is None:
            return
        for aid in article_ids:
            self._search_index.remove_article(aid)
        self._flush_index()

    def _close_search(self) -> None:
        if self._search_index is not None:
            self._flush_index()
            self._search_index.close()
            self._search_index = None
        if self._search_tmp is not None:
            shutil.rmtree(self._search_tmp, ignore_errors=True)
            self._search_tmp = None
