"""Titles are text: literal characters that look like markup stay; only markup is stripped
(issue 22, item 3: "How the &lt;blink&gt; tag died" became "How the tag died")."""

from __future__ import annotations

import json

import pytest

from reader.feeds.parse import parse_feed

URL = "https://news.example.org/feed.xml"


def rss(*titles: bytes) -> bytes:
    items = b"".join(b"<item><title>%s</title><guid>g%d</guid></item>" % (t, i) for i, t in enumerate(titles))
    return b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>%s</channel></rss>' % items


def atom(*titles: bytes) -> bytes:
    entries = b"".join(b"<entry><id>urn:%d</id>%s</entry>" % (i, t) for i, t in enumerate(titles))
    return b'<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><id>urn:f</id>%s</feed>' % entries


def titles(body: bytes) -> list[str]:
    return [e.title for e in parse_feed(body, url=URL).entries]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (b"How the &lt;blink&gt; tag died", "How the <blink> tag died"),
        (b"<![CDATA[std::vector<int>]]>", "std::vector<int>"),
        (b"std::vector&lt;int&gt; in C++", "std::vector<int> in C++"),
        (b"Use &lt;br&gt; for a line break", "Use <br> for a line break"),
        (b"5 &lt; 6 and 7 &gt; 3", "5 < 6 and 7 > 3"),
        (b"AT&amp;T   and\n  Verizon", "AT&T and Verizon"),
    ],
)
def test_an_rss_title_of_text_keeps_what_looks_like_markup(written: bytes, shown: str) -> None:
    assert titles(rss(written)) == [shown]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (b"&lt;b&gt;Bold&lt;/b&gt; news", "Bold news"),
        (b"<![CDATA[<b>Bold</b> &amp; brave]]>", "Bold & brave"),
        (b"It&amp;#8217;s here", "It\u2019s here"),
        (b"&amp;lt;b&amp;gt;Twice&amp;lt;/b&amp;gt; escaped", "Twice escaped"),
        (b"&lt;script&gt;evil()&lt;/script&gt;Safe", "Safe"),
    ],
)
def test_an_rss_title_of_escaped_html_is_stripped(written: bytes, shown: str) -> None:
    assert titles(rss(written)) == [shown]


def test_atom_titles_follow_their_type() -> None:
    body = atom(
        b'<title type="text">How the &lt;blink&gt; tag died</title>',
        b"<title>std::vector&lt;int&gt;</title>",  # no type: text (RFC 4287)
        b'<title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &amp;lt;i&amp;gt; as text</title>',
        b'<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>X</b> &lt;y&gt; z</div></title>',
    )
    assert titles(body) == ["How the <blink> tag died", "std::vector<int>", "Bold & <i> as text", "X <y> z"]


def test_the_feed_title_is_text_too() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>&lt;stdio.h&gt; weekly</title></channel></rss>'
    assert parse_feed(body, url=URL).title == "<stdio.h> weekly"


def test_json_feed_titles_are_plain_text() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "The <canvas> blog",
        "items": [{"id": "1", "title": "How the <blink> tag died", "content_text": "x"}],
    }
    parsed = parse_feed(json.dumps(feed).encode(), url=URL)
    assert parsed.title == "The <canvas> blog"
    assert [e.title for e in parsed.entries] == ["How the <blink> tag died"]
