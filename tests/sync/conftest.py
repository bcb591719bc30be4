"""Fixtures for the sync tests: one real FreshRSS for the session, a user of its own per test,
a real feed server for FreshRSS and Gloss to read, and libraries on disk.

FreshRSS is started once (``../shared/servers/freshrss/start``; it installs PHP when
missing, which ``.ci/run`` does before the suite). When it cannot start, every sync test
fails, saying why; only a checkout without ``../shared`` outside CI skips them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.feeds.http import HttpClient
from reader.library import Library
from tests.httpserver import TestServer
from tests.ui.conftest import _app_names, make_window  # noqa: F401  (the window tests' fixtures)

from .freshrss import START, Account, FreshRSS, FreshRSSUnavailable, start_freshrss
from .proxy import Proxy
from .site import Site


@pytest.fixture(scope="session")
def freshrss(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshRSS]:
    if not START.exists() and not os.environ.get("CI"):
        pytest.skip(f"no FreshRSS here ({START} is missing); CI has it and runs these tests")
    try:
        server = start_freshrss(tmp_path_factory.mktemp("freshrss"))
    except FreshRSSUnavailable as exc:
        pytest.fail(f"The sync tests need a real FreshRSS and it did not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def feed_server() -> Iterator[TestServer]:
    """One feed server for the session: FreshRSS keeps the feed addresses it was given."""
    server = TestServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(feed_server: TestServer) -> Site:
    return Site(feed_server)


@pytest.fixture
def account(freshrss: FreshRSS) -> Account:
    """A user of its own on the shared server: every test starts from an empty account."""
    return freshrss.new_user()


@pytest.fixture
def proxy(freshrss: FreshRSS) -> Iterator[Proxy]:
    p = Proxy(freshrss.url).start()
    try:
        yield p
    finally:
        p.stop()


def quick_http() -> HttpClient:
    return HttpClient(connect_timeout=5.0, read_timeout=10.0, total_timeout=20.0)


@pytest.fixture
def open_gloss(tmp_path: Path) -> Iterator[Callable[[str], Library]]:
    """``open_gloss("a")``: a library of its own on disk (another computer, as far as sync knows)."""
    opened: list[Library] = []

    def opener(name: str) -> Library:
        lib = Library.open(tmp_path / f"gloss-{name}", first_run=False)
        lib.set_http(quick_http())
        opened.append(lib)
        return lib

    yield opener
    for lib in opened:
        with contextlib.suppress(Exception):
            lib.close()
