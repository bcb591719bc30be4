"""Subscriptions for the library: feeds, folders, OPML (:class:`FeedService`, owned by
:class:`reader.library.Library`, which delegates to it).

Renaming or moving a feed publishes :class:`reader.events.FeedsChanging` before the write (the
sync journal queues it for the server); unsubscribing publishes
:class:`reader.events.ArticlesRemoved` for the articles it deletes (the search index drops them).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from .errors import FeedExistsError, FetchError
from .events import ArticlesRemoved, EventBus, FeedsChanging
from .identity import feed_id_for
from .storage.protocol import Storage
from .types import DiscoveredFeed, Feed
from .urlnorm import normalize_url

SAMPLE_FEED_URL = "gloss-sample:///feed.xml"
DEFAULT_FEEDS: tuple[tuple[str, str, str | None], ...] = (
    (SAMPLE_FEED_URL, "Gloss Sample News", None),
    ("https://www.voanews.com/api/zmgqoei$ii", "VOA News", "Voice of America"),
    ("https://learningenglish.voanews.com/api/zkqxyipq-$", "VOA Learning English", "Voice of America"),
)
ALLOWED_SCHEMES = ("http", "https", "gloss-sample")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)")


def new_feed_id(url: str, taken: Container[str] = ()) -> str:
    """The id of a feed subscribed at ``url``: derived from it, so the same in every library
    (see :mod:`reader.identity`); hex, no '-' (article ids are ``<feed id>-<hash>``)."""
    return feed_id_for(url, taken)


def check_feed_url(url: str) -> str:
    """Normalise a user-typed URL; refuse anything but http(s) (and our bundled scheme)."""
    url = url.strip()
    # "example.org/feed" gets https://; "javascript:..." keeps its scheme (and is refused).
    if url and not _HAS_SCHEME.match(url):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES or (parts.scheme != "gloss-sample" and not parts.netloc):
        raise FetchError(
            f"{url!r} is not a web address Gloss can subscribe to (it must start with http:// or https://).",
            url=url,
            kind="unsupported_url",
        )
    return url


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """What an OPML import did: the feeds added, and the outlines skipped or repaired, in words."""

    added: list[Feed]
    skipped: tuple[str, ...] = ()


class FeedService:
    """The feeds and folders of one library; see :class:`reader.library.Library`.
    ``http`` gives the library's HTTP client (created on first use)."""

    def __init__(self, storage: Storage, bus: EventBus, write_lock: threading.RLock, http: Callable[[], Any]) -> None:
        self.storage = storage
        self._bus = bus
        self._write_lock = write_lock
        self._http = http

    # --- reading ----------------------------------------------------------------------------------

    def feeds(self, *, include_unsubscribed: bool = False) -> list[Feed]:
        """Subscribed feeds, by folder then title."""
        feeds = [f for f in self.storage.meta.get_feeds() if include_unsubscribed or f.subscribed]
        return sorted(feeds, key=lambda f: ((f.folder or "").casefold(), f.display_title.casefold()))

    def feed(self, feed_id: str) -> Feed:
        return self.storage.meta.get_feed(feed_id)

    def folders(self) -> list[str]:
        names = list(self.storage.meta.get_folders())
        for f in self.feeds():
            if f.folder and f.folder not in names:
                names.append(f.folder)
        return names

    # --- subscribing ------------------------------------------------------------------------------

    def _add_folders(self, names: Iterable[str | None]) -> None:
        """Append the folders not yet listed, in order, in one write (the caller holds the lock)."""
        folders = self.storage.meta.get_folders()
        merged = list(dict.fromkeys([*folders, *(n for n in names if n)]))
        if merged != folders:
            self.storage.meta.set_folders(merged)

    def put_new_feed(
        self, url: str, *, title: str = "", folder: str | None = None, site_url: str | None = None
    ) -> Feed:
        """Subscribe to ``url`` as it is (a feed once unsubscribed is revived); raises
        FeedExistsError when already subscribed."""
        with self._write_lock:
            feeds = self.storage.meta.get_feeds()
            key = normalize_url(url)
            for existing in feeds:
                if existing.url == url or normalize_url(existing.url) == key:
                    if existing.subscribed:
                        raise FeedExistsError(f"You are already subscribed to {existing.display_title}.", url=url)
                    revived = replace(existing, subscribed=True, folder=folder or existing.folder)
                    self.storage.meta.put_feed(revived)
                    return revived
            feed_id = new_feed_id(url, {f.id for f in feeds})
            feed = Feed(id=feed_id, url=url, title=title, folder=folder or None, site_url=site_url)
            self.storage.meta.put_feed(feed)
            self._add_folders([folder])
            return feed

    def subscribe_defaults(self) -> Feed | None:
        """Subscribe to the :data:`DEFAULT_FEEDS` not yet here; returns the bundled sample feed
        when it was one of them (the first run reads it, with no network)."""
        known = {f.url for f in self.storage.meta.get_feeds()}
        sample: Feed | None = None
        for url, title, folder in DEFAULT_FEEDS:
            if url not in known:
                feed = self.put_new_feed(url, title=title, folder=folder)
                if url == SAMPLE_FEED_URL:
                    sample = feed
        return sample

    def discover(self, url: str) -> list[DiscoveredFeed]:
        """See :meth:`reader.library.Library.discover`."""
        from .feeds.discover import discover

        return list(discover(self._http(), check_feed_url(url)))

    def add_feed(self, url: str, *, folder: str | None = None, title: str = "", discover: bool = False) -> Feed:
        """See :meth:`reader.library.Library.add_feed`."""
        url = check_feed_url(url)
        site_url = None
        if discover:
            found = self.discover(url)
            if found[0].url != url:
                site_url = url  # a page's <link title> ("Atom", "BBC feed") never names the feed
            else:
                title = title or found[0].title  # the feed's own title
            url = found[0].url
        return self.put_new_feed(url, title=title, folder=folder, site_url=site_url)

    # --- changing ---------------------------------------------------------------------------------

    def rename_feed(self, feed_id: str, title: str) -> Feed:
        self._bus.publish(FeedsChanging((feed_id,)))
        with self._write_lock:
            feed = replace(self.feed(feed_id), title=title.strip())
            self.storage.meta.put_feed(feed)
            return feed

    def set_feed_url(self, feed_id: str, url: str) -> Feed:
        """See :meth:`reader.library.Library.set_feed_url`."""
        url = check_feed_url(url)
        self._bus.publish(FeedsChanging((feed_id,)))
        with self._write_lock:
            feed = self.feed(feed_id)
            key = normalize_url(url)
            for other in self.storage.meta.get_feeds():
                if other.id != feed_id and other.subscribed and normalize_url(other.url) == key:
                    raise FeedExistsError(f"You are already subscribed to {other.display_title} at {url}.", url=url)
            # A new address starts afresh: no caching state, no error, no wait, not gone.
            fresh = replace(
                feed, url=url, etag=None, last_modified=None, body_hash=None, last_error=None, retry_after=None
            )
            fresh = replace(fresh, dead=False)
            self.storage.meta.put_feed(fresh)
            return fresh

    def move_feed(self, feed_id: str, folder: str | None) -> Feed:
        self._bus.publish(FeedsChanging((feed_id,)))
        with self._write_lock:
            feed = replace(self.feed(feed_id), folder=folder or None)
            self.storage.meta.put_feed(feed)
            self._add_folders([folder])
            return feed

    def add_folder(self, name: str) -> None:
        with self._write_lock:
            self._add_folders([name.strip()])

    def rename_folder(self, old: str, new: str) -> None:
        new = new.strip()
        self._bus.publish(FeedsChanging(tuple(f.id for f in self.storage.meta.get_feeds() if f.folder == old)))
        with self._write_lock:
            for feed in self.storage.meta.get_feeds():
                if feed.folder == old:
                    self.storage.meta.put_feed(replace(feed, folder=new or None))
            folders = self.storage.meta.get_folders()
            self.storage.meta.set_folders([new if f == old else f for f in folders if new or f != old])

    def unsubscribe(self, feed_id: str) -> int:
        """See :meth:`reader.library.Library.unsubscribe`."""
        with self._write_lock:
            feed = self.feed(feed_id)
            keep_ids = self.storage.user.annotated_article_ids(from_shards=True)  # (what is deleted: the truth)
            articles = list(self.storage.meta.iter_articles(feed_id))
            kept = [a for a in articles if a.starred or a.id in keep_ids]
            dropped = [a.id for a in articles if a not in kept]
            self.storage.meta.delete_articles(feed_id, dropped)
            self.storage.content.delete_articles(dropped)
            self._bus.publish(ArticlesRemoved(tuple(dropped)))
            if kept:
                self.storage.meta.put_feed(replace(feed, subscribed=False))
            else:
                self.storage.meta.delete_feed(feed_id)
            return len(kept)

    # --- OPML -------------------------------------------------------------------------------------

    def import_opml(self, data: bytes) -> OpmlImport:
        """Subscribe to every feed of an OPML file (folders kept, nested ones as ``A/B``, empty
        ones too). An outline Gloss cannot subscribe to is skipped and named in ``skipped``; a file
        that is not OPML at all raises OPMLError naming the line and changes nothing. The new
        subscriptions are written in one atomic write."""
        from .feeds.opml import parse_opml_document

        document = parse_opml_document(data)
        added: list[Feed] = []
        with self._write_lock:
            feeds = self.storage.meta.get_feeds()
            existing = {normalize_url(f.url): f for f in feeds}
            taken = {f.id for f in feeds}
            for o in document.outlines:
                key = normalize_url(o.url)
                old = existing.get(key)
                if old is not None and old.subscribed:
                    continue
                if old is not None:
                    feed = replace(old, subscribed=True, folder=o.folder or old.folder)
                else:
                    feed_id = new_feed_id(o.url, taken)
                    feed = Feed(id=feed_id, url=o.url, title=o.title, folder=o.folder or None, site_url=o.site_url)
                taken.add(feed.id)
                existing[key] = feed
                added.append(feed)
            self.storage.meta.put_feeds(added)
            self._add_folders([*document.folders, *(a.folder for a in added)])
        return OpmlImport(added, document.skipped)

    def export_opml(self) -> bytes:
        from .feeds.opml import write_opml

        return write_opml(self.feeds(), self.folders())
