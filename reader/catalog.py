"""An in-memory index of article metadata in front of a :class:`MetadataStore`.

Listing "the 200 newest unread" must not parse 50,000 JSON documents each time the user
clicks a feed. The catalog loads every article once (lazily, on first use) and is kept
current because every write goes through it: it implements the same Protocol and is
what the facade and the refresh engine are given instead of the raw store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .storage.protocol import MetadataStore
from .types import Article, Feed

Order = Literal["newest", "oldest", "title", "feed"]


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What the article list shows. ``None`` means "don't care"."""

    feed_ids: frozenset[str] | None = None
    unread: bool | None = None
    starred: bool | None = None
    article_ids: frozenset[str] | None = None
    text: str = ""
    order: Order = "newest"
    limit: int | None = None


class Catalog:
    """A caching :class:`MetadataStore` with fast queries over all articles."""

    def __init__(self, store: MetadataStore) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._articles: dict[str, Article] | None = None

    def _all(self) -> dict[str, Article]:
        with self._lock:
            if self._articles is None:
                self._articles = {a.id: a for a in self._store.iter_articles()}
            return self._articles

    def _remember(self, articles: Iterable[Article]) -> None:
        with self._lock:
            if self._articles is not None:
                for a in articles:
                    self._articles[a.id] = a

    # --- queries -----------------------------------------------------------------------------

    def query(self, flt: ArticleFilter, feed_titles: Callable[[str], str] | None = None) -> list[Article]:
        """Articles matching ``flt``, sorted, at most ``flt.limit``."""
        with self._lock:
            items: Iterable[Article] = self._all().values()
            if flt.article_ids is not None:
                all_ = self._all()
                items = [all_[i] for i in flt.article_ids if i in all_]
            if flt.feed_ids is not None:
                items = [a for a in items if a.feed_id in flt.feed_ids]
            if flt.unread is not None:
                items = [a for a in items if a.read != flt.unread]
            if flt.starred is not None:
                items = [a for a in items if a.starred == flt.starred]
            if flt.text:
                needle = flt.text.casefold()
                items = [a for a in items if needle in a.title.casefold() or needle in a.summary.casefold()]
            items = list(items)
        if flt.order == "title":
            items.sort(key=lambda a: a.title.casefold())
        elif flt.order == "feed" and feed_titles is not None:
            items.sort(key=lambda a: (feed_titles(a.feed_id).casefold(), -a.date.timestamp()))
        else:
            items.sort(key=lambda a: (a.date, a.id), reverse=flt.order != "oldest")
        return items[: flt.limit] if flt.limit is not None else items

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per feed id: (unread, total)."""
        result: dict[str, tuple[int, int]] = {}
        with self._lock:
            for a in self._all().values():
                unread, total = result.get(a.feed_id, (0, 0))
                result[a.feed_id] = (unread + (not a.read), total + 1)
        return result

    def __len__(self) -> int:
        return len(self._all())

    # --- MetadataStore protocol (delegating, keeping the index current) -----------------------

    def get_feeds(self) -> list[Feed]:
        return self._store.get_feeds()

    def get_feed(self, feed_id: str) -> Feed:
        return self._store.get_feed(feed_id)

    def put_feed(self, feed: Feed) -> None:
        self._store.put_feed(feed)

    def delete_feed(self, feed_id: str) -> None:
        self._store.delete_feed(feed_id)
        with self._lock:
            if self._articles is not None:
                for aid in [a.id for a in self._articles.values() if a.feed_id == feed_id]:
                    del self._articles[aid]

    def get_folders(self) -> list[str]:
        return self._store.get_folders()

    def set_folders(self, folders: Sequence[str]) -> None:
        self._store.set_folders(folders)

    def iter_articles(self, feed_id: str | None = None) -> Iterator[Article]:
        items = list(self._all().values())
        return iter(items if feed_id is None else [a for a in items if a.feed_id == feed_id])

    def get_article(self, article_id: str) -> Article:
        with self._lock:
            if self._articles is not None and article_id in self._articles:
                return self._articles[article_id]
        return self._store.get_article(article_id)

    def put_articles(self, feed_id: str, articles: Sequence[Article]) -> None:
        with self._lock:
            self._store.put_articles(feed_id, articles)
            self._remember(articles)

    def delete_articles(self, feed_id: str, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        with self._lock:
            self._store.delete_articles(feed_id, ids)
            if self._articles is not None:
                for aid in ids:
                    self._articles.pop(aid, None)

    def set_flags(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Article:
        with self._lock:
            article = self._store.set_flags(article_id, read=read, starred=starred)
            self._remember([article])
            return article

    def set_read_many(self, article_ids: Iterable[str], read: bool) -> int:
        ids: Collection[str] = list(article_ids)
        with self._lock:
            changed = self._store.set_read_many(ids, read)
            if self._articles is not None:
                for aid in ids:
                    if aid in self._articles:
                        self._articles[aid] = replace(self._articles[aid], read=read)
            return changed
