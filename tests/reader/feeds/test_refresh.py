"""The refresh engine end to end: a real HTTP server, real TinyDB files in a temp dir."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html

from reader.errors import FeedError, FeedGoneError, FetchError, ParseError
from reader.feeds.http import HttpClient
from reader.feeds.refresh import Refresher
from reader.storage.tiny import TinyStorage
from reader.types import Article, ArticleContent, Block, ContentVersion, Feed, Figure, RefreshProgress, utcnow
from tests.httpserver import Reply, Request, TestServer, etag_handler

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """items: (guid, link, description)."""
    body = "".join(
        f'<item><title>Story {guid}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>'
        f"<description>{desc}</description></item>"
        for guid, link, desc in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://site.example/</link>{body}</channel></rss>"
    ).encode()


def article_page(text: str, img: str | None = None) -> bytes:
    figure = f'<figure><img src="{img}"><figcaption>Caption</figcaption></figure>' if img else ""
    return f"<html><body><h1>Headline</h1>{figure}<p>{text}</p></body></html>".encode()


def extract(page: bytes, url: str | None) -> ArticleContent:
    """A small but real extractor for these tests: h1, paragraphs and figures."""
    doc = lxml_html.document_fromstring(page)
    figures = tuple(Figure(src=img.get("src"), caption="Caption") for img in doc.iter("img"))
    body = tuple(Block("paragraph", p.text_content()) for p in doc.iter("p"))
    return ArticleContent(title=doc.findtext(".//h1") or "", url=url, body=body, figures=figures)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[TinyStorage]:
    store = TinyStorage(tmp_path / "library")
    yield store
    store.close()


def add_feed(storage: TinyStorage, feed_id: str, url: str, **kw: object) -> Feed:
    feed = Feed(id=feed_id, url=url, **kw)  # type: ignore[arg-type]
    storage.meta.put_feed(feed)
    return feed


def articles(storage: TinyStorage, feed_id: str) -> dict[str, Article]:
    return {a.guid: a for a in storage.meta.iter_articles(feed_id)}


def test_first_refresh_stores_articles_and_feed_state(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    feed_bytes = rss("Site News", [("g1", "https://site.example/1", "&lt;p&gt;One&lt;/p&gt;"), ("g2", "", "Two")])
    url = http_server.handle("/feed", etag_handler(feed_bytes, '"v1"'))
    feed = add_feed(storage, "f1", url)
    (result,) = Refresher(storage, client, fetch_pages=False).refresh([feed])
    assert result.ok and (result.new, result.updated, result.not_modified) == (2, 0, False)
    stored = storage.meta.get_feed("f1")
    assert stored.title == "Site News" and stored.site_url == "https://site.example/"
    assert stored.etag == '"v1"' and stored.body_hash and stored.last_updated and stored.last_error is None
    got = articles(storage, "f1")
    assert set(got) == {"g1", "g2"}
    assert got["g1"].summary == "One" and got["g1"].id.startswith("f1-")
    assert storage.content.get_feed_html(got["g1"].id) == "<p>One</p>"
    assert http_server.requests_for("/feed")[0].headers["user-agent"].startswith("Gloss/")


def test_second_refresh_is_a_304(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    url = http_server.handle("/feed", etag_handler(rss("N", [("g1", "https://s.example/1", "x")]), '"v1"'))
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client, fetch_pages=False)
    refresher.refresh([feed])
    (again,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert again.ok and again.not_modified and again.new == 0
    second = http_server.requests_for("/feed")[1]
    assert second.headers["if-none-match"] == '"v1"'
    assert len(articles(storage, "f1")) == 1


def test_unchanged_body_without_etag_is_not_parsed_again(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    url = http_server.route("/feed", rss("N", [("g1", "https://s.example/1", "x")]))
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client, fetch_pages=False)
    refresher.refresh([feed])
    # Mark the article read: a re-parse that rewrote articles would not matter, but the
    # result must say "not modified" and nothing may be counted as new or updated.
    (article,) = articles(storage, "f1").values()
    storage.meta.set_flags(article.id, read=True)
    (again,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert again.not_modified and (again.new, again.updated) == (0, 0)
    assert storage.meta.get_article(article.id).read


def test_duplicates_are_merged_and_changes_update_in_place(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    state = {"body": rss("N", [("g1", "https://s.example/1", "first"), ("g1", "https://s.example/1", "dup")])}
    url = http_server.handle("/feed", lambda _r: Reply(body=state["body"]))
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client, fetch_pages=False)
    (first,) = refresher.refresh([feed])
    assert first.new == 1
    (article,) = articles(storage, "f1").values()
    storage.meta.set_flags(article.id, read=True, starred=True)

    state["body"] = rss("N", [("g1", "https://s.example/1", "first, corrected"), ("g2", "https://s.example/2", "new")])
    (second,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert (second.new, second.updated) == (1, 1)
    got = articles(storage, "f1")
    assert set(got) == {"g1", "g2"}
    assert got["g1"].id == article.id
    assert got["g1"].summary == "first, corrected"
    assert got["g1"].read and got["g1"].starred
    assert storage.content.get_feed_html(article.id) == "first, corrected"


def test_permanent_redirect_updates_the_stored_url(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    http_server.redirect("/old", "/new", 301)
    new_url = http_server.route("/new", rss("N", [("g1", "https://s.example/1", "x")]))
    feed = add_feed(storage, "f1", http_server.url("/old"))
    (result,) = Refresher(storage, client, fetch_pages=False).refresh([feed])
    assert result.ok and result.new == 1
    assert storage.meta.get_feed("f1").url == new_url


def test_410_marks_the_feed_dead_and_polling_stops(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    url = http_server.route("/gone", status=410)
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client)
    (result,) = refresher.refresh([feed])
    assert isinstance(result.error, FeedGoneError)
    stored = storage.meta.get_feed("f1")
    assert stored.dead
    assert stored.last_error is not None and (stored.last_error.kind, stored.last_error.status) == ("gone", 410)
    (again,) = refresher.refresh([stored])
    assert again.skipped is not None and "no longer polled" in again.skipped
    assert len(http_server.requests_for("/gone")) == 1


def test_retry_after_is_honoured(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    url = http_server.route("/busy", status=429, headers={"Retry-After": "3600"})
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client)
    (result,) = refresher.refresh([feed])
    assert isinstance(result.error, FetchError) and result.error.kind == "rate_limited"
    stored = storage.meta.get_feed("f1")
    assert stored.retry_after is not None
    assert timedelta(minutes=59) < stored.retry_after - utcnow() <= timedelta(hours=1)
    assert stored.last_error is not None and stored.last_error.status == 429
    (again,) = refresher.refresh([stored])
    assert again.skipped is not None and "asked to wait" in again.skipped
    assert len(http_server.requests_for("/busy")) == 1


def test_one_broken_feed_never_stops_the_others(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    good = rss("Good", [("g1", "https://s.example/1", "x")])
    feeds = [
        add_feed(storage, "good1", http_server.route("/good1", good)),
        add_feed(storage, "err500", http_server.route("/500", b"boom", status=500)),
        add_feed(
            storage, "html", http_server.route("/html", b"<html><body>hi</body></html>", content_type="text/html")
        ),
        add_feed(storage, "hang", http_server.handle("/hang", lambda _r: Reply(hang=True))),
        add_feed(storage, "empty", http_server.route("/empty", b"")),
        add_feed(storage, "notfound", http_server.url("/missing")),
        add_feed(storage, "badurl", "file:///etc/passwd"),
        add_feed(storage, "good2", http_server.route("/good2", good)),
    ]
    results = Refresher(storage, client, fetch_pages=False).refresh(feeds)
    assert [r.feed_id for r in results] == [f.id for f in feeds]
    by_id = {r.feed_id: r for r in results}
    assert by_id["good1"].ok and by_id["good1"].new == 1
    assert by_id["good2"].ok and by_id["good2"].new == 1
    expected = {
        "err500": "http",
        "html": "parse",
        "hang": "timeout",
        "empty": "parse",
        "notfound": "http",
        "badurl": "unsupported_url",
    }
    for feed_id, kind in expected.items():
        error = by_id[feed_id].error
        assert isinstance(error, FeedError), feed_id
        problem = storage.meta.get_feed(feed_id).last_error
        assert problem is not None and problem.kind == kind, feed_id
        assert problem.message == str(error)
    assert isinstance(by_id["html"].error, ParseError)
    assert "web page, not a feed" in str(by_id["html"].error)
    assert storage.meta.get_feed("notfound").last_error.status == 404  # type: ignore[union-attr]


def test_a_failing_refresh_loses_nothing_and_success_clears_the_error(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    state = {"reply": Reply(body=rss("N", [("g1", "https://s.example/1", "x")]))}
    url = http_server.handle("/feed", lambda _r: state["reply"])
    feed = add_feed(storage, "f1", url)
    refresher = Refresher(storage, client, fetch_pages=False)
    refresher.refresh([feed])
    state["reply"] = Reply(body=b"", status=200)
    (failed,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert not failed.ok
    assert storage.meta.get_feed("f1").last_error is not None
    assert set(articles(storage, "f1")) == {"g1"}
    state["reply"] = Reply(body=rss("N", [("g1", "https://s.example/1", "x")]))
    (ok,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert ok.ok
    assert storage.meta.get_feed("f1").last_error is None


def test_unexpected_exceptions_become_error_values(http_server: TestServer, client: HttpClient, tmp_path: Path) -> None:
    class Flaky(TinyStorage):
        def __init__(self) -> None:
            super().__init__(tmp_path / "flaky")
            original = self.meta.put_articles

            def put_articles(feed_id: str, items: list[Article]) -> None:
                if feed_id == "bad":
                    raise RuntimeError("disk on fire")
                original(feed_id, items)

            self.meta.put_articles = put_articles  # type: ignore[method-assign]

    flaky = Flaky()
    body = rss("N", [("g1", "https://s.example/1", "x")])
    feeds = [
        add_feed(flaky, "bad", http_server.route("/a", body)),
        add_feed(flaky, "ok", http_server.route("/b", body)),
    ]
    bad, ok = Refresher(flaky, client, fetch_pages=False).refresh(feeds)
    assert isinstance(bad.error, FeedError)
    assert "failed unexpectedly" in str(bad.error) and "disk on fire" in str(bad.error)
    assert flaky.meta.get_feed("bad").last_error.kind == "internal"  # type: ignore[union-attr]
    assert ok.ok and ok.new == 1


def test_progress_reports_every_feed(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    feeds = [
        add_feed(storage, f"f{i}", http_server.route(f"/f{i}", rss(f"Feed {i}", [("g", "https://s/1", "x")])))
        for i in range(5)
    ]
    seen: list[RefreshProgress] = []
    lock = threading.Lock()

    def progress(p: RefreshProgress) -> None:
        with lock:
            seen.append(p)

    Refresher(storage, client, fetch_pages=False, max_workers=3).refresh(feeds, progress=progress)
    # Each feed reports when it starts, when its articles are stored (naming them, counting
    # them at once) and when it is done.
    assert len(seen) == 15
    assert sum(len(p.stored) for p in seen) == 5 and max(p.articles for p in seen) == 5
    assert all(p.total == 5 for p in seen)
    assert {p.done for p in seen} >= {1, 2, 3, 4, 5}
    assert max(p.done for p in seen) == 5
    # The feeds have no title yet, so progress shows their addresses.
    assert {p.current for p in seen} == {f.url for f in feeds}


def test_cancel_stops_starting_new_feeds(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    feeds = [
        add_feed(storage, f"f{i}", http_server.route(f"/f{i}", rss("N", [("g", "https://s/1", "x")]))) for i in range(4)
    ]
    cancel = threading.Event()

    def progress(p: RefreshProgress) -> None:
        if p.done >= 1:
            cancel.set()

    results = Refresher(storage, client, fetch_pages=False, max_workers=1).refresh(
        feeds, progress=progress, cancel=cancel
    )
    assert results[0].ok and results[0].new == 1
    assert [r.skipped for r in results[1:]] == ["cancelled"] * 3
    assert len(http_server.requests) == 1


def test_full_pages_raw_versions_and_images(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    http_server.route("/a/1", article_page("Body one.", img="/img/1.png"), content_type="text/html")
    http_server.route("/img/1.png", PNG, content_type="image/png")
    http_server.route("/a/2", article_page("Body two.", img="/img/not-an-image"), content_type="text/html")
    http_server.route("/img/not-an-image", b"<html>", content_type="text/html")
    items = [
        ("g1", http_server.url("/a/1"), "x"),
        ("g2", http_server.url("/a/2"), "y"),
        ("g3", http_server.url("/a/404"), "z"),
    ]
    state = {"body": rss("N", items)}
    url = http_server.handle("/feed", lambda _r: Reply(body=state["body"]))
    feed = add_feed(storage, "f1", url)
    seen: list[tuple[str, ContentVersion]] = []
    refresher = Refresher(storage, client, extractor=extract, on_content=lambda aid, v: seen.append((aid, v)))
    (result,) = refresher.refresh([feed])
    assert result.ok and result.new == 3
    got = articles(storage, "f1")
    one, two, missing = got["g1"], got["g2"], got["g3"]
    raw = storage.content.get_raw(one.id)
    assert raw is not None and b"Body one." in raw[0] and raw[1] == http_server.url("/a/1")
    assert one.content_version == 1 and one.fetch_error is None
    version = storage.content.get_version(one.id)
    assert version is not None and version.source == "page" and version.content.body[0].text == "Body one."
    assert storage.content.get_image(one.id, "/img/1.png") == (PNG, "image/png")
    assert storage.content.get_image(two.id, "/img/not-an-image") is None
    assert missing.content_version == 0 and missing.fetch_error is not None and "404" in missing.fetch_error
    assert sorted(aid for aid, _ in seen) == sorted([one.id, two.id])

    # The page of g1 moves and changes: a new version, the old one kept.
    http_server.route("/a/1b", article_page("Body one, revised."), content_type="text/html")
    items[0] = ("g1", http_server.url("/a/1b"), "x")
    state["body"] = rss("N", items)
    (again,) = refresher.refresh([storage.meta.get_feed("f1")])
    assert again.updated == 1
    assert storage.meta.get_article(one.id).content_version == 2
    assert storage.content.list_versions(one.id) == [1, 2]
    assert len(http_server.requests_for("/a/2")) == 1  # unchanged articles are not fetched again


def test_without_extractor_raw_pages_are_kept(
    http_server: TestServer, client: HttpClient, storage: TinyStorage
) -> None:
    http_server.route("/a/1", article_page("Body."), content_type="text/html")
    url = http_server.route("/feed", rss("N", [("g1", http_server.url("/a/1"), "x")]))
    feed = add_feed(storage, "f1", url)
    Refresher(storage, client).refresh([feed])
    (article,) = articles(storage, "f1").values()
    assert storage.content.get_raw(article.id) is not None
    assert article.content_version == 0 and storage.content.get_version(article.id) is None


def test_dangerous_links_are_never_fetched(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    url = http_server.route("/feed", rss("N", [("g1", "javascript:alert(1)", "x"), ("g2", "file:///etc/passwd", "y")]))
    feed = add_feed(storage, "f1", url)
    (result,) = Refresher(storage, client, extractor=extract).refresh([feed])
    assert result.new == 2
    for article in articles(storage, "f1").values():
        assert article.url is None
        assert storage.content.get_raw(article.id) is None


def test_per_host_politeness(http_server: TestServer, client: HttpClient, storage: TinyStorage) -> None:
    lock = threading.Lock()
    active = {"now": 0, "max": 0}
    third_arrived = threading.Event()

    def handler(request: Request) -> Reply:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
            if active["now"] > 2:
                third_arrived.set()
        # Hold the request until a third concurrent one shows up (which must not happen)
        # or briefly, so requests overlap whenever the client allows it.
        third_arrived.wait(0.2)
        with lock:
            active["now"] -= 1
        return Reply(body=rss("N", [("g", "https://s/1", request.path)]))

    feeds = [add_feed(storage, f"f{i}", http_server.handle(f"/f{i}", handler)) for i in range(6)]
    results = Refresher(storage, client, fetch_pages=False, max_workers=6, per_host=2).refresh(feeds)
    assert all(r.ok for r in results)
    assert active["max"] == 2


def test_bundled_sample_feed_refreshes_offline(client: HttpClient, storage: TinyStorage) -> None:
    feed = add_feed(storage, "sample", "gloss-sample:///feed.xml")
    (result,) = Refresher(storage, client).refresh([feed])
    assert result.ok and result.new >= 1, result.error
    stored = articles(storage, "sample")
    for article in stored.values():
        assert article.url is not None and article.url.startswith("gloss-sample:///articles/")
        assert storage.content.get_raw(article.id) is not None, article.url


def test_with_tiny_storage(http_server: TestServer, client: HttpClient, tmp_path: Path) -> None:
    tiny = TinyStorage(tmp_path / "lib")
    try:
        http_server.route("/a/1", article_page("Body."), content_type="text/html")
        url = http_server.handle("/feed", etag_handler(rss("N", [("g1", http_server.url("/a/1"), "x")]), '"e"'))
        feed = add_feed(tiny, "f1", url)
        refresher = Refresher(tiny, client, extractor=extract)
        (first,) = refresher.refresh([feed])
        (second,) = refresher.refresh([tiny.meta.get_feed("f1")])
    finally:
        tiny.close()
    reopened = TinyStorage(tmp_path / "lib")
    try:
        assert first.new == 1 and second.not_modified
        (article,) = reopened.meta.iter_articles("f1")
        assert article.content_version == 1
        assert reopened.meta.get_feed("f1").etag == '"e"'
    finally:
        reopened.close()
