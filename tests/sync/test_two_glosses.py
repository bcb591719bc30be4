"""Two Gloss libraries (two computers, as far as sync knows) and one real FreshRSS account."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from reader.library import Library
from reader.types import Article

from .freshrss import Account, FreshRSS
from .site import Site

pytestmark = pytest.mark.timeout(900)  # the first test to ask for FreshRSS waits for it to start


def by_url(lib: Library) -> dict[str, Article]:
    return {a.url or "": a for a in lib.articles()}


def flags(lib: Library) -> dict[str, tuple[bool, bool]]:
    return {url: (a.read, a.starred) for url, a in by_url(lib).items()}


def subscriptions(lib: Library) -> dict[str, str | None]:
    return {f.url: f.folder for f in lib.feeds()}


def test_a_second_gloss_sees_the_same_subscriptions_folders_and_flags(
    open_gloss: Callable[[str], Library], site: Site, account: Account
) -> None:
    p = site.prefix()
    world = site.feed(p, "world", "World News", 3)
    local = site.feed(p, "local", "Local News", 2)
    a = open_gloss("a")
    a.add_feed(world.url, folder="World")
    a.add_feed(local.url)
    a.refresh()
    read_url, starred_url = world.story_url("s0"), local.story_url("s1")
    articles = by_url(a)
    a.mark_read(articles[read_url].id)
    a.mark_starred(articles[starred_url].id)
    a.highlight_quote(articles[read_url].id, "harbour story", note="ask the council")

    a.add_sync_account(account.url, account.user, account.password)
    first = a.sync()
    assert first.ok, first.problems
    assert first.feeds_pushed == 2

    b = open_gloss("b")
    b.add_sync_account(account.url, account.user, account.password)
    result = b.sync()
    assert result.ok, result.problems
    assert subscriptions(b) == {world.url: "World", local.url: None}
    assert "World" in b.folders()
    assert flags(b) == flags(a)
    assert flags(b)[read_url] == (True, False) and flags(b)[starred_url] == (False, True)
    assert len(by_url(b)) == 5
    # New articles came from the server's stream; their pages were fetched and extracted here.
    content = b.content(by_url(b)[world.story_url("s2")].id)
    assert content is not None and "sea wall" in content.content.canonical_text()
    # Highlights stay in the Gloss that made them.
    assert b.highlights() == [] and len(a.highlights()) == 1

    # And back: B reads, unstars and moves a feed; A sees all of it.
    b_articles = by_url(b)
    b.mark_read(b_articles[world.story_url("s1")].id)
    b.mark_starred(b_articles[starred_url].id, False)
    b.move_feed(next(f.id for f in b.feeds() if f.url == local.url), "Home")
    assert b.sync().ok
    back = a.sync()
    assert back.ok, back.problems
    assert flags(a)[world.story_url("s1")] == (True, False)
    assert flags(a)[starred_url] == (False, False)
    assert subscriptions(a) == {world.url: "World", local.url: "Home"}
    assert flags(a) == flags(b)
    assert [h.note for h in a.highlights()] == ["ask the council"]


def test_subscribing_and_unsubscribing_on_either_side(
    open_gloss: Callable[[str], Library], site: Site, account: Account
) -> None:
    p = site.prefix()
    one = site.feed(p, "one", "One", 2)
    two = site.feed(p, "two", "Two", 2)
    a, b = open_gloss("a"), open_gloss("b")
    for lib in (a, b):
        lib.add_sync_account(account.url, account.user, account.password)
    a.add_feed(one.url)
    assert a.sync().ok
    assert b.sync().ok
    assert subscriptions(b) == {one.url: None}

    b.add_feed(two.url, folder="Later")
    starred = by_url(b)[one.story_url("s0")]
    b.mark_starred(starred.id)
    b.highlight_quote(starred.id, "harbour story", note="keep")
    assert b.sync().ok
    a.unsubscribe(next(f.id for f in a.feeds() if f.url == one.url))
    assert a.sync().ok
    assert subscriptions(a) == {two.url: "Later"}

    result = b.sync()
    assert result.ok and result.feeds_removed == 1
    assert subscriptions(b) == {two.url: "Later"}
    # Unsubscribed, as in the window: the starred and annotated article is kept, with its note.
    kept = b.article(starred.id)
    assert kept.starred and [h.note for h in b.highlights(kept.id)] == ["keep"]


def test_new_articles_arrive_incrementally(
    open_gloss: Callable[[str], Library], site: Site, account: Account, freshrss: FreshRSS
) -> None:
    p = site.prefix()
    feed = site.feed(p, "daily", "Daily", 2)
    a = open_gloss("a")
    a.add_sync_account(account.url, account.user, account.password)
    a.add_feed(feed.url)
    assert a.sync().ok
    assert len(a.articles()) == 2

    quiet = a.sync()
    assert quiet.ok and quiet.new_articles == 0 and quiet.flags_pushed == quiet.flags_pulled == 0
    assert quiet.requests <= 8

    url = site.add_story(feed, "late", "Daily: a late story")
    freshrss.refresh(account)
    result = a.sync()
    assert result.ok and result.new_articles == 1
    article = by_url(a)[url]
    assert not article.read
    content = a.content(article.id)
    assert content is not None and content.content.title == "Daily: a late story"


def test_a_conflict_goes_to_the_newer_change(
    open_gloss: Callable[[str], Library], site: Site, account: Account
) -> None:
    p = site.prefix()
    feed = site.feed(p, "c", "Conflicts", 2)
    a, b = open_gloss("a"), open_gloss("b")
    for lib in (a, b):
        lib.add_sync_account(account.url, account.user, account.password)
    a.add_feed(feed.url)
    assert a.sync().ok and b.sync().ok
    first, second = feed.story_url("s0"), feed.story_url("s1")

    # B changes its mind early (star, unstar); A stars later and syncs: A's star is newer.
    b.mark_starred(by_url(b)[first].id)
    b.mark_starred(by_url(b)[first].id, False)
    time.sleep(1.0)
    a.mark_starred(by_url(a)[first].id)
    assert a.sync().ok
    result = b.sync()
    assert result.conflicts == 1
    assert by_url(b)[first].starred

    # A stars and syncs; B changes its mind later (star, unstar): B's unstar is newer.
    a.mark_starred(by_url(a)[second].id)
    assert a.sync().ok
    time.sleep(1.0)
    b.mark_starred(by_url(b)[second].id)
    b.mark_starred(by_url(b)[second].id, False)
    result = b.sync()
    assert result.conflicts == 1
    assert not by_url(b)[second].starred
    assert a.sync().ok
    assert not by_url(a)[second].starred
