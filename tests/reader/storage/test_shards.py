"""Feed shards in memory: the ones used last keep their articles, the others let go of them
(a heavy library's 2,000 shards are 500,000 articles), and nothing read or written through a
shard that let go differs from one that did not."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.storage.shards import Shard
from reader.storage.tiny import TinyStorage
from reader.types import Article, Feed

FEEDS = 8


def loaded(storage: TinyStorage) -> set[str]:
    """The feeds whose shard holds its articles in memory."""
    return {fid for fid, shard in storage.meta._shards.items() if shard.db.storage._cache is not None}


@pytest.fixture
def storage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TinyStorage:
    monkeypatch.setattr("reader.storage.tiny.LOADED_SHARDS", 3)
    made = TinyStorage(tmp_path / "lib")
    for f in range(FEEDS):
        fid = f"feed{f}"
        made.meta.put_feed(Feed(id=fid, url=f"https://n{f}.example/rss", title=fid))
        made.meta.put_articles(
            fid, [Article(id=f"{fid}-{a:012x}", feed_id=fid, guid=f"{f}-{a}", title=f"{a} of {fid}") for a in range(5)]
        )
    made.close()
    return TinyStorage(tmp_path / "lib")


def test_articles_opened_across_every_feed_leave_a_few_shards_in_memory(storage: TinyStorage) -> None:
    meta = storage.meta
    for f in range(FEEDS):
        assert meta.get_article(f"feed{f}-000000000001").title == f"1 of feed{f}"
        assert len(loaded(storage)) <= 3
    assert loaded(storage) == {"feed5", "feed6", "feed7"}  # the ones used last
    # A walk of every shard (a rebuild of the list index, gloss check) reads the others' files
    # without holding them.
    assert meta.rebuild_list_index() and meta.list_index_problems() == []
    assert loaded(storage) == {"feed5", "feed6", "feed7"}
    # A shard that let go reads its file again: a write through it, and what it reads, are the file's.
    meta.set_flags("feed0-000000000002", read=True, starred=True)
    assert meta.get_article("feed0-000000000002").read and meta.get_article("feed0-000000000002").starred
    assert meta.article_counts()["feed0"] == (4, 5)
    storage.close()
    again = TinyStorage(storage.root)
    try:
        assert again.meta.get_article("feed0-000000000002").starred
        assert [a.title for a in again.meta.iter_articles("feed3")] == [f"{a} of feed3" for a in range(5)]
    finally:
        again.close()


def test_a_shard_in_use_keeps_its_articles(tmp_path: Path) -> None:
    shard = Shard(tmp_path / "one.json", kind="articles", schema=1)
    shard.table("articles").put_many({"a": {"id": "a", "title": "kept"}})
    storage = shard.db.storage
    with shard.lock:  # this thread is inside it
        assert not shard.unload()
        assert storage._cache is not None
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with shard.lock:
            held.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    held.wait(10)
    try:
        assert not shard.unload()  # another thread is inside it
    finally:
        release.set()
        worker.join()
    assert shard.unload() and storage._cache is None
    assert shard.table("articles").get_by_key("a") == {"id": "a", "title": "kept"}
