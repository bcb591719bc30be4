"""Search through the facade stays in step with the library across versions and restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library import Library
from reader.types import Article, ArticleContent, Block, Figure


def put_article(lib: Library, feed_id: str, n: int, body: str, caption: str = "") -> str:
    article = Article(id=f"{feed_id}-{n:012x}", feed_id=feed_id, guid=f"g{n}", title=f"Story number {n}")
    lib.storage.meta.put_articles(feed_id, [article])
    figures = (Figure("https://example.org/p.jpg", caption=caption, position=0),) if caption else ()
    lib.store_content(
        article.id, ArticleContent(title=article.title, body=(Block("paragraph", body),), figures=figures)
    )
    return article.id


def test_search_follows_new_versions_highlights_and_restarts(data_dir: Path) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls.", caption="A puffin on a rock.")
        other = put_article(lib, feed.id, 2, "Nothing about birds here at all, only trains.")
        assert [h.article_id for h in lib.search("lighthouse")] == [aid]
        assert [h.article_id for h in lib.search("puffin")] == [aid], "captions are searchable"
        # An updated article: the new words are found, the old ones no longer.
        lib.store_content(aid, ArticleContent(title="Story number 1", body=(Block("paragraph", "A ferry left."),)))
        assert lib.search("lighthouse") == []
        assert [h.article_id for h in lib.search("ferry")] == [aid]
        h = lib.highlight_quote(other, "only trains", note="compare with the ferry timetable")
        kinds = {(x.kind, x.highlight_id) for x in lib.search("timetable")}
        assert ("highlight", h.id) in kinds
        # Text stored but never searched in this session (as after a refresh): still found later.
        late = put_article(lib, feed.id, 3, "An orchard of quinces by the river.")
    with Library.open(data_dir, first_run=False) as lib:
        assert [x.article_id for x in lib.search("quinces")] == [late]
        assert [x.article_id for x in lib.search("ferry") if x.kind == "article"] == [aid]


def test_a_damaged_index_is_rebuilt_without_help(data_dir: Path) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "Saffron harvest begins in the valley.")
        assert lib.search("saffron")
    for path in (data_dir / "search").glob("*"):
        if path.name != "pending.json":
            path.write_bytes(b"\x00garbage")
    with Library.open(data_dir, first_run=False) as lib:
        assert [x.article_id for x in lib.search("saffron")] == [aid]


def test_a_cold_search_of_an_unchanged_library_reads_no_feed_shard(data_dir: Path, monkeypatch: Any) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls.")
        assert [h.article_id for h in lib.search("lighthouse")] == [aid]
    from reader.storage.tiny import TinyMetadataStore

    def every_shard(self: object) -> set[str]:
        raise AssertionError("the search compared every article id of an unchanged library")

    with Library.open(data_dir, first_run=False) as lib:  # a session that saves a highlight, no search
        lib.highlight_quote(aid, "counted gulls")
    monkeypatch.setattr(TinyMetadataStore, "article_ids", every_shard)
    with Library.open(data_dir, readonly=True) as view:
        assert [h.article_id for h in view.search("lighthouse")] == [aid]
    with Library.open(data_dir, first_run=False) as lib:
        late = put_article(lib, feed.id, 2, "An orchard of quinces by the river.")
        # Added in this session: the catch-up knows which (no comparison of every id either).
        assert [h.article_id for h in lib.search("quinces")] == [late]


def test_a_cold_search_compares_the_highlights_only_when_they_changed(data_dir: Path, monkeypatch: Any) -> None:
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls.")
        saved = lib.highlight_quote(aid, "counted gulls", note="ask about the terns")
        assert [h.highlight_id for h in lib.search("terns")] == [saved.id]
    from reader.storage.tinyuser import TinyUserStore

    real = TinyUserStore.get_highlights

    def no_full_read(self: TinyUserStore, article_id: str | None = None) -> list[Any]:
        if article_id is None:
            raise AssertionError("the search read every highlight of an unchanged library")
        return real(self, article_id)

    with monkeypatch.context() as m:
        m.setattr(TinyUserStore, "get_highlights", no_full_read)
        with Library.open(data_dir, first_run=False) as lib:
            assert [h.highlight_id for h in lib.search("terns")] == [saved.id]
    # A highlight written with no word to the index (as a crash before pending.json was
    # written leaves it): its shard's stamp changed, so the next search finds it.
    with Library.open(data_dir, first_run=False) as lib:
        from dataclasses import replace

        lib.storage.user.put_highlight(replace(saved, id="h00000000000000aa", note="and the cormorants"))
    with Library.open(data_dir, first_run=False) as lib:
        assert [h.highlight_id for h in lib.search("cormorants")] == ["h00000000000000aa"]
        assert [h.highlight_id for h in lib.search("terns")] == [saved.id]


def test_gloss_check_checks_the_search_index_files_whole(data_dir: Path) -> None:
    import os

    from reader.check import check_library

    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        put_article(lib, feed.id, 1, "Saffron harvest begins in the valley.")
        assert lib.search("saffron")
        assert not [p for p in check_library(lib) if "search index" in p.message]
    [segment] = (data_dir / "search").glob("*.gls")
    before = os.stat(segment)
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0x01
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(before.st_atime_ns, before.st_mtime_ns))  # decay that left the stamp alone
    with Library.open(data_dir, readonly=True) as lib:
        found = [p for p in check_library(lib) if "search index is damaged" in p.message]
        assert len(found) == 1 and found[0].severity == "warning"


def test_a_cold_search_after_saves_reads_only_the_noted_highlights(data_dir: Path, monkeypatch: Any) -> None:
    """Highlights saved, edited and deleted in a session with no search: the next (read-only)
    search indexes just those, from their articles' shards, not by comparing every id; a change
    made with no word to the index after them still makes it compare all."""
    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls and terns.")
        other = put_article(lib, feed.id, 2, "Trains left the valley station at dawn.")
        assert lib.search("lighthouse")
    with Library.open(data_dir, first_run=False) as lib:  # a session that saves, edits, deletes
        kept = lib.highlight_quote(aid, "counted gulls", note="ask about the puffins")
        lib.update_highlight(kept.id, note="ask about the cormorants")
        gone = lib.highlight_quote(other, "valley station", note="timetable")
        lib.delete_highlight(gone.id)
    from reader.storage.tinyuser import TinyUserStore

    def every_id(self: TinyUserStore) -> set[str]:
        raise AssertionError("the search compared every highlight id though each change was noted")

    with monkeypatch.context() as m:
        m.setattr(TinyUserStore, "highlight_ids", every_id)
        with Library.open(data_dir, readonly=True) as view:
            assert [h.highlight_id for h in view.search("cormorants")] == [kept.id]
            assert view.search("puffins") == [] and view.search("timetable") == []
    with Library.open(data_dir, first_run=False) as lib:
        lib.highlight_quote(other, "left the valley", note="a noted one")
        from dataclasses import replace

        lib.storage.user.put_highlight(replace(kept, id="h00000000000000bb", note="and the guillemots"))
    with Library.open(data_dir, readonly=True) as view:
        assert [h.highlight_id for h in view.search("guillemots")] == ["h00000000000000bb"]
        assert [h.highlight_id for h in view.search("cormorants")] == [kept.id]


def test_notes_made_after_an_unnoted_change_do_not_vouch_for_it(data_dir: Path) -> None:
    """A highlight changed with no word to the index before a session (as an identity migration
    at open does) and then a noted save: the next search still compares every highlight."""
    from dataclasses import replace

    from reader.storage.tiny import TinyStorage

    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls and terns.")
        first = lib.highlight_quote(aid, "counted gulls", note="ask about the puffins")
        assert lib.search("puffins")
    storage = TinyStorage(data_dir)  # the library's lock is free: no Library holds it
    storage.user.put_highlight(replace(first, id="h00000000000000cc", note="and the guillemots"))
    storage.close()
    with Library.open(data_dir, first_run=False) as lib:
        noted = lib.highlight_quote(aid, "and terns", note="a noted one")
    with Library.open(data_dir, readonly=True) as view:  # the notes saved claim nothing
        assert [h.highlight_id for h in view.search("guillemots")] == ["h00000000000000cc"]
    storage = TinyStorage(data_dir)
    storage.user.put_highlight(replace(first, id="h00000000000000dd", note="and the razorbills"))
    storage.close()
    with Library.open(data_dir, first_run=False) as lib:  # the session's own catch-up, after a note
        lib.update_highlight(noted.id, note="a noted one, edited")
        assert [h.highlight_id for h in lib.search("razorbills")] == ["h00000000000000dd"]


def test_a_session_that_searched_indexes_its_saves_when_it_closes(data_dir: Path, monkeypatch: Any) -> None:
    import json

    with Library.open(data_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        aid = put_article(lib, feed.id, 1, "The lighthouse keeper counted gulls and terns.")
        assert lib.search("lighthouse")  # the index is open and caught up, as in a window
        saved = lib.highlight_quote(aid, "counted gulls", note="ask about the puffins")
        gone = lib.highlight_quote(aid, "and terns", note="the cormorants")
        lib.delete_highlight(gone.id)
    assert json.loads((data_dir / "search" / "pending.json").read_text())["highlights"] == []
    from reader.storage.tinyuser import TinyUserStore

    def read(self: TinyUserStore, article_id: str | None = None) -> list[Any]:
        raise AssertionError("a search after a session that indexed its saves read highlights again")

    monkeypatch.setattr(TinyUserStore, "get_highlights", read)
    with Library.open(data_dir, readonly=True) as view:
        assert [h.highlight_id for h in view.search("puffins")] == [saved.id]
        assert view.search("cormorants") == []
