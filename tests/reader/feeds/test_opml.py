"""OPML import and export: exact round trips, clear errors naming the line, nothing half-way."""

from __future__ import annotations

import pytest

from reader.errors import OPMLError
from reader.feeds.opml import MAX_OUTLINES, OpmlOutline, parse_opml, parse_opml_document, write_opml
from reader.types import Feed

FEEDS = [
    Feed(
        id="a",
        url="https://voa.example/world.rss",
        title='World & "Quotes" <News>',
        folder="News",
        site_url="https://voa.example/",
    ),
    Feed(id="b", url="https://blog.example/feed?x=1&y=2", title="Blog", folder="Tech"),
    Feed(id="c", url="https://loose.example/rss", title="", folder=None, site_url="https://loose.example/"),
    Feed(id="d", url="gloss-sample:///feed.xml", title="Gloss Sample News", folder="News"),
    Feed(id="e", url="https://\u00fcber.example/feed", title="\u00dcber \u65e5\u672c", folder="Tech"),
]


def test_round_trip_is_exact() -> None:
    data = write_opml(FEEDS, ["News", "Empty folder", "Tech"])
    doc = parse_opml_document(data)
    assert doc.title == "Gloss subscriptions"
    assert doc.folders == ("News", "Empty folder", "Tech")
    assert sorted(doc.outlines, key=lambda o: o.url) == sorted(
        (OpmlOutline(f.url, f.title, f.site_url, f.folder) for f in FEEDS), key=lambda o: o.url
    )
    # and again: writing what was read gives the same document body
    again = [
        Feed(id=str(i), url=o.url, title=o.title, site_url=o.site_url, folder=o.folder)
        for i, o in enumerate(doc.outlines)
    ]
    assert parse_opml_document(write_opml(again, list(doc.folders))) == doc


def test_nested_folders_flatten_to_the_top_folder() -> None:
    data = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Top">
    <outline text="Inner">
      <outline type="rss" text="Deep" xmlUrl="https://deep.example/feed"/>
    </outline>
    <outline type="rss" text="Shallow" xmlUrl="https://shallow.example/feed" htmlUrl="https://shallow.example/"/>
  </outline>
  <outline type="rss" title="Loose" text="ignored" xmlUrl="https://loose.example/feed"/>
  <outline type="rss" text="Dup" xmlUrl="https://loose.example/feed"/>
</body></opml>"""
    assert parse_opml(data) == [
        OpmlOutline("https://deep.example/feed", "Deep", None, "Top"),
        OpmlOutline("https://shallow.example/feed", "Shallow", "https://shallow.example/", "Top"),
        OpmlOutline("https://loose.example/feed", "Loose", None, None),
    ]
    assert parse_opml_document(data).folders == ("Top",)


def test_malformed_opml_names_the_line() -> None:
    data = b"""<?xml version="1.0"?>
<opml version="2.0">
<head><title>x</title></head>
<body>
  <outline text="a" xmlUrl="https://a.example/feed"/>
  <outline text="b" xmlUrl="https://b.example/feed">
  <outline text="c" xmlUrl="https://c.example/feed" & />
</body>
</opml>"""
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert info.value.line == 7
    assert str(info.value).startswith("Line 7: the file is not well-formed XML")


def test_file_url_outline_imports_nothing() -> None:
    data = b"""<opml version="2.0"><body>
<outline text="ok" xmlUrl="https://ok.example/feed"/>
<outline text="evil" xmlUrl="file:///etc/passwd"/>
</body></opml>"""
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert info.value.line == 3
    assert "not an http or https address" in str(info.value)
    assert "nothing was imported" in str(info.value)


def test_entity_bomb_is_rejected() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/feed"/></body></opml>"""
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert info.value.line == 2
    assert "entities" in str(info.value)


def test_too_many_outlines() -> None:
    body = "".join(f'<outline text="f{i}" xmlUrl="https://x.example/{i}"/>' for i in range(MAX_OUTLINES + 1))
    with pytest.raises(OPMLError) as info:
        parse_opml(f'<opml version="2.0"><body>{body}</body></opml>'.encode())
    assert "at most 10,000" in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert message in str(info.value)
