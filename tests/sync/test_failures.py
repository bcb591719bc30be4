"""Offline, refused, failing, busy and killed: what the user is told, and that nothing is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.check import check_library
from reader.errors import SyncAccountError, SyncAuthError, SyncFeedRefusedError, SyncServerError
from reader.library import Library
from tests.httpserver import Reply

from .freshrss import Account, FreshRSS, free_port
from .proxy import Proxy
from .site import Site
from .test_two_glosses import by_url, flags, subscriptions

pytestmark = pytest.mark.timeout(900)


def picture(lib: Library) -> dict[str, Any]:
    """Everything a sync could change here, to compare before and after."""
    return {
        "feeds": sorted((f.url, f.folder, f.title, f.subscribed) for f in lib.feeds(include_unsubscribed=True)),
        "folders": lib.folders(),
        "articles": sorted((a.id, a.url, a.read, a.starred, a.content_version) for a in lib.articles()),
        "highlights": sorted((h.id, h.note) for h in lib.highlights()),
    }


def via_proxy(proxy: Proxy, account: Account) -> str:
    return proxy.url_for(account.url)


def test_an_offline_change_arrives_after_reconnecting(
    open_gloss: Callable[[str], Library], site: Site, account: Account, proxy: Proxy
) -> None:
    p = site.prefix()
    feed = site.feed(p, "news", "News", 3)
    a = open_gloss("a")
    a.add_sync_account(via_proxy(proxy, account), account.user, account.password)
    a.add_feed(feed.url)
    assert a.sync().ok

    read_url, star_url = feed.story_url("s0"), feed.story_url("s2")
    with proxy.unplugged():
        a.mark_read(by_url(a)[read_url].id)
        a.mark_starred(by_url(a)[star_url].id)
        a.move_feed(a.feeds()[0].id, "Offline folder")
        before = picture(a)
        with pytest.raises(SyncServerError, match=r"sync server at 127\.0\.0\.1"):
            a.sync()
        assert picture(a) == before
        assert a.sync_status().pending_changes == 3
    a.close()

    a = open_gloss("a")  # a restart: the queue is on disk
    assert a.sync_status().pending_changes == 3
    result = a.sync()
    assert result.ok and result.flags_pushed == 2
    assert a.sync_status().pending_changes == 0

    b = open_gloss("b")
    b.add_sync_account(account.url, account.user, account.password)
    assert b.sync().ok
    assert flags(b)[read_url] == (True, False) and flags(b)[star_url] == (False, True)
    assert subscriptions(b) == {feed.url: "Offline folder"}


def test_wrong_password_and_server_down_are_said_in_words(
    open_gloss: Callable[[str], Library], account: Account, freshrss: FreshRSS
) -> None:
    a = open_gloss("a")
    with pytest.raises(SyncAuthError, match=f"refused the user name '{account.user}'"):
        a.add_sync_account(account.url, account.user, "not the password")
    assert a.sync_account() is None

    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SyncServerError, match="refused the connection \\(is it running\\?\\)"):
        a.add_sync_account(dead, account.user, account.password)

    with pytest.raises(SyncAccountError, match="No sync account is set up"):
        a.sync()

    a.add_sync_account(account.url, account.user, account.password)
    assert a.sync().ok
    before = picture(a)
    freshrss.set_api_password(account, "changed-on-the-server")
    with pytest.raises(SyncAuthError, match="refused the user name"):
        a.sync()
    assert picture(a) == before


def test_nothing_changes_here_when_the_server_fails_halfway(
    open_gloss: Callable[[str], Library], site: Site, account: Account, proxy: Proxy
) -> None:
    p = site.prefix()
    feed = site.feed(p, "half", "Halfway", 3)
    a = open_gloss("a")
    a.add_feed(feed.url)
    a.refresh()
    article = by_url(a)[feed.story_url("s1")]
    a.highlight_quote(article.id, "harbour story", note="mine")
    a.add_sync_account(via_proxy(proxy, account), account.user, account.password)
    b = open_gloss("b")
    b.add_sync_account(account.url, account.user, account.password)
    b.add_feed(site.feed(p, "other", "Other", 2).url, folder="Elsewhere")
    assert b.sync().ok

    # The server takes A's subscription, then fails while A fetches B's articles.
    a.mark_starred(article.id)
    before = picture(a)
    proxy.fail("stream/items/contents", Reply(status=500, body=b"oops"))
    with pytest.raises(SyncServerError, match="HTTP 500"):
        a.sync()
    assert picture(a) == before
    assert a.sync_status().pending_changes == 1

    result = a.sync()
    assert result.ok, result.problems
    assert subscriptions(a) == {feed.url: None, b.feeds()[0].url: "Elsewhere"}
    assert by_url(a)[feed.story_url("s1")].starred
    assert [h.note for h in a.highlights()] == ["mine"]


def test_a_busy_server_is_waited_for_politely(
    open_gloss: Callable[[str], Library], account: Account, proxy: Proxy
) -> None:
    a = open_gloss("a")
    a.add_sync_account(via_proxy(proxy, account), account.user, account.password)
    proxy.fail("subscription/list", Reply(status=503, headers={"Retry-After": "1"}))
    assert a.sync().ok
    assert len(proxy.paths("subscription/list")) == 1  # the retry reached the server

    proxy.fail("subscription/list", Reply(status=429, headers={"Retry-After": "3600"}))
    with pytest.raises(SyncServerError, match="asked to wait 60 minutes"):
        a.sync()


def test_a_feed_the_server_refused_is_named_and_still_read_here(
    open_gloss: Callable[[str], Library], site: Site, account: Account
) -> None:
    p = site.prefix()
    shy = site.feed(p, "shy", "Shy Gazette", 2, refuse_freshrss=True)
    fine = site.feed(p, "fine", "Fine Times", 2)
    a = open_gloss("a")
    a.add_feed(shy.url)
    a.add_feed(fine.url)
    a.refresh()
    a.add_sync_account(account.url, account.user, account.password)
    result = a.sync()
    (problem,) = result.problems
    assert isinstance(problem, SyncFeedRefusedError) and problem.url == shy.url
    assert "would not subscribe to Shy Gazette" in str(problem) and "403" in str(problem)
    assert result.feeds_pushed == 1
    # Still read from here: the refresh reads the feeds the server does not have.
    shy_pages = site.server.url(p + "/shy/")
    assert len([x for x in a.articles() if x.url and x.url.startswith(shy_pages)]) == 2
    shy_id = next(f.id for f in a.feeds() if f.url == shy.url)
    assert shy_id not in a.synced_feed_ids()
    assert [r.feed_id for r in a.refresh()] == [shy_id]
    again = a.sync()  # not offered to the server again today, but still reported
    assert [type(p) for p in again.problems] == [SyncFeedRefusedError]


CHILD = r"""
import sys, threading
from reader.library import Library
from reader.feeds.http import HttpClient
lib = Library.open(sys.argv[1], first_run=False)
lib.set_http(HttpClient(connect_timeout=5, read_timeout=10, total_timeout=20))
print("SYNCING", flush=True)
result = lib.sync()
print("DONE", result.new_articles, flush=True)
lib.close()
"""


@pytest.mark.parametrize("kill_at", ["contents", "pages"])
def test_a_kill_mid_sync_loses_nothing_and_the_next_sync_completes(
    open_gloss: Callable[[str], Library], site: Site, account: Account, proxy: Proxy, tmp_path: Path, kill_at: str
) -> None:
    p = site.prefix()
    feeds = [site.feed(p, f"f{i}", f"Feed {i}", 4) for i in range(3)]
    b = open_gloss("b")
    b.add_sync_account(account.url, account.user, account.password)
    for f in feeds:
        b.add_feed(f.url)
    assert b.sync().ok
    b.mark_starred(by_url(b)[feeds[0].story_url("s0")].id)
    b.mark_read(by_url(b)[feeds[1].story_url("s1")].id)
    assert b.sync().ok

    a = open_gloss("a")
    a.add_feed(feeds[2].url)
    a.refresh()
    mine = by_url(a)[feeds[2].story_url("s3")]
    highlight = a.highlight_quote(mine.id, "harbour story", note="do not lose me")
    a.add_sync_account(via_proxy(proxy, account), account.user, account.password)
    data_dir = a.data_dir
    assert data_dir is not None
    a.close()

    # The child is killed while it fetches item contents (before it changed anything here),
    # or while it fetches article pages (halfway through changing the library).
    hit = threading.Event()
    if kill_at == "contents":
        proxy.fail("stream/items/contents", Reply(hang=True), times=1)
        watch = lambda: proxy.server.requests_for("/api/greader.php/reader/api/0/stream/items/contents")  # noqa: E731
    else:
        slow = feeds[1].story_url("s2").removeprefix(site.server.base)
        site.server.handle(slow, lambda _r: Reply(hang=True))
        watch = lambda: site.server.requests_for(slow)  # noqa: E731
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.DEVNULL, env=env)
    try:
        for _ in range(600):
            if watch():
                hit.set()
                break
            if child.poll() is not None:
                break
            threading.Event().wait(0.05)
        assert hit.is_set(), "the child never reached the point to be killed at"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if kill_at == "pages":
        site.serve_page(feeds[1], next(s for s in feeds[1].stories if s.slug == "s2"))  # it answers again

    a = open_gloss("a")
    assert [p.message for p in check_library(a) if p.severity == "error"] == []
    assert a.highlight(highlight.id).note == "do not lose me"
    result = a.sync()
    assert result.ok, result.problems
    assert flags(a) == flags(b)
    assert len(by_url(a)) == 12
    for article in a.articles():
        assert article.content_version == 1, article.url  # every page fetched and extracted, once
    assert [h.note for h in a.highlights()] == ["do not lose me"]
    state = json.loads((data_dir / "sync" / "state.json").read_text())
    assert len(state["items"]) == 12


def test_a_sync_cancelled_while_it_stores_articles_brings_the_rest_next_time(
    open_gloss: Callable[[str], Library], site: Site, account: Account
) -> None:
    p = site.prefix()
    feeds = [site.feed(p, f"c{i}", f"Cancel {i}", 3) for i in range(12)]
    b = open_gloss("b")
    b.add_sync_account(account.url, account.user, account.password)
    for f in feeds:
        b.add_feed(f.url)
    assert b.sync(refresh_local=False).ok
    b.mark_all_read([x.id for x in b.articles()])  # read elsewhere: only the stream (ot=) brings them
    assert b.sync().ok

    a = open_gloss("a")
    a.add_sync_account(account.url, account.user, account.password)
    cancel = threading.Event()

    def progress(step: Any) -> None:
        if step.current.startswith("Cancel "):  # the refresh engine started on a feed's articles
            cancel.set()

    result = a.sync(progress=progress, cancel=cancel)
    assert result.cancelled
    assert len(a.feeds()) == 12 and len(a.articles()) < 36
    again = a.sync()
    assert again.ok and not again.cancelled
    assert len(a.articles()) == 36
    assert all(x.content_version == 1 and x.read for x in a.articles())
