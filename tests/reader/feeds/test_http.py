"""HttpClient against a real server on 127.0.0.1: caps, timeouts, redirects, statuses."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from reader.errors import FeedGoneError, FetchError
from reader.feeds.http import USER_AGENT, HttpClient, parse_retry_after, resolve_url
from tests.httpserver import Reply, Request, TestServer, etag_handler, repeat_chunks

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


def test_user_agent_names_gloss(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/f", RSS)
    result = client.fetch(url)
    assert result.body == RSS
    ua = http_server.requests_for("/f")[0].headers["user-agent"]
    assert ua == USER_AGENT
    assert ua.startswith("Gloss/") and "desktop news reader" in ua


def test_headers_are_lowercased(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/f", RSS, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    result = client.fetch(url)
    assert result.headers["content-type"].startswith("application/rss+xml")
    assert result.content_type == "application/rss+xml"


def test_50_mb_body_is_capped_with_a_clear_error(http_server: TestServer, client: HttpClient) -> None:
    http_server.handle("/big", lambda _r: Reply(chunks=repeat_chunks(b"<item>" + b"x" * 65530, 50 * 1024 * 1024)))
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/big"))
    assert info.value.kind == "too_large"
    assert "larger than 10 MB" in str(info.value)


def test_declared_content_length_over_the_cap_stops_before_reading(http_server: TestServer, client: HttpClient) -> None:
    http_server.handle(
        "/big",
        lambda _r: Reply(
            headers={"Content-Length": str(6 * 1024 * 1024)}, chunks=repeat_chunks(b"x" * 65536, 6 * 1024 * 1024)
        ),
    )
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/big"), max_bytes=5 * 1024 * 1024)
    assert info.value.kind == "too_large"
    assert "5 MB" in str(info.value)


def test_server_that_never_answers_times_out(http_server: TestServer, client: HttpClient) -> None:
    http_server.handle("/hang", lambda _r: Reply(hang=True))
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/hang"))
    assert info.value.kind == "timeout"
    assert str(info.value) == "The server at 127.0.0.1 did not answer within 0.5 seconds."


def test_trickling_server_hits_the_total_deadline(http_server: TestServer) -> None:
    def trickle() -> Iterator[bytes]:
        while True:
            yield b"<"
            time.sleep(0.1)  # the server's pace, not a wait in the test

    http_server.handle("/slow", lambda _r: Reply(chunks=trickle()))
    with HttpClient(read_timeout=0.5, total_timeout=0.6) as client, pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/slow"))
    assert info.value.kind == "timeout"
    assert "too slowly" in str(info.value)


def test_dropped_connection_is_a_connection_error(http_server: TestServer, client: HttpClient) -> None:
    http_server.handle("/drop", lambda _r: Reply(drop=True))
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/drop"))
    assert info.value.kind == "connection"
    assert "127.0.0.1" in str(info.value)


def test_refused_connection(client: HttpClient) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    with pytest.raises(FetchError) as info:
        client.fetch(f"http://127.0.0.1:{port}/feed")
    assert info.value.kind == "connection"
    assert "refused" in str(info.value)


def test_dns_failure_is_reported_as_such(client: HttpClient) -> None:
    # .invalid never resolves (RFC 2606); the resolver answers without any network.
    with pytest.raises(FetchError) as info:
        client.fetch("http://no-such-host.invalid/feed")
    assert info.value.kind == "dns"
    assert "no-such-host.invalid could not be found" in str(info.value)


def test_redirect_loop(http_server: TestServer, client: HttpClient) -> None:
    http_server.redirect("/a", "/b", 302)
    http_server.redirect("/b", "/a", 302)
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/a"))
    assert info.value.kind == "redirect_loop"
    assert "loop" in str(info.value)


def test_too_many_redirects(http_server: TestServer, client: HttpClient) -> None:
    for i in range(12):
        http_server.redirect(f"/r{i}", f"/r{i + 1}", 302)
    http_server.route("/r12", RSS)
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/r0"))
    assert info.value.kind == "redirect_loop"
    assert "more than 10 times" in str(info.value)


def test_permanent_redirect_reports_new_url(http_server: TestServer, client: HttpClient) -> None:
    http_server.redirect("/old", "/new", 301)
    new = http_server.route("/new", RSS)
    result = client.fetch(http_server.url("/old"))
    assert result.body == RSS
    assert result.permanent_url == new
    assert result.final_url == new


def test_308_then_302_keeps_the_permanent_hop_only(http_server: TestServer, client: HttpClient) -> None:
    http_server.redirect("/old", "/moved", 308)
    http_server.redirect("/moved", "/today", 302)
    http_server.route("/today", RSS)
    result = client.fetch(http_server.url("/old"))
    assert result.permanent_url == http_server.url("/moved")
    assert result.final_url == http_server.url("/today")


def test_temporary_redirect_keeps_url(http_server: TestServer, client: HttpClient) -> None:
    http_server.redirect("/old", "/tmp", 302)
    http_server.redirect("/tmp", "/new", 301)
    http_server.route("/new", RSS)
    result = client.fetch(http_server.url("/old"))
    assert result.permanent_url is None
    assert result.body == RSS


def test_redirect_to_file_scheme_is_refused(http_server: TestServer, client: HttpClient) -> None:
    http_server.redirect("/evil", "file:///etc/passwd", 302)
    with pytest.raises(FetchError) as info:
        client.fetch(http_server.url("/evil"))
    assert info.value.kind == "unsupported_url"


def test_conditional_get_gives_not_modified(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.handle("/f", etag_handler(RSS, '"v1"'))
    first = client.fetch(url)
    assert first.etag == '"v1"' and not first.not_modified
    second = client.fetch(url, etag=first.etag, last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == '"v1"'
    sent = http_server.requests_for("/f")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_have_status(http_server: TestServer, client: HttpClient, status: int) -> None:
    url = http_server.route("/e", b"oops", status=status)
    with pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "http"
    assert info.value.status == status
    assert f"HTTP {status}" in str(info.value)


def test_410_is_feed_gone(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/gone", b"", status=410)
    with pytest.raises(FeedGoneError) as info:
        client.fetch(url)
    assert info.value.kind == "gone" and info.value.status == 410


def test_429_retry_after_seconds(http_server: TestServer, client: HttpClient) -> None:
    url = http_server.route("/busy", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "rate_limited"
    assert info.value.retry_after == 120.0
    assert "120 seconds" in str(info.value)


def test_503_retry_after_http_date(http_server: TestServer, client: HttpClient) -> None:
    when = datetime.now(UTC) + timedelta(hours=1)
    url = http_server.route("/busy", status=503, headers={"Retry-After": format_datetime(when, usegmt=True)})
    with pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "rate_limited" and info.value.status == 503
    assert info.value.retry_after is not None and 3500 < info.value.retry_after <= 3600


def test_retry_after_parsing() -> None:
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("99999999") == 7 * 24 * 3600.0


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/xml,<rss/>", "ftp://example.com/feed"]
)
def test_other_schemes_are_refused(client: HttpClient, url: str) -> None:
    with pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "unsupported_url"
    assert "only fetches http and https" in str(info.value)


def test_sample_scheme_reads_the_bundled_feed(client: HttpClient) -> None:
    result = client.fetch("gloss-sample:///feed.xml")
    assert result.status == 200
    assert b"<rss" in result.body or b"<feed" in result.body
    assert result.content_type == "application/rss+xml"


@pytest.mark.parametrize(
    "url",
    [
        "gloss-sample:///../__init__.py",
        "gloss-sample:///articles/../../__init__.py",
        "gloss-sample:///%2e%2e/__init__.py",
        "gloss-sample://evil.example/feed.xml",
        "gloss-sample:///",
    ],
)
def test_sample_scheme_refuses_to_leave_the_sample(client: HttpClient, url: str) -> None:
    with pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "unsupported_url"


def test_sample_scheme_missing_file(client: HttpClient) -> None:
    with pytest.raises(FetchError) as info:
        client.fetch("gloss-sample:///no-such-file.xml")
    assert info.value.kind == "not_found"


def test_resolve_url_understands_the_sample_scheme() -> None:
    assert resolve_url("gloss-sample:///feed.xml", "articles/a.html") == "gloss-sample:///articles/a.html"
    assert resolve_url("gloss-sample:///articles/a.html", "../images/b.png") == "gloss-sample:///images/b.png"
    assert resolve_url("https://ex.com/a/feed", "/b") == "https://ex.com/b"


def test_request_log_keeps_every_request(http_server: TestServer, client: HttpClient) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Reply:
        seen.append(request)
        return Reply(body=RSS)

    url = http_server.handle("/f", handler)
    client.fetch(url + "?x=1")
    client.fetch(url)
    assert [r.path for r in http_server.requests_for("/f")] == ["/f?x=1", "/f"]
    assert len(seen) == 2


def test_a_304_keeps_its_connection_for_the_next_request(http_server: TestServer, client: HttpClient) -> None:
    # Each connection is served by its own server thread: the same thread, the same connection.
    threads: list[str] = []

    def handler(request: Request) -> Reply:
        threads.append(threading.current_thread().name)
        return etag_handler(RSS, '"v1"')(request)

    url = http_server.handle("/f", handler)
    for _ in range(4):
        assert client.fetch(url, etag='"v1"').not_modified
    assert client.fetch(url).body == RSS
    assert len(threads) == 5 and len(set(threads)) == 1
