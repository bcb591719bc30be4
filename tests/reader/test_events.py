"""The library's event bus: every write publishes what it changed, and the search index follows.

The first test is the bug the mixin design had: a re-anchor saved the moved highlights behind
the search index's back, so a highlight whose wording a new text changed was still found (only)
under its old words, also after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from reader import (
    ArticlesAdded,
    ArticlesRemoved,
    ContentStored,
    Event,
    EventBus,
    FeedsChanging,
    FlagsChanging,
    HighlightsChanged,
    HighlightsRemoved,
    Library,
)
from reader.events import EVENT_TYPES
from reader.types import Article, ArticleContent, Block, utcnow

BEFORE = "The lighthouse keeper counted the grey gulls on the northern rocks every morning."
AFTER = "The lighthouse keeper counted the gray gulls on the northern rocks every morning."


def put_article(lib: Library, feed_id: str, n: int, body: str, *, days_old: float = 0) -> str:
    added = utcnow() - timedelta(days=days_old)
    article = Article(id=f"{feed_id}-{n:012x}", feed_id=feed_id, guid=f"g{n}", title=f"Story {n}", added=added)
    lib.storage.meta.put_articles(feed_id, [article])
    lib.store_content(article.id, ArticleContent(title=article.title, body=(Block("paragraph", body),)))
    return article.id


def highlight_hits(lib: Library, query: str) -> set[str]:
    return {h.highlight_id for h in lib.search(query) if h.kind == "highlight" and h.highlight_id}


def test_a_fuzzy_reanchor_moves_the_highlight_in_the_search_index_too(data_dir: Path) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, BEFORE)
        h = lib.highlight_quote(aid, "counted the grey gulls")
        assert highlight_hits(lib, "grey") == {h.id}  # indexed under its first wording
        # The page is corrected: the quote is found again by the fuzzy match, in its new words.
        lib.store_content(aid, ArticleContent(title="Story 1", body=(Block("paragraph", AFTER),)))
        moved = lib.highlight(h.id)
        assert moved.state == "moved" and moved.quote.exact == "counted the gray gulls"
        assert highlight_hits(lib, "gray") == {h.id}
        assert highlight_hits(lib, "grey") == set()
    with Library.open(data_dir, first_run=False) as lib:  # and after a restart
        assert highlight_hits(lib, "gray") == {h.id}
        assert highlight_hits(lib, "grey") == set()


def test_a_reanchor_during_a_closed_session_is_indexed_at_the_next_start(data_dir: Path) -> None:
    """The re-anchor's highlights are recorded as pending (search/pending.json) when the index was
    never opened in that session, as a refresh in the command line leaves it."""
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, BEFORE)
        h = lib.highlight_quote(aid, "counted the grey gulls")
        assert highlight_hits(lib, "grey") == {h.id}
    with Library.open(data_dir, first_run=False) as lib:  # no search in this session
        lib.store_content(aid, ArticleContent(title="Story 1", body=(Block("paragraph", AFTER),)))
    with Library.open(data_dir, first_run=False) as lib:
        assert highlight_hits(lib, "gray") == {h.id}
        assert highlight_hits(lib, "grey") == set()


# --- every write publishes ----------------------------------------------------------------------


@dataclass
class World:
    lib: Library
    feed_id: str
    article_id: str
    old_id: str  # an article old enough to prune
    highlight_id: str
    events: list[Event] = field(default_factory=list)


@pytest.fixture
def world(library: Library) -> Iterator[World]:
    feed = library.add_feed("https://example.org/feed.xml", folder="News")
    aid = put_article(library, feed.id, 1, BEFORE)
    old = put_article(library, feed.id, 2, "An old story nobody starred.", days_old=400)
    h = library.highlight_quote(aid, "lighthouse keeper")
    w = World(library, feed.id, aid, old, h.id)
    for kind in EVENT_TYPES:
        library.events.subscribe(kind, w.events.append)
    yield w


def _reimport(w: World) -> None:
    data = w.lib.export_text("json", w.lib.export_items())
    w.lib.delete_highlight(w.highlight_id)
    w.events.clear()
    w.lib.import_annotations(data.encode("utf-8"))


WRITES: dict[str, tuple[Callable[[World], Any], list[type]]] = {
    "store_content": (
        lambda w: w.lib.store_content(w.article_id, ArticleContent(title="Story 1", body=(Block("paragraph", AFTER),))),
        [ContentStored, HighlightsChanged],  # the new text, then the highlight it moved
    ),
    "add_highlight": (lambda w: w.lib.add_highlight(w.article_id, "block:0", 4, 14), [HighlightsChanged]),
    "highlight_quote": (lambda w: w.lib.highlight_quote(w.article_id, "northern rocks"), [HighlightsChanged]),
    "update_highlight": (lambda w: w.lib.update_highlight(w.highlight_id, note="why?"), [HighlightsChanged]),
    "delete_highlight": (lambda w: w.lib.delete_highlight(w.highlight_id), [HighlightsRemoved]),
    "restore_highlight": (
        lambda w: w.lib.restore_highlight(w.lib.delete_highlight(w.highlight_id)),
        [HighlightsRemoved, HighlightsChanged],
    ),
    "import_annotations": (_reimport, [HighlightsChanged]),
    "import_annotations_onto_new_articles": (
        lambda w: w.lib.import_annotations(
            b"Highlight,Book Title,Book Author,URL,Note\n"
            b"A sentence from elsewhere.,Elsewhere,,https://elsewhere.example/a,\n"
        ),
        [ArticlesAdded, HighlightsChanged],
    ),
    "refresh": (lambda w: w.lib.refresh([]), [ArticlesAdded]),
    "reextract": (lambda w: w.lib.reextract([]), [ArticlesAdded]),
    "prune": (lambda w: w.lib.prune(), [ArticlesRemoved]),
    "unsubscribe": (lambda w: w.lib.unsubscribe(w.feed_id), [ArticlesRemoved]),
    "mark_read": (lambda w: w.lib.mark_read(w.article_id), [FlagsChanging]),
    "mark_starred": (lambda w: w.lib.mark_starred(w.article_id), [FlagsChanging]),
    "mark_all_read": (lambda w: w.lib.mark_all_read([w.article_id, w.old_id]), [FlagsChanging]),
    "rename_feed": (lambda w: w.lib.rename_feed(w.feed_id, "Renamed"), [FeedsChanging]),
    "move_feed": (lambda w: w.lib.move_feed(w.feed_id, "Elsewhere"), [FeedsChanging]),
    "rename_folder": (lambda w: w.lib.rename_folder("News", "World"), [FeedsChanging]),
    "remove_folder": (lambda w: w.lib.remove_folder("News"), [FeedsChanging]),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_write_publishes_its_events(world: World, write: str) -> None:
    do, expected = WRITES[write]
    do(world)
    assert [type(e) for e in world.events] == expected


def test_the_events_say_what_changed(world: World) -> None:
    lib = world.lib
    lib.mark_all_read([world.article_id, world.old_id])
    lib.mark_starred(world.article_id, False)
    lib.move_feed(world.feed_id, "Elsewhere")
    lib.prune()
    removed = lib.delete_highlight(world.highlight_id)
    assert world.events == [
        FlagsChanging((world.article_id, world.old_id), "read", True),
        FlagsChanging((world.article_id,), "starred", False),
        FeedsChanging((world.feed_id,)),
        ArticlesRemoved((world.old_id,)),
        HighlightsRemoved((removed,)),
    ]


def test_flag_events_come_before_the_write_and_others_after(world: World) -> None:
    """The sync journal must hold a change before it is made; an index must see it made."""
    lib = world.lib
    seen: list[tuple[str, bool]] = []
    lib.events.subscribe(FlagsChanging, lambda e: seen.append(("read then", lib.article(world.article_id).read)))
    lib.events.subscribe(
        HighlightsChanged, lambda e: seen.append(("note then", lib.highlight(world.highlight_id).note == "x"))
    )
    lib.mark_read(world.article_id)
    lib.update_highlight(world.highlight_id, note="x")
    assert seen == [("read then", False), ("note then", True)]


def test_the_bus_calls_handlers_in_order_only_with_their_type_and_can_stop() -> None:
    bus = EventBus()
    calls: list[str] = []
    bus.subscribe(ArticlesAdded, lambda e: calls.append("first"))
    stop = bus.subscribe(ArticlesAdded, lambda e: calls.append("second"))
    bus.subscribe(ArticlesRemoved, lambda e: calls.append(f"removed {e.article_ids}"))
    bus.publish(ArticlesAdded())
    stop()
    bus.publish(ArticlesAdded())
    bus.publish(ArticlesRemoved(("f-1",)))
    assert calls == ["first", "second", "first", "removed ('f-1',)"]
    with pytest.raises(TypeError, match="not a library event"):
        bus.subscribe(str, print)  # type: ignore[type-var]


def test_an_event_published_by_a_handler_reaches_everyone_after_its_cause() -> None:
    bus = EventBus()
    seen: list[str] = []
    bus.subscribe(ArticlesAdded, lambda e: bus.publish(ArticlesRemoved(("f-1",))))
    bus.subscribe(ArticlesAdded, lambda e: seen.append("added"))
    bus.subscribe(ArticlesRemoved, lambda e: seen.append("removed"))
    bus.publish(ArticlesAdded())
    assert seen == ["added", "removed"]
