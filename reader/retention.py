"""Retention: deleting old articles (:class:`RetentionService`, owned by
:class:`reader.library.Library`), published as :class:`reader.events.ArticlesRemoved`.

An article's age is counted from when Gloss first saw it (``Article.added``), never from its
publish date: a feed that adds an article today with a date of last year (an archive, a
re-published story, a wrong clock) gives the reader a new article, which stays its full
retention time. Starred and annotated articles are kept forever, with their content.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from .events import ArticlesRemoved, EventBus
from .settings import Settings
from .storage.protocol import Storage
from .types import Article, utcnow


class RetentionService:
    """Pruning old articles; see :class:`reader.library.Library`. ``settings`` reads the
    library's settings as they are now (``retention_days``)."""

    def __init__(
        self, storage: Storage, bus: EventBus, write_lock: threading.RLock, settings: Callable[[], Settings]
    ) -> None:
        self.storage = storage
        self._bus = bus
        self._write_lock = write_lock
        self._settings = settings

    def prunable(self, now: datetime | None = None) -> list[Article]:
        """The articles :meth:`prune` would delete now, oldest first: first seen more than
        ``retention_days`` ago, neither starred nor annotated."""
        cutoff = (now or utcnow()) - timedelta(days=self._settings().retention_days)
        keep = self.storage.user.annotated_article_ids()
        old = [a for a in self.storage.meta.iter_articles() if a.added < cutoff and not a.starred and a.id not in keep]
        return sorted(old, key=lambda a: a.added)

    def prune(self, now: datetime | None = None, *, articles: Sequence[Article] | None = None) -> int:
        """Delete :meth:`prunable` articles (or those of them in ``articles``, the ones a user
        was shown); returns how many were deleted."""
        chosen = self.prunable(now)
        if articles is not None:
            wanted = {a.id for a in articles}
            chosen = [a for a in chosen if a.id in wanted]
        by_feed: dict[str, list[str]] = {}
        for a in chosen:
            by_feed.setdefault(a.feed_id, []).append(a.id)
        with self._write_lock:
            for feed_id, ids in by_feed.items():
                self.storage.meta.delete_articles(feed_id, ids)
                self.storage.content.delete_articles(ids)
                self._bus.publish(ArticlesRemoved(tuple(ids)))
        return len(chosen)
