"""Cancelling: requests waiting for a server end when the refresh is cancelled, nothing of
them is kept, and the next refresh fetches what the cancelled one did not. Articles are
reported as they are stored. A real server on 127.0.0.1 that never answers some requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.errors import FetchError
from reader.feeds.http import HttpClient
from reader.feeds.refresh import Refresher
from reader.storage.tiny import TinyStorage
from reader.types import RefreshProgress
from tests.httpserver import Reply, Request, TestServer
from tests.reader.feeds.test_refresh import add_feed, article_page, extract, rss


@pytest.fixture
def patient() -> Iterator[HttpClient]:
    """A client that would wait 30 s for an answer: only a cancel ends a hanging request."""
    with HttpClient(connect_timeout=2.0, read_timeout=30.0, total_timeout=60.0) as c:
        yield c


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[TinyStorage]:
    store = TinyStorage(tmp_path / "library")
    yield store
    store.close()


def cancel_when_asked(http_server: TestServer, path: str, cancel: threading.Event, reply: Reply) -> str:
    """``path`` answers ``reply`` after setting ``cancel`` (the request is in flight then)."""

    def handler(_request: Request) -> Reply:
        cancel.set()
        return reply

    return http_server.handle(path, handler)


def test_a_cancel_ends_a_request_waiting_for_the_answer(http_server: TestServer, patient: HttpClient) -> None:
    cancel = threading.Event()
    url = cancel_when_asked(http_server, "/hang", cancel, Reply(hang=True))
    with pytest.raises(FetchError) as caught:
        patient.fetch(url, cancel=cancel)
    assert caught.value.kind == "cancelled"
    assert "cancelled" in str(caught.value)


def test_a_cancel_ends_a_body_that_stops_half_way(http_server: TestServer, patient: HttpClient) -> None:
    cancel = threading.Event()
    stalled = threading.Event()

    def chunks() -> Iterator[bytes]:
        yield b"<html><body>" + b"x" * 1000
        cancel.set()
        stalled.wait(10)  # the rest never comes while the client waits
        yield b"</body></html>"

    url = http_server.handle("/half", lambda _r: Reply(chunks=chunks(), headers={"Content-Type": "text/html"}))
    try:
        with pytest.raises(FetchError) as caught:
            patient.fetch(url, cancel=cancel)
    finally:
        stalled.set()
    assert caught.value.kind == "cancelled"


def test_the_client_works_after_a_cancelled_request(http_server: TestServer, patient: HttpClient) -> None:
    cancel = threading.Event()
    hang = cancel_when_asked(http_server, "/hang", cancel, Reply(hang=True))
    ok = http_server.route("/ok", b"fine", headers={"Content-Type": "text/plain"})
    with pytest.raises(FetchError):
        patient.fetch(hang, cancel=cancel)
    assert patient.fetch(ok, cancel=threading.Event()).body == b"fine"
    assert patient.fetch(ok).body == b"fine"


def test_cancelling_a_refresh_aborts_its_pages_and_keeps_nothing_half_done(
    http_server: TestServer, patient: HttpClient, storage: TinyStorage
) -> None:
    cancel = threading.Event()
    pages_answer = threading.Event()  # until set, every page hangs (and the first one cancels)

    def page(request: Request) -> Reply:
        if not pages_answer.is_set():
            cancel.set()
            return Reply(hang=True)
        return Reply(body=article_page(f"The text of {request.path}."), headers={"Content-Type": "text/html"})

    items = [(f"g{i}", http_server.handle(f"/a/{i}", page), "summary") for i in range(6)]
    feed = add_feed(storage, "f1", http_server.route("/feed", rss("Slow pages", items)))
    refresher = Refresher(storage, patient, extractor=extract, download_images=False, per_host=2)

    (result,) = refresher.refresh([feed], cancel=cancel)

    assert result.ok and result.new == 6  # the articles themselves are stored
    stored = list(storage.meta.iter_articles("f1"))
    assert len(stored) == 6
    # No text, no raw page, and no error for a page that was cancelled, not broken.
    assert [(a.content_version, a.fetch_error) for a in stored] == [(0, None)] * 6
    assert all(storage.content.get_version(a.id) is None for a in stored)
    assert len(http_server.requests_for("/feed")) == 1
    asked = {r.path for r in http_server.requests if r.path.startswith("/a/")}
    assert 1 <= len(asked) <= 2  # the two in flight (per host), none started after the cancel

    # The next refresh fetches every page the cancelled one did not.
    pages_answer.set()
    (again,) = refresher.refresh([storage.meta.get_feed("f1")], cancel=threading.Event())  # type: ignore[list-item]
    assert again.ok, again
    for article in storage.meta.iter_articles("f1"):
        version = storage.content.get_version(article.id)
        assert version is not None and "The text of" in version.content.body[0].text
        assert article.content_version == version.version


def test_a_cancelled_feed_request_is_skipped_not_an_error(
    http_server: TestServer, patient: HttpClient, storage: TinyStorage
) -> None:
    cancel = threading.Event()
    feed = add_feed(storage, "f1", cancel_when_asked(http_server, "/feed", cancel, Reply(hang=True)))
    (result,) = Refresher(storage, patient, fetch_pages=False).refresh([feed], cancel=cancel)
    assert result.skipped == "cancelled" and result.error is None
    assert storage.meta.get_feed("f1").last_error is None  # type: ignore[union-attr]


def test_articles_and_texts_are_reported_as_they_are_stored(
    http_server: TestServer, patient: HttpClient, storage: TinyStorage
) -> None:
    items = [
        (
            f"g{i}",
            http_server.route(f"/a/{i}", article_page(f"Story {i} text."), headers={"Content-Type": "text/html"}),
            "s",
        )
        for i in range(4)
    ]
    feed = add_feed(storage, "f1", http_server.route("/feed", rss("Four", items)))
    readable_when_said: dict[str, bool] = {}
    listed_when_said: list[set[str]] = []
    lock = threading.Lock()

    def progress(p: RefreshProgress) -> None:
        with lock:
            for aid in p.stored:
                if aid in readable_when_said or not listed_when_said:
                    continue
                readable_when_said[aid] = storage.content.get_version(aid) is not None
            if p.stored and not listed_when_said:
                # The first report names the feed's articles, stored before any page is fetched.
                listed_when_said.append({a.id for a in storage.meta.iter_articles("f1")} & set(p.stored))

    Refresher(storage, patient, extractor=extract, download_images=False).refresh([feed], progress=progress)

    ids = {a.id for a in storage.meta.iter_articles("f1")}
    assert listed_when_said == [ids]
    # Then each article's text, once it can be read.
    assert readable_when_said == dict.fromkeys(ids, True)
