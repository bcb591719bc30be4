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
