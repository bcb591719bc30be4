"""Fixtures for the feed tests: a real HTTP server on 127.0.0.1 and a client with short timeouts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.feeds.http import HttpClient
from tests.httpserver import http_server  # noqa: F401  (the fixture)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    """An HttpClient with timeouts short enough for tests (seconds, not minutes)."""
    with HttpClient(connect_timeout=2.0, read_timeout=0.5, total_timeout=3.0) as c:
        yield c
