"""Lasting identities: the same feed and article get the same ids in every library, and a library
written with the old random feed ids is migrated on open (articles, content, feed HTML, images,
highlights, the search index) with old links still opening their articles, even after a crash
half-way through the migration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.annotations.export import gloss_link
from reader.feeds.entries import article_id
from reader.identity import feed_id_for
from reader.library import Library
from reader.storage import identities
from reader.types import Article, ArticleContent, Block, Feed

LEGACY = {"a1b2c3d4": "https://news.example.org/feed.xml", "99ff00aa": "http://www.other.example/rss"}


def make_legacy(root: Path) -> dict[str, str]:
    """A library as Gloss wrote it before lasting ids: random feed ids, no identity mark.
    Returns {old article id: quote highlighted in it}."""
    quotes = {}
    with Library.open(root, first_run=False) as lib:
        for n, (fid, url) in enumerate(LEGACY.items()):
            lib.storage.meta.put_feed(Feed(id=fid, url=url, title=f"Feed {n}", folder="News"))
            aid = article_id(fid, f"guid-{n}")
            lib.storage.meta.put_articles(
                fid,
                [Article(aid, fid, f"guid-{n}", url=f"https://news.example.org/{n}", title=f"Story {n}", starred=True)],
            )
            lib.storage.content.put_raw(aid, b"<html>page</html>", f"https://news.example.org/{n}")
            lib.storage.content.put_feed_html(aid, f"<p>feed html {n}</p>")
            lib.storage.content.put_image(aid, "https://img.example.org/1.jpg", b"\x89PNG", "image/png")
            text = f"Story {n} says the river rose two metres overnight."
            lib.store_content(aid, ArticleContent(title=f"Story {n}", body=(Block("paragraph", text),)))
            lib.highlight_quote(aid, "river rose", note=f"note {n}", tags=["flood"])
            quotes[aid] = "river rose"
        lib.search("river")  # builds the search index under the old ids
    library_json = root / "library.json"
    data = json.loads(library_json.read_text("utf-8"))
    data.pop("identity", None)
    library_json.write_text(json.dumps(data), "utf-8")
    return quotes


def check_migrated(lib: Library, old_ids: dict[str, str]) -> None:
    feeds = {f.url: f for f in lib.feeds()}
    assert {f.id for f in feeds.values()} == {feed_id_for(u) for u in LEGACY.values()}
    for old in old_ids:
        article = lib.article(old)  # the old id still finds it
        new = article.id
        assert new != old and new.partition("-")[2] == old.partition("-")[2]
        assert new.partition("-")[0] == feed_id_for(LEGACY[old.partition("-")[0]])
        assert article.starred and article.title.startswith("Story")
        version = lib.content(new)
        assert version is not None and "river rose" in version.content.canonical_text()
        assert lib.storage.content.get_raw(new) is not None
        assert lib.feed_html(new) is not None and "feed html" in (lib.feed_html(new) or "")
        assert lib.image(new, "https://img.example.org/1.jpg") == (b"\x89PNG", "image/png")
        [h] = lib.highlights(new)
        assert h.quote.exact == "river rose" and h.tags == ("flood",) and h.note.startswith("note")
    assert {h.article_id for h in lib.highlights()} == {lib.article(o).id for o in old_ids}
    hits = lib.search("river")
    assert {hit.article_id for hit in hits} >= {lib.article(o).id for o in old_ids}
    assert lib.folders() == ["News"]


def test_a_legacy_library_is_migrated_on_open_and_old_links_still_open(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    old_ids = make_legacy(root)
    with Library.open(root, first_run=False) as lib:
        assert any("lasting ids" in n for n in lib.notices)
        check_migrated(lib, old_ids)
        old = next(iter(old_ids))
        assert gloss_link(old).endswith(old)  # what an old export holds...
        assert lib.resolve_article_id(old) == lib.article(old).id  # ...opens the article
    with Library.open(root, first_run=False) as again:
        assert not any("lasting ids" in n for n in again.notices)
        check_migrated(again, old_ids)
    assert not (root / "articles" / "a1b2c3d4.json").exists()
    assert not (root / "content" / "a1b2c3d4").exists()


def test_a_migration_killed_half_way_is_finished_by_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    old_ids = make_legacy(root)
    real = identities._move_feed
    calls = []

    def dies_on_the_second(storage, feed, new, plan):  # type: ignore[no-untyped-def]
        calls.append(feed.id)
        if len(calls) == 2:
            storage.content.move_feed(feed.id, new, lambda aid: identities.renamed(aid, plan))
            raise KeyboardInterrupt  # killed after moving the content, before the highlights
        real(storage, feed, new, plan)

    monkeypatch.setattr(identities, "_move_feed", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        Library.open(root, first_run=False)
    (root / "gloss.lock").unlink(missing_ok=True)
    monkeypatch.setattr(identities, "_move_feed", real)
    with Library.open(root, first_run=False) as lib:
        check_migrated(lib, old_ids)


def test_the_same_feed_gets_the_same_ids_in_every_library(tmp_path: Path) -> None:
    ids = []
    for name in ("one", "two"):
        with Library.open(tmp_path / name, first_run=False) as lib:
            feed = lib.add_feed("https://www.example.org/feed.xml")
            ids.append((feed.id, article_id(feed.id, "entry-guid")))
    assert ids[0] == ids[1]
    assert ids[0][0] == feed_id_for("http://example.org/feed.xml")  # the same feed, http or www
