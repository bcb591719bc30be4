"""A feed that was healthy when it was added and breaks later: `gloss feeds` says why in
words, the other feeds refresh, and the feed recovers by itself when it works again.
(A feed broken from the start is refused at `gloss add`: tests/reliability/test_network_faults.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.httpserver import Reply, Request, TestServer
from tests.reliability.bombs import gzip_of_zeros
from tests.reliability.faultservers import FEED

_RSS = {"Content-Type": "application/rss+xml"}
_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>&x;</title><item><title>t</title></item></channel></rss>'
)
_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
    b'<rss version="2.0"><channel><title>&f;</title></channel></rss>'
)


def _faults(server: TestServer) -> dict[str, Callable[[Request], Reply]]:
    redirect_to_self = server.url("/feed.xml")
    return {
        "server error": lambda _r: Reply(status=500, body=b"oops"),
        "not a feed": lambda _r: Reply(body=b"<html><body><p>Down for maintenance</p></body></html>"),
        "cut mid-body": lambda _r: Reply(
            chunks=[FEED[: len(FEED) // 3]], headers={**_RSS, "Content-Length": str(len(FEED))}
        ),
        "gzip bomb": lambda _r: Reply(body=gzip_of_zeros(256), headers={**_RSS, "Content-Encoding": "gzip"}),
        "redirect loop": lambda _r: Reply(status=302, headers={"Location": redirect_to_self}),
        "external entity": lambda _r: Reply(body=_XXE, headers=_RSS),
        "entity bomb": lambda _r: Reply(body=_LAUGHS, headers=_RSS),
        "100 MB body": lambda _r: Reply(chunks=(b" " * (1 << 20) for _ in range(100)), headers=_RSS),
    }


@pytest.fixture
def switchable(http_server: TestServer) -> Iterator[tuple[TestServer, dict[str, object]]]:
    state: dict[str, object] = {"fault": None}
    faults = _faults(http_server)

    def feed(request: Request) -> Reply:
        fault = state["fault"]
        return faults[fault](request) if isinstance(fault, str) else Reply(body=FEED, headers=_RSS)

    http_server.handle("/feed.xml", feed)
    http_server.route("/other.xml", FEED.replace(b"Good news", b"Other news"), content_type="application/rss+xml")
    yield http_server, state


def _feeds(data_dir: Path) -> dict[str, dict[str, object]]:
    out_lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            out_lines.append(text)

    assert main(["--data-dir", str(data_dir), "feeds", "--json"], out=Out(), err=Out()) == 0
    rows = [json.loads(line) for line in "".join(out_lines).splitlines() if line.strip()]
    return {str(r["url"]).rsplit("/", 1)[-1]: r for r in rows}


_READ_ANYWAY = ("external entity", "entity bomb")
FAULTS: tuple[str, ...] = (
    "server error",
    "not a feed",
    "cut mid-body",
    "gzip bomb",
    "redirect loop",
    "external entity",
)
FAULTS += ("entity bomb", "100 MB body")
# (A 410 "gone for good" is not polled again: the window's Try again asks for it. Not here.)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_feed_that_breaks_later_says_why_and_recovers(
    switchable: tuple[TestServer, dict[str, object]], data_dir: Path, fault: str
) -> None:
    server, state = switchable
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed(server.url("/feed.xml"))
        other = lib.add_feed(server.url("/other.xml"))
        lib.refresh()
        assert lib.feed(feed.id).last_error is None

        state["fault"] = fault
        results = {r.feed_id: r for r in lib.refresh()}
        assert results[other.id].error is None
        # Entities are refused and the rest of the feed read: a warning, not an error.
        said = results[feed.id].warning if fault in _READ_ANYWAY else results[feed.id].error
        assert said is not None
    row = _feeds(data_dir)["feed.xml"]
    problem = row["last_error"]
    shown = str(row["warning"] if fault in _READ_ANYWAY else problem["message"] if isinstance(problem, dict) else "")
    assert len(shown.split()) >= 4
    assert "Traceback" not in shown and "Error(" not in shown  # words, not a program's insides

    state["fault"] = None
    with Library.open(data_dir, first_run=False) as lib:
        lib.refresh([feed.id])
        assert lib.feed(feed.id).last_error is None
        kept = {a.title for a in lib.articles() if a.feed_id == feed.id}
        assert {f"Story {i}" for i in range(5)} <= kept  # nothing lost on the way
    row = _feeds(data_dir)["feed.xml"]
    assert row["last_error"] is None and not row.get("warning")
