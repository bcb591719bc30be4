"""The user store reads a highlight shard only when asked for what it holds, and stays whole."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reader.storage.tiny import TinyStorage
from reader.storage.tinyuser import TinyUserStore
from reader.types import Highlight, TextPosition, TextQuote

WHEN = datetime(2026, 1, 2, tzinfo=UTC)


def highlight(article_id: str, n: int) -> Highlight:
    return Highlight(
        id=f"h{n:016x}",
        article_id=article_id,
        part="body",
        quote=TextQuote(f"quote {n}"),
        position=TextPosition(0, 7),
        created=WHEN,
        updated=WHEN,
    )


def same_shard_articles(count: int) -> list[str]:
    """Article ids that land in one highlight shard."""
    ids = [f"feed1-{n:012x}" for n in range(400)]
    target = TinyUserStore._shard_no(ids[0])
    return [a for a in ids if TinyUserStore._shard_no(a) == target][:count]


def test_a_reopened_store_answers_every_question_from_files_it_reads_when_asked(tmp_path: Path) -> None:
    first, second = same_shard_articles(2)
    elsewhere = next(
        a
        for a in (f"feed2-{n:012x}" for n in range(400))
        if TinyUserStore._shard_no(a) != TinyUserStore._shard_no(first)
    )
    store = TinyStorage(tmp_path)
    store.user.put_highlights([highlight(first, 1), highlight(elsewhere, 2)])
    store.close()

    store = TinyStorage(tmp_path)
    # A new highlight in a shard not read yet keeps the one already there.
    store.user.put_highlight(highlight(second, 3))
    assert [h.id for h in store.user.get_highlights(first)] == [highlight(first, 1).id]
    assert store.user.get_highlight(highlight(elsewhere, 2).id).article_id == elsewhere  # found in any shard
    assert store.user.annotated_article_ids() == {first, second, elsewhere}
    assert store.user.delete_highlight(highlight(first, 1).id).article_id == first
    store.close()

    store = TinyStorage(tmp_path)
    assert store.user.get_highlights(first) == []
    assert {h.id for h in store.user.get_highlights()} == {highlight(second, 3).id, highlight(elsewhere, 2).id}
    assert store.user.annotated_article_ids() == {second, elsewhere}
    store.close()


def test_moving_highlights_to_new_article_ids_is_seen_after_the_shards_were_read(tmp_path: Path) -> None:
    old = "feed1-000000000001"
    store = TinyStorage(tmp_path)
    store.user.put_highlight(highlight(old, 1))
    assert store.user.get_highlights(old)  # that shard is read
    new = next(
        a for a in (f"feed9-{n:012x}" for n in range(400)) if TinyUserStore._shard_no(a) != TinyUserStore._shard_no(old)
    )
    assert store.user.rename_articles(lambda aid: new if aid == old else aid) == 1
    assert store.user.get_highlights(old) == []
    assert [h.article_id for h in store.user.get_highlights(new)] == [new]
    assert store.user.annotated_article_ids() == {new}
    store.close()
