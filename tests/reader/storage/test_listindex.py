"""The list index (:mod:`reader.storage.listindex`) on real TinyDB files in a temp dir: every
write keeps it agreeing with the shards, and a missing, stale or damaged one is noticed,
reported by ``gloss check``, and rebuilt, with the lists and counts always what the shards say."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.catalog import select, tally
from reader.check import check_library
from reader.library import Library
from reader.storage.migrations import LIBRARY_SCHEMA
from reader.storage.shards import Shard
from reader.storage.tiny import TinyStorage
from reader.types import Article, ArticleFilter, Feed, dt_to_str

START = datetime(2026, 3, 1, 12, tzinfo=UTC)
FEEDS = 4
PER_FEED = 30


def make(root: Path) -> None:
    storage = TinyStorage(root)
    rng = random.Random(5)
    for f in range(FEEDS):
        fid = f"feed{f}"
        storage.meta.put_feed(Feed(id=fid, url=f"https://n{f}.example/rss", title=fid))
        storage.meta.put_articles(
            fid,
            [
                Article(
                    id=f"{fid}-{a:012x}",
                    feed_id=fid,
                    guid=f"g{f}-{a}",
                    title=f"Story {a} of {fid}",
                    # Spread over days (one index file a day), some on the same minute (ties by id).
                    published=START - timedelta(hours=7 * a + (f if a % 5 else 0)),
                    read=rng.random() < 0.4,
                    starred=rng.random() < 0.2,
                )
                for a in range(PER_FEED)
            ],
        )
    storage.meta.query_articles(ArticleFilter(limit=1))  # builds the index, as a first list does
    storage.close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "library"
    make(path)
    return path


@pytest.fixture
def storage(root: Path) -> Iterator[TinyStorage]:
    s = TinyStorage(root)
    yield s
    s.close()


FILTERS = [
    ArticleFilter(limit=25),
    ArticleFilter(limit=25, unread=True),
    ArticleFilter(limit=10, starred=True),
    ArticleFilter(limit=40, order="oldest"),
    ArticleFilter(limit=30, unread=False, order="oldest"),
    ArticleFilter(limit=1000),
]


def scanned(root: Path, flt: ArticleFilter) -> list[str]:
    """What the shards themselves say (read straight from the files, not through the index)."""
    docs = []
    for path in sorted((root / "articles").glob("*.json")):
        docs += list(json.loads(path.read_bytes()).get("articles", {}).values())
    return [d["id"] for d in select(docs, flt)]


def counted(root: Path) -> dict[str, tuple[int, int]]:
    docs = []
    for path in sorted((root / "articles").glob("*.json")):
        docs += list(json.loads(path.read_bytes()).get("articles", {}).values())
    return {fid: (u, t) for fid, (u, t, _s) in tally(docs).items()}


def agrees(storage: TinyStorage, root: Path) -> None:
    for flt in FILTERS:
        assert [a.id for a in storage.meta.query_articles(flt)] == scanned(root, flt), flt
    assert storage.meta.article_counts() == counted(root)


def test_lists_and_counts_come_from_the_index_and_match_the_shards(storage: TinyStorage, root: Path) -> None:
    agrees(storage, root)
    assert storage.meta.list_index.current()
    assert (root / "list" / "manifest.json").exists()
    # The first page of "All" reads the newest days only, not every day of the library.
    days = len(json.loads((root / "list" / "manifest.json").read_bytes())["days"])
    storage.meta.list_index._cache.clear()
    storage.meta.query_articles(ArticleFilter(limit=5))
    assert 0 < len(storage.meta.list_index._cache) < days


def test_paging_through_every_part_holds_a_few_parts_only(
    storage: TinyStorage, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scrolling "All articles" to its end reads every part once: what stays in memory is a
    # few parts (rows and their texts), not the library (at 500,000 articles all of it stayed,
    # and every full garbage collection walked it: 70 ms pauses while scrolling).
    from reader.storage import listindex

    monkeypatch.setattr(listindex, "CACHED_DAYS", 3)
    index = storage.meta.list_index
    days = len(json.loads((root / "list" / "manifest.json").read_bytes())["days"])
    assert days > 6
    seen: list[str] = []
    while page := storage.meta.query_articles(ArticleFilter(limit=7, offset=len(seen))):
        seen += [a.id for a in page]
        assert len(index._cache) <= 3
        assert len(index._texts._lists) <= 3
    assert seen == scanned(root, ArticleFilter())
    storage.meta.set_flags(seen[-1], starred=True)  # a write into a part read long ago
    agrees(storage, root)


def test_every_kind_of_write_keeps_it_current(storage: TinyStorage, root: Path) -> None:
    meta = storage.meta
    agrees(storage, root)
    newest = meta.query_articles(ArticleFilter(limit=3))
    meta.set_flags(newest[0].id, read=True)
    meta.set_flags(newest[1].id, starred=True)
    meta.set_read_many([a.id for a in meta.query_articles(ArticleFilter(limit=12, unread=True))], True)
    fresh = Article(id="feed1-00000000ffff", feed_id="feed1", guid="new", title="Brand new", published=START)
    meta.put_articles("feed1", [fresh])
    # An article whose date changed moves to another day's file (and is not listed twice).
    moved = meta.get_article("feed2-000000000003")
    meta.put_articles("feed2", [Article(**{**_fields(moved), "published": START + timedelta(days=1)})])
    meta.delete_articles("feed3", ["feed3-000000000000", "feed3-000000000001"])
    meta.delete_feed("feed0")
    agrees(storage, root)
    assert meta.query_articles(ArticleFilter(limit=1))[0].id == "feed2-000000000003"
    assert meta.list_index_problems() == []
    # And a later process finds it current without rebuilding it.
    storage.close()
    again = TinyStorage(root)
    try:
        assert again.meta.list_index.current()
        agrees(again, root)
    finally:
        again.close()


def test_a_part_written_again_and_again_is_its_rows_as_json(storage: TinyStorage, root: Path) -> None:
    # A refresh stores feed after feed into the newest part: its rows' JSON is remembered
    # between writes (see ListIndex._encode_day), and the file must still say what the rows say.
    meta = storage.meta
    stored: list[str] = []
    for n in range(6):
        fid = f"feed{n % FEEDS}"
        aid = f"{fid}-0000000f{n:04x}"
        fresh = Article(id=aid, feed_id=fid, guid=f"fresh{n}", title=f"Fresh {n}", published=START + timedelta(days=2))
        meta.put_articles(fid, [fresh])
        if stored:
            meta.set_flags(stored[-1], read=True)  # the row replaced, in the part written just before
        stored.append(aid)
    index = meta.list_index
    for day, rows in index._cache.items():
        on_disk = (root / "list" / str(index._days[day]["file"])).read_text("utf-8")
        assert json.loads(on_disk) == rows
        assert on_disk.split("\n")[1:-1] == [
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(rows) - 1 else "")
            for i, r in enumerate(rows)
        ]  # one row a line: a later process reads each row's text back instead of encoding it again
    agrees(storage, root)
    listed = {a.id: a.read for a in meta.query_articles(ArticleFilter(limit=6))}
    assert listed == {aid: aid != stored[-1] for aid in stored}
    storage.close()
    again = TinyStorage(root)
    try:
        assert again.meta.list_index.current()
        agrees(again, root)
        assert {a.id: a.read for a in again.meta.query_articles(ArticleFilter(limit=6))} == listed
    finally:
        again.close()


def test_parts_written_on_one_line_by_an_earlier_version_are_read_and_written_again(root: Path) -> None:
    for path in (root / "list").glob("b-*.json"):  # as Gloss wrote them before parts were a row a line
        path.write_text(json.dumps(json.loads(path.read_bytes()), ensure_ascii=False, separators=(",", ":")))
    storage = TinyStorage(root)
    try:
        assert storage.meta.list_index.current()
        agrees(storage, root)
        newest = storage.meta.query_articles(ArticleFilter(limit=2))
        storage.meta.set_flags(newest[0].id, starred=not newest[0].starred)
        agrees(storage, root)
    finally:
        storage.close()
    again = TinyStorage(root)
    try:
        assert again.meta.list_index.current()
        agrees(again, root)
        assert again.meta.get_article(newest[0].id).starred is not newest[0].starred
    finally:
        again.close()


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


def test_a_missing_index_is_rebuilt_from_the_shards(root: Path) -> None:
    for path in (root / "list").iterdir():
        path.unlink()
    (root / "list").rmdir()
    storage = TinyStorage(root)
    try:
        assert not storage.meta.list_index.current()
        agrees(storage, root)  # rebuilt on first use
        assert storage.meta.list_index.current()
    finally:
        storage.close()


def test_a_shard_written_behind_its_back_makes_it_stale_and_it_is_rebuilt(root: Path) -> None:
    # As a write killed between the shard and the index: the shard holds a change the index lacks.
    shard = Shard(root / "articles" / "feed2.json", kind="articles", schema=LIBRARY_SCHEMA)
    table = shard.table("articles")
    doc = next(d for d in table.values() if not d.get("read"))
    table.put_many({doc["id"]: {**doc, "read": True, "title": "Changed behind its back"}})
    shard.close()
    storage = TinyStorage(root)
    try:
        assert not storage.meta.list_index.current()
        assert "out of date" in (storage.meta.list_index.problem or "")
        agrees(storage, root)
    finally:
        storage.close()


def test_a_read_only_view_of_a_stale_index_reads_the_shards_and_writes_nothing(root: Path) -> None:
    manifest = root / "list" / "manifest.json"
    manifest.write_bytes(b"{torn")
    view = TinyStorage(root, readonly=True)
    try:
        agrees(view, root)
        assert manifest.read_bytes() == b"{torn"
    finally:
        view.close()


@pytest.mark.parametrize("damage", ["manifest", "day file", "day file gone"])
def test_a_damaged_index_is_reported_by_check_and_rebuilt(root: Path, damage: str) -> None:
    listdir = root / "list"
    day = sorted(p for p in listdir.iterdir() if p.name.startswith("b-"))[-1]
    if damage == "manifest":
        (listdir / "manifest.json").write_bytes(b"\x00\x01 not json")
    elif damage == "day file":
        day.write_bytes(b'[{"id": "feed9-000000000000"}]')
    else:
        day.unlink()
    with Library.open(root, first_run=False) as lib:
        problems = [p for p in check_library(lib) if "list index" in p.message]
        assert problems and all(p.severity == "warning" for p in problems)
        assert "rebuilt" in problems[0].message
        assert [p for p in check_library(lib) if "list index" in p.message] == []
        agrees(lib.storage, root)  # type: ignore[arg-type]


def test_check_finds_an_index_that_disagrees_with_the_shards(root: Path) -> None:
    # Stamps that match but rows that do not (a hand edit): only a full comparison sees it.
    listdir = root / "list"
    manifest = json.loads((listdir / "manifest.json").read_bytes())
    _day, entry = sorted(manifest["days"].items())[-1]
    rows = json.loads((listdir / entry["file"]).read_bytes())
    rows[0]["title"] = "Not what the shard says"
    (listdir / entry["file"]).write_text(json.dumps(rows))
    with Library.open(root, first_run=False) as lib:
        messages = [p.message for p in check_library(lib)]
        assert any("disagrees with the feeds' files on 1 articles" in m for m in messages), messages
        assert not [m for m in (p.message for p in check_library(lib)) if "list index" in m]


def _edit_rows(root: Path, edit: object) -> None:
    """Change the index's rows by hand, every part file, keeping the manifest's counts true."""
    listdir = root / "list"
    manifest = json.loads((listdir / "manifest.json").read_bytes())
    assert not (listdir / manifest["log"]).exists(), "no change logged since it was written whole"
    for entry in manifest["days"].values():
        rows = json.loads((listdir / entry["file"]).read_bytes())
        rows = edit(rows)  # type: ignore[operator]
        entry["n"] = len(rows)
        (listdir / entry["file"]).write_text(json.dumps(rows))
    (listdir / "manifest.json").write_text(json.dumps(manifest))


def test_check_counts_each_disagreement_in_the_feeds_whose_digests_differ(root: Path) -> None:
    """A row gone, a row under another feed, a flag changed: each feed's (count, digest) differs
    and its records are compared one by one; the feeds that agree are not."""

    def edit(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        out = []
        for r in rows:
            if r["id"] == "feed0-000000000004":
                continue  # gone from the index
            if r["id"] == "feed1-000000000002":
                r = {**r, "feed_id": "feed3"}
            if r["id"] == "feed2-000000000003":
                r = {**r, "read": not r.get("read")}
            out.append(r)
        return out

    _edit_rows(root, edit)
    with Library.open(root, first_run=False) as lib:
        messages = [p.message for p in check_library(lib) if "list index" in p.message]
        assert len(messages) == 1 and "disagrees with the feeds' files on 3 articles" in messages[0], messages
        assert "rebuilt" in messages[0]
        assert not [p for p in check_library(lib) if "list index" in p.message]


def test_a_log_line_cut_short_by_a_kill_leaves_it_stale_and_it_is_rebuilt(storage: TinyStorage, root: Path) -> None:
    meta = storage.meta
    unread = meta.query_articles(ArticleFilter(limit=3, unread=True))
    for a in unread:
        meta.set_flags(a.id, read=True)
    storage.close()
    log = next((root / "list").glob("log-*.jsonl"))
    data = log.read_bytes()
    log.write_bytes(data[: len(data) - 20])  # the last write's line, as a kill mid-append leaves it
    again = TinyStorage(root)
    try:
        assert not again.meta.list_index.current()
        agrees(again, root)
        assert all(
            a.read for a in again.meta.query_articles(ArticleFilter(limit=1000)) if a.id in {u.id for u in unread}
        )
    finally:
        again.close()


def test_the_manifest_is_written_whole_again_after_many_changes(
    storage: TinyStorage, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.storage.listindex as listindex

    monkeypatch.setattr(listindex, "COMPACT_AFTER", 3)
    meta = storage.meta
    for a in meta.query_articles(ArticleFilter(limit=10)):
        meta.set_flags(a.id, starred=not a.starred)
    assert len(list((root / "list").glob("log-*.jsonl"))) == 1  # the old logs went
    agrees(storage, root)
    storage.close()
    again = TinyStorage(root)
    try:
        assert again.meta.list_index.current()
        agrees(again, root)
    finally:
        again.close()


@pytest.fixture
def batch_writes_at_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's parts written once, when it ends (not every second of it)."""
    from reader.storage import listdefer

    monkeypatch.setattr(listdefer, "FLUSH_EVERY", 3600.0)


def test_a_batch_of_feeds_into_the_same_days_writes_each_part_once_and_is_read_at_once(
    storage: TinyStorage, root: Path, monkeypatch: pytest.MonkeyPatch, batch_writes_at_its_end: None
) -> None:
    # A refresh of many feeds whose new articles share their days (the first refresh after an
    # import) wrote those days' parts again for each feed, growing: 82 ms a feed at 2,000.
    from reader.storage import listindex

    meta = storage.meta
    wrote: list[str] = []
    write_day = listindex.ListIndex._write_day

    def counted_write(self: listindex.ListIndex, day: str, rows: list[dict[str, object]], **kw: bool) -> str:
        wrote.append(day)
        return write_day(self, day, rows, **kw)

    monkeypatch.setattr(listindex.ListIndex, "_write_day", counted_write)
    fresh_day = START + timedelta(days=3)
    with meta.batched_writes():
        for f in range(FEEDS):
            fid = f"feed{f}"
            news = [
                Article(id=f"{fid}-00000000f{a:03x}", feed_id=fid, guid=f"n{f}-{a}", title="News", published=fresh_day)
                for a in range(3)
            ]
            meta.put_articles(fid, news)
            assert {a.id for a in news} <= {a.id for a in meta.query_articles(ArticleFilter(limit=40))}  # at once
        # Meanwhile another process (a read-only window) reads the shards, not a part not written.
        other = TinyStorage(root, readonly=True)
        try:
            assert [a.id for a in other.meta.query_articles(ArticleFilter(limit=40))] == scanned(
                root, ArticleFilter(limit=40)
            )
        finally:
            other.close()
        assert wrote == []
    assert len(wrote) == len(set(wrote)) == 1  # the day's part, once
    agrees(storage, root)
    storage.close()
    again = TinyStorage(root)
    try:
        assert again.meta.list_index.current()  # not rebuilt: what the batch wrote is the shards' state
        agrees(again, root)
    finally:
        again.close()


def test_a_part_lost_before_a_batch_ends_leaves_the_index_stale_not_the_refresh_failed(
    storage: TinyStorage, root: Path, batch_writes_at_its_end: None
) -> None:
    meta = storage.meta
    for part in (root / "list").glob("b-*.json"):
        part.unlink()  # as a crash loses files the index never fsyncs
    fresh = Article(id="feed0-00000000abcd", feed_id="feed0", guid="lost", title="Stored", published=START)
    with meta.batched_writes():  # the part it goes to is read when the batch ends: it is gone
        meta.put_articles("feed0", [fresh])
    assert meta.get_article(fresh.id).title == "Stored"  # the shard has it
    assert not meta.list_index.current()
    agrees(storage, root)  # rebuilt from the shards when next used


def test_retention_in_a_batch_reads_the_parts_with_changes_pending(
    storage: TinyStorage, batch_writes_at_its_end: None
) -> None:
    meta = storage.meta
    old = Article(
        id="feed0-00000000abce",
        feed_id="feed0",
        guid="old",
        title="Kept long",
        published=START + timedelta(days=30),  # a day of its own, new in the batch
        added=START - timedelta(days=400),
    )
    bound = dt_to_str(START - timedelta(days=300))
    with meta.batched_writes():
        meta.put_articles("feed0", [old])
        assert old.id in {d["id"] for d in meta.records_added_before(bound)}
    assert old.id in {d["id"] for d in meta.records_added_before(bound)}


def test_a_rebuild_spills_its_rows_by_day_and_writes_the_same_parts_however_often_it_spills(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Grouped by day in memory, a rebuild of 500,000 rows peaked at 567 MiB (37 MiB spilled).
    import os

    from reader.storage import listspill

    storage = TinyStorage(root)
    try:
        before = {p.name: p.read_text("utf-8") for p in (root / "list").glob("b-*.json")}
        entries = json.loads((root / "list" / "manifest.json").read_bytes())["days"]
        monkeypatch.setattr(listspill, "BUFFER", 300)  # a few rows held at a time
        leftover = root / "list" / "rebuilding-killed"
        leftover.mkdir()
        os.utime(leftover, (0, 0))  # a killed rebuild's, long ago
        assert storage.meta.rebuild_list_index()
        after = {p.name: p.read_text("utf-8") for p in (root / "list").glob("b-*.json")}
        assert sorted(after.values()) == sorted(before.values())  # the same parts, row for row
        days = json.loads((root / "list" / "manifest.json").read_bytes())["days"]
        assert {d: {k: v for k, v in e.items() if k != "file"} for d, e in days.items()} == {
            d: {k: v for k, v in e.items() if k != "file"} for d, e in entries.items()
        }
        assert not list((root / "list").glob("rebuilding-*"))  # its own spill gone, and the old one
        agrees(storage, root)
    finally:
        storage.close()
