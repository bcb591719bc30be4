"""The facade: the one object the desktop app and the command line both use.

A :class:`Library` owns one storage (the TinyDB data dir, or memory for tests), the
single-writer lock and an HTTP client. Every method returns frozen
dataclasses from :mod:`reader.types` and raises only :class:`reader.errors.ReaderError`
subclasses. A batch refresh returns each feed's error as a value.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from .annotating import Annotating
from .errors import ArticleNotFoundError, FeedExistsError, FetchError, ReaderError, StorageError
from .identity import feed_id_for
from .paths import resolve_data_dir
from .retention import Retention
from .searching import Searching
from .settings import Settings
from .storage.lock import LibraryLock
from .storage.memory import MemoryStorage
from .storage.protocol import Storage
from .storage.tiny import TinyStorage
from .syncing import Syncing
from .types import (
    Article,
    ArticleFilter,
    ContentVersion,
    DiscoveredFeed,
    Feed,
    FeedUpdateResult,
    Highlight,
    RefreshProgress,
    utcnow,
)
from .urlnorm import normalize_url

if TYPE_CHECKING:
    from .feeds.refresh import Refresher

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


class Library(Annotating, Searching, Retention, Syncing):
    """A Gloss library. Open with :meth:`open` (on disk) or :meth:`in_memory` (tests)."""

    def __init__(
        self,
        storage: Storage,
        *,
        data_dir: Path | None = None,
        lock: LibraryLock | None = None,
        readonly: bool = False,
    ) -> None:
        self.storage = storage
        self.data_dir = data_dir
        self.readonly = readonly
        self._lock = lock
        # The metadata store (the name is kept for callers that list and put articles).
        self.catalog = storage.meta
        self._write_lock = threading.RLock()
        self._http: Any = None
        self._extras: dict[str, Any] = {}
        self._parse_pool: Any = None  # reader.feeds.pool.ParsePool, kept for a GUI's refreshes
        self._pool_lock = threading.Lock()
        self._closed = False
        self._content_hooks: list[Callable[[str, ContentVersion], object]] = []
        self._content_hooks.append(lambda article_id, version: self.reanchor_article(article_id, version))
        self._content_hooks.append(self._index_content)
        self._search_lock = threading.RLock()
        self._search_pending: set[str] = set()
        self._search_pending_highlights: set[str] = set()
        self._search_caught_up = False

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, readonly: bool = False, first_run: bool = True) -> Library:
        """Open (creating if needed) the library in ``data_dir`` (see :mod:`reader.paths`).

        Takes the single-writer lock unless ``readonly``; raises ``LibraryLockedError`` when
        another Gloss holds it. On the very first open, subscribes to the default feeds
        and reads the bundled sample feed (no network needed).
        """
        root = resolve_data_dir(data_dir)
        is_new = not (root / "library.json").exists()
        lock = None
        if not readonly:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"Could not create the library folder {root}: {exc.strerror}.") from exc
            lock = LibraryLock(root)
            lock.acquire()
        try:
            library = cls(TinyStorage(root, readonly=readonly), data_dir=root, lock=lock, readonly=readonly)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if is_new and not readonly:
            library.storage.meta.set_folders([])  # creates library.json: the library exists now
            if first_run:
                library.ensure_first_run()
        return library

    @classmethod
    def in_memory(cls) -> Library:
        return cls(MemoryStorage())

    def close(self) -> None:
        with self._pool_lock:  # first: a warm_up() on a pool thread then opens nothing more
            pool, self._parse_pool, self._closed = self._parse_pool, None, True
        self._close_search()
        for extra in self._extras.values():
            close = getattr(extra, "close", None)
            if callable(close):
                close()
        self._extras.clear()
        if pool is not None:
            pool.close()
        if self._http is not None:
            self._http.close()
            self._http = None
        self.storage.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def notices(self) -> list[str]:
        """Plain-language notes about what happened on open (e.g. a file restored from backup)."""
        return self.storage.notices

    @property
    def http(self) -> Any:
        """The shared HTTP client (created on first use, so opening stays fast)."""
        if self._http is None:
            from .feeds.http import HttpClient

            self._http = HttpClient()
        return self._http

    def set_http(self, client: Any) -> None:
        """Use another HTTP client (tests use short timeouts)."""
        if self._http is not None:
            self._http.close()
        self._http = client

    # --- settings ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        return Settings.from_dict(self.storage.user.get_settings())

    def update_settings(self, **changes: Any) -> Settings:
        with self._write_lock:
            updated = replace(self.settings(), **changes).validated()
            self.storage.user.put_settings(updated.to_dict())
            return updated

    def ensure_first_run(self) -> None:
        """Subscribe to the defaults and read the bundled sample, once per library."""
        if self.settings().first_run_done:
            return
        known = {f.url for f in self.storage.meta.get_feeds()}
        sample: Feed | None = None
        for url, title, folder in DEFAULT_FEEDS:
            if url not in known:
                feed = self._put_new_feed(url, title=title, folder=folder)
                if url == SAMPLE_FEED_URL:
                    sample = feed
        if sample is not None:
            self.refresh([sample.id])
        self.update_settings(first_run_done=True)

    # --- feeds -----------------------------------------------------------------------------------

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

    def _put_new_feed(
        self, url: str, *, title: str = "", folder: str | None = None, site_url: str | None = None
    ) -> Feed:
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
            if folder and folder not in self.storage.meta.get_folders():
                self.storage.meta.set_folders([*self.storage.meta.get_folders(), folder])
            return feed

    def discover(self, url: str) -> list[DiscoveredFeed]:
        """Feeds found at ``url``: the URL itself if it is a feed, else the feeds a site
        page links to (or that live at common paths). Raises DiscoveryError when none."""
        from .feeds.discover import discover

        return list(discover(self.http, check_feed_url(url)))

    def add_feed(self, url: str, *, folder: str | None = None, title: str = "", discover: bool = False) -> Feed:
        """Subscribe to ``url``. With ``discover``, a site URL is resolved to its (first)
        feed first; the UI shows the choices itself via :meth:`discover`."""
        url = check_feed_url(url)
        site_url = None
        if discover:
            found = self.discover(url)
            if found[0].url != url:
                site_url = url  # a page's <link title> ("Atom", "BBC feed") never names the feed
            else:
                title = title or found[0].title  # the feed's own title
            url = found[0].url
        return self._put_new_feed(url, title=title, folder=folder, site_url=site_url)

    def rename_feed(self, feed_id: str, title: str) -> Feed:
        self._journal_feeds([feed_id])  # queued for the sync server first (no-op without an account)
        with self._write_lock:
            feed = replace(self.feed(feed_id), title=title.strip())
            self.storage.meta.put_feed(feed)
            return feed

    def move_feed(self, feed_id: str, folder: str | None) -> Feed:
        self._journal_feeds([feed_id])
        with self._write_lock:
            feed = replace(self.feed(feed_id), folder=folder or None)
            self.storage.meta.put_feed(feed)
            if folder and folder not in self.storage.meta.get_folders():
                self.storage.meta.set_folders([*self.storage.meta.get_folders(), folder])
            return feed

    def add_folder(self, name: str) -> None:
        name = name.strip()
        with self._write_lock:
            if name and name not in self.storage.meta.get_folders():
                self.storage.meta.set_folders([*self.storage.meta.get_folders(), name])

    def rename_folder(self, old: str, new: str) -> None:
        new = new.strip()
        self._journal_feeds(f.id for f in self.storage.meta.get_feeds() if f.folder == old)
        with self._write_lock:
            for feed in self.storage.meta.get_feeds():
                if feed.folder == old:
                    self.storage.meta.put_feed(replace(feed, folder=new or None))
            folders = self.storage.meta.get_folders()
            self.storage.meta.set_folders([new if f == old else f for f in folders if new or f != old])

    def remove_folder(self, name: str) -> None:
        """Remove a folder; its feeds move to the top level (nothing is unsubscribed)."""
        self.rename_folder(name, "")

    def unsubscribe(self, feed_id: str) -> int:
        """Stop following a feed. Its starred and annotated articles are kept (with the feed
        record, hidden, for their provenance); the rest are deleted. Returns how many were kept."""
        with self._write_lock:
            feed = self.feed(feed_id)
            keep_ids = self.storage.user.annotated_article_ids()
            articles = list(self.catalog.iter_articles(feed_id))
            kept = [a for a in articles if a.starred or a.id in keep_ids]
            dropped = [a.id for a in articles if a not in kept]
            self.catalog.delete_articles(feed_id, dropped)
            self.storage.content.delete_articles(dropped)
            self._unindex_articles(dropped)
            if kept:
                self.storage.meta.put_feed(replace(feed, subscribed=False))
            else:
                self.catalog.delete_feed(feed_id)
            return len(kept)

    def refresh(
        self,
        feed_ids: Sequence[str] | None = None,
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        spare_this_process: bool = False,
    ) -> list[FeedUpdateResult]:
        """Refresh some or all subscribed feeds. One result per feed, errors as values.

        ``spare_this_process``: parse every feed of a big refresh in worker processes, small
        ones too (~1 ms more each), in processes kept from one refresh to the next (see
        :meth:`start_refresh_workers`), so this process's threads leave the interpreter to
        the caller's (a window's event loop waits for the GIL while a thread parses).
        """
        self._require_data_dir()  # nothing fetched for a library that is not there
        feeds = [self.feed(fid) for fid in feed_ids] if feed_ids is not None else self.feeds()
        feeds = self._not_synced(feeds)  # with a sync account, the server reads the feeds it has
        refresher = self._refresher(parse_pool=self._kept_parse_pool() if spare_this_process else None)
        results = refresher.refresh(feeds, progress=progress, cancel=cancel)
        self._after_refresh()  # search indexing is deferred (see reader.searching)
        return results

    def _refresher(self, *, parse_pool: Any = None) -> Refresher:
        """The refresh engine on this library, with the settings as they are now (a sync
        stores its new articles through it too)."""
        from .feeds.refresh import Refresher

        settings = self.settings()
        return Refresher(
            self.storage,
            self.http,
            extractor=self._extractor(),
            fetch_pages=settings.fetch_full_articles,
            download_images=settings.download_images,
            on_content=self._on_content,
            parse_pool=parse_pool,
        )

    @property
    def closed(self) -> bool:
        return self._closed

    def warm_up(self) -> None:
        """Start the refresh's parsing processes and load the search index now, so neither
        the first refresh nor the first search waits for them. For a window to call on a
        pool thread while the user reads; does nothing once the library is closed."""
        if self.closed:
            return
        self.start_refresh_workers()
        with self._pool_lock:  # close() takes this lock too: never open the index after it
            if not self.closed:
                self.open_search_index()

    def start_refresh_workers(self) -> bool:
        """Start the feed-parsing processes that ``refresh(spare_this_process=True)`` uses,
        if the library has feeds enough to use them. A window calls this while the user
        reads, so the first refresh does not begin by starting processes. Thread-safe."""
        from .feeds.refresh import POOL_MIN_FEEDS

        if len(self.feeds()) < POOL_MIN_FEEDS:
            return False
        pool = self._kept_parse_pool()
        return pool is not None and pool.start()

    def _kept_parse_pool(self) -> Any:
        from .feeds.pool import ParsePool, default_processes

        with self._pool_lock:
            if self._parse_pool is None and default_processes() and not self._closed:
                self._parse_pool = ParsePool(default_processes(), min_bytes=0)
            return self._parse_pool

    def _highlights_changed(self, highlights: Sequence[Highlight]) -> None:
        self._index_highlights(highlights)

    def _highlight_removed(self, highlight: Highlight) -> None:
        self._unindex_highlight(highlight)

    def _articles_added(self) -> None:
        self._after_refresh()

    def _extractor(self) -> Callable[[bytes, str | None], Any] | None:
        try:
            from .extract import extract
        except ImportError:  # pragma: no cover - the extractor ships with Gloss
            return None
        return extract

    def _on_content(self, article_id: str, version: ContentVersion) -> None:
        """A new content version was stored: hooks (re-anchoring, search) subscribe here."""
        for hook in list(self._content_hooks):
            hook(article_id, version)

    def import_opml(self, data: bytes) -> list[Feed]:
        """Subscribe to every feed of an OPML file; returns the feeds added (see
        :meth:`import_opml_report`, which also says which lines were skipped)."""
        return self.import_opml_report(data).added

    def import_opml_report(self, data: bytes) -> OpmlImport:
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
            folders = self.storage.meta.get_folders()
            new_folders = [f for f in (*document.folders, *(a.folder for a in added if a.folder)) if f]
            merged = list(dict.fromkeys([*folders, *new_folders]))
            if merged != folders:
                self.storage.meta.set_folders(merged)
        return OpmlImport(added, document.skipped)

    def export_opml(self) -> bytes:
        from .feeds.opml import write_opml

        return write_opml(self.feeds(), self.folders())

    # --- articles ------------------------------------------------------------------------------

    def articles(self, flt: ArticleFilter | None = None, **kwargs: Any) -> list[Article]:
        """Articles, newest first by default. Pass an :class:`ArticleFilter` or its fields."""
        if kwargs.get("feed_ids") is not None:
            kwargs["feed_ids"] = frozenset(kwargs["feed_ids"])
        return self.storage.meta.query_articles(flt or ArticleFilter(**kwargs))

    def article(self, article_id: str) -> Article:
        """The article; an id from before the library's ids became lasting ones (an old
        ``gloss://open/`` link) finds the article it named (its ``id`` is the current one)."""
        try:
            return self.catalog.get_article(article_id)
        except ArticleNotFoundError:
            current = self.resolve_article_id(article_id)
            if current == article_id:
                raise
            return self.catalog.get_article(current)

    def resolve_article_id(self, article_id: str) -> str:
        """``article_id`` under the feed id its feed has now (see :meth:`article`)."""
        feed_id, sep, rest = article_id.partition("-")
        seen = {feed_id}
        aliases = self.storage.meta.get_aliases()
        while feed_id in aliases and aliases[feed_id] not in seen:  # moved twice: follow the chain
            feed_id = aliases[feed_id]
            seen.add(feed_id)
        return f"{feed_id}{sep}{rest}" if sep else article_id

    def counts(self) -> dict[str, tuple[int, int]]:
        """(unread, total) per feed id."""
        return self.storage.meta.article_counts()

    def starred_count(self) -> int:
        """How many articles are starred, in every feed."""
        return self.storage.meta.starred_count()

    def mark_read(self, article_id: str, read: bool = True) -> Article:
        self._journal_flags([article_id], "read", read)  # queued for the sync server first
        return self.catalog.set_flags(article_id, read=read)

    def mark_starred(self, article_id: str, starred: bool = True) -> Article:
        self._journal_flags([article_id], "starred", starred)
        return self.catalog.set_flags(article_id, starred=starred)

    def mark_all_read(self, article_ids: Iterable[str]) -> int:
        ids = list(article_ids)
        self._journal_flags(ids, "read", True)
        return self.catalog.set_read_many(ids, True)

    def content(self, article_id: str, version: int | None = None) -> ContentVersion | None:
        """The extracted content (latest version by default), or None if there is none yet."""
        return self.storage.content.get_version(article_id, version)

    def feed_html(self, article_id: str) -> str | None:
        return self.storage.content.get_feed_html(article_id)

    def image(self, article_id: str, url: str) -> tuple[bytes, str] | None:
        return self.storage.content.get_image(article_id, url)

    def store_content(self, article_id: str, content: Any, *, source: str = "page") -> ContentVersion | None:
        """Store extracted content as a new version if its text changed; returns it (or None
        when unchanged). Runs the content hooks (re-anchoring, search indexing)."""
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
            self.catalog.put_articles(article.feed_id, [replace(article, content_version=version.version)])
        self._on_content(article_id, version)
        return version

    def reextract(self, article_ids: Iterable[str] | None = None) -> tuple[int, int]:
        """Re-run the extractor over stored pages (no network). Returns (checked, changed)."""
        extract = self._extractor()
        if extract is None:
            return (0, 0)
        ids = list(article_ids) if article_ids is not None else [a.id for a in self.catalog.iter_articles()]
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
        self._after_refresh()
        return checked, changed
