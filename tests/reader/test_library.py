"""The facade on a real on-disk library: feeds, articles, flags, retention, the lock."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from reader.annotations import NotebookQuery
from reader.errors import FeedExistsError, FetchError, LibraryLockedError, StorageError
from reader.library import Library
from reader.types import Article, ArticleContent, Block, Figure, utcnow


def add_articles(
    lib: Library, feed_id: str, n: int, *, age_days: float = 0, seen_days: float | None = None, start: int = 0
) -> list[Article]:
    """``n`` articles published ``age_days`` ago, first seen by Gloss then (or ``seen_days`` ago)."""
    now = utcnow()
    seen = age_days if seen_days is None else seen_days
    articles = [
        Article(
            id=f"{feed_id}-{i:012x}",
            feed_id=feed_id,
            guid=f"g{i}",
            title=f"Story {i}",
            published=now - timedelta(days=age_days, minutes=i),
            added=now - timedelta(days=seen, minutes=i),
        )
        for i in range(start, start + n)
    ]
    lib.storage.meta.put_articles(feed_id, articles)
    return articles


def sample_content(title: str = "A title") -> ArticleContent:
    return ArticleContent(
        title=title,
        bylines=("VOA News",),
        body=(Block("paragraph", "The first paragraph of the story."), Block("paragraph", "A second one.")),
        figures=(Figure("https://example.org/a.jpg", caption="A harbour at dawn.", credit="AP", position=-1),),
    )


def test_subscribe_rename_move_and_folders(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml", folder="World")
    with pytest.raises(FeedExistsError, match="already subscribed"):
        library.add_feed("https://example.org/feed.xml")
    library.rename_feed(feed.id, "Example News")
    library.add_folder("Science")
    library.move_feed(feed.id, "Science")
    assert library.feed(feed.id).title == "Example News"
    assert library.feed(feed.id).folder == "Science"
    library.rename_folder("Science", "Research")
    assert library.feed(feed.id).folder == "Research"
    assert "Research" in library.folders() and "Science" not in library.folders()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "data:,x"])
def test_only_web_addresses_can_be_subscribed(library: Library, url: str) -> None:
    with pytest.raises(FetchError, match="not a web address"):
        library.add_feed(url)


def test_state_survives_reopen(data_dir: Path) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        a, b, _ = add_articles(lib, feed.id, 3)
        lib.mark_read(a.id)
        lib.mark_starred(b.id)
    with Library.open(data_dir, first_run=False) as lib:
        assert lib.article(a.id).read and not lib.article(b.id).read
        assert lib.article(b.id).starred
        assert [x.id for x in lib.articles(unread=True)] == [b.id, f"{feed.id}-{2:012x}"]
        assert lib.counts()[feed.id] == (2, 3)


def test_newest_unread_listing_is_sorted_and_limited(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    articles = add_articles(library, feed.id, 30)
    library.mark_read(articles[0].id)
    listed = library.articles(unread=True, limit=5)
    assert [a.id for a in listed] == [a.id for a in articles[1:6]]


def test_second_instance_is_refused_with_an_explanation(data_dir: Path) -> None:
    with Library.open(data_dir, first_run=False):
        with pytest.raises(LibraryLockedError, match="Another Gloss is already using"):
            Library.open(data_dir, first_run=False)
        # A read-only view still works (and refuses to write).
        with Library.open(data_dir, readonly=True) as ro:
            assert ro.feeds() == []
            with pytest.raises(StorageError, match="read-only"):
                ro.add_folder("x") or ro.add_feed("https://example.org/x.xml")
    with Library.open(data_dir, first_run=False):
        pass  # the lock was released on close


def test_a_library_being_created_opens_read_only_as_empty(data_dir: Path) -> None:
    """The loser of a start-up race looks read-only at a library whose winner has made the
    folder but not yet its subfolders: it sees an empty library, not "folder lost"."""
    data_dir.mkdir(parents=True, exist_ok=True)
    assert not (data_dir / "user").exists()
    with Library.open(data_dir, readonly=True) as ro:
        assert ro.feeds() == [] and ro.counts() == {}
        assert ro.highlights() == []


def test_lock_is_released_when_the_holder_is_killed(data_dir: Path) -> None:
    code = "import sys, os; from reader.library import Library; Library.open(sys.argv[1], first_run=False); os._exit(0)"
    subprocess.run([sys.executable, "-c", code, str(data_dir)], check=True)
    with Library.open(data_dir, first_run=False):
        pass


def test_retention_keeps_starred_and_annotated_articles(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    old = add_articles(library, feed.id, 4, age_days=200)
    fresh = add_articles(library, f"{feed.id}", 0)
    library.mark_starred(old[0].id)
    library.store_content(old[1].id, sample_content())
    library.highlight_quote(old[1].id, "first paragraph", note="keep me")
    library.store_content(old[2].id, sample_content())
    deleted = library.prune()
    assert deleted == 2
    remaining = {a.id for a in library.articles()}
    assert remaining == {old[0].id, old[1].id} | {a.id for a in fresh}
    assert library.content(old[1].id) is not None, "an annotated article keeps its content"
    assert library.content(old[2].id) is None, "a pruned article's content is gone too"


def test_unsubscribe_keeps_annotated_articles(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    articles = add_articles(library, feed.id, 3)
    library.store_content(articles[0].id, sample_content())
    highlight = library.highlight_quote(articles[0].id, "harbour at dawn", note="caption note")
    kept = library.unsubscribe(feed.id)
    assert kept == 1
    assert library.feeds() == []
    assert [a.id for a in library.articles()] == [articles[0].id]
    assert library.highlight(highlight.id).note == "caption note"
    assert highlight.part == "caption:0"


def test_new_content_version_reanchors_highlights_and_never_drops_them(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    (article,) = add_articles(library, feed.id, 1)
    library.store_content(article.id, sample_content())
    kept = library.highlight_quote(article.id, "second one")
    lost = library.highlight_quote(article.id, "first paragraph of the story", note="precious")
    changed = ArticleContent(
        title="A title (updated)",
        bylines=("VOA News",),
        body=(Block("paragraph", "Completely rewritten lead."), Block("paragraph", "A second one.")),
    )
    assert library.store_content(article.id, changed) is not None
    assert library.store_content(article.id, changed) is None, "unchanged text is not a new version"
    by_id = {h.id: h for h in library.highlights(article.id)}
    text = changed.canonical_text()
    assert by_id[kept.id].state in ("anchored", "moved")
    assert text[by_id[kept.id].position.start : by_id[kept.id].position.end] == "second one"
    assert by_id[lost.id].state == "orphaned" and by_id[lost.id].note == "precious"
    assert by_id[lost.id].made_on_version == 1
    assert library.content(article.id, 1) is not None, "the old version is kept"


def test_reader_package_never_imports_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, reader\n"
        "for m in pkgutil.walk_packages(reader.__path__, 'reader.'):\n"
        "    importlib.import_module(m.name)\n"
        "from reader.cli import build_parser; build_parser()\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unread_counts_follow_every_change_and_match_a_fresh_count(data_dir: Path) -> None:
    """The counts are kept per feed as articles change (no full scan per count): after
    adds, reads, bulk reads, deletions and an unsubscribe they equal a recount from disk."""
    with Library.open(data_dir, first_run=False) as lib:
        one = lib.add_feed("https://example.org/one.xml")
        two = lib.add_feed("https://example.org/two.xml")
        a = add_articles(lib, one.id, 5)
        b = add_articles(lib, two.id, 4)
        assert lib.counts() == {one.id: (5, 5), two.id: (4, 4)}
        lib.mark_read(a[0].id)
        lib.mark_read(a[0].id)  # no change, no double count
        lib.mark_starred(a[1].id)  # a star is not a read
        lib.mark_starred(b[1].id)
        assert lib.counts()[one.id] == (4, 5)
        assert lib.starred_count() == 2
        assert lib.mark_all_read([a[2].id, a[3].id, b[0].id]) == 3
        assert lib.counts() == {one.id: (2, 5), two.id: (3, 4)}
        lib.mark_read(a[2].id, read=False)
        lib.storage.meta.delete_articles(two.id, [b[1].id])
        assert lib.counts() == {one.id: (3, 5), two.id: (2, 3)}
        assert lib.starred_count() == 1
        lib.mark_starred(b[2].id)
        lib.unsubscribe(two.id)  # the starred article is kept, its feed hidden
        expected = lib.counts(), lib.starred_count()
        assert expected == ({one.id: (3, 5), two.id: (1, 1)}, 2)
    with Library.open(data_dir, first_run=False) as lib:
        assert (lib.counts(), lib.starred_count()) == expected


def test_retention_lists_the_old_oldest_first_from_the_index_or_the_shards_alike(
    library: Library, data_dir: Path
) -> None:
    """Seen over the retention time ago (not published): listed oldest first, starred and
    annotated ones never; the same from the list index, and from the shards when it is gone."""
    feed = library.add_feed("https://example.org/feed.xml")
    other = library.add_feed("https://example.org/other.xml")
    old = add_articles(library, feed.id, 5, age_days=1, seen_days=120)
    old += add_articles(library, other.id, 3, age_days=1, seen_days=400)
    add_articles(library, feed.id, 4, age_days=300, seen_days=10, start=10)  # an old date, seen lately: kept
    library.mark_starred(old[0].id)
    library.store_content(old[5].id, sample_content())
    library.highlight_quote(old[5].id, "first paragraph", note="keep me")
    expected = sorted((a for a in old if a.id not in (old[0].id, old[5].id)), key=lambda a: a.added)
    listed = library.prunable()
    assert [a.id for a in listed] == [a.id for a in expected]
    assert listed[0] == expected[0] and listed[-1].title == expected[-1].title and len(listed[1:3]) == 2
    for path in (data_dir / "list").iterdir():
        path.unlink()
    with Library.open(data_dir, readonly=True) as ro:  # may not write an index: reads the shards
        assert [a.id for a in ro.prunable()] == [a.id for a in expected]
        assert ro.storage.meta.list_index_problems()
    library.storage.meta.list_index.invalidate("gone, for the test")  # type: ignore[attr-defined]
    assert library.prune(articles=listed[:2]) == 2
    assert [a.id for a in library.prunable()] == [a.id for a in expected[2:]]
    assert library.prune() == len(expected) - 2
    assert {old[0].id, old[5].id} <= {a.id for a in library.articles()}, "starred and annotated are kept"


def test_retention_reads_only_the_parts_of_the_list_index_with_old_articles(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    add_articles(library, feed.id, 30, age_days=0, seen_days=0)  # today's part: nothing old in it
    old = add_articles(library, feed.id, 2, age_days=100, seen_days=100, start=100)
    index = library.storage.meta.list_index  # type: ignore[attr-defined]
    read: list[str] = []
    real = index._read_part
    index._read_part = lambda entry: (read.append(entry["file"]), real(entry))[1]
    assert [a.id for a in library.prunable()] == [a.id for a in sorted(old, key=lambda a: a.added)]
    newest = index._days[max(index._days)]["file"]  # the part of today's 30
    assert read and newest not in read, "only the parts with old articles are read"


def test_the_notebook_reads_the_articles_its_query_needs_and_no_others(library: Library) -> None:
    one = library.add_feed("https://example.org/one.xml")
    two = library.add_feed("https://example.org/two.xml")
    a1 = add_articles(library, one.id, 1, age_days=3)[0]
    a2, gone = add_articles(library, two.id, 2, age_days=1)
    made = []
    for article in (a1, a2, gone):
        library.store_content(article.id, sample_content())
        made.append(library.highlight_quote(article.id, "first paragraph"))
    library.storage.meta.delete_articles(two.id, [gone.id])  # a highlight whose article is gone: still listed
    read: list[str] = []
    real = library.storage.meta.get_articles
    library.storage.meta.get_articles = lambda ids: real(read.extend(ids) or read)  # type: ignore[method-assign]
    assert [h.id for h in library.notebook()] == [h.id for h in reversed(made)]
    assert read == [], "newest first needs no article"
    assert [h.id for h in library.notebook(NotebookQuery(feed_id=two.id))] == [made[1].id]
    assert sorted(read) == sorted([a2.id, gone.id]), "only the feed's own"
    read.clear()
    assert [h.id for h in library.notebook(NotebookQuery(order="article"))] == [made[1].id, made[0].id, made[2].id]
    assert sorted(read) == sorted(a.id for a in (a1, a2, gone))


def test_retention_learns_the_oldest_of_parts_written_before_it_was_kept(data_dir: Path) -> None:
    def reads(lib: Library) -> list[str]:
        index = lib.storage.meta.list_index  # type: ignore[attr-defined]
        read: list[str] = []
        real = index._read_part
        index._read_part = lambda entry: (read.append(entry["file"]), real(entry))[1]
        assert [a.id for a in lib.prunable()] == [a.id for a in sorted(old, key=lambda a: a.added)]
        return read

    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        add_articles(lib, feed.id, 30, age_days=0, seen_days=0)
        old = add_articles(lib, feed.id, 2, age_days=100, seen_days=100, start=100)
        lib.articles(limit=1)
        index = lib.storage.meta.list_index  # type: ignore[attr-defined]
        for entry in index._days.values():  # as an index written before the oldest was kept
            del entry["added"]
        index._write_manifest()
        newest = index._days[max(index._days)]["file"]
    with Library.open(data_dir, first_run=False) as lib:
        assert newest in reads(lib), "a part with no oldest kept is read"
    with Library.open(data_dir, first_run=False) as lib:
        assert reads(lib) and newest not in reads(lib), "its oldest was kept: not read again"


def test_retention_judges_the_articles_seen_about_the_cutoff_by_their_dates(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    now = utcnow()
    days = library.settings().retention_days

    def seen(delta: timedelta, n: int) -> Article:
        cutoff = now - timedelta(days=days)
        return Article(id=f"{feed.id}-{n:012x}", feed_id=feed.id, guid=f"g{n}", added=cutoff + delta)

    around = [seen(timedelta(minutes=-1), 1), seen(timedelta(minutes=1), 2), seen(timedelta(hours=-23), 3)]
    around += [seen(timedelta(hours=23), 4), seen(timedelta(days=-30), 5), seen(timedelta(microseconds=-1), 6)]
    library.storage.meta.put_articles(feed.id, around)
    assert [a.id for a in library.prunable(now)] == [around[i].id for i in (4, 2, 0, 5)]


def test_warm_up_loads_what_a_big_refresh_loads(tmp_path: Path) -> None:
    """A window warms the library up while the user reads: the first refresh must not begin by
    importing the extractor in the window's process (70 ms of the interpreter, a GUI stall)."""
    code = """
import sys
from pathlib import Path
from reader.library import Library
from reader.types import Feed
lib = Library.open(Path(sys.argv[1]), first_run=False)
for n in range(8):
    lib.storage.meta.put_feed(Feed(id=f"f{n:07x}", url=f"http://127.0.0.1:9/{n}.xml"))
assert "reader.extract" not in sys.modules
lib.warm_up()
lib.close()
print("reader.extract" in sys.modules, "reader.feeds.refresh" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")], check=True, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "True"]
