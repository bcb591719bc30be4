"""The storage contract (:mod:`reader.storage.protocol`), method by method, on the TinyDB files
in a temp dir: what each returns, its not-found errors, and that every write is still there
after the files are closed and opened again (durable on return).

There is one implementation (``reader.storage.tiny``; the in-memory one that only tests used is
gone), so the facade's tests and the refresh's run on the same storage a user has. The last
test fails when the Protocol grows a method this file does not hold to the contract.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from reader.errors import ArticleNotFoundError, FeedNotFoundError, HighlightNotFoundError, StorageError
from reader.storage.protocol import ContentStore, MetadataStore, Storage, UserStore
from reader.storage.tiny import TinyStorage
from reader.types import (
    Article,
    ArticleContent,
    ArticleFilter,
    Block,
    ContentVersion,
    Enclosure,
    Feed,
    FeedProblem,
    Figure,
    Highlight,
    Span,
    TextPosition,
    TextQuote,
)

COVERED: set[str] = set()
F = TypeVar("F", bound=Callable[..., Any])
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def covers(*methods: str) -> Callable[[F], F]:
    """Mark a test as holding these Protocol methods (``meta.put_feed``, ``close``...) to the contract."""
    COVERED.update(methods)
    return lambda test: test


class Opened:
    """A storage on a temp dir that can be closed and opened again, as after a restart."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store: Storage = TinyStorage(root)

    def reopen(self) -> Storage:
        self.store.close()
        self.store = TinyStorage(self.root)
        return self.store


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Opened]:
    o = Opened(tmp_path / "library")
    yield o
    o.store.close()


def feed(n: int = 1, **kw: Any) -> Feed:
    return Feed(id=f"feed{n}", url=f"https://news{n}.example/rss", added=WHEN, **kw)


def article(feed_id: str, n: int, **kw: Any) -> Article:
    return Article(id=f"{feed_id}-{n:012x}", feed_id=feed_id, guid=f"guid-{n}", added=WHEN, **kw)


def highlight(article_id: str, n: int, **kw: Any) -> Highlight:
    return Highlight(
        id=f"h{n:016x}",
        article_id=article_id,
        part="block:0",
        quote=TextQuote("harbour", "The ", " at dawn"),
        position=TextPosition(4, 11),
        created=WHEN,
        updated=WHEN,
        **kw,
    )


def version(article_id: str, n: int = 1) -> ContentVersion:
    content = ArticleContent(
        title="Harbour",
        bylines=("A. Writer",),
        body=(Block("paragraph", "The harbour at dawn.", (Span(4, 11, "link", "https://x.example/"),)),),
        figures=(Figure("https://x.example/a.jpg", caption="Boats", credit="AP", position=0),),
        warnings=("no date found",),
    )
    return ContentVersion(article_id, n, content, content.content_hash(), WHEN, "feed" if n == 2 else "page")


# --- the metadata store -----------------------------------------------------------------------


@covers("meta.put_feed", "meta.put_feeds", "meta.get_feed", "meta.get_feeds")
def test_feeds_round_trip_with_every_field(opened: Opened) -> None:
    full = feed(
        1,
        title="News",
        site_url="https://news1.example/",
        description="All of it",
        folder="World",
        last_updated=WHEN,
        last_error=FeedProblem("fetch", "The server answered 503.", WHEN, 503),
        warning="not well-formed",
        dead=True,
        subscribed=False,
        etag='"v1"',
        last_modified="Sun, 01 Mar 2026 09:30:00 GMT",
        body_hash="abc",
        retry_after=WHEN,
    )
    opened.store.meta.put_feed(full)
    opened.store.meta.put_feeds([feed(2), feed(3)])
    store = opened.reopen()
    assert store.meta.get_feed("feed1") == full
    assert sorted(f.id for f in store.meta.get_feeds()) == ["feed1", "feed2", "feed3"]
    with pytest.raises(FeedNotFoundError):
        store.meta.get_feed("nosuch")


@covers("meta.update_feeds")
def test_update_feeds_reads_modifies_and_writes_at_once(opened: Opened) -> None:
    opened.store.meta.put_feeds([feed(1), feed(2)])
    changed = opened.store.meta.update_feeds(lambda stored: [replace(stored["feed1"], title="Renamed")])
    assert [f.title for f in changed] == ["Renamed"]
    assert opened.reopen().meta.get_feed("feed1").title == "Renamed"


@covers("meta.delete_feed", "meta.get_aliases")
def test_deleting_a_feed_deletes_its_articles(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    meta.put_articles("feed1", [article("feed1", 1)])
    meta.put_articles("feed2", [article("feed2", 1)])
    meta.delete_feed("feed1")
    store = opened.reopen()
    assert [f.id for f in store.meta.get_feeds()] == ["feed2"]
    assert [a.feed_id for a in store.meta.iter_articles()] == ["feed2"]
    assert store.meta.get_aliases() == {}  # a library made with lasting ids has none


@covers("meta.list_index_problems")
def test_the_list_index_is_checked_and_rebuilt_when_it_is_gone(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feed(feed(1))
    meta.put_articles("feed1", [article("feed1", n, published=WHEN) for n in range(3)])
    meta.query_articles(ArticleFilter(limit=1))  # the first list builds it
    assert meta.list_index_problems() == []
    for path in (opened.root / "list").iterdir():
        path.unlink()
    store = opened.reopen()
    problems = store.meta.list_index_problems()
    assert len(problems) == 1 and problems[0].endswith("It was rebuilt from them."), problems
    assert [a.id for a in store.meta.query_articles(ArticleFilter(limit=2))] == [
        "feed1-000000000002",
        "feed1-000000000001",
    ]


@covers("meta.get_articles")
def test_articles_by_id_come_each_shard_read_once_and_unknown_ones_are_left_out(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    for fid in ("feed1", "feed2"):
        meta.put_articles(fid, [article(fid, n, title=f"{fid} {n}") for n in range(4)])
    meta.get_article("feed1-000000000000")  # one shard in memory, one read from its file
    wanted = ["feed1-000000000001", "feed2-000000000003", "feed2-000000000009", "feed3-000000000001", "nonsense"]
    found = meta.get_articles(wanted)
    assert sorted(found) == ["feed1-000000000001", "feed2-000000000003"]
    assert found["feed2-000000000003"] == meta.get_article("feed2-000000000003")
    assert meta.get_articles([]) == {}


@covers("meta.records_added_before", "meta.iter_records")
def test_the_records_added_before_a_time_come_from_the_index_or_the_shards_alike(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    for fid in ("feed1", "feed2"):
        meta.put_articles(fid, [replace(article(fid, n), added=WHEN.replace(day=n + 1)) for n in range(6)])
    bound = "2026-03-04T00:00:00+00:00"
    expected = sorted(f"feed{f}-{n:012x}" for f in (1, 2) for n in range(3))
    meta.query_articles(ArticleFilter(limit=1))  # the first list builds the list index
    assert sorted(str(d["id"]) for d in meta.records_added_before(bound)) == expected
    assert sorted(str(d["id"]) for d in meta.iter_records()) == sorted(a.id for a in meta.iter_articles())
    for path in (opened.root / "list").iterdir():
        path.unlink()
    readonly = TinyStorage(opened.root, readonly=True)  # no index, and may not write one: the shards
    try:
        assert sorted(str(d["id"]) for d in readonly.meta.records_added_before(bound)) == expected
        assert readonly.meta.list_index_problems(), "it did read the shards"
    finally:
        readonly.close()


@covers("meta.articles_version", "meta.article_ids_added_since")
def test_the_articles_version_changes_with_the_set_of_ids_and_says_what_was_added(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feed(feed(1))
    meta.put_articles("feed1", [article("feed1", 1)])
    first = meta.articles_version()
    assert first is not None and meta.article_ids_added_since(first) == set()
    meta.set_flags("feed1-000000000001", read=True)  # a flag is not a new article
    assert meta.articles_version() == first
    meta.put_articles("feed1", [article("feed1", 2), article("feed1", 3)])
    second = meta.articles_version()
    assert second != first
    assert meta.article_ids_added_since(first) == {"feed1-000000000002", "feed1-000000000003"}
    meta.delete_articles("feed1", ["feed1-000000000002"])
    third = meta.articles_version()
    assert third not in (first, second)
    store = opened.reopen()
    # Another process: the same version names the same set, but what came before it is unknown.
    assert store.meta.articles_version() == third
    assert store.meta.article_ids_added_since(first) is None
    assert store.meta.article_ids_added_since("nonsense") is None


@covers("meta.get_folders", "meta.set_folders")
def test_folders_keep_their_order_and_empty_ones(opened: Opened) -> None:
    assert opened.store.meta.get_folders() == []
    opened.store.meta.set_folders(["World", "Science", "Empty"])
    assert opened.reopen().meta.get_folders() == ["World", "Science", "Empty"]


@covers("meta.put_articles", "meta.get_article", "meta.iter_articles", "meta.article_ids")
def test_articles_round_trip_with_every_field(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    full = article(
        "feed1",
        1,
        url="https://news1.example/a",
        title="Harbour",
        summary="Boats at dawn.",
        authors=("A. Writer",),
        published=WHEN,
        updated=WHEN,
        read=True,
        starred=True,
        entry_hash="e1",
        content_version=2,
        fetch_error="The page answered 404.",
        media=(Enclosure("https://news1.example/a.mp3", "audio/mpeg", 1000, 60, "enclosure", "Listen"),),
        categories=("ports",),
    )
    meta.put_articles("feed1", [full, article("feed1", 2, url="guid-2")])  # guid == url: stored once
    meta.put_articles("feed2", [article("feed2", 1)])
    with pytest.raises(StorageError):
        meta.put_articles("feed2", [article("feed1", 3)])  # an article goes in its own feed's shard
    store = opened.reopen()
    assert store.meta.get_article(full.id) == full
    assert store.meta.get_article("feed1-000000000002").guid == "guid-2"
    assert sorted(a.id for a in store.meta.iter_articles("feed1")) == ["feed1-000000000001", "feed1-000000000002"]
    assert store.meta.article_ids() == {"feed1-000000000001", "feed1-000000000002", "feed2-000000000001"}
    with pytest.raises(ArticleNotFoundError):
        store.meta.get_article("feed1-00000000000f")


@covers("meta.delete_articles")
def test_deleting_articles(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feed(feed(1))
    meta.put_articles("feed1", [article("feed1", n) for n in range(3)])
    meta.delete_articles("feed1", ["feed1-000000000000", "feed1-000000000002", "feed1-0000000000ff"])
    assert opened.reopen().meta.article_ids() == {"feed1-000000000001"}


@covers("meta.update_articles")
def test_update_articles_of_one_feed(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feed(feed(1))
    meta.put_articles("feed1", [article("feed1", 1)])
    meta.update_articles("feed1", lambda current: [replace(a, title="Updated") for a in current.values()])
    assert opened.reopen().meta.get_article("feed1-000000000001").title == "Updated"
    with pytest.raises(FeedNotFoundError):
        opened.store.meta.update_articles("gone", lambda current: [])


@covers("meta.set_flags", "meta.set_read_many", "meta.article_counts", "meta.starred_count")
def test_flags_and_counts(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    meta.put_articles("feed1", [article("feed1", n) for n in range(3)])
    meta.put_articles("feed2", [article("feed2", 1)])
    one = meta.set_flags("feed1-000000000000", read=True)
    assert one.read and not one.starred
    assert meta.set_flags("feed1-000000000000", starred=True).read, "a flag not named is left as it is"
    assert meta.set_flags("feed1-000000000000", read=True) == meta.get_article("feed1-000000000000")
    ids = ["feed1-000000000000", "feed1-000000000001", "feed2-000000000001"]
    assert meta.set_read_many(ids, True) == 2, "counts only what changed"
    store = opened.reopen()
    assert store.meta.article_counts() == {"feed1": (1, 3), "feed2": (0, 1)}
    assert store.meta.starred_count() == 1
    with pytest.raises(ArticleNotFoundError):
        store.meta.set_flags("feed1-0000000000ff", read=True)


@covers("meta.query_articles")
def test_queries_filter_order_and_limit(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1, title="Zeta"), feed(2, title="Alpha")])
    day = WHEN.replace(day=1)
    meta.put_articles(
        "feed1",
        [article("feed1", n, title=f"Story {n}", published=day.replace(day=n + 1), read=n == 0) for n in range(3)],
    )
    meta.put_articles("feed2", [article("feed2", 9, title="About ports", published=day.replace(month=2), starred=True)])

    def ids(**kw: Any) -> list[str]:
        return [a.id for a in meta.query_articles(ArticleFilter(**kw))]

    assert ids() == ["feed1-000000000002", "feed1-000000000001", "feed1-000000000000", "feed2-000000000009"]
    assert ids(order="oldest", limit=1) == ["feed2-000000000009"]
    assert ids(unread=True, feed_ids=frozenset({"feed1"})) == ["feed1-000000000002", "feed1-000000000001"]
    assert ids(starred=True) == ["feed2-000000000009"]
    assert ids(text="PORTS") == ["feed2-000000000009"]
    assert ids(order="feed")[0] == "feed2-000000000009", "by feed title (Alpha first), then newest"
    assert ids(order="title")[-1] == "feed1-000000000002"
    assert ids(article_ids=frozenset({"feed1-000000000001"})) == ["feed1-000000000001"]


# --- the content store ------------------------------------------------------------------------


@covers("content.put_raw", "content.get_raw")
def test_raw_pages(opened: Opened) -> None:
    opened.store.content.put_raw("feed1-000000000001", b"<html>page</html>", "https://news1.example/a")
    store = opened.reopen()
    assert store.content.get_raw("feed1-000000000001") == (b"<html>page</html>", "https://news1.example/a")
    assert store.content.get_raw("feed1-000000000002") is None


@covers("content.put_feed_html", "content.put_feed_html_many", "content.get_feed_html")
def test_feed_html(opened: Opened) -> None:
    opened.store.content.put_feed_html("feed1-000000000001", "<p>One</p>")
    opened.store.content.put_feed_html_many("feed1", {"feed1-000000000002": "<p>Two</p>"})
    store = opened.reopen()
    assert store.content.get_feed_html("feed1-000000000001") == "<p>One</p>"
    assert store.content.get_feed_html("feed1-000000000002") == "<p>Two</p>"
    assert store.content.get_feed_html("feed1-000000000003") is None


@covers("content.put_version", "content.get_version", "content.list_versions")
def test_versions_are_kept_and_never_overwritten(opened: Opened) -> None:
    aid = "feed1-000000000001"
    assert opened.store.content.get_version(aid) is None
    first, second = version(aid, 1), version(aid, 2)
    opened.store.content.put_version(first)
    opened.store.content.put_version(second)
    with pytest.raises(StorageError):
        opened.store.content.put_version(first)
    store = opened.reopen()
    assert store.content.list_versions(aid) == [1, 2]
    assert store.content.get_version(aid) == second  # the latest, with its source and warnings
    assert store.content.get_version(aid, 1) == first
    assert store.content.get_version(aid, 3) is None


@covers("content.put_image", "content.get_image")
def test_images(opened: Opened) -> None:
    opened.store.content.put_image("feed1-000000000001", "https://x.example/a.jpg", b"\xff\xd8jpeg", "image/jpeg")
    store = opened.reopen()
    assert store.content.get_image("feed1-000000000001", "https://x.example/a.jpg") == (b"\xff\xd8jpeg", "image/jpeg")
    assert store.content.get_image("feed1-000000000001", "https://x.example/b.jpg") is None


@covers("content.delete_article", "content.delete_articles", "content.article_ids")
def test_deleting_content_drops_everything_of_the_article(opened: Opened) -> None:
    content = opened.store.content
    for n in (1, 2, 3):
        aid = f"feed1-00000000000{n}"
        content.put_raw(aid, b"<html/>", "https://x.example/")
        content.put_feed_html(aid, "<p/>")
        content.put_version(version(aid))
        content.put_image(aid, "https://x.example/a.jpg", b"img", "image/png")
    content.delete_article("feed1-000000000001")
    content.delete_articles(["feed1-000000000002"])
    store = opened.reopen()
    assert set(store.content.article_ids()) == {"feed1-000000000003"}
    for gone in ("feed1-000000000001", "feed1-000000000002"):
        assert store.content.get_raw(gone) is None and store.content.get_feed_html(gone) is None
        assert store.content.get_version(gone) is None
        assert store.content.get_image(gone, "https://x.example/a.jpg") is None


# --- the user store ------------------------------------------------------------------------------


@covers("user.put_highlight", "user.put_highlights", "user.get_highlight", "user.get_highlights")
def test_highlights_round_trip_with_every_field(opened: Opened) -> None:
    full = highlight(
        "feed1-000000000001",
        1,
        color="blue",
        note="Why *here*?",
        tags=("ports", "dawn"),
        state="moved",
        made_on_version=2,
        made_on_hash="h1",
        anchored_hash="h2",
    )
    opened.store.user.put_highlight(full)
    opened.store.user.put_highlights([highlight("feed1-000000000001", 2), highlight("feed2-000000000001", 3)])
    store = opened.reopen()
    assert store.user.get_highlight(full.id) == full
    assert {h.id for h in store.user.get_highlights("feed1-000000000001")} == {full.id, "h0000000000000002"}
    assert len(store.user.get_highlights()) == 3
    with pytest.raises(HighlightNotFoundError):
        store.user.get_highlight("h00000000000000ff")


@covers("user.delete_highlight", "user.annotated_article_ids", "user.highlight_ids")
def test_deleting_a_highlight_returns_it_for_undo(opened: Opened) -> None:
    one, two = highlight("feed1-000000000001", 1), highlight("feed2-000000000001", 2)
    opened.store.user.put_highlights([one, two])
    assert opened.store.user.annotated_article_ids() == {"feed1-000000000001", "feed2-000000000001"}
    assert opened.store.user.highlight_ids() == {one.id, two.id}
    assert opened.store.user.delete_highlight(one.id) == one
    store = opened.reopen()
    assert store.user.annotated_article_ids() == {"feed2-000000000001"}
    assert store.user.highlight_ids() == {two.id}
    with pytest.raises(HighlightNotFoundError):
        store.user.delete_highlight(one.id)


@covers("user.highlights_version")
def test_the_highlights_version_changes_with_every_highlight_write_and_only_then(opened: Opened) -> None:
    user = opened.store.user
    empty = user.highlights_version()
    one = highlight("feed1-000000000001", 1)
    user.put_highlight(one)
    saved = user.highlights_version()
    assert saved != empty
    user.put_settings({"retention_days": 30})
    user.get_highlights()
    assert user.highlights_version() == saved  # reading, and settings, leave it be
    store = opened.reopen()
    assert store.user.highlights_version() == saved  # a stamp of the files, not of a process
    store.user.put_highlight(replace(one, note="later"))
    edited = store.user.highlights_version()
    assert edited not in (saved, empty)
    store.user.delete_highlight(one.id)
    assert store.user.highlights_version() not in (edited, saved)


@covers("user.newest_highlights", "user.highlight_count", "user.highlight_tags", "user.highlight_records")
def test_highlights_newest_first_a_page_at_a_time_with_their_count_and_tags(opened: Opened) -> None:
    user = opened.store.user
    made = [
        replace(highlight(f"feed{n % 3}-000000000001", n), created=WHEN + timedelta(days=20 * n), tags=(f"t{n % 2}",))
        for n in range(1, 7)
    ]
    user.put_highlights(made)
    newest = [h.id for h in sorted(made, key=lambda h: h.created, reverse=True)]
    assert [d["id"] for d in user.newest_highlights()] == newest
    after = (str(made[3].created.isoformat()), made[3].id)
    assert [d["id"] for d in user.newest_highlights(after)] == newest[3:]
    assert user.highlight_count() == 6 and user.highlight_tags() == {"t0", "t1"}
    user.delete_highlight(made[5].id)
    store = opened.reopen()
    assert [d["id"] for d in store.user.newest_highlights()] == newest[1:]
    assert sorted(d["id"] for d in store.user.highlight_records()) == sorted(newest[1:])
    assert store.user.highlight_count() == 5


@covers("user.annotated_among")
def test_annotated_among_says_which_of_some_articles_have_highlights(opened: Opened) -> None:
    user = opened.store.user
    one, two = highlight("feed1-000000000001", 1), highlight("feed2-000000000001", 2)
    user.put_highlights([one, two, highlight("feed1-000000000001", 3)])
    asked = ["feed1-000000000001", "feed2-000000000001", "feed3-000000000001"]
    assert user.annotated_among(asked) == {"feed1-000000000001", "feed2-000000000001"}
    user.delete_highlight(two.id)
    user.delete_highlight(one.id)  # feed1's article keeps its other highlight
    assert opened.reopen().user.annotated_among(asked) == {"feed1-000000000001"}
    assert opened.store.user.annotated_among(asked, from_shards=True) == {"feed1-000000000001"}
    assert opened.store.user.annotated_among([]) == set()


@covers("user.timeline_problems")
def test_the_timeline_agrees_with_the_highlights(opened: Opened) -> None:
    user = opened.store.user
    user.put_highlights([highlight("feed1-000000000001", 1), highlight("feed2-000000000001", 2)])
    user.highlight_count()  # what makes the timeline, if the store keeps one
    assert user.timeline_problems() == 0
    assert opened.reopen().user.timeline_problems(opened.store.user.highlight_records()) == 0


@covers("meta.batched_writes")
def test_writes_in_a_batch_read_back_inside_it_and_after_a_reopen(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    with meta.batched_writes():
        meta.put_articles("feed1", [article("feed1", 1), article("feed1", 2)])
        meta.put_articles("feed2", [article("feed2", 1)])
        assert {a.id for a in meta.query_articles(ArticleFilter(limit=10))} == {
            "feed1-000000000001",
            "feed1-000000000002",
            "feed2-000000000001",
        }
        meta.set_flags("feed1-000000000002", read=True)
    assert meta.article_counts() == {"feed1": (1, 2), "feed2": (1, 1)}
    again = opened.reopen().meta
    assert [a.id for a in again.query_articles(ArticleFilter(limit=10, unread=True))] == [
        a.id for a in meta.query_articles(ArticleFilter(limit=10, unread=True))
    ]
    assert again.article_counts() == {"feed1": (1, 2), "feed2": (1, 1)}


@covers("meta.list_rebuild_bytes")
def test_a_list_answers_at_once_unless_its_index_must_be_written_again(opened: Opened) -> None:
    meta = opened.store.meta
    meta.put_feeds([feed(1), feed(2)])
    meta.put_articles("feed1", [article("feed1", n) for n in range(1, 4)])
    meta.query_articles(ArticleFilter(limit=1))
    assert meta.list_rebuild_bytes() == 0
    # A lost write (an upgrade, a crash, another program): what the store derives is stale.
    shutil.rmtree(opened.root / "list")
    meta = opened.reopen().meta
    assert meta.list_rebuild_bytes() > 0
    assert [a.id for a in meta.query_articles(ArticleFilter(limit=5, order="oldest"))] == [
        f"feed1-{n:012x}" for n in range(1, 4)
    ]
    assert meta.list_rebuild_bytes() == 0


@covers("user.warm_up")
def test_warming_up_changes_nothing_it_answers(opened: Opened) -> None:
    made = [highlight("feed1-000000000001", 1), highlight("feed2-000000000001", 2), highlight("feed2-000000000001", 3)]
    opened.store.user.put_highlights(made)
    user = opened.reopen().user
    user.warm_up()
    assert {h.id for h in user.get_highlights("feed2-000000000001")} == {made[1].id, made[2].id}
    assert user.highlight_count() == 3 and user.highlight_ids() == {h.id for h in made}
    user.put_highlight(highlight("feed1-000000000001", 4))  # and a write after it is read back
    assert opened.reopen().user.highlight_count() == 4


@covers("user.get_settings", "user.put_settings")
def test_settings(opened: Opened) -> None:
    assert opened.store.user.get_settings() == {}
    opened.store.user.put_settings({"retention_days": 30, "palette": {"colors": []}})
    assert opened.reopen().user.get_settings() == {"retention_days": 30, "palette": {"colors": []}}


# --- the whole --------------------------------------------------------------------------------------


@covers("meta", "content", "user", "close", "notices", "temp_folders")
def test_the_three_stores_open_and_close_together(opened: Opened) -> None:
    store = opened.store
    assert store.notices == []
    store.meta.put_feed(feed(1))
    store.user.put_highlight(highlight("feed1-000000000001", 1))
    store.content.put_version(version("feed1-000000000001"))
    store = opened.reopen()  # close() wrote everything
    assert store.meta.get_feeds() and store.user.get_highlights() and store.content.list_versions("feed1-000000000001")


def _protocol_methods() -> set[str]:
    names = {name for name, _ in inspect.getmembers(Storage) if not name.startswith("_")}
    for prefix, proto in (("meta", MetadataStore), ("content", ContentStore), ("user", UserStore)):
        names |= {f"{prefix}.{name}" for name, _ in inspect.getmembers(proto) if not name.startswith("_")}
    return names


def test_every_protocol_method_is_held_to_the_contract() -> None:
    missing = _protocol_methods() - COVERED
    assert not missing, f"storage Protocol methods no contract test covers: {sorted(missing)}"
    assert not COVERED - _protocol_methods(), "a test claims a method the Protocol does not have"
