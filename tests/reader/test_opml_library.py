"""OPML import and export through the facade: folders kept, round trip, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import OPMLError
from reader.library import Library

OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
<outline text="World">
  <outline type="rss" text="VOA" xmlUrl="https://www.voanews.com/api/zmgqoei$ii" htmlUrl="https://www.voanews.com"/>
  <outline type="rss" text="Example" xmlUrl="https://example.org/feed.xml"/>
</outline>
<outline text="Empty folder"/>
<outline type="rss" text="Top level" xmlUrl="https://top.example.org/rss"/>
</body></opml>"""


def test_import_keeps_folders_and_round_trips(library: Library, tmp_path: Path) -> None:
    added = library.import_opml(OPML)
    assert {f.title for f in added} == {"VOA", "Example", "Top level"}
    by_title = {f.title: f for f in library.feeds()}
    assert by_title["VOA"].folder == "World" and by_title["Top level"].folder is None
    assert by_title["VOA"].site_url == "https://www.voanews.com"
    assert "Empty folder" in library.folders()
    exported = library.export_opml()
    with Library.open(tmp_path / "other", first_run=False) as other:
        other.import_opml(exported)
        assert sorted((f.url, f.title, f.folder) for f in other.feeds()) == sorted(
            (f.url, f.title, f.folder) for f in library.feeds()
        )
        assert "Empty folder" in other.folders()
    assert library.import_opml(OPML) == [], "importing twice adds nothing"


def test_malformed_opml_names_the_line_and_imports_nothing(library: Library) -> None:
    broken = OPML.replace(b'<outline text="Empty folder"/>', b'<outline text="Empty folder">')
    with pytest.raises(OPMLError, match=r"Line \d+"):
        library.import_opml(broken)
    assert library.feeds() == []


def test_file_urls_in_opml_are_skipped_and_the_rest_imported(library: Library) -> None:
    evil = OPML.replace(b"https://example.org/feed.xml", b"file:///etc/passwd")
    result = library.import_opml_report(evil)
    assert {f.title for f in result.added} == {"VOA", "Top level"}
    assert result.skipped == (
        "Line 5: the feed address 'file:///etc/passwd' is not an http or https address; skipped.",
    )
    assert {f.url for f in library.feeds()} == {"https://www.voanews.com/api/zmgqoei$ii", "https://top.example.org/rss"}
