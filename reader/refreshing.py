"""Refreshing for the library: the refresh engine (:mod:`reader.feeds.refresh`) set up with the
library's settings, and the feed-parsing processes a window keeps between refreshes
(:class:`RefreshService`, owned by :class:`reader.library.Library`).

Every text a refresh stores is handed to ``on_content`` (from the refresh's worker threads),
which the library publishes as :class:`reader.events.ContentStored`; the end of a refresh
publishes :class:`reader.events.ArticlesAdded`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .events import ArticlesAdded, EventBus
from .settings import Settings
from .storage.protocol import Storage
from .types import ContentVersion, Extractor, Feed, FeedUpdateResult, RefreshProgress

if TYPE_CHECKING:
    from .feeds.pool import ParsePool
    from .feeds.refresh import Refresher


def find_extractor() -> Extractor | None:
    """The article extractor (imported on first use: opening a library stays fast)."""
    try:
        from .extract import extract
    except ImportError:  # pragma: no cover - the extractor ships with Gloss
        return None
    return extract


class RefreshService:
    """See :class:`reader.library.Library`. ``http`` and ``settings`` give the library's HTTP
    client and settings as they are at each refresh; ``on_content`` is told of every text stored."""

    def __init__(
        self,
        storage: Storage,
        bus: EventBus,
        *,
        http: Callable[[], Any],
        settings: Callable[[], Settings],
        on_content: Callable[[str, ContentVersion], None],
    ) -> None:
        self.storage = storage
        self._bus = bus
        self._http = http
        self._settings = settings
        self._on_content = on_content
        self._pool: ParsePool | None = None
        self._pool_lock = threading.Lock()
        self._closed = False

    def refresh(
        self,
        feeds: Sequence[Feed],
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        spare_this_process: bool = False,
    ) -> list[FeedUpdateResult]:
        """Refresh ``feeds``. One result per feed, errors as values.

        ``spare_this_process``: parse every feed of a big refresh in worker processes, small
        ones too (~1 ms more each), in processes kept from one refresh to the next (see
        :meth:`start_workers`), so this process's threads leave the interpreter to
        the caller's (a window's event loop waits for the GIL while a thread parses).
        """
        refresher = self.refresher(parse_pool=self.kept_pool() if spare_this_process else None)
        results = refresher.refresh(list(feeds), progress=progress, cancel=cancel)
        self._bus.publish(ArticlesAdded())  # search indexing is deferred (see reader.searching)
        return results

    def refresher(self, *, parse_pool: ParsePool | None = None) -> Refresher:
        """The refresh engine on this library, with the settings as they are now (a sync
        stores its new articles through it too)."""
        from .feeds.refresh import Refresher

        settings = self._settings()
        return Refresher(
            self.storage,
            self._http(),
            extractor=find_extractor(),
            fetch_pages=settings.fetch_full_articles,
            download_images=settings.download_images,
            images_per_article=settings.images_per_article,
            on_content=self._on_content,
            parse_pool=parse_pool,
        )

    def start_workers(self, feed_count: int) -> bool:
        """Start the feed-parsing processes that ``refresh(spare_this_process=True)`` uses, if
        ``feed_count`` feeds are enough to use them. A window has this done while the user
        reads, so the first refresh does not begin by starting processes. Thread-safe."""
        # What a refresh or an added feed loads, loaded now rather than on the first click:
        # the refresh engine, and the extractor it names (its texts are extracted in the
        # workers, but the engine asks for it; importing it, 70 ms of the interpreter, at
        # the start of a window's first refresh kept the GUI thread waiting that long).
        from .feeds.refresh import POOL_MIN_FEEDS

        find_extractor()

        if feed_count < POOL_MIN_FEEDS:
            return False
        pool = self.kept_pool()
        return pool is not None and pool.start()

    def kept_pool(self) -> ParsePool | None:
        """The parsing processes kept from one refresh to the next (None on a one-core machine)."""
        from .feeds.pool import ParsePool, default_processes

        with self._pool_lock:
            if self._pool is None and default_processes() and not self._closed:
                self._pool = ParsePool(default_processes(), min_bytes=0)
            return self._pool

    def close(self) -> None:
        """Stop the parsing processes; no new ones start after this."""
        with self._pool_lock:
            pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.close()
