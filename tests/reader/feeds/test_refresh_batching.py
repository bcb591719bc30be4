"""How a refresh writes: feed records in batches, merges that keep the user's flags and
edits, and big refreshes parsed in worker processes (real HTTP server, real storage)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reader.errors import FeedNotFoundError
from reader.feeds.http import HttpClient
from reader.feeds.pool import MIN_POOL_BYTES
from reader.feeds.refresh import POOL_MIN_FEEDS, Refresher
from reader.storage.tiny import TinyStorage
from reader.types import Article, Feed
from tests.httpserver import Reply, Request, TestServer, etag_handler

from .test_refresh import add_feed, article_page, articles, extract, rss

NOW = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)


class CountingStorage(TinyStorage):
    """TinyStorage that counts how often feed records are written."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.feed_writes: list[int] = []  # one entry per write: how many records it carried
        put_feed, put_feeds = self.meta.put_feed, self.meta.put_feeds

        def count_one(feed: Feed) -> None:
            self.feed_writes.append(1)
            put_feed(feed)

        def count_many(feeds: Sequence[Feed]) -> None:
            self.feed_writes.append(len(feeds))
            put_feeds(feeds)

        self.meta.put_feed = count_one  # type: ignore[method-assign]
        self.meta.put_feeds = count_many  # type: ignore[method-assign]


def big_rss(feed_no: int, items: int = 80) -> bytes:
    body = rss(
        f"Feed {feed_no}",
        [
            (
                f"g{j}",
                f"https://s.example/{feed_no}/{j}",
                f"&lt;p&gt;Story {j} of feed {feed_no} with a &lt;a href=&quot;/t/{j}&quot;&gt;link&lt;/a&gt; "
                f"and enough words to make the feed long.&lt;/p&gt;",
            )
            for j in range(items)
        ],
    )
    assert len(body) >= MIN_POOL_BYTES
    return body


def test_a_refresh_writes_the_feed_records_once(http_server: TestServer, client: HttpClient, tmp_path: Path) -> None:
    storage = CountingStorage(tmp_path / "library")
    handlers = [etag_handler(rss(f"N{i}", [("g", "https://s/1", "x")]), f'"e{i}"') for i in range(6)]
    feeds = [add_feed(storage, f"f{i}", http_server.handle(f"/f{i}", h)) for i, h in enumerate(handlers)]
    feeds.append(add_feed(storage, "broken", http_server.route("/broken", b"", status=500)))
    storage.feed_writes.clear()
    refresher = Refresher(storage, client, fetch_pages=False, flush_interval=3600)
    refresher.refresh(feeds)
    assert storage.feed_writes == [7]  # every record, the failed one too, in one write
    assert storage.meta.get_feed("f0").etag == '"e0"' and storage.meta.get_feed("f0").last_updated
    assert storage.meta.get_feed("broken").last_error is not None

    storage.feed_writes.clear()
    results = refresher.refresh(storage.meta.get_feeds())
    assert sum(r.not_modified for r in results) == 6
    assert storage.feed_writes == [7]
    # The 304s still record when the feed was last checked.
    assert all(f.last_updated is not None for f in storage.meta.get_feeds() if f.id != "broken")


def test_records_are_written_during_a_long_refresh(http_server: TestServer, client: HttpClient, tmp_path: Path) -> None:
    storage = CountingStorage(tmp_path / "library")
    feeds = [
        add_feed(storage, f"f{i}", http_server.route(f"/f{i}", rss("N", [("g", "https://s/1", "x")]))) for i in range(4)
    ]
    storage.feed_writes.clear()
    # An interval of 0: a batch after every feed (what a crash could lose is one feed's record).
    Refresher(storage, client, fetch_pages=False, max_workers=1, flush_interval=0).refresh(feeds)
    assert storage.feed_writes == [1, 1, 1, 1]


def test_edits_made_while_a_feed_is_fetched_are_kept(
    http_server: TestServer, client: HttpClient, tmp_path: Path
) -> None:
    storage = TinyStorage(tmp_path / "library")
    body = rss("Publisher title", [("g1", "https://s.example/1", "x")])

    def renamed_meanwhile(_request: Request) -> Reply:
        current = storage.meta.get_feed("f1")
        storage.meta.put_feed(replace(current, title="My name", folder="Reading"))
        return Reply(body=body, headers={"ETag": '"v1"'})

    def unsubscribed_meanwhile(_request: Request) -> Reply:
        storage.meta.delete_feed("f2")
        return Reply(body=body)

    feeds = [
        add_feed(storage, "f1", http_server.handle("/f1", renamed_meanwhile)),
        add_feed(storage, "f2", http_server.handle("/f2", unsubscribed_meanwhile)),
    ]
    first, _second = Refresher(storage, client, fetch_pages=False).refresh(feeds)
    assert first.ok and first.new == 1
    stored = storage.meta.get_feed("f1")
    assert (stored.title, stored.folder) == ("My name", "Reading")  # the user's edit wins
    assert stored.etag == '"v1"' and stored.body_hash and stored.site_url == "https://site.example/"
    with pytest.raises(FeedNotFoundError):
        storage.meta.get_feed("f2")  # not brought back by the refresh


def test_flags_set_while_a_feed_and_its_pages_are_fetched_are_kept(
    http_server: TestServer, client: HttpClient, tmp_path: Path
) -> None:
    storage = TinyStorage(tmp_path / "library")

    def mark(guid: str, **flags: bool) -> None:
        article = articles(storage, "f1")[guid]
        storage.meta.set_flags(article.id, **flags)

    def page(_request: Request) -> Reply:
        mark("g1", read=True, starred=True)  # the user reads the article while its page downloads
        return Reply(body=article_page("Body."), headers={"Content-Type": "text/html"})

    http_server.handle("/a/1", page)
    state = {"body": rss("N", [("g1", http_server.url("/a/1"), "x")]), "on_fetch": lambda: None}

    def feed(_request: Request) -> Reply:
        state["on_fetch"]()  # type: ignore[operator]
        return Reply(body=state["body"])  # type: ignore[arg-type]

    url = http_server.handle("/feed", feed)
    refresher = Refresher(storage, client, extractor=extract, clock=lambda: NOW)
    (first,) = refresher.refresh([add_feed(storage, "f1", url)])
    got = articles(storage, "f1")["g1"]
    assert first.new == 1 and got.content_version == 1
    assert got.read and got.starred

    # A changed entry arrives while the user un-stars it: the update keeps the flag change.
    state["body"] = rss("N", [("g1", http_server.url("/a/1"), "x, corrected")])
    state["on_fetch"] = lambda: mark("g1", starred=False)
    (second,) = refresher.refresh([storage.meta.get_feed("f1")])
    got = articles(storage, "f1")["g1"]
    assert second.updated == 1 and got.summary == "x, corrected"
    assert got.read and not got.starred


def test_a_big_refresh_is_parsed_in_worker_processes_with_the_same_result(
    http_server: TestServer, client: HttpClient, tmp_path: Path
) -> None:
    count = POOL_MIN_FEEDS
    urls = [http_server.route(f"/big{i}", big_rss(i), content_type="application/rss+xml") for i in range(count)]

    def refresh(processes: int) -> tuple[Refresher, TinyStorage]:
        storage = TinyStorage(tmp_path / f"library-{processes}")
        feeds = [add_feed(storage, f"f{i}", url, added=NOW) for i, url in enumerate(urls)]
        refresher = Refresher(storage, client, fetch_pages=False, clock=lambda: NOW, parse_processes=processes)
        results = refresher.refresh(feeds)
        assert all(r.ok and r.new == 80 for r in results)
        return refresher, storage

    pooled, in_pool = refresh(2)
    _, in_process = refresh(0)
    assert pooled.last_pool is not None and pooled.last_pool.parsed_in_pool == count

    def snapshot(storage: TinyStorage) -> tuple[list[Feed], list[Article], dict[str, str | None]]:
        stored = sorted(storage.meta.iter_articles(), key=lambda a: a.id)
        html = {a.id: storage.content.get_feed_html(a.id) for a in stored}
        return sorted(storage.meta.get_feeds(), key=lambda f: f.id), stored, html

    assert snapshot(in_pool) == snapshot(in_process)
    one = articles(in_pool, "f3")["g7"]
    link = http_server.url("/t/7")  # resolved against the feed's address, sanitised
    assert in_pool.content.get_feed_html(one.id) == (
        f'<p>Story 7 of feed 3 with a <a href="{link}">link</a> and enough words to make the feed long.</p>'
    )


def test_a_failed_feed_record_write_keeps_the_articles_and_the_results(
    http_server: TestServer, client: HttpClient, tmp_path: Path
) -> None:
    storage = TinyStorage(tmp_path / "library")
    feed = add_feed(storage, "f1", http_server.route("/f1", rss("N", [("g1", "https://s/1", "x")])))

    def disk_full(_feeds: Sequence[Feed]) -> None:
        raise OSError(28, "No space left on device")

    storage.meta.put_feeds = disk_full  # type: ignore[method-assign]
    (result,) = Refresher(storage, client, fetch_pages=False).refresh([feed])
    assert result.ok and result.new == 1
    assert set(articles(storage, "f1")) == {"g1"}
    # Only the caching state is lost: the next refresh fetches the body again, adds nothing twice.
    assert storage.meta.get_feed("f1").body_hash is None
    del storage.meta.put_feeds
    (again,) = Refresher(storage, client, fetch_pages=False).refresh([storage.meta.get_feed("f1")])
    assert again.ok and (again.new, again.updated) == (0, 0)
    assert storage.meta.get_feed("f1").body_hash is not None


def many_feeds(http_server: TestServer, storage: TinyStorage, feeds: int, entries: int) -> list[Feed]:
    """Feeds whose entries carry their text (read from the feed); the odd ones' pages are fetched too."""
    added = []
    for i in range(feeds):
        items = []
        for j in range(entries):
            link = http_server.route(f"/p/{i}/{j}", article_page(f"The page of story {j} of feed {i}."))
            items.append((f"g{j}", link if i % 2 else "", f"&lt;p&gt;Story {j} of feed {i}, from the feed.&lt;/p&gt;"))
        added.append(add_feed(storage, f"f{i}", http_server.route(f"/f{i}", rss(f"Feed {i}", items)), added=NOW))
    return added


@pytest.mark.parametrize("turns", [1, 3])
def test_every_article_and_text_of_a_refresh_is_stored_when_the_stores_take_turns(
    http_server: TestServer, client: HttpClient, tmp_path: Path, turns: int
) -> None:
    storage = TinyStorage(tmp_path / "library")
    feeds = many_feeds(http_server, storage, feeds=10, entries=6)
    refresher = Refresher(
        storage, client, extractor=extract, clock=lambda: NOW, max_workers=8, parse_processes=0, store_turns=turns
    )
    results = refresher.refresh(feeds)
    assert all(r.ok and r.new == 6 for r in results)
    for i in range(10):
        stored = articles(storage, f"f{i}")
        assert sorted(stored) == [f"g{j}" for j in range(6)]
        for j, article in stored.items():
            version = storage.content.get_version(article.id)
            assert article.content_version == 1 and version is not None and version.version == 1
            story = f"Story {j[1:]} of feed {i}"
            # Pages fetched: the page's text; the others: the feed's.
            expected = f"The page of story {j[1:]} of feed {i}." if i % 2 else f"{story}, from the feed."
            assert version.source == ("page" if i % 2 else "feed")
            assert [b.text for b in version.content.body] == [expected]
    storage.close()


def test_the_python_work_of_storing_is_done_one_thread_at_a_time(
    http_server: TestServer, client: HttpClient, tmp_path: Path
) -> None:
    storage = TinyStorage(tmp_path / "library")
    feeds = many_feeds(http_server, storage, feeds=8, entries=2)
    update_articles = storage.meta.update_articles
    lock, calls = threading.Lock(), []
    waiting, overlapped = threading.Event(), threading.Event()

    def watched(feed_id: str, updater: Any) -> list[Article]:
        with lock:
            calls.append(feed_id)
            first = len(calls) == 1
            if not first and waiting.is_set():
                overlapped.set()
        if first:
            # Eight feeds are refreshed at once: without turns another thread comes in here
            # (to merge its own feed) during this wait; with them, none can.
            waiting.set()
            overlapped.wait(1.0)
            waiting.clear()
        return update_articles(feed_id, updater)

    storage.meta.update_articles = watched  # type: ignore[method-assign]
    refresher = Refresher(storage, client, extractor=extract, max_workers=8, parse_processes=0, store_turns=1)
    results = refresher.refresh(feeds)
    assert all(r.ok and r.new == 2 for r in results)
    assert not overlapped.is_set()
    assert sorted(calls) == sorted([f.id for f in feeds] * 2)  # each feed's merge, then its texts' outcomes
    storage.close()
