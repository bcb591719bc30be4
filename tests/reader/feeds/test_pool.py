"""ParsePool: feeds parsed in worker processes give exactly what parse_feed gives in-process."""

from __future__ import annotations

import pytest

from reader.errors import ParseError
from reader.feeds.parse import parse_feed
from reader.feeds.pool import MIN_POOL_BYTES, ParsePool

URL = "https://news.example.com/feed.xml"


def big_feed(items: int = 80, *, tag: str = "") -> bytes:
    """A feed well over MIN_POOL_BYTES, with HTML that feedparser must sanitise and resolve."""
    body = "".join(
        f"<item><title>Story {i}{tag}</title><link>/a/{i}</link><guid>urn:{i}</guid>"
        f"<pubDate>Mon, 06 Jan 2025 10:00:00 +0100</pubDate>"
        f'<description>&lt;p onclick="x()"&gt;Story {i} of the day, with a &lt;a href="/t/{i}"&gt;link&lt;/a&gt; '
        f"and a &lt;script&gt;evil()&lt;/script&gt; that must go; more words to make it long enough.&lt;/p&gt;"
        f"</description></item>"
        for i in range(items)
    )
    data = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>'
        f"<link>https://news.example.com/</link><description>Many stories</description>{body}</channel></rss>"
    ).encode()
    assert len(data) >= MIN_POOL_BYTES
    return data


@pytest.fixture(scope="module")
def pool() -> ParsePool:
    with ParsePool(2) as p:
        yield p  # type: ignore[misc]


def test_pool_result_equals_in_process_parse(pool: ParsePool) -> None:
    body = big_feed()
    headers = {"content-type": "application/rss+xml"}
    before = pool.parsed_in_pool
    remote = pool.parse(body, url=URL, headers=headers)
    assert pool.parsed_in_pool == before + 1  # it really went to a worker
    assert remote == parse_feed(body, url=URL, headers=headers)
    entry = remote.entries[3]
    assert entry.url == "https://news.example.com/a/3"
    assert "script" not in entry.content_html and "onclick" not in entry.content_html
    assert 'href="https://news.example.com/t/3"' in entry.content_html


def test_parse_errors_from_a_worker_keep_their_message(pool: ParsePool) -> None:
    page = b"<!DOCTYPE html><html><head><title>A page</title></head><body>" + b"<p>text</p>" * 3000 + b"</body></html>"
    with pytest.raises(ParseError) as in_process:
        parse_feed(page, url=URL, headers={"content-type": "text/html"})
    before = pool.parsed_in_pool
    with pytest.raises(ParseError) as remote:
        pool.parse(page, url=URL, headers={"content-type": "text/html"})
    assert str(remote.value) == str(in_process.value)
    assert "web page, not a feed" in str(remote.value)
    assert remote.value.url == URL and remote.value.kind == "parse"
    assert pool.parsed_in_pool == before


def test_small_feeds_and_a_pool_without_processes_parse_in_process() -> None:
    small = b'<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Only</title></item>'
    small += b"</channel></rss>"
    with ParsePool(0) as none:
        assert none.parse(big_feed(), url=URL).title == "Big"
        assert none.parsed_in_pool == 0
    with ParsePool(2) as lazy:
        assert lazy.parse(small, url=URL).entries[0].title == "Only"
        assert lazy.parsed_in_pool == 0
        assert lazy._executor is None  # no process was started for a small feed


def test_a_closed_pool_still_parses() -> None:
    pool = ParsePool(2)
    pool.close()
    parsed = pool.parse(big_feed(tag=" again"), url=URL)
    assert parsed.entries[0].title == "Story 0 again"
    assert pool.parsed_in_pool == 0


def test_atom_bases_resolve_the_same_in_a_worker(pool: ParsePool) -> None:
    """Workers remember feedparser's URL joins; every base must still resolve as in-process."""
    entries = "".join(
        f'<entry xml:base="/section{i % 5}/"><id>urn:{i}</id><title>T{i}</title><link href="story{i}.html"/>'
        f'<content type="html">&lt;p&gt;&lt;a href="../t/{i}"&gt;tag&lt;/a&gt; &lt;img src="i{i}.png"&gt;'
        f'&lt;a href="{"javascript:x()" if i % 7 == 0 else "https://other.example/x"}"&gt;o&lt;/a&gt;&lt;/p&gt;'
        f"</content></entry>"
        for i in range(150)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:base="https://news.example.com/base/"><title>Bases</title><id>urn:f</id>{entries}</feed>'
    ).encode()
    assert len(body) >= MIN_POOL_BYTES
    remote = pool.parse(body, url=URL)
    assert remote == parse_feed(body, url=URL)
    assert remote.entries[6].url == "https://news.example.com/section1/story6.html"
    assert 'href="https://news.example.com/t/6"' in remote.entries[6].content_html


def test_url_memo_gives_the_same_answers_and_stays_bounded() -> None:
    from feedparser.urls import make_safe_absolute_uri

    from reader.feeds.pool import _UrlMemo

    memo = _UrlMemo(make_safe_absolute_uri)
    cases = [("https://a.example/x/", "y"), ("https://a.example/x/", "javascript:alert(1)"), ("", "z"), ("h:", None)]
    for base, rel in cases * 2:
        assert memo(base, rel) == make_safe_absolute_uri(base, rel)
    long_rel = "p" * (_UrlMemo.MAX_CHARS + 1)
    assert memo("https://a.example/", long_rel) == "https://a.example/" + long_rel
    assert len(memo._cache) == len(cases)  # the long one is not remembered
    for i in range(_UrlMemo.MAX_ENTRIES + 10):
        memo("https://a.example/", f"n{i}")
    assert len(memo._cache) <= _UrlMemo.MAX_ENTRIES


def test_workers_exit_when_the_app_that_started_them_is_killed() -> None:
    # A SIGKILL of the app gives it no chance to close its pool: its parse workers must
    # notice and exit on their own (they lived on before, 194 orphans over 64 kills).
    import os
    import signal
    import subprocess
    import sys
    import time

    app = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from reader.feeds.pool import ParsePool\n"
            "pool = ParsePool(2, min_bytes=0)\n"
            "assert pool.start()\n"
            "print(' '.join(str(p) for p in pool._executor._processes), flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    workers = [int(p) for p in app.stdout.readline().split()]
    assert len(workers) == 2
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=10)
    app.stdout.close()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().split()[2] != "Z"  # a zombie has exited
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 5  # they exit within a quarter of a second; 5 s is slack for a busy machine
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in workers if alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"parse workers {left} outlived the app"
