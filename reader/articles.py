"""Articles for the library: finding them by any id they had, their flags, their texts
(:class:`ArticleService`, owned by :class:`reader.library.Library`, which delegates to it).

Marking read or starred publishes :class:`reader.events.FlagsChanging` before the write (the
sync journal queues it); a new text publishes :class:`reader.events.ContentStored` after it
(highlights re-anchor, the search index notes it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .errors import ArticleNotFoundError, ReaderError
from .events import ArticlesAdded, ContentStored, EventBus, FlagsChanging
from .storage.protocol import Storage
from .types import Article, ContentVersion, Extractor, utcnow, with_page_date


class ArticleService:
    """The articles of one library; see :class:`reader.library.Library`. ``extractor`` gives
    the article extractor (None when it is missing)."""

    def __init__(
        self, storage: Storage, bus: EventBus, write_lock: threading.RLock, extractor: Callable[[], Extractor | None]
    ) -> None:
        self.storage = storage
        self._bus = bus
        self._write_lock = write_lock
        self._extractor = extractor

    def article(self, article_id: str) -> Article:
        """See :meth:`reader.library.Library.article`."""
        try:
            return self.storage.meta.get_article(article_id)
        except ArticleNotFoundError:
            current = self.resolve_article_id(article_id)
            if current == article_id:
                raise
            return self.storage.meta.get_article(current)

    def resolve_article_id(self, article_id: str) -> str:
        """``article_id`` under the feed id its feed has now (see :meth:`article`)."""
        feed_id, sep, rest = article_id.partition("-")
        seen = {feed_id}
        aliases = self.storage.meta.get_aliases()
        while feed_id in aliases and aliases[feed_id] not in seen:  # moved twice: follow the chain
            feed_id = aliases[feed_id]
            seen.add(feed_id)
        return f"{feed_id}{sep}{rest}" if sep else article_id

    # --- flags: journaled for the sync server before they are written ------------------------------

    def mark_read(self, article_id: str, read: bool) -> Article:
        self._bus.publish(FlagsChanging((article_id,), "read", read))
        return self.storage.meta.set_flags(article_id, read=read)

    def mark_starred(self, article_id: str, starred: bool) -> Article:
        self._bus.publish(FlagsChanging((article_id,), "starred", starred))
        return self.storage.meta.set_flags(article_id, starred=starred)

    def mark_all_read(self, article_ids: Iterable[str]) -> int:
        ids = tuple(article_ids)
        self._bus.publish(FlagsChanging(ids, "read", True))
        return self.storage.meta.set_read_many(ids, True)

    # --- texts ------------------------------------------------------------------------------------

    def content_stored(self, article_id: str, version: ContentVersion) -> None:
        """A new content version was stored (here, or by a refresh's worker thread)."""
        self._bus.publish(ContentStored(article_id, version))

    def store_content(self, article_id: str, content: Any, *, source: str = "page") -> ContentVersion | None:
        """See :meth:`reader.library.Library.store_content`."""
        with self._write_lock:
            latest = self.storage.content.get_version(article_id)
            digest = content.content_hash()
            if latest is not None and latest.content_hash == digest:
                return None
            version = ContentVersion(
                article_id=article_id,
                version=(latest.version + 1) if latest else 1,
                content=content,
                content_hash=digest,
                extracted=utcnow(),
                source="feed" if source == "feed" else "page",
            )
            self.storage.content.put_version(version)
            article = self.article(article_id)
            article = replace(article, content_version=version.version)
            if version.source == "page":
                article = with_page_date(article, getattr(content, "published", None))
            self.storage.meta.put_articles(article.feed_id, [article])
        self.content_stored(article_id, version)
        return version

    def reextract(self, article_ids: Iterable[str] | None = None) -> tuple[int, int]:
        """See :meth:`reader.library.Library.reextract`."""
        extract = self._extractor()
        if extract is None:
            return (0, 0)
        ids = list(article_ids) if article_ids is not None else [a.id for a in self.storage.meta.iter_articles()]
        checked = changed = 0
        for aid in ids:
            raw = self.storage.content.get_raw(aid)
            if raw is None:
                continue
            checked += 1
            try:
                content = extract(raw[0], raw[1])
            except ReaderError:
                continue
            if self.store_content(aid, content) is not None:
                changed += 1
        self._bus.publish(ArticlesAdded())
        return checked, changed
