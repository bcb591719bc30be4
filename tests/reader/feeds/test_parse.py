"""parse_feed on good, broken and hostile feeds (bytes written here, not taken from the corpus)."""

from __future__ import annotations

import re
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ParseError
from reader.feeds.parse import parse_feed
from reader.feeds.text import plain_text

URL = "https://news.example.com/feed.xml"


def rss(items: str, *, head: str = '<?xml version="1.0" encoding="utf-8"?>', title: str = "Example News") -> bytes:
    return (
        f'{head}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.example.com/</link><description>All the news</description>{items}</channel></rss>"
    ).encode()


ITEM = (
    "<item><title>First story</title><link>https://news.example.com/a/1</link><guid>urn:story:1</guid>"
    "<description>&lt;p&gt;The &lt;b&gt;first&lt;/b&gt; story.&lt;/p&gt;</description>"
    "<author>desk@example.com (Ann Reporter)</author>"
    "<pubDate>Mon, 06 Jan 2025 10:00:00 +0100</pubDate></item>"
)


def test_good_rss() -> None:
    feed = parse_feed(rss(ITEM), url=URL, headers={"content-type": "application/rss+xml"})
    assert feed.title == "Example News"
    assert feed.site_url == "https://news.example.com/"
    assert feed.description == "All the news"
    assert feed.warning is None
    (entry,) = feed.entries
    assert entry.guid == "urn:story:1"
    assert entry.url == "https://news.example.com/a/1"
    assert entry.title == "First story"
    assert entry.summary == "The first story."
    assert "<b>first</b>" in entry.content_html
    assert entry.published == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert entry.authors == ("Ann Reporter",)


def test_atom_with_content_and_relative_links() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Site &amp;lt;b&amp;gt;News&amp;lt;/b&amp;gt;</title>
<link href="/" rel="alternate"/><id>urn:feed</id><updated>2025-01-06T10:00:00Z</updated>
<entry><id>urn:e1</id><title type="text">A &lt;script&gt;alert(1)&lt;/script&gt; title</title>
<link rel="alternate" href="/posts/1"/><updated>2025-01-06T10:00:00+02:00</updated>
<author><name>Bo</name></author><author><name>Cy</name></author>
<summary>short</summary>
<content type="html">&lt;p&gt;Full &lt;a href="/x"&gt;text&lt;/a&gt;
&lt;script&gt;evil()&lt;/script&gt;&lt;/p&gt;</content>
</entry></feed>"""
    feed = parse_feed(body, url="https://blog.example.org/atom.xml", headers={})
    assert feed.title == "Site News"
    assert feed.site_url == "https://blog.example.org/"
    (entry,) = feed.entries
    # A text title is text: its "<script>" is shown as the characters it is (issue 22), never run.
    assert entry.title == "A <script>alert(1)</script> title"
    assert entry.url == "https://blog.example.org/posts/1"
    assert entry.authors == ("Bo", "Cy")
    assert entry.updated == datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    assert entry.summary == "short"
    assert "evil" not in entry.content_html
    assert 'href="https://blog.example.org/x"' in entry.content_html


def test_dangerous_links_are_dropped() -> None:
    items = "".join(
        f"<item><title>t{i}</title><link>{link}</link><guid>g{i}</guid>"
        f'<enclosure url="{link}" type="audio/mpeg" length="1"/></item>'
        for i, link in enumerate(
            ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "https://ok.example/a"]
        )
    )
    feed = parse_feed(rss(items), url=URL, headers={})
    assert [e.url for e in feed.entries] == [None, None, None, "https://ok.example/a"]
    assert [e.enclosures for e in feed.entries] == [(), (), (), ("https://ok.example/a",)]


def test_malformed_xml_still_yields_entries_with_a_warning() -> None:
    body = rss(ITEM + "<item><title>Second</title><link>https://news.example.com/a/2</link><br></item>")
    feed = parse_feed(body, url=URL, headers={})
    assert feed.warning is not None
    assert feed.warning.startswith("The feed is not well-formed XML (line 1)")
    assert "entries were read anyway" in feed.warning
    assert [e.url for e in feed.entries][:2] == ["https://news.example.com/a/1", "https://news.example.com/a/2"]


def test_unescaped_ampersand_is_a_warning_not_a_failure() -> None:
    body = rss("<item><title>Tom & Jerry</title><link>https://news.example.com/tj</link></item>")
    feed = parse_feed(body, url=URL, headers={})
    assert feed.warning is not None and "not well-formed" in feed.warning
    assert feed.entries[0].title == "Tom & Jerry"


def test_missing_encoding_declaration_uses_the_http_header() -> None:
    body = rss("<item><title>Caf\u00e9 cr\u00e8me</title><guid>g</guid></item>", head="").decode().encode("latin-1")
    feed = parse_feed(body, url=URL, headers={"content-type": "application/rss+xml; charset=iso-8859-1"})
    assert feed.entries[0].title == "Caf\u00e9 cr\u00e8me"


def test_wrong_encoding_declaration_still_reads_the_text() -> None:
    # Declared UTF-8 but written in windows-1252: the entries must still come through.
    body = rss("<item><title>Caf\u00e9 \u201cquoted\u201d</title><guid>g</guid></item>").decode().encode("cp1252")
    feed = parse_feed(body, url=URL, headers={})
    (entry,) = feed.entries
    assert entry.title.startswith("Caf")
    assert "quoted" in entry.title


def test_utf16_with_bom() -> None:
    body = rss("<item><title>\u65e5\u672c</title><guid>g</guid></item>", head='<?xml version="1.0" encoding="utf-16"?>')
    feed = parse_feed(body.decode().encode("utf-16"), url=URL, headers={})
    assert feed.entries[0].title == "\u65e5\u672c"


def test_html_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
    with pytest.raises(ParseError) as info:
        parse_feed(page, url="https://news.example.com/", headers={"content-type": "text/html"})
    assert str(info.value) == "This address returned a web page, not a feed: https://news.example.com/"


@pytest.mark.parametrize("body", [b"", b"   \n\t"])
def test_empty_body(body: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse_feed(body, url=URL, headers={})
    assert "empty answer" in str(info.value)


def test_xml_that_is_not_a_feed() -> None:
    with pytest.raises(ParseError) as info:
        parse_feed(b"<?xml version='1.0'?><config><a>1</a></config>", url=URL, headers={})
    assert "is not a feed" in str(info.value)


def test_bytes_that_look_like_a_path_are_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss("<item><title>SECRET</title></item>"))
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode(), url=URL, headers={})


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
        '<rss version="2.0"><channel><title>T &xxe;</title>'
        "<item><title>Leak: &xxe;</title><description>&xxe;</description><guid>g</guid></item></channel></rss>"
    ).encode()
    feed = parse_feed(body, url=URL, headers={})
    dump = repr(feed)
    assert "TOP-SECRET-CONTENT" not in dump
    assert feed.warning is not None and "entities" in feed.warning


def test_external_entity_on_one_line_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>&xxe;</title><guid>g</guid></item></channel></rss>'
    ).encode()
    assert "TOP-SECRET-CONTENT" not in repr(parse_feed(body, url=URL, headers={}))


def test_billion_laughs_does_not_blow_up() -> None:
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{lol}\n]>\n<rss version="2.0"><channel><title>Bomb</title>'
        "<item><title>&lol9;</title><guid>g</guid></item></channel></rss>"
    ).encode()
    tracemalloc.start()
    try:
        feed = parse_feed(body, url=URL, headers={})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert len(feed.entries[0].title) < 1000  # not a billion "lol"s
    assert feed.title == "Bomb"


def test_ten_thousand_items() -> None:
    items = "".join(
        f"<item><title>Item {i}</title><link>https://news.example.com/a/{i}</link><guid>urn:{i}</guid>"
        f"<description>Story number {i}.</description></item>"
        for i in range(10_000)
    )
    started = time.monotonic()
    feed = parse_feed(rss(items), url=URL, headers={})
    assert len(feed.entries) == 10_000
    assert feed.entries[9999].guid == "urn:9999"
    assert len({e.guid for e in feed.entries}) == 10_000
    assert time.monotonic() - started < 60  # a hang guard, not a benchmark


def test_json_feed() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",'
        b'"items": [{"id": "1", "url": "https://j.example/1", "title": "One", "content_html": "<p>Hi</p>"}]}'
    )
    feed = parse_feed(body, url="https://j.example/feed.json", headers={"content-type": "application/feed+json"})
    assert feed.title == "J"
    assert feed.entries[0].url == "https://j.example/1"


def test_dates_are_aware_utc_and_junk_dates_are_none() -> None:
    body = rss(
        "<item><title>a</title><guid>a</guid><pubDate>Tue, 07 Jan 2025 23:30:00 -0500</pubDate></item>"
        "<item><title>b</title><guid>b</guid><pubDate>not a date</pubDate></item>"
    )
    a, b = parse_feed(body, url=URL, headers={}).entries
    assert a.published == datetime(2025, 1, 8, 4, 30, tzinfo=UTC)
    assert a.published is not None and a.published.tzinfo is UTC
    assert b.published is None


def test_plain_text_keeps_comparisons() -> None:
    assert plain_text("5 &lt; 6 and 7 &gt; 3") == "5 < 6 and 7 > 3"
    assert plain_text("<p>One</p><p>Two</p>") == "One Two"
    assert plain_text("Hello <b>World</b>!") == "Hello World!"


def test_blank_lines_before_the_xml_declaration_are_tolerated() -> None:
    feed = parse_feed(b"\n\n  " + rss(ITEM), url=URL, headers={})
    assert feed.warning is None
    assert feed.entries[0].title == "First story"


def test_entry_html_is_what_feedparser_itself_would_sanitise_and_resolve() -> None:
    """Gloss runs feedparser's link resolving and sanitising only on the HTML it keeps;
    the result must be exactly what feedparser gives when it does both itself."""
    import io

    import feedparser

    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.com/section/">
<title>Base</title><id>urn:f</id>
<entry xml:base="/stories/"><id>urn:1</id>
<title type="html">&lt;b&gt;Bold&lt;/b&gt; &lt;applet&gt;x&lt;/applet&gt;news</title>
<content type="html">&lt;p style="color: red; background: url(evil)" onclick="x()"&gt;Read
&lt;a href="one.html"&gt;one&lt;/a&gt;, &lt;a href="javascript:alert(1)"&gt;two&lt;/a&gt;
&lt;img src="../img/a.png" onerror="x()"&gt;&lt;script&gt;evil()&lt;/script&gt;&lt;![CDATA[ raw ]]&gt;
&lt;iframe src="https://ads.example/"&gt;&lt;/iframe&gt;&lt;/p&gt;</content></entry>
<entry><id>urn:2</id><title>Xhtml</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
<p>See <a href="two.html">two</a><script>evil()</script></p></div></content></entry>
<entry><id>urn:3</id><title>Summary only</title><summary type="html">&lt;p&gt;A &lt;a href="/s"&gt;link&lt;/a&gt;
&lt;object data="x.swf"&gt;&lt;/object&gt;&lt;/p&gt;</summary></entry>
</feed>"""
    url = "https://news.example.com/feed.xml"
    ours = parse_feed(body, url=url, headers={"content-type": "application/atom+xml"})
    theirs = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": "application/atom+xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    expected = [theirs.entries[0].content[0].value, theirs.entries[1].content[0].value, theirs.entries[2].summary]
    # The same, except that Gloss drops style attributes (it never shows feed CSS).
    assert [e.content_html for e in ours.entries] == [without_style(x) for x in expected]
    assert "style=" not in ours.entries[0].content_html
    first = ours.entries[0].content_html
    assert 'href="https://news.example.com/stories/one.html"' in first
    assert 'src="https://news.example.com/img/a.png"' in first
    for bad in ("javascript:", "onclick", "onerror", "<script", "evil()", "<iframe", "url("):
        assert bad not in first, bad
    assert 'href="https://news.example.com/section/two.html"' in ours.entries[1].content_html
    assert "evil" not in ours.entries[1].content_html and "<object" not in ours.entries[2].content_html
    assert ours.entries[0].title == "Bold news"  # tags and the applet's content are gone


TRICKY_HTML = [
    '<a href=rel/a.html title="x &amp; y">unquoted &amp; escaped</a>',
    '<a href="/q?a=1&amp;b=2&c=3">query</a> &copy; &bogus; &#150; &#x2014; &#8217;',
    "<!-- a comment --><p>after<!-- unclosed",
    "<![if !IE]><p>conditional</p><![endif]> <![CDATA[ one ]]> text <![CDATA[ unterminated",
    '<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="/x"><circle r="1" onload="x()"/></a></svg>',
    '<math><mi>x</mi></math><form action="/go"><input src="i.png"></form><blockquote cite="c">q</blockquote>',
    '<IMG SRC="JaVaScRiPt:alert(1)"><a href=" javascript:alert(2)">x</a><a href="data:text/html,hi">d</a>',
    "<p>a < b > c & d</p><br/><hr><table><tr><td style='width: 10px; behavior: url(x)'>cell</td></tr></table>",
    '<video poster="p.jpg" src="v.mp4"></video><object data="o.swf"><param name="movie"></object>',
    '<p title="<script>">"quotes"</p><style>p{}</style><script>alert(1)</script><noscript>ns</noscript>',
    "  Plain text, no markup at all;\r\nline two 'quoted' \"double\" > arrow  ",
]


@pytest.mark.parametrize("snippet", TRICKY_HTML)
def test_tricky_entry_html_matches_feedparser(snippet: str) -> None:
    import html as html_module
    import io

    import feedparser

    body = rss(
        f"<item><title>T</title><guid>urn:t</guid><description>{html_module.escape(snippet)}</description></item>"
    )
    url = "https://news.example.com/dir/feed.xml"
    ours = parse_feed(body, url=url, headers={})
    theirs = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    assert ours.entries[0].content_html == without_style(theirs.entries[0].summary)


def without_style(html: str) -> str:
    """feedparser's output without style attributes (which Gloss drops on purpose)."""
    return re.sub(r' style="[^"]*"', "", html)


def test_a_real_feed_with_html_in_cdata_is_not_mistaken_for_deep_nesting() -> None:
    # Unclosed <br> and <p> inside CDATA are text; a long feed of them is still read.
    item = b"<item><title>t</title><description><![CDATA[" + b"<p>line<br>" * 50 + b"]]></description></item>"
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>' + item * 40 + b"</channel></rss>"
    parsed = parse_feed(body, url="https://news.example.org/feed.xml")
    assert len(parsed.entries) == 40


def test_a_feed_writing_every_japanese_character_as_a_reference_is_read() -> None:
    # Some tools escape every non-ASCII character: 125 references per KB, a dense feed by
    # count, but none of them can spell markup, so it is read, not refused as hostile.
    story = "&#26085;&#26412;&#x8A9E;&#12398;&#12491;&#12517;&#12540;&#12473;" * 50
    items = "".join(
        f"<item><title>&#26085;&#26412; {n}</title><guid>g{n}</guid><description>{story}</description></item>"
        for n in range(300)
    )
    body = rss(items)
    assert body.count(b"&#") > 100_000 and body.count(b"&#") * 1000 > 100 * len(body)
    feed = parse_feed(body, url=URL)
    assert len(feed.entries) == 300
    assert feed.entries[0].title == "\u65e5\u672c 0"
    assert feed.entries[0].summary.startswith("\u65e5\u672c\u8a9e\u306e\u30cb\u30e5\u30fc\u30b9")


@pytest.mark.parametrize(
    ("codec", "header"),
    [
        ("utf-16-le", "application/rss+xml; charset=utf-16le"),
        ("utf-16-be", None),
        ("utf-32", "text/xml; charset=UTF-32"),
    ],
)
def test_utf16_and_utf32_feeds_with_or_without_a_byte_order_mark(codec: str, header: str | None) -> None:
    head = f'<?xml version="1.0" encoding="{codec}"?>'
    body = (
        rss("<item><title>\u65e5\u672c &amp; caf\u00e9</title><guid>g</guid></item>", head=head).decode().encode(codec)
    )
    feed = parse_feed(body, url=URL, headers={"Content-Type": header} if header else {})
    assert feed.title == "Example News"
    assert feed.entries[0].title == "\u65e5\u672c & caf\u00e9"


def test_a_utf16_feed_with_blank_lines_before_its_declaration_is_read() -> None:
    head = '<?xml version="1.0" encoding="utf-16"?>'
    body = ("\n  " + rss("<item><title>caf\u00e9</title><guid>g</guid></item>", head=head).decode()).encode("utf-16")
    feed = parse_feed(body, url=URL, headers={"Content-Type": "application/rss+xml"})
    assert [e.title for e in feed.entries] == ["caf\u00e9"]


def test_a_code_sample_in_cdata_keeps_the_entries_after_it() -> None:
    # A bare 'a<b' and 22 KB without '<' or '>' after it, in a CDATA section: no tag to the
    # feed, so the oversized-tag trim must not run across the section's end.
    code = "if (a<b) " + "x = x + 1; " * 2000
    items = (
        f"<item><title>one</title><guid>1</guid><description><![CDATA[{code}]]></description></item>"
        "<item><title>two</title><guid>2</guid><description>Second story.</description></item>"
    )
    feed = parse_feed(rss(items), url=URL)
    assert [e.title for e in feed.entries] == ["one", "two"]
    assert feed.entries[1].summary == "Second story."


def test_an_rss_author_written_as_email_and_name_gives_the_name() -> None:
    # feedparser's address pattern stops at four-letter domain endings: it gave "ple (Mo Chen".
    from reader.feeds.parse import parse_feed

    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>x</title><author>desk@river.example (Mo Chen)</author></item>"
        b"<item><title>y</title><author>desk@river.org (Ana Ruiz)</author></item></channel></rss>"
    )
    parsed = parse_feed(body, url="https://river.example/feed.xml")
    assert [e.authors for e in parsed.entries] == [("Mo Chen",), ("Ana Ruiz",)]
