from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def page():
    """Read a fixture page as bytes (what the fetcher hands the extractor)."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
