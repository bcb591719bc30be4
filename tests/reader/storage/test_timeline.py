"""The highlight timeline (reader/storage/timeline.py): the notebook's pages read the newest
months, follow every write, and a timeline the shards moved on from is written again."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.annotations import NotebookQuery
from reader.check import check_library
from reader.library import Library
from reader.storage.tiny import TinyStorage
from reader.types import Article, Feed, Highlight, TextPosition, TextQuote

START = datetime(2026, 1, 3, 9, tzinfo=UTC)


def _highlights(n: int, article_ids: list[str]) -> list[Highlight]:
    out = []
    for i in range(n):
        when = START + timedelta(hours=11 * i)  # about a month every 65: several month files
        out.append(
            Highlight(
                id=f"h{i:05d}",
                article_id=article_ids[i % len(article_ids)],
                part="body",
                quote=TextQuote(f"quote {i} {'river' if i % 3 == 0 else 'hill'}"),
                position=TextPosition(i, i + 5),
                color="blue" if i % 5 == 0 else "yellow",
                tags=("odd",) if i % 2 else (),
                created=when,
                updated=when,
            )
        )
    return out


def _library(root: Path, n: int = 250) -> list[Highlight]:
    storage = TinyStorage(root)
    storage.meta.put_feeds([Feed(id="f0000001", url="http://127.0.0.1:9/f.xml", title="F")])
    old = datetime(2025, 1, 1, tzinfo=UTC)  # past any retention time
    articles = [
        Article(id=f"f0000001-{a:012x}", feed_id="f0000001", guid=f"g{a}", url=f"http://127.0.0.1:9/{a}", added=old)
        for a in range(9)
    ]
    storage.meta.put_articles("f0000001", articles)
    made = _highlights(n, [a.id for a in articles])
    storage.user.put_highlights(made)
    storage.close()
    return made


def _pages(lib: Library, q: NotebookQuery | None = None, limit: int = 40) -> list[str]:
    got: list[str] = []
    after = None
    while True:
        page = lib.notebook_page(q, after=after, limit=limit)
        got += [h.id for h in page.highlights]
        if page.after is None:
            return got
        after = page.after


def test_pages_give_every_highlight_newest_first_as_the_whole_notebook_does(tmp_path: Path) -> None:
    _library(tmp_path)
    with Library.open(tmp_path, first_run=False) as lib:
        for q in (None, NotebookQuery(text="river"), NotebookQuery(colors=("blue",), tags=("odd",))):
            assert _pages(lib, q) == [h.id for h in lib.notebook(q)]
        assert lib.notebook_page().total == 250
        assert lib.tags() == ["odd"]
        since = START + timedelta(hours=11 * 200)
        assert _pages(lib, NotebookQuery(since=since)) == [f"h{i:05d}" for i in range(249, 199, -1)]
        months = sorted(p.name for p in (tmp_path / "user" / "timeline").glob("2026-*.json"))
        assert len(months) >= 4


def test_the_first_page_reads_the_newest_month_only(tmp_path: Path) -> None:
    _library(tmp_path)
    with Library.open(tmp_path, first_run=False) as lib:
        lib.notebook_page()  # the timeline written
    folder = tmp_path / "user" / "timeline"
    newest = max(p for p in folder.glob("2026-*.json"))
    for path in folder.glob("2026-*.json"):
        if path != newest:
            path.write_text("damaged")  # a walk that reached this month would fail
    with Library.open(tmp_path, first_run=False, readonly=True) as lib:
        page = lib.notebook_page(limit=10)
        # A walk that gets to a damaged month goes on from the shards: none is left out.
        rest = _pages(lib)
    assert [h.id for h in page.highlights] == [f"h{i:05d}" for i in range(249, 239, -1)]
    assert rest == [f"h{i:05d}" for i in range(249, -1, -1)]


def test_writes_are_followed_and_a_write_it_missed_makes_it_written_again(tmp_path: Path) -> None:
    made = _library(tmp_path)
    with Library.open(tmp_path, first_run=False) as lib:
        assert len(_pages(lib)) == 250
        lib.update_highlight(made[3].id, note="about the river crossing")
        lib.delete_highlight(made[249].id)
        assert lib.notebook_page(NotebookQuery(text="crossing")).highlights[0].id == made[3].id
        assert _pages(lib) == [h.id for h in lib.notebook()]
        assert lib.notebook_page().total == 249
    storage = TinyStorage(tmp_path)  # a write the timeline does not follow (another version, say)
    storage.user._shards[0].table("highlights").remove_many([h.id for h in made])
    storage.close()
    with Library.open(tmp_path, first_run=False) as lib:
        assert _pages(lib) == [h.id for h in lib.notebook()]
        assert lib.notebook_page().total == len(lib.notebook()) < 249


def test_gloss_check_compares_the_timeline_record_by_record(tmp_path: Path) -> None:
    _library(tmp_path, 30)
    with Library.open(tmp_path, first_run=False) as lib:
        lib.notebook_page()
    folder = tmp_path / "user" / "timeline"
    path = next(folder.glob("2026-*.json"))
    docs = json.loads(path.read_text())
    first = next(iter(docs))
    docs[first]["note"] = "a note the shards never held"
    path.write_text(json.dumps(docs))
    with Library.open(tmp_path, first_run=False) as lib:
        said = [p.message for p in check_library(lib) if "timeline" in p.message]
        assert said == [
            "The notebook's timeline disagrees with the highlights' files on 1 highlight; "
            "it is written again from them when next read."
        ]
        assert all(h.note != "a note the shards never held" for h in lib.notebook_page(limit=50).highlights)
        assert not [p for p in check_library(lib) if "timeline" in p.message]


def test_retention_keeps_the_annotated_it_finds_by_the_timeline_counts_or_the_shards(tmp_path: Path) -> None:
    made = _library(tmp_path, 20)  # 20 highlights on 9 articles, all added long ago
    with Library.open(tmp_path, first_run=False) as lib:
        assert len(lib.prunable()) == 0  # every article has a highlight
        for h in made:
            if h.article_id == made[0].article_id:
                lib.delete_highlight(h.id)
        assert [a.id for a in lib.prunable()] == [made[0].article_id]
        lib.restore_highlight(made[0])
        assert len(lib.prunable()) == 0
        lib.delete_highlight(made[0].id)
    (tmp_path / "user" / "timeline" / "manifest.json").unlink()  # the counts cannot be trusted now
    with Library.open(tmp_path, first_run=False, readonly=True) as ro:  # a reader: the shards say
        assert [a.id for a in ro.prunable()] == [made[0].article_id]
    path = next((tmp_path / "user" / "timeline").glob("annotated-*.json"))
    with Library.open(tmp_path, first_run=False) as lib:  # a writer makes the timeline again
        assert [a.id for a in lib.prunable()] == [made[0].article_id]
        path.write_text("damaged")
        assert [a.id for a in lib.prunable()] == [made[0].article_id]


def test_a_timeline_that_cannot_be_written_leaves_saves_and_pages_whole(tmp_path: Path) -> None:
    made = _library(tmp_path, 30)
    folder = tmp_path / "user" / "timeline"
    folder.write_text("not a folder")  # every write under it fails, as on a full or broken disk
    with Library.open(tmp_path, first_run=False) as lib:
        assert _pages(lib) == [h.id for h in sorted(made, key=lambda h: h.created, reverse=True)]
        lib.update_highlight(made[0].id, note="saved all the same")
        assert lib.highlight(made[0].id).note == "saved all the same"
        assert lib.notebook_page(NotebookQuery(text="all the same")).highlights[0].id == made[0].id
        assert len(lib.prunable()) == 0  # every article has a highlight
    folder.unlink()
    with Library.open(tmp_path, first_run=False) as lib:  # the disk is back: written again
        assert _pages(lib) == [h.id for h in lib.notebook()] and folder.is_dir()


def test_prune_keeps_an_annotated_article_whatever_the_timeline_counts_say(tmp_path: Path) -> None:
    made = _library(tmp_path, 20)  # every one of the 9 articles has a highlight
    with Library.open(tmp_path, first_run=False) as lib:
        assert len(lib.prunable()) == 0  # the timeline is written, current and right
    # A count file gone wrong while the timeline still matches the shards' stamp: it says no
    # article of its bucket has a highlight.
    for path in (tmp_path / "user" / "timeline").glob("annotated-*.json"):
        path.write_text("{}")
    with Library.open(tmp_path, first_run=False) as lib:
        listed = {a.id for a in lib.prunable()}
        assert listed, "the damaged counts mislead the listing"
        assert lib.prune() == 0, "but nothing annotated is deleted: the highlights themselves are asked"
        assert {a.id for a in lib.articles()} >= {h.article_id for h in made}
        assert len(lib.notebook()) == len(made)


def test_the_annotated_articles_by_the_timeline_are_those_of_the_shards(tmp_path: Path) -> None:
    made = _library(tmp_path, 30)
    storage = TinyStorage(tmp_path)
    user = storage.user
    assert user.highlight_count() == 30  # the timeline is written and follows from here
    assert user.annotated_article_ids() == user.annotated_article_ids(from_shards=True) == {h.article_id for h in made}
    for h in made:
        if h.article_id == made[0].article_id:
            user.delete_highlight(h.id)
    assert made[0].article_id not in user.annotated_article_ids()
    assert user.annotated_article_ids() == user.annotated_article_ids(from_shards=True)
    assert user.get_highlights(made[0].article_id) == []
    storage.close()
    with Library.open(tmp_path, first_run=False) as lib:
        mine = {h.id for h in made if h.article_id == made[1].article_id}
        assert {h.id for h in lib.highlights(made[1].article_id)} == mine
        assert lib.highlights(made[0].article_id) == []


def test_warming_up_writes_a_missing_timeline_before_the_notebook_asks(tmp_path: Path) -> None:
    made = _library(tmp_path, 40)
    with Library.open(tmp_path, first_run=False) as lib:
        lib.notebook_page()  # written once
    shutil.rmtree(tmp_path / "user" / "timeline")  # as after an upgrade, or a crash between two writes
    with Library.open(tmp_path, first_run=False) as lib:
        lib.warm_up()  # what the window runs on a pool thread after its start
        assert (tmp_path / "user" / "timeline" / "manifest.json").exists()
        assert [h.id for h in lib.notebook_page(limit=5).highlights] == [
            h.id for h in sorted(made, key=lambda h: h.created, reverse=True)[:5]
        ]


def test_after_warming_up_opening_any_article_reads_no_highlight_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each article's first open read its highlight shard on the GUI thread (15 ms at 25,000
    # highlights, and the objects it made were walked by every full garbage collection).
    from reader.storage.atomic import AtomicJSONStorage

    made = _library(tmp_path, 40)
    with Library.open(tmp_path, first_run=False) as lib:
        lib.notebook_page()  # the timeline written: the count alone reads no shard
    with Library.open(tmp_path, first_run=False) as lib:
        lib.warm_up()
        read: list[str] = []
        load = AtomicJSONStorage._load

        def counted(self: AtomicJSONStorage, path: Path) -> Any:
            read.append(path.name)
            return load(self, path)

        monkeypatch.setattr(AtomicJSONStorage, "_load", counted)
        for article_id in {h.article_id for h in made}:
            assert {h.id for h in lib.highlights(article_id)} == {h.id for h in made if h.article_id == article_id}
        assert [name for name in read if name.startswith("highlights")] == []
