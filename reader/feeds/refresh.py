"""The refresh engine: fetch, parse, merge and store many feeds concurrently and politely.

:class:`Refresher` talks to the :class:`reader.storage.protocol.Storage` protocol only.
Errors are values: every feed gets a :class:`reader.types.FeedUpdateResult`, and a broken
feed (or a bug hit by one feed) never stops the others.

Threads: feeds run on a bounded thread pool; article pages on a second one (so a feed
waiting for its pages can never starve the pages of a worker). On top of both, at most
``per_host`` requests run against any one host at a time.

Speed (see ``benchmarks/refresh_bench.py``): a refresh of many feeds parses them in a few
worker processes (:mod:`reader.feeds.pool`; feedparser is pure Python and would keep one
core busy while the others idle), writes each feed's articles once and its entries' HTML
once, and writes the feed records in batches (:mod:`reader.feeds.records`), so a refresh
where every feed answers 304 costs one write.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from ..errors import FeedError, FeedGoneError, FetchError, ReaderError, StorageError
from ..pacing import Turns
from ..storage.protocol import Storage
from ..types import (
    Article,
    ArticleContent,
    ContentVersion,
    Feed,
    FeedProblem,
    FeedUpdateResult,
    ParsedFeed,
    RefreshProgress,
    utcnow,
    with_page_date,
)
from .counting import Counter
from .hostslots import HostSlots
from .http import PAGE_MAX_BYTES, HttpClient, is_fetchable
from .images import IMAGES_PER_ARTICLE, figure_images, store_image, thumbnail_image
from .merging import EntryMerge
from .pool import ParsePool, default_processes
from .records import FLUSH_INTERVAL, FeedRecords

log = logging.getLogger(__name__)

Extractor = Callable[[bytes, str | None], ArticleContent]
ProgressCallback = Callable[[RefreshProgress], None]
ContentCallback = Callable[[str, ContentVersion], None]

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
# A refresh of at least this many feeds parses them in worker processes (starting the
# processes costs a fraction of a second; a few feeds are parsed faster than that).
POOL_MIN_FEEDS = 8
# One: the GIL serialises that Python work anyway, and an fsync inside a turn lends it.
STORE_TURNS = 1


@dataclass(frozen=True, slots=True)
class _PageOutcome:
    article_id: str
    content_version: int | None
    fetch_error: str | None
    version: ContentVersion | None
    #: The date the article's page gives (reader.types.with_page_date decides what it changes).
    page_date: str | None = None


@dataclass(slots=True)
class _Run:
    """What the feeds of one :meth:`Refresher.refresh` call share."""

    counter: Counter
    cancel: threading.Event
    page_pool: ThreadPoolExecutor
    records: FeedRecords
    parse: Callable[..., ParsedFeed]


class Refresher:
    """Refreshes feeds into ``storage`` using ``client``.

    ``extractor(html, url)`` turns a fetched article page into :class:`ArticleContent`; when
    it is None, pages are still fetched and kept raw (``fetch_pages``) so extraction can run
    later, offline. ``on_content(article_id, version)`` is called (from a worker thread)
    after a new content version was stored, so the library can re-anchor highlights and
    index the text. ``parse_processes`` worker processes parse the feeds of a refresh of
    :data:`POOL_MIN_FEEDS` feeds or more (0: always parse in-process; default: one per
    core, at most 4, none on a one-core machine). With ``download_images``, the feed's
    thumbnail of each entry and at most ``images_per_article`` of an article's figures are
    stored for offline reading (:mod:`reader.feeds.images`). Feed records are written every
    ``flush_interval`` seconds during a refresh and at its end. The steps of Python work on
    the store (a feed's merge, texts, outcomes) take turns, ``store_turns`` threads at a time
    (:class:`reader.pacing.Turns`): a window's GUI thread then waits for the GIL behind one
    busy refresh thread, not behind eight (issue 15).
    """

    def __init__(
        self,
        storage: Storage,
        client: HttpClient,
        *,
        extractor: Extractor | None = None,
        fetch_pages: bool = True,
        download_images: bool = True,
        images_per_article: int = IMAGES_PER_ARTICLE,
        max_workers: int = 8,
        per_host: int = 2,
        on_content: ContentCallback | None = None,
        clock: Callable[[], datetime] = utcnow,
        parse_processes: int | None = None,
        flush_interval: float = FLUSH_INTERVAL,
        parse_pool: ParsePool | None = None,
        store_turns: int = STORE_TURNS,
    ) -> None:
        self.storage = storage
        self.client = client
        self.extractor = extractor
        self.fetch_pages = fetch_pages
        self.download_images = download_images
        self.images_per_article = max(0, images_per_article)
        self.max_workers = max(1, max_workers)
        self.on_content = on_content
        self.parse_processes = default_processes() if parse_processes is None else max(0, parse_processes)
        self.flush_interval = flush_interval
        self.parse_pool = parse_pool  # a caller's long-lived pool (kept open), used for big refreshes
        self._extract_pool: ParsePool | None = None
        self._clock = clock
        self._hosts = HostSlots(per_host)
        self._turns = Turns(store_turns)
        self.last_pool: ParsePool | None = None  # the pool of the last refresh (benchmarks, tests)

    # --- the batch -----------------------------------------------------------------------

    def refresh(
        self,
        feeds: Sequence[Feed],
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> list[FeedUpdateResult]:
        """Refresh ``feeds``; returns one result per feed, in input order. Never raises for a feed.

        ``progress`` is called from worker threads (a GUI must marshal it to its own thread)
        with ``(done, total, current)``: once when a feed starts (``current`` its title) and
        once when it is done (``done`` counts it). Setting ``cancel`` stops starting new
        feeds and article pages; feeds not started get ``skipped="cancelled"``.

        Articles are stored as each feed is done; the feed records (caching state, errors,
        ``last_updated``) every few seconds and before this returns (see
        :mod:`reader.feeds.records` for why that is safe).
        """
        processes = self.parse_processes if len(feeds) >= POOL_MIN_FEEDS else 0
        return self._run_batch(feeds, self._refresh_feed, processes, progress, cancel)

    def store_entries(
        self,
        batches: Sequence[tuple[Feed, ParsedFeed]],
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        missing: Collection[str] = (),
    ) -> list[FeedUpdateResult]:
        """Store entries that came from elsewhere than the feed's own address (a sync
        server's stream) exactly as a refresh stores a fetched feed's: merged into the
        stored articles (read and starred kept), their feed HTML kept, their pages fetched,
        extracted and their images downloaded, with the same pools, politeness, progress,
        cancel and errors as values. Also fetches the pages of the articles in ``missing``
        (ids) that still have neither text nor an error (a run cancelled or killed before it
        fetched them); a batch without entries fetches just those. The feed records'
        caching state is left alone: it belongs to the feed's own address."""
        given = {feed.id: parsed for feed, parsed in batches}
        wanted = set(missing)

        def store(feed: Feed, run: _Run) -> FeedUpdateResult:
            merged = self._store_parsed(feed, given[feed.id], self._clock(), run)
            queued = {a.id for a in merged.to_fetch}
            late = [
                a
                for a in self.storage.meta.iter_articles(feed.id)
                if a.id in wanted and a.id not in queued and self.page_missing(a)
            ]
            to_fetch = [*merged.to_fetch, *late]
            if to_fetch and not run.cancel.is_set():
                self._fetch_pages(feed.id, to_fetch, run, feed.title or given[feed.id].title or feed.display_title)
            if merged.from_feed and not run.cancel.is_set():
                self._read_from_feed(feed.id, merged.from_feed, run, feed.display_title)
            return FeedUpdateResult(feed.id, new=merged.new, updated=merged.updated)

        return self._run_batch([feed for feed, _ in batches], store, 0, progress, cancel)

    def _run_batch(
        self,
        feeds: Sequence[Feed],
        work: Callable[[Feed, _Run], FeedUpdateResult],
        processes: int,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> list[FeedUpdateResult]:
        total = len(feeds)
        if total == 0:
            return []
        workers = min(self.max_workers, total)
        records = FeedRecords(self.storage, interval=self.flush_interval)
        with (
            self.storage.meta.batched_writes(),  # the list index's parts written every second, not each feed's
            self._parse_pool(processes) as parse_pool,
            ThreadPoolExecutor(workers, thread_name_prefix="gloss-feed") as feed_pool,
            ThreadPoolExecutor(self.max_workers, thread_name_prefix="gloss-page") as page_pool,
        ):
            self.last_pool = parse_pool
            # Articles extracted there too: CPU work on refresh threads holds the GUI thread's interpreter.
            self._extract_pool = parse_pool
            run = _Run(Counter(total, progress), cancel or threading.Event(), page_pool, records, parse_pool.parse)
            try:
                futures = [feed_pool.submit(self._run_one, feed, run, work) for feed in feeds]
                return [f.result() for f in futures]
            finally:
                records.flush()

    def _parse_pool(self, processes: int) -> AbstractContextManager[ParsePool]:
        # A caller's kept pool is running already: a window's refresh of one feed uses it too.
        if self.parse_pool is not None and not self.parse_pool.closed:
            return nullcontext(self.parse_pool)
        return ParsePool(processes)

    def _run_one(self, feed: Feed, run: _Run, work: Callable[[Feed, _Run], FeedUpdateResult]) -> FeedUpdateResult:
        if run.cancel.is_set():
            return FeedUpdateResult(feed.id, skipped="cancelled")
        run.counter.started(feed.display_title)
        result = None
        try:
            result = work(feed, run)
        except Exception as exc:  # a bug hit by one feed must not stop the others, nor a full disk
            disk = isinstance(exc, StorageError)  # full, read-only, gone: in its own words, no traceback
            (log.warning if disk else log.exception)("refreshing %s failed: %s", feed.url, exc)
            text = f"Refreshing {feed.display_title} failed unexpectedly ({type(exc).__name__}: {exc})."
            error = FeedError(str(exc) if disk else text, url=feed.url)
            self._record_error(run, feed, feed, error, "storage" if disk else "internal")
            result = FeedUpdateResult(feed.id, error=error)
        finally:
            run.records.flush_if_due()
            run.counter.finished(feed.display_title, result)
        return result

    # --- one feed --------------------------------------------------------------------------

    def _refresh_feed(self, feed: Feed, run: _Run) -> FeedUpdateResult:
        now = self._clock()
        if feed.dead:
            return FeedUpdateResult(feed.id, skipped="The feed is gone (HTTP 410); it is no longer polled.")
        if feed.retry_after is not None and feed.retry_after > now:
            return FeedUpdateResult(
                feed.id,
                skipped=f"The server asked to wait until {feed.retry_after:%Y-%m-%d %H:%M} UTC.",
            )
        try:
            with self._hosts.hold(feed.url):
                if run.cancel.is_set():  # cancelled while waiting for this host's turn
                    return FeedUpdateResult(feed.id, skipped="cancelled")
                fetched = self.client.fetch(
                    feed.url, etag=feed.etag, last_modified=feed.last_modified, cancel=run.cancel
                )
        except FeedGoneError as exc:
            self._record_error(run, feed, replace(feed, dead=True), exc, exc.kind)
            return FeedUpdateResult(feed.id, error=exc)
        except FetchError as exc:
            if exc.kind == "cancelled":  # not the feed's fault: nothing recorded
                return FeedUpdateResult(feed.id, skipped="cancelled")
            retry_at = now + timedelta(seconds=exc.retry_after) if exc.retry_after is not None else None
            self._record_error(run, feed, replace(feed, retry_after=retry_at), exc, exc.kind)
            return FeedUpdateResult(feed.id, error=exc)

        moved = replace(
            feed,
            url=fetched.permanent_url or feed.url,
            # On a 304 these are what we sent (or what the server renewed).
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            retry_after=None,
        )
        body_hash = hashlib.sha256(fetched.body).hexdigest() if not fetched.not_modified else None
        if fetched.not_modified or body_hash == feed.body_hash:
            # Nothing to parse and no article to write; the record (last_updated) goes in the batch.
            run.records.put(feed, replace(moved, last_updated=now, last_error=None))
            return FeedUpdateResult(feed.id, not_modified=True, warning=feed.warning)

        try:
            parsed = run.parse(fetched.body, url=fetched.final_url, headers=fetched.headers)
        except FeedError as exc:
            # Keep the old caching state, so the next refresh parses again instead of a 304.
            self._record_error(run, feed, replace(feed, url=moved.url), exc, exc.kind)
            return FeedUpdateResult(feed.id, error=exc)

        merged = self._store_parsed(feed, parsed, now, run)
        self._fetch_texts(feed, merged, run, feed.title or parsed.title or feed.display_title)
        run.records.put(
            feed,
            replace(
                moved,
                title=feed.title or parsed.title,
                site_url=parsed.site_url or feed.site_url,
                description=feed.description or parsed.description,
                # A refresh cancelled before this feed's pages were all fetched keeps the old
                # hash, so the next one parses it again and fetches the pages still missing.
                body_hash=feed.body_hash if run.cancel.is_set() else body_hash,
                last_updated=now,
                last_error=None,
                warning=parsed.warning,
            ),
        )
        return FeedUpdateResult(feed.id, new=merged.new, updated=merged.updated, warning=parsed.warning)

    def _fetch_texts(self, feed: Feed, merged: EntryMerge, run: _Run, title: str) -> None:
        """The thumbnails, pages (or feed texts) of a feed's stored articles."""
        if self.download_images and not run.cancel.is_set():
            shown = ((a.id, thumbnail_image(a.media)) for a in merged.changed)
            thumbnails = [run.page_pool.submit(self._store_image, aid, url, url) for aid, url in shown if url]
            for future in thumbnails:
                future.result()
        to_fetch = [*merged.to_fetch, *self._pages_left(feed.id, merged)] if self.fetch_pages else []
        if to_fetch and not run.cancel.is_set():
            self._fetch_pages(feed.id, to_fetch, run, title)
        if merged.from_feed and not run.cancel.is_set():
            self._read_from_feed(feed.id, merged.from_feed, run, feed.display_title)

    def _pages_left(self, feed_id: str, merged: EntryMerge) -> list[Article]:
        """The pages of the feed's present entries that an earlier refresh did not fetch
        (it was cancelled, or killed) and that are not queued already."""
        queued = {a.id for a in merged.to_fetch}
        present = merged.entries.keys() - queued
        with self._turns.turn():
            return [a for a in self.storage.meta.iter_articles(feed_id) if a.id in present and self.page_missing(a)]

    def page_missing(self, article: Article) -> bool:
        """Whether the article's page is still to be fetched: pages are fetched here, and it
        has neither text nor an error recorded."""
        return bool(
            self.fetch_pages
            and not article.content_version
            and article.fetch_error is None
            and article.url
            and is_fetchable(article.url)
        )

    def _store_parsed(self, feed: Feed, parsed: ParsedFeed, now: datetime, run: _Run) -> EntryMerge:
        with self._turns.turn():
            merged = EntryMerge(feed.id, parsed, now, self.fetch_pages)
            # The HTML of new and changed entries first, in one write: an article is never
            # stored without it (were the order reversed, a crash in between would leave it so
            # for good, as the next refresh would find the entry unchanged).
            stored_hashes = {a.id: a.entry_hash for a in self.storage.meta.iter_articles(feed.id)}
            self.storage.content.put_feed_html_many(feed.id, merged.changed_html(stored_hashes))
            self.storage.meta.update_articles(feed.id, merged)
        run.counter.stored(feed.display_title, [a.id for a in merged.changed])
        return merged

    def _record_error(self, run: _Run, original: Feed, feed: Feed, error: ReaderError, kind: str) -> None:
        status = getattr(error, "status", None)
        problem = FeedProblem(kind=kind, message=str(error), at=self._clock(), status=status)
        run.records.put(original, replace(feed, last_error=problem))

    # --- article pages and images --------------------------------------------------------------

    def _fetch_pages(self, feed_id: str, articles: list[Article], run: _Run, title: str) -> None:
        run.counter.pages_queued(title, len(articles))
        futures: list[Future[_PageOutcome | None]] = [
            run.page_pool.submit(self._counted_page, article, run, title) for article in articles
        ]
        self._record_outcomes(feed_id, {o.article_id: o for o in (f.result() for f in futures) if o is not None})

    def _read_from_feed(self, feed_id: str, articles: list[Article], run: _Run, title: str) -> None:
        """Articles whose page is not fetched (page fetching is off, or they have no web
        address): their text is the feed's own, extracted like a page."""
        outcomes = {o.article_id: o for o in (self._from_feed(a, None) for a in articles)}
        self._record_outcomes(feed_id, outcomes)
        run.counter.stored(title, [aid for aid, o in outcomes.items() if o.version is not None], count=False)

    def _record_outcomes(self, feed_id: str, outcomes: dict[str, _PageOutcome]) -> None:
        if not outcomes:
            return

        def apply(current: Mapping[str, Article]) -> list[Article]:
            # Applied to the articles as stored now: read/starred set meanwhile are kept.
            updates: list[Article] = []
            for aid, outcome in outcomes.items():
                article = current.get(aid)
                if article is None:
                    continue
                version = outcome.content_version if outcome.content_version is not None else article.content_version
                updated = replace(article, content_version=version, fetch_error=outcome.fetch_error)
                updated = with_page_date(updated, outcome.page_date)
                if updated != article:
                    updates.append(updated)
            return updates

        with self._turns.turn():
            self.storage.meta.update_articles(feed_id, apply)
        if self.on_content is not None:
            for outcome in outcomes.values():
                if outcome.version is not None:
                    self.on_content(outcome.article_id, outcome.version)

    def _counted_page(self, article: Article, run: _Run, title: str) -> _PageOutcome | None:
        outcome = None
        try:
            outcome = self._fetch_page(article, run.cancel)
            return outcome
        finally:
            # The text is readable from now on (the article's record follows with its feed's).
            run.counter.page_done(title, article.id if outcome is not None and outcome.version else None)

    def _fetch_page(self, article: Article, cancel: threading.Event) -> _PageOutcome | None:
        if cancel.is_set() or article.url is None:
            return None
        try:
            with self._hosts.hold(article.url):
                if cancel.is_set():  # cancelled while waiting for this host's turn
                    return None
                page = self.client.fetch(article.url, max_bytes=PAGE_MAX_BYTES, accept=PAGE_ACCEPT, cancel=cancel)
        except ReaderError as exc:
            if cancel.is_set():  # nothing is recorded: the next refresh fetches the page again
                return None
            return self._from_feed(article, f"The article page could not be fetched: {exc}")
        self.storage.content.put_raw(article.id, page.body, page.final_url)  # a StorageError is the feed's
        if self.extractor is None:
            return _PageOutcome(article.id, None, None, None)
        try:
            content = self._extract(page.body, page.final_url)
        except Exception as exc:  # the extractor is another module's code; its failure is per article
            log.exception("extracting %s failed", page.final_url)
            return self._from_feed(article, f"The article page could not be turned into text: {exc}")
        if not content.body:
            outcome = self._from_feed(article, "Gloss found no article text on the article page.")
            if outcome.version is not None or outcome.content_version is not None:
                return outcome
        version = self._store_version(article.id, content)
        if self.download_images and not cancel.is_set():
            self._download_images(article.id, content, page.final_url)
        if version is None and not article.content_version:
            # The same text is stored already: a run killed before it recorded the version
            # stored it. Record it now, or the article would show no text for good.
            stored = self.storage.content.get_version(article.id)
            return _PageOutcome(article.id, stored.version if stored else None, None, None, content.published)
        return _PageOutcome(article.id, version.version if version else None, None, version, content.published)

    def _from_feed(self, article: Article, why: str | None) -> _PageOutcome:
        """The article built from its feed entry's own HTML (the page failed, or gave no
        text, or is not fetched: ``why`` says which, for the reader to tell). A text taken
        from the page earlier is never replaced by the feed's."""
        with self._turns.turn():
            html = self.storage.content.get_feed_html(article.id) if self.extractor is not None else None
            latest = self.storage.content.get_version(article.id) if html else None
        if not html or (latest is not None and latest.source == "page"):
            return _PageOutcome(article.id, None, why, None)
        from ..extract.entry import extract_feed_entry

        try:
            content = self._in_pool(
                extract_feed_entry,
                html,
                title=article.title,
                url=article.url,
                authors=article.authors,
                published=article.published,
            )
        except Exception:  # as for pages: one entry's failure is that entry's
            log.exception("extracting the feed text of %s failed", article.id)
            return _PageOutcome(article.id, None, why, None)
        if not content.body:
            return _PageOutcome(article.id, None, why, None)
        version = self._store_version(article.id, content, source="feed", latest=latest)
        if self.download_images:  # the feed text's own figures, as a page's (reader.feeds.images)
            self._download_images(article.id, content, article.url)
        return _PageOutcome(article.id, version.version if version else None, why, version)

    def _extract(self, body: bytes, url: str) -> ArticleContent:
        from ..extract import extract

        if self.extractor is extract:  # the library's own: it runs as well in a worker process
            return self._in_pool(extract, body, url)
        assert self.extractor is not None
        return self.extractor(body, url)

    def _in_pool(self, function: Callable[..., ArticleContent], *args: Any, **kwargs: Any) -> ArticleContent:
        pool = self._extract_pool
        if pool is None or pool.closed:
            return function(*args, **kwargs)
        return pool.call(function, *args, **kwargs)

    def _store_version(
        self,
        aid: str,
        content: ArticleContent,
        *,
        source: Literal["page", "feed"] = "page",
        latest: ContentVersion | None = None,
    ) -> ContentVersion | None:
        with self._turns.turn():
            digest = content.content_hash()
            latest = latest or self.storage.content.get_version(aid)
            if latest is not None and latest.content_hash == digest:
                return None
            number, extracted = (latest.version if latest else 0) + 1, self._clock()
            version = ContentVersion(aid, number, content, digest, extracted, source=source)
            self.storage.content.put_version(version)
            return version

    def _download_images(self, aid: str, content: ArticleContent, page_url: str | None) -> None:
        # Only the article's own figures, at most images_per_article (see reader.feeds.images).
        for url, key in figure_images(content, page_url, self.images_per_article):
            self._store_image(aid, url, key)

    def _store_image(self, aid: str, src: str, key: str) -> None:
        store_image(self.storage, self.client, self._hosts, aid, src, key)
