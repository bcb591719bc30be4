"""OPML as other readers write it (files written for these tests in the shapes NetNewsWire, RSS
Guard, Miniflux and lemon24/reader's users produce; none copied from those projects): imported into
a real library, exported, and imported again into another, losing nothing Gloss can subscribe to."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.feeds.opml import parse_opml_document
from reader.library import Library

FIXTURES = Path(__file__).parent / "fixtures" / "opml"
EXPECTED = {
    "netnewswire.opml": (
        {
            ("https://world.example.com/feed.xml", "World Desk", "News"),
            ("https://qa.example.org/rss?format=xml&lang=en", "Q&A Weekly", "News"),
            ("https://daring.example.net/feeds/main", "Daring Example", None),
        },
        ["News", "Empty"],
        0,
    ),
    "rssguard.opml": (
        {
            ("https://orbit.example.com/rss", "Orbit & Beyond", "Science/Space"),
            ("https://lab.example.org/atom.xml", "Lab Notes", "Science"),
        },
        ["Science", "Science/Space"],
        2,  # the bare '&' repaired, the ftp: feed skipped
    ),
    "miniflux.opml": (
        {
            ("https://paper.example.com/rss.xml", "Local Paper", "All"),
            ("https://kernel.example.org/feed", "Kernel Log", "Tech"),
        },
        ["All", "Tech"],
        1,  # the relative address skipped
    ),
    "lemon24-reader.opml": (
        {
            ("https://python.example.org/feeds/posts/default", "Python Insider", None),
            ("https://untitled.example.com/index.xml", "", None),
            ("https://planet.example.org/rss20.xml", "Planet Example", None),
        },
        [],
        0,
    ),
}


def _state(lib: Library) -> set[tuple[str, str, str | None]]:
    return {(f.url, f.title, f.folder) for f in lib.feeds()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_readers_opml_round_trips_through_gloss(name: str, tmp_path: Path) -> None:
    feeds, folders, skipped = EXPECTED[name]
    data = (FIXTURES / name).read_bytes()
    with Library.open(tmp_path / "a", first_run=False) as lib:
        result = lib.import_opml_report(data)
        assert len(result.skipped) == skipped, result.skipped
        assert _state(lib) == feeds
        assert lib.folders() == folders
        exported = lib.export_opml()
        ids = {f.id for f in lib.feeds()}
    doc = parse_opml_document(exported)
    assert doc.skipped == ()
    assert {(o.url, o.title, o.folder) for o in doc.outlines} == feeds
    assert b'text=""' not in exported
    with Library.open(tmp_path / "b", first_run=False) as other:
        other.import_opml(exported)
        assert _state(other) == feeds
        assert other.folders() == folders
        assert {f.id for f in other.feeds()} == ids  # the same feed, the same id, in every library


def test_the_bundled_sample_feed_is_not_exported(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:  # first run: the sample and the default feeds
        assert any(f.url.startswith("gloss-sample:") for f in lib.feeds())
        exported = lib.export_opml()
    assert b"gloss-sample" not in exported
    assert {o.url for o in parse_opml_document(exported).outlines} == {
        "https://www.voanews.com/api/zmgqoei$ii",
        "https://learningenglish.voanews.com/api/zkqxyipq-$",
    }
