"""Atomic read-modify-write of feeds and articles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.errors import FeedNotFoundError
from reader.storage.tiny import TinyStorage
from reader.types import Article, Feed


@pytest.fixture
def storage(tmp_path: Path) -> TinyStorage:
    return TinyStorage(tmp_path / "lib")


def test_update_feeds_sees_what_is_stored_and_writes_once(storage: TinyStorage) -> None:
    storage.meta.put_feeds([Feed(id="aaa1", url="https://a.example/f"), Feed(id="bbb2", url="https://b.example/f")])
    storage.meta.put_feed(replace(storage.meta.get_feed("aaa1"), title="Renamed by the user"))

    def refresh_state(stored: object) -> list[Feed]:
        assert isinstance(stored, dict)
        return [replace(feed, etag='"v2"') for feed in stored.values()]

    changed = storage.meta.update_feeds(refresh_state)
    assert len(changed) == 2
    a = storage.meta.get_feed("aaa1")
    assert a.title == "Renamed by the user" and a.etag == '"v2"'


def test_update_articles_of_a_deleted_feed_is_refused(storage: TinyStorage, tmp_path: Path) -> None:
    storage.meta.put_feed(Feed(id="ccc3", url="https://c.example/f"))
    storage.meta.delete_feed("ccc3")
    article = Article(id="ccc3-000000000001", feed_id="ccc3", guid="g")
    with pytest.raises(FeedNotFoundError):
        storage.meta.update_articles("ccc3", lambda current: [article])
    assert list(storage.meta.iter_articles("ccc3")) == []
    assert not (tmp_path / "lib" / "articles" / "ccc3.json").exists()
