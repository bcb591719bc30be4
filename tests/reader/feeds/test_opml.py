"""OPML import and export: exact round trips, bad outlines skipped and named, broken files refused."""

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
    exported = [f for f in FEEDS if not f.url.startswith("gloss-sample:")]  # the bundled sample stays home
    assert b"gloss-sample" not in data
    assert sorted(doc.outlines, key=lambda o: o.url) == sorted(
        (OpmlOutline(f.url, f.title, f.site_url, f.folder) for f in exported), key=lambda o: o.url
    )
    # and again: writing what was read gives the same document body
    again = [
        Feed(id=str(i), url=o.url, title=o.title, site_url=o.site_url, folder=o.folder)
        for i, o in enumerate(doc.outlines)
    ]
    assert parse_opml_document(write_opml(again, list(doc.folders))) == doc


def test_nested_folders_keep_their_path() -> None:
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
        OpmlOutline("https://deep.example/feed", "Deep", None, "Top/Inner"),
        OpmlOutline("https://shallow.example/feed", "Shallow", "https://shallow.example/", "Top"),
        OpmlOutline("https://loose.example/feed", "Loose", None, None),
    ]
    assert parse_opml_document(data).folders == ("Top", "Top/Inner")
    feeds = [Feed(id=str(i), url=o.url, title=o.title, folder=o.folder) for i, o in enumerate(parse_opml(data))]
    again = write_opml(feeds, ["Top", "Top/Inner"])
    assert b'<outline text="Top" title="Top">\n      <outline text="Inner" title="Inner">' in again
    assert set(parse_opml(again)) == {
        OpmlOutline("https://shallow.example/feed", "Shallow", None, "Top"),
        OpmlOutline("https://deep.example/feed", "Deep", None, "Top/Inner"),
        OpmlOutline("https://loose.example/feed", "Loose", None, None),
    }


def test_a_bare_ampersand_is_repaired_and_reported() -> None:
    data = b"""<opml version="2.0"><body>
<outline text="Tom & Jerry" xmlUrl="https://a.example/feed?x=1&y=2"/>
<outline text="ok &amp; fine" xmlUrl="https://b.example/feed"/>
</body></opml>"""
    doc = parse_opml_document(data)
    assert [(o.title, o.url) for o in doc.outlines] == [
        ("Tom & Jerry", "https://a.example/feed?x=1&y=2"),
        ("ok & fine", "https://b.example/feed"),
    ]
    assert doc.skipped == ("Line 2: a bare '&' was read as '&amp;'.",)


def test_malformed_opml_names_the_line() -> None:
    data = b"""<?xml version="1.0"?>
<opml version="2.0">
<head><title>x</title></head>
<body>
  <outline text="a" xmlUrl="https://a.example/feed"/>
  <outline text="b" xmlUrl="https://b.example/feed">
  <outline text="c" xmlUrl="https://c.example/feed" < />
</body>
</opml>"""
    with pytest.raises(OPMLError) as info:
        parse_opml(data)
    assert info.value.line == 7
    assert str(info.value).startswith("Line 7: the file is not well-formed XML")


def test_bad_feed_addresses_are_skipped_and_named() -> None:
    data = b"""<opml version="2.0"><body>
<outline text="ok" xmlUrl="https://ok.example/feed"/>
<outline text="evil" xmlUrl="file:///etc/passwd"/>
<outline text="js" xmlUrl="javascript:alert(1)"/>
<outline text="old" xmlUrl="ftp://old.example/feed.xml"/>
<outline text="relative" xmlUrl="/feed.xml"/>
<outline text="also ok" xmlUrl="http://ok2.example/feed"/>
</body></opml>"""
    doc = parse_opml_document(data)
    assert [o.url for o in doc.outlines] == ["https://ok.example/feed", "http://ok2.example/feed"]
    assert [line.split(":")[0] for line in doc.skipped] == ["Line 3", "Line 4", "Line 5", "Line 6"]
    assert "'/feed.xml' is relative" in doc.skipped[3] and "not an http or https address" in doc.skipped[0]


def test_attribute_and_element_names_are_read_case_insensitively() -> None:
    data = b"""<OPML version="1.0"><Head><Title>Caps</Title></Head><BODY>
<Outline TEXT="Folder"><outline Text="A" XMLURL="https://a.example/feed" HTMLURL="https://a.example/"/></Outline>
<outline text="B" xmlurl="https://b.example/feed"/>
</BODY></OPML>"""
    doc = parse_opml_document(data)
    assert doc.title == "Caps"
    assert doc.outlines == (
        OpmlOutline("https://a.example/feed", "A", "https://a.example/", "Folder"),
        OpmlOutline("https://b.example/feed", "B", None, None),
    )


def test_text_is_never_empty_in_an_export() -> None:
    data = write_opml([Feed(id="x", url="https://untitled.example/feed", title="")], [])
    assert b'text="https://untitled.example/feed"' in data


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
