"""The facade: the one object the desktop app and the command line both use.

A :class:`Library` owns one storage (the TinyDB files of a data dir), the single-writer lock, an HTTP client, an event
bus (:mod:`reader.events`) and the services that do the work (feeds, articles, refreshing, annotations, search,
retention, sync); its public methods are thin delegates to them, as lemon24's ``Reader`` is over its parts. Every write
publishes what it changed on the bus, and the index and the journal listen there.

Every method returns frozen dataclasses from :mod:`reader.types` and raises only :class:`reader.errors.ReaderError`
subclasses. A batch refresh returns each feed's error as a value. Exporting and importing are imported when used."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, Unpack

from .annotating import AnnotationService
from .annotations import NotebookPage, NotebookQuery, PageArgs, Palette
from .articles import ArticleService
from .errors import StorageError
from .events import EventBus
from .paths import resolve_data_dir
from .refreshing import RefreshService, find_extractor
from .retention import RetentionService
from .search import SearchHit
from .searching import SearchService
from .settings import Settings
from .storage.atomic import require_folder
from .storage.lock import LibraryLock
from .storage.protocol import Storage
from .storage.tiny import TinyStorage
from .subscriptions import DEFAULT_FEEDS, SAMPLE_FEED_URL, FeedService, OpmlImport, check_feed_url, new_feed_id
from .sync.types import SyncAccount, SyncResult, SyncStatus
from .syncing import LibraryParts, SyncService
from .types import (
    Article,
    ArticleFilter,
    ContentVersion,
    DiscoveredFeed,
    Feed,
    FeedUpdateResult,
    Highlight,
    RefreshProgress,
)

if TYPE_CHECKING:
    from .annotations.export import ExportItem
    from .notes_import import NotesImportReport

__all__ = ["DEFAULT_FEEDS", "SAMPLE_FEED_URL", "Library", "OpmlImport", "check_feed_url", "new_feed_id"]


class Library:
    """A Gloss library. Open with :meth:`open`."""

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
        self._write_lock = threading.RLock()
        self._http: Any = None
        self._closing = threading.Lock()  # close() and warm_up(): no index opened after close
        self._closed = False
        #: Every write publishes here (see :mod:`reader.events`); subscribe to follow changes.
        self.events = EventBus()
        # Dispatch is in subscription order: a new text re-anchors highlights (publishing them), then is indexed.
        self._annotations = AnnotationService(storage, self.events, self._write_lock)
        self._search = SearchService(
            storage, self.events, data_dir=data_dir, readonly=readonly, is_closed=lambda: self._closed
        )
        self._feeds = FeedService(storage, self.events, self._write_lock, lambda: self.http)
        self._articles = ArticleService(storage, self.events, self._write_lock, find_extractor)
        self._refreshing = RefreshService(
            storage,
            self.events,
            http=lambda: self.http,
            settings=self.settings,
            on_content=self._articles.content_stored,
        )
        self._retention = RetentionService(storage, self.events, self._write_lock, self.settings)
        parts = LibraryParts(
            refresher=self._refreshing.refresher,
            refresh=self.refresh,
            unsubscribe=self.unsubscribe,
            feeds=self.feeds,
            retention_days=lambda: self.settings().retention_days,
        )
        self._sync = SyncService(storage, self.events, parts, data_dir=data_dir, readonly=readonly)

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, readonly: bool = False, first_run: bool = True) -> Library:
        """Open (creating if needed) the library in ``data_dir`` (see :mod:`reader.paths`).

        Takes the single-writer lock unless ``readonly``; raises ``LibraryLockedError`` when another
        Gloss holds it. On the very first open, subscribes to the default feeds and reads the
        bundled sample feed (no network needed)."""
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

    def close(self) -> None:
        with self._closing:  # first: a warm_up() on a pool thread then opens nothing more
            self._closed = True
        self._refreshing.close()
        self._search.close()
        if self._http is not None:
            self._http.close()
            self._http = None
        self.storage.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:  # whatever ended the block, the library closes
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
        sample = self._feeds.subscribe_defaults()
        if sample is not None:
            self.refresh([sample.id])
        self.update_settings(first_run_done=True)

    # --- feeds (FeedService) -------------------------------------------------------------------

    def feeds(self, *, include_unsubscribed: bool = False) -> list[Feed]:
        """Subscribed feeds (all, with ``include_unsubscribed``), by folder then title."""
        return self._feeds.feeds(include_unsubscribed=include_unsubscribed)

    def feed(self, feed_id: str) -> Feed:
        """Raises FeedNotFoundError."""
        return self._feeds.feed(feed_id)

    def folders(self) -> list[str]:
        """Folder names in the user's order (empty ones too), then any only a feed names."""
        return self._feeds.folders()

    def discover(self, url: str) -> list[DiscoveredFeed]:
        """Feeds at ``url``: itself if a feed, else those its page links to or common paths hold; DiscoveryError."""
        return self._feeds.discover(url)

    def add_feed(self, url: str, *, folder: str | None = None, title: str = "", discover: bool = False) -> Feed:
        """Subscribe to ``url``. With ``discover``, a site URL is resolved to its (first)
        feed first; the UI shows the choices itself via :meth:`discover`."""
        return self._feeds.add_feed(url, folder=folder, title=title, discover=discover)

    def rename_feed(self, feed_id: str, title: str) -> Feed:
        return self._feeds.rename_feed(feed_id, title)

    def set_feed_url(self, feed_id: str, url: str) -> Feed:
        """A feed's new address (its articles stay); raises FeedExistsError or FetchError."""
        return self._feeds.set_feed_url(feed_id, url)

    def move_feed(self, feed_id: str, folder: str | None) -> Feed:
        return self._feeds.move_feed(feed_id, folder)

    def add_folder(self, name: str) -> None:
        self._feeds.add_folder(name)

    def rename_folder(self, old: str, new: str) -> None:
        self._feeds.rename_folder(old, new)

    def remove_folder(self, name: str) -> None:
        """Remove a folder; its feeds move to the top level (nothing is unsubscribed)."""
        self._feeds.rename_folder(name, "")

    def unsubscribe(self, feed_id: str) -> int:
        """Stop following a feed. Its starred and annotated articles are kept (with the feed record,
        hidden, for their provenance); the rest are deleted. Returns how many were kept."""
        return self._feeds.unsubscribe(feed_id)

    def import_opml(self, data: bytes) -> list[Feed]:
        """Subscribe to every feed of an OPML file; returns the feeds added (see :meth:`import_opml_report`)."""
        return self._feeds.import_opml(data).added

    def import_opml_report(self, data: bytes) -> OpmlImport:
        """Subscribe to every feed of an OPML file, saying what was skipped (see :meth:`FeedService.import_opml`)."""
        return self._feeds.import_opml(data)

    def export_opml(self) -> bytes:
        return self._feeds.export_opml()

    # --- refreshing ------------------------------------------------------------------------------

    def refresh(
        self,
        feed_ids: Sequence[str] | None = None,
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        spare_this_process: bool = False,
    ) -> list[FeedUpdateResult]:
        """Refresh some or all subscribed feeds. One result per feed, errors as values (see
        :meth:`RefreshService.refresh` for ``spare_this_process``)."""
        if self.data_dir is not None:
            require_folder(self.data_dir)  # nothing fetched for a library that is not there
        feeds = [self.feed(fid) for fid in feed_ids] if feed_ids is not None else self.feeds()
        feeds = self._sync.not_synced(feeds)  # with a sync account, the server reads the feeds it has
        return self._refreshing.refresh(feeds, progress=progress, cancel=cancel, spare_this_process=spare_this_process)

    @property
    def closed(self) -> bool:
        return self._closed

    def warm_up(self) -> None:
        """Start the refresh's parsing processes, load the search index and the highlights, bring the notebook's
        timeline up to date, now (~0.7 s at 500k): for a window's pool thread while the user reads; not once closed."""
        if self.closed:
            return
        self._refreshing.start_workers(len(self.feeds()))  # if there are feeds enough to use them
        with self._closing:  # close() takes this lock too: never open the index after it
            if not self.closed:
                self._search.open()
                self.storage.user.warm_up()  # the timeline (written again first if behind), the highlights

    # --- articles (ArticleService) ---------------------------------------------------------------

    def articles(self, flt: ArticleFilter | None = None, **kwargs: Any) -> list[Article]:
        """Articles, newest first by default. Pass an :class:`ArticleFilter` or its fields."""
        if kwargs.get("feed_ids") is not None:
            kwargs["feed_ids"] = frozenset(kwargs["feed_ids"])
        return self.storage.meta.query_articles(flt or ArticleFilter(**kwargs))

    def article(self, article_id: str) -> Article:
        """The article; an id from before ids became lasting ones (an old ``gloss://open/`` link) finds it too."""
        return self._articles.article(article_id)

    def resolve_article_id(self, article_id: str) -> str:
        """``article_id`` under the feed id its feed has now (see :meth:`article`)."""
        return self._articles.resolve_article_id(article_id)

    def counts(self) -> dict[str, tuple[int, int]]:
        """(unread, total) per feed id."""
        return self.storage.meta.article_counts()

    def list_rebuild_bytes(self) -> int:
        """What the article list must read before it answers (its index rebuilt): feed files' bytes; 0: none."""
        return self.storage.meta.list_rebuild_bytes()

    def starred_count(self) -> int:
        """How many articles are starred, in every feed."""
        return self.storage.meta.starred_count()

    def mark_read(self, article_id: str, read: bool = True) -> Article:
        return self._articles.mark_read(article_id, read)

    def mark_starred(self, article_id: str, starred: bool = True) -> Article:
        return self._articles.mark_starred(article_id, starred)

    def mark_all_read(self, article_ids: Iterable[str]) -> int:
        return self._articles.mark_all_read(article_ids)

    def content(self, article_id: str, version: int | None = None) -> ContentVersion | None:
        """The extracted content (latest version by default), or None if there is none yet."""
        return self.storage.content.get_version(article_id, version)

    def feed_html(self, article_id: str) -> str | None:
        return self.storage.content.get_feed_html(article_id)

    def image(self, article_id: str, url: str) -> tuple[bytes, str] | None:
        return self.storage.content.get_image(article_id, url)

    def store_content(self, article_id: str, content: Any, *, source: str = "page") -> ContentVersion | None:
        """Store extracted content as a new version if its text changed; returns it (or None
        when unchanged). Publishes :class:`reader.events.ContentStored` (re-anchoring, search)."""
        return self._articles.store_content(article_id, content, source=source)

    def reextract(self, article_ids: Iterable[str] | None = None) -> tuple[int, int]:
        """Re-run the extractor over stored pages (no network). Returns (checked, changed)."""
        return self._articles.reextract(article_ids)

    # --- highlights and notes (AnnotationService) ----------------------------------------------

    def palette(self) -> Palette:
        """The highlight colours (the defaults when none was saved, or the saved one is damaged)."""
        return self._annotations.palette()

    def set_palette(self, palette: Palette) -> None:
        self._annotations.set_palette(palette)

    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        """One article's highlights in reading order, or all of them (newest first)."""
        return self._annotations.highlights(article_id)

    def highlight(self, highlight_id: str) -> Highlight:
        """Raises HighlightNotFoundError."""
        return self._annotations.highlight(highlight_id)

    def notebook(self, query: NotebookQuery | None = None) -> list[Highlight]:
        """Highlights across all articles, filtered (feed, colour, tag, text, dates) and ordered."""
        return self._annotations.notebook(query)

    def notebook_page(self, query: NotebookQuery | None = None, **page: Unpack[PageArgs]) -> NotebookPage:
        """:meth:`notebook` a page at a time, newest first, reading what the page needs (AnnotationService)."""
        return self._annotations.notebook_page(query, **page)

    def annotated_article_ids(self) -> set[str]:
        """Articles that have at least one highlight (the "Annotated" smart view)."""
        return self._annotations.annotated_article_ids()

    def tags(self) -> list[str]:
        """Every tag in use, for completion."""
        return self._annotations.tags()

    def add_highlight(
        self,
        article_id: str,
        part: str,
        start: int,
        end: int,
        *,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight ``part``'s text from ``start`` to ``end`` (offsets in the part). Durable on return."""
        return self._annotations.add_highlight(article_id, part, start, end, color=color, note=note, tags=tags)

    def highlight_quote(
        self,
        article_id: str,
        quote: str,
        *,
        part: str | None = None,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight the first occurrence of ``quote`` (for scripts: ``gloss highlight``)."""
        return self._annotations.highlight_quote(article_id, quote, part=part, color=color, note=note, tags=tags)

    def update_highlight(
        self,
        highlight_id: str,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change a highlight's note, colour or tags. Durable on return."""
        return self._annotations.update_highlight(highlight_id, note=note, color=color, tags=tags)

    def delete_highlight(self, highlight_id: str) -> Highlight:
        """Delete and return it, so the caller can offer Undo (:meth:`restore_highlight`)."""
        return self._annotations.delete_highlight(highlight_id)

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a deleted highlight exactly as it was (Undo)."""
        self._annotations.restore_highlight(highlight)

    def export_items(
        self, *, article_ids: Sequence[str] | None = None, highlight_ids: Sequence[str] | None = None
    ) -> list[ExportItem]:
        """What to export: given articles' highlights, given highlights, or (neither) all."""
        return self._annotations.export_items(article_ids=article_ids, highlight_ids=highlight_ids)

    def export_text(self, fmt: str, items: Sequence[ExportItem]) -> str:
        """The export as one text (a key of :data:`reader.annotations.export.EXPORT_FORMATS`)."""
        return self._annotations.export_text(fmt, items)

    def export(
        self, fmt: str, path: str | Path, items: Sequence[ExportItem], *, per_article: bool = False
    ) -> list[Path]:
        """Write an export (atomically; ``per_article``: a folder, a Markdown file an article); returns the files."""
        return self._annotations.export(fmt, path, items, per_article=per_article)

    def export_notices(self, fmt: str, items: Sequence[ExportItem]) -> list[str]:
        """What an export changed to suit the tool it is for, in words (for the user)."""
        return self._annotations.export_notices(fmt, items)

    def import_annotations(self, data: bytes) -> NotesImportReport:
        """Import notes from a W3C, Hypothesis or Readwise file; a malformed file imports nothing."""
        return self._annotations.import_annotations(data)

    def import_notes(self, data: bytes) -> int:
        """:meth:`import_annotations`, returning how many highlights were imported or updated."""
        return self._annotations.import_notes(data)

    # --- search (SearchService) ------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles (titles, bodies, captions) and highlights (quotes, notes, tags) matching
        ``query``, best first, with snippets. Indexes what is pending first."""
        return self._search.search(query, limit=limit)

    def update_search_index(self) -> int:
        """Index what is pending; returns how many documents were added (SearchService.update_index)."""
        return self._search.update_index()

    @property
    def search_index_is_current(self) -> bool:
        """False when articles wait to be indexed (the UI may then index in the background)."""
        return self._search.is_current

    # --- retention (RetentionService) ------------------------------------------------------------

    def prunable(self, now: datetime | None = None) -> Sequence[Article]:
        """What :meth:`prune` would delete now: first seen over ``retention_days`` ago, not starred or annotated."""
        return self._retention.prunable(now)

    def prune(self, now: datetime | None = None, *, articles: Sequence[Article] | None = None) -> int:
        """Delete :meth:`prunable` articles (those of them in ``articles``, if given); returns how many."""
        return self._retention.prune(now, articles=articles)

    # --- sync (SyncService) ----------------------------------------------------------------------

    def sync_account(self) -> SyncAccount | None:
        """The account this library syncs with, or None."""
        return self._sync.account()

    def add_sync_account(self, server_url: str, user: str, password: str) -> tuple[SyncAccount, str | None]:
        """Sign in at ``server_url`` and keep the account (see :meth:`SyncService.add_account`)."""
        return self._sync.add_account(server_url, user, password)

    def remove_sync_account(self) -> None:
        """Forget the account (see :meth:`SyncService.remove_account`); nothing else is removed."""
        self._sync.remove_account()

    def sync_status(self) -> SyncStatus:
        return self._sync.status()

    def sync(
        self,
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        refresh_local: bool = True,
    ) -> SyncResult:
        """Sync with the account's server, then refresh the feeds it lacks (see :meth:`SyncService.sync`)."""
        return self._sync.sync(progress=progress, cancel=cancel, refresh_local=refresh_local)

    def synced_feed_ids(self) -> set[str]:
        """The feeds read through the sync server (empty without an account)."""
        return self._sync.synced_feed_ids()
