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


def test_update_articles_sees_every_stored_article_by_id(storage: TinyStorage) -> None:
    # The articles are made from their records as the updater asks for them (see
    # reader.storage.records.ArticlesOf): each one it asks for, or iterates over, is as stored.
    storage.meta.put_feed(Feed(id="ddd4", url="https://d.example/f"))
    stored = [
        Article(id=f"ddd4-00000000000{i}", feed_id="ddd4", guid=f"g{i}", title=f"T{i}", read=i == 2) for i in range(4)
    ]
    storage.meta.put_articles("ddd4", stored)
    seen: dict[str, Article] = {}

    def star_the_read_one(current: object) -> list[Article]:
        from collections.abc import Mapping

        assert isinstance(current, Mapping)
        assert len(current) == 4 and "ddd4-000000000009" not in current
        assert current.get("ddd4-000000000009") is None
        seen.update(current.items())
        return [replace(a, starred=True) for a in current.values() if a.read]

    changed = storage.meta.update_articles("ddd4", star_the_read_one)
    assert seen == {a.id: a for a in stored}
    assert [a.id for a in changed] == [stored[2].id]
    assert storage.meta.get_article(stored[2].id).starred


def test_a_feeds_state_written_feed_after_feed_is_appended_not_the_whole_list(tmp_path: Path) -> None:
    # A refresh writes each feed's ETag as it goes: with 2,000 feeds the list written whole
    # (and its backup) was 7 ms a feed. Appended, every state is still there after a reopen,
    # and after a kill cut the last line short, every state acknowledged before it.
    storage = TinyStorage(tmp_path / "lib")
    storage.meta.put_feeds([Feed(id=f"feed{i}", url=f"https://n{i}.example/rss") for i in range(50)])
    whole = (tmp_path / "lib" / "library.json").read_bytes()
    for i in range(10):
        storage.meta.put_feed(replace(storage.meta.get_feed(f"feed{i}"), etag=f'"v{i}"'))
    assert (tmp_path / "lib" / "library.json").read_bytes() == whole  # not written again
    storage.close()
    journal = tmp_path / "lib" / "library.json.journal"
    journal.write_bytes(journal.read_bytes() + b'{"put": {"feeds": {"x')  # a kill mid-append
    again = TinyStorage(tmp_path / "lib")
    try:
        assert [again.meta.get_feed(f"feed{i}").etag for i in range(10)] == [f'"v{i}"' for i in range(10)]
        assert len(again.meta.get_feeds()) == 50
        again.meta.put_feed(replace(again.meta.get_feed("feed11"), etag='"after"'))
    finally:
        again.close()
    final = TinyStorage(tmp_path / "lib")
    try:
        assert final.meta.get_feed("feed11").etag == '"after"'
    finally:
        final.close()
