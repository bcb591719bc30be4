"""An in-memory implementation of the storage Protocol, for tests and throwaway libraries.

It keeps the same semantics as the TinyDB one (not-found errors, versions never
overwritten, highlights kept apart) so a test of the facade means the same on both.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..catalog import count, select
from ..errors import ArticleNotFoundError, FeedNotFoundError, HighlightNotFoundError, StorageError
from ..types import Article, ArticleFilter, ContentVersion, Feed, Highlight
from .records import article_to_record


class MemoryMetadataStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._feeds: dict[str, Feed] = {}
        self._folders: list[str] = []
        self._articles: dict[str, dict[str, Article]] = {}

    def get_feeds(self) -> list[Feed]:
        with self._lock:
            return list(self._feeds.values())

    def get_feed(self, feed_id: str) -> Feed:
        with self._lock:
            try:
                return self._feeds[feed_id]
            except KeyError:
                raise FeedNotFoundError(f"There is no feed with the id {feed_id!r}.") from None

    def put_feed(self, feed: Feed) -> None:
        with self._lock:
            self._feeds[feed.id] = feed

    def put_feeds(self, feeds: Sequence[Feed]) -> None:
        with self._lock:
            for feed in feeds:
                self._feeds[feed.id] = feed

    def update_feeds(self, updater: Callable[[Mapping[str, Feed]], Sequence[Feed]]) -> list[Feed]:
        with self._lock:
            changed = list(updater(dict(self._feeds)))
            self.put_feeds(changed)
            return changed

    def update_articles(
        self, feed_id: str, updater: Callable[[Mapping[str, Article]], Sequence[Article]]
    ) -> list[Article]:
        with self._lock:
            self.get_feed(feed_id)  # a feed deleted meanwhile gets no articles back
            changed = list(updater(dict(self._articles.get(feed_id, {}))))
            self.put_articles(feed_id, changed)
            return changed

    def delete_feed(self, feed_id: str) -> None:
        with self._lock:
            self._feeds.pop(feed_id, None)
            self._articles.pop(feed_id, None)

    def get_aliases(self) -> dict[str, str]:
        return {}

    def get_folders(self) -> list[str]:
        with self._lock:
            return list(self._folders)

    def set_folders(self, folders: Sequence[str]) -> None:
        with self._lock:
            self._folders = list(folders)

    def iter_articles(self, feed_id: str | None = None) -> Iterator[Article]:
        with self._lock:
            if feed_id is not None:
                items = list(self._articles.get(feed_id, {}).values())
            else:
                items = [a for shard in self._articles.values() for a in shard.values()]
        yield from items

    def get_article(self, article_id: str) -> Article:
        with self._lock:
            for shard in self._articles.values():
                if article_id in shard:
                    return shard[article_id]
        raise ArticleNotFoundError(f"There is no article with the id {article_id!r}.")

    def query_articles(self, flt: ArticleFilter) -> list[Article]:
        by_id = {a.id: a for a in self.iter_articles()}
        titles = {f.id: f.display_title for f in self.get_feeds()}
        chosen = select([article_to_record(a) for a in by_id.values()], flt, lambda fid: titles.get(fid, ""))
        return [by_id[d["id"]] for d in chosen]

    def article_counts(self) -> dict[str, tuple[int, int]]:
        return count(article_to_record(a) for a in self.iter_articles())

    def starred_count(self) -> int:
        return sum(a.starred for a in self.iter_articles())

    def article_ids(self) -> set[str]:
        return {a.id for a in self.iter_articles()}

    def put_articles(self, feed_id: str, articles: Sequence[Article]) -> None:
        with self._lock:
            shard = self._articles.setdefault(feed_id, {})
            for a in articles:
                if a.feed_id != feed_id:
                    raise StorageError(f"Article {a.id} does not belong to feed {feed_id}.")
                shard[a.id] = a

    def delete_articles(self, feed_id: str, article_ids: Iterable[str]) -> None:
        with self._lock:
            shard = self._articles.get(feed_id, {})
            for aid in article_ids:
                shard.pop(aid, None)

    def set_flags(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Article:
        with self._lock:
            article = self.get_article(article_id)
            changes: dict[str, Any] = {}
            if read is not None:
                changes["read"] = read
            if starred is not None:
                changes["starred"] = starred
            updated = replace(article, **changes)
            self._articles[article.feed_id][article_id] = updated
            return updated

    def set_read_many(self, article_ids: Iterable[str], read: bool) -> int:
        changed = 0
        with self._lock:
            for aid in article_ids:
                if self.get_article(aid).read != read:
                    self.set_flags(aid, read=read)
                    changed += 1
        return changed


class MemoryContentStore:
    def __init__(self) -> None:
        self._raw: dict[str, tuple[bytes, str]] = {}
        self._feed_html: dict[str, str] = {}
        self._versions: dict[str, dict[int, ContentVersion]] = {}
        self._images: dict[tuple[str, str], tuple[bytes, str]] = {}

    def put_raw(self, article_id: str, html: bytes, url: str) -> None:
        self._raw[article_id] = (html, url)

    def get_raw(self, article_id: str) -> tuple[bytes, str] | None:
        return self._raw.get(article_id)

    def put_feed_html(self, article_id: str, html: str) -> None:
        self._feed_html[article_id] = html

    def put_feed_html_many(self, feed_id: str, items: Mapping[str, str]) -> None:
        self._feed_html.update(items)

    def get_feed_html(self, article_id: str) -> str | None:
        return self._feed_html.get(article_id)

    def put_version(self, version: ContentVersion) -> None:
        versions = self._versions.setdefault(version.article_id, {})
        if version.version in versions:
            raise StorageError(f"Version {version.version} of {version.article_id} is already stored.")
        versions[version.version] = version

    def get_version(self, article_id: str, version: int | None = None) -> ContentVersion | None:
        versions = self._versions.get(article_id, {})
        if not versions:
            return None
        return versions.get(max(versions) if version is None else version)

    def list_versions(self, article_id: str) -> list[int]:
        return sorted(self._versions.get(article_id, {}))

    def put_image(self, article_id: str, url: str, data: bytes, content_type: str) -> None:
        self._images[(article_id, url)] = (data, content_type)

    def get_image(self, article_id: str, url: str) -> tuple[bytes, str] | None:
        return self._images.get((article_id, url))

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        for aid in article_ids:
            self.delete_article(aid)

    def delete_article(self, article_id: str) -> None:
        self._raw.pop(article_id, None)
        self._feed_html.pop(article_id, None)
        self._versions.pop(article_id, None)
        for key in [k for k in self._images if k[0] == article_id]:
            del self._images[key]

    def article_ids(self) -> Iterator[str]:
        yield from set(self._raw) | set(self._feed_html) | set(self._versions)


class MemoryUserStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._highlights: dict[str, Highlight] = {}
        self._settings: dict[str, Any] = {}

    def get_highlights(self, article_id: str | None = None) -> list[Highlight]:
        with self._lock:
            return [h for h in self._highlights.values() if article_id is None or h.article_id == article_id]

    def get_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            try:
                return self._highlights[highlight_id]
            except KeyError:
                raise HighlightNotFoundError(f"There is no highlight with the id {highlight_id!r}.") from None

    def put_highlight(self, highlight: Highlight) -> None:
        self.put_highlights([highlight])

    def put_highlights(self, highlights: Sequence[Highlight]) -> None:
        with self._lock:
            for h in highlights:
                self._highlights[h.id] = h

    def delete_highlight(self, highlight_id: str) -> Highlight:
        with self._lock:
            highlight = self.get_highlight(highlight_id)
            del self._highlights[highlight_id]
            return highlight

    def annotated_article_ids(self) -> set[str]:
        with self._lock:
            return {h.article_id for h in self._highlights.values()}

    def get_settings(self) -> dict[str, Any]:
        return dict(self._settings)

    def put_settings(self, settings: dict[str, Any]) -> None:
        self._settings = dict(settings)


class MemoryStorage:
    """All three stores in memory; nothing survives ``close``."""

    def __init__(self) -> None:
        self.meta = MemoryMetadataStore()
        self.content = MemoryContentStore()
        self.user = MemoryUserStore()

    @property
    def notices(self) -> list[str]:
        return []

    def close(self) -> None:
        pass
