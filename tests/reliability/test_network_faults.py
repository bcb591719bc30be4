"""Network faults through the facade and the window: a connection dropped mid-body, a
server trickling a byte a second, a self-signed TLS certificate on 127.0.0.1, a DNS
failure, wrong Content-Lengths (longer and shorter than the body). Each broken feed
gets an error value in words; every other feed is refreshed; the window keeps painting.
(HttpClient's own handling of drop/trickle/DNS is in tests/reader/feeds/test_http.py.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.errors import FetchError
from reader.feeds.http import HttpClient
from reader.library import Library
from tests.httpserver import TestServer
from tests.reliability.faultservers import TLSServer, add_faulty_routes, self_signed_cert


def quick_http() -> HttpClient:
    return HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=3.0)


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[TLSServer]:
    pair = self_signed_cert(tmp_path)
    if pair is None:
        pytest.skip("neither the cryptography package nor openssl is available to make a certificate")
    with TLSServer(*pair) as server:
        yield server


@pytest.fixture
def faulty(http_server: TestServer, tls_server: TLSServer) -> Iterator[dict[str, str]]:
    stopping = threading.Event()
    urls = add_faulty_routes(http_server, stopping)
    urls.pop("short-length")  # see test_a_short_content_length_does_not_poison_the_next_feed
    urls["tls"] = tls_server.url("/feed.xml")
    yield urls
    stopping.set()


def subscribe_all(lib: Library, urls: dict[str, str]) -> dict[str, str]:
    """{feed id: fault name}; the good feed is subscribed last, behind every fault."""
    names = {}
    for name, url in sorted(urls.items(), key=lambda kv: kv[0] == "good"):
        names[lib.add_feed(url, title=name).id] = name
    lib.update_settings(fetch_full_articles=False)
    return names


def test_each_fault_is_an_error_value_and_the_other_feeds_refresh(
    faulty: dict[str, str], tls_server: TLSServer, tmp_path: Path
) -> None:
    with Library.open(tmp_path / "library", first_run=False) as lib:
        lib.set_http(quick_http())
        names = subscribe_all(lib, faulty)
        results = {names[r.feed_id]: r for r in lib.refresh()}
        assert set(results) == set(names.values()), "one result per feed, none missing"
        assert results["good"].error is None and results["good"].new == 5
        expected_kinds = {
            "drop": "connection",
            "trickle": "timeout",
            "long-length": "timeout",
            "tls": "tls",
            "dns": "dns",
        }
        for name, kind in expected_kinds.items():
            error = results[name].error
            assert isinstance(error, FetchError), (name, error)
            assert error.kind == kind, (name, error.kind, str(error))
            assert str(error) and "Traceback" not in str(error)
        assert "certificate" in str(results["tls"].error).lower()
        assert tls_server.hits == 0, "a refused certificate means no request was sent"
        good_id = next(fid for fid, name in names.items() if name == "good")
        assert len(lib.articles(feed_ids=[good_id])) == 5
        # Nothing that failed was stored as an article; the library is sound.
        from reader.check import check_library

        assert [p for p in check_library(lib) if p.severity == "error"] == []


def test_the_window_stays_responsive_while_faulty_feeds_refresh(
    qtbot: Any, faulty: dict[str, str], tmp_path: Path
) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer

    from ui.mainwindow import MainWindow

    QCoreApplication.setOrganizationName("Gloss")
    QCoreApplication.setApplicationName("Gloss")
    lib = Library.open(tmp_path / "library", first_run=False)
    lib.set_http(quick_http())
    names = subscribe_all(lib, faulty)
    window = MainWindow(lib)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start(None)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        with qtbot.waitSignal(window.refreshFinished, timeout=60000) as finished:
            window.refresh(list(names))
            during = len(ticks)
        # The refresh takes at least the trickle's 3 s deadline: the event loop ran all along.
        ticked = len(ticks) - during
        results = {names[r.feed_id]: r for r in finished.args[0]}
        assert results["good"].error is None
        assert all(results[n].error is not None for n in ("drop", "trickle", "tls", "dns", "long-length"))
        assert ticked >= 10, f"the timer fired only {ticked} times during the refresh: the window froze"
        window.close()
    finally:
        timer.stop()
        lib.close()


# The excess of a short Content-Length poisoned the pooled connection; fixed in 7dec447 (retry once).
def test_a_short_content_length_does_not_poison_the_next_feed(http_server: TestServer, tmp_path: Path) -> None:
    stopping = threading.Event()
    urls = add_faulty_routes(http_server, stopping)
    with Library.open(tmp_path / "library", first_run=False) as lib:
        lib.set_http(quick_http())
        lib.update_settings(fetch_full_articles=False)
        short = lib.add_feed(urls["short-length"], title="short")
        good = lib.add_feed(urls["good"], title="good")
        [first] = lib.refresh([short.id])
        assert first.error is None or str(first.error), "a truncated feed is a value in words"
        [second] = lib.refresh([good.id])
        assert second.error is None, str(second.error)
        assert second.new == 5
    stopping.set()
