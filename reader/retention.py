"""Retention: deleting old articles (:class:`RetentionService`, owned by
:class:`reader.library.Library`), published as :class:`reader.events.ArticlesRemoved`.

An article's age is counted from when Gloss first saw it (``Article.added``), never from its
publish date: a feed that adds an article today with a date of last year (an archive, a
re-published story, a wrong clock) gives the reader a new article, which stays its full
retention time. Starred and annotated articles are kept forever, with their content.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, overload

from .events import ArticlesRemoved, EventBus
from .settings import Settings
from .storage.protocol import Storage
from .storage.records import article_from_record
from .types import Article, dt_from_str, dt_to_str, utcnow


class Prunable(Sequence[Article]):
    """What retention would delete, oldest first: a sequence of Articles, each made from its
    stored record only when it is looked at (at 500,000 articles most may be past the
    retention time, and ``gloss prune`` shows 20 of them)."""

    def __init__(self, records: list[Mapping[str, Any]]) -> None:
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, i: int) -> Article: ...

    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...

    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [article_from_record(d) for d in self.records[i]]
        return article_from_record(self.records[i])

    def ids(self) -> set[str]:
        """The ids of these articles (no Article made)."""
        return {str(d["id"]) for d in self.records}


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

    def prunable(self, now: datetime | None = None) -> Prunable:
        """The articles :meth:`prune` would delete now, oldest first: first seen more than
        ``retention_days`` ago, neither starred nor annotated. Only the records first seen
        about that long ago are read (the store skips the rest), and an Article is made of one
        only when it is looked at."""
        cutoff = (now or utcnow()) - timedelta(days=self._settings().retention_days)
        # The stored strings (ISO 8601, UTC) sort as their dates: a day either side of the cutoff
        # each date is read exactly (a record's "added" written with another offset or precision
        # is still judged right), and the 400,000 well before it are not parsed at all.
        bound, sure = dt_to_str(cutoff + timedelta(days=1)) or "", dt_to_str(cutoff - timedelta(days=1)) or ""
        old = []
        for doc in self.storage.meta.records_added_before(bound):
            if doc.get("starred"):
                continue
            added = str(doc.get("added") or "")
            if (added and added < sure) or ((when := dt_from_str(added)) is not None and when < cutoff):
                old.append((added, str(doc["id"]), doc))
        # Annotated ones are kept: asked about what was found (a daily pass: a day's articles),
        # not by reading every highlight.
        keep = self.storage.user.annotated_among(str(doc["id"]) for _a, _i, doc in old) if old else set()
        old = [entry for entry in old if entry[1] not in keep]
        old.sort(key=itemgetter(0, 1))  # oldest first (the strings sort as the dates)
        return Prunable([doc for _added, _id, doc in old])

    def prune(self, now: datetime | None = None, *, articles: Sequence[Article] | None = None) -> int:
        """Delete :meth:`prunable` articles (or those of them in ``articles``, the ones a user
        was shown); returns how many were deleted."""
        chosen = self.prunable(now).records
        if articles is not None:
            wanted = {a.id for a in articles} if not isinstance(articles, Prunable) else articles.ids()
            chosen = [d for d in chosen if d["id"] in wanted]
        with self._write_lock:
            # What is deleted is asked of the highlights themselves, not of the timeline's
            # counts that found it: an annotated article keeps its text whatever a derived
            # file says (a highlight saved since, a count file gone wrong).
            keep = self.storage.user.annotated_among((str(d["id"]) for d in chosen), from_shards=True)
            chosen = [d for d in chosen if str(d["id"]) not in keep]
            by_feed: dict[str, list[str]] = {}
            for d in chosen:
                by_feed.setdefault(str(d["feed_id"]), []).append(str(d["id"]))
            for feed_id, ids in by_feed.items():
                self.storage.meta.delete_articles(feed_id, ids)
                self.storage.content.delete_articles(ids)
                self._bus.publish(ArticlesRemoved(tuple(ids)))
        return len(chosen)
