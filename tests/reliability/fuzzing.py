"""A mutation corpus for fuzzing ``extract()`` and ``parse_feed()``, shared by
tests/reliability/test_fuzz.py (about a thousand inputs) and stress/stress_fuzz.py
(100,000 and more).

Seeds are the project's own pages and feeds (tests/reader/extract/fixtures, the bundled
sample articles and feed) plus a few feeds written here (Atom, RDF, JSON Feed). Each
input is a seed run through one to three mutators: byte flips, truncation, tag soup,
deep nesting, huge attributes, entity games and re-encodings with a lying charset.

A second family (:func:`make_hostile_input`, issue 22) adds what the first never made:
words of up to a megabyte without a break (the extracted content must then reach the reader
view capped: ui/articleview/capping.py), and compressed answers (``decode``: one to three layers
of gzip/deflate, headers that lie, damaged streams, bombs of up to 1 GiB) decoded by the HTTP
client's bounded decoder, then parsed. Its indices are its own, so the first family's
inputs keep their numbers.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from reader.errors import ReaderError
from reader.extract import extract
from reader.feeds.decoding import BoundedDecoder, EncodingRefused, LayerTooLarge
from reader.feeds.http import FEED_MAX_BYTES
from reader.feeds.parse import parse_feed
from tests.reliability.bombs import encode, gzip_of_zeros
from ui.articleview.capping import MAX_BLOCK_CHARS, capped_content, has_long_run

REPO = Path(__file__).resolve().parents[2]
PAGE_URL = "https://news.example.org/world/2026/11/28/a-story.html"
FEED_URL = "https://news.example.org/feed.xml"

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/">
<title type="html">Harbour &amp; <b>Coast</b></title><id>urn:x</id><updated>2026-11-28T10:00:00Z</updated>
<entry><title>Ferry returns</title><id>urn:1</id><link href="/ferry"/><updated>2026-11-28T09:00:00Z</updated>
<content type="html">&lt;p&gt;The ferry &lt;a href="/more"&gt;crossed&lt;/a&gt; again.&lt;/p&gt;</content>
<author><name>Ada</name></author></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Tide <i>tables</i></div></title>
<id>urn:2</id><link rel="alternate" href="tides.html"/><summary>Low water at noon.</summary></entry>
</feed>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.org/"><title>RDF news</title><link>https://news.example.org/</link></channel>
<item rdf:about="https://news.example.org/1"><title>One</title><link>https://news.example.org/1</link>
<dc:date>2026-11-28T10:00:00Z</dc:date><description>First &amp; only.</description></item>
</rdf:RDF>"""
JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
"home_page_url": "https://news.example.org/", "items": [
{"id": "1", "url": "https://news.example.org/1", "title": "One", "content_html": "<p>Hello <b>world</b></p>",
 "date_published": "2026-11-28T10:00:00Z"},
{"id": "2", "title": "Two", "content_text": "Plain"}]}"""
RSS = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Caf\xe9 news</title>
<link>http://news.example.org/</link><item><title>Cr\xe8me</title><link>/a</link><guid>a</guid>
<pubDate>Sat, 28 Nov 2026 10:00:00 -0500</pubDate>
<content:encoded><![CDATA[<p>Body <img src="/i.jpg"></p>]]></content:encoded>
</item></channel></rss>"""


def seed_pages() -> list[bytes]:
    paths = sorted((REPO / "tests" / "reader" / "extract" / "fixtures").glob("*.html"))
    pages = [p.read_bytes() for p in paths]
    folder = files("resources") / "sample" / "articles"
    pages += [p.read_bytes() for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".html")]
    return pages


def seed_feeds() -> list[bytes]:
    return [(files("resources") / "sample" / "feed.xml").read_bytes(), ATOM, RDF, JSON_FEED, RSS]


# --- mutators --------------------------------------------------------------------------------

SOUP = [
    b"<",
    b">",
    b"</",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<div>",
    b"</div>",
    b"<p>",
    b"</p>",
    b"<table><tr><td>",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<svg><foreignObject>",
    b"<math>",
    b"<template>",
    b"<noscript>",
    b"<figure><img src='x'><figcaption>",
    b"</figcaption>",
    b"<a href='javascript:alert(1)'>",
    b"</a>",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&#55296;",
    b"&nbsp;",
    b"&lt;",
    b"&bogus;",
    b"\x00",
    b"\r",
    b"\xef\xbb\xbf",
    b"<?xml version='1.0'?>",
    b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>",
    b"&a;",
    b"<item>",
    b"</item>",
    b"<entry>",
    b"<title>",
    b"</title>",
    b"<link>",
    b"<![endif]-->",
    b'<meta charset="utf-16">',
    b'<meta http-equiv="refresh" content="0;url=file:///etc/passwd">',
    b"<base href='file:///'>",
    "\u202e\u2066".encode(),
    "\U0001f600".encode(),
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
]


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 1 + len(buf) // 200)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: _pos(rng, data)]


def cut_middle(rng: random.Random, data: bytes) -> bytes:
    a, b = sorted((_pos(rng, data), _pos(rng, data)))
    return data[:a] + data[b:]


def tag_soup(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 30)):
        at = _pos(rng, data)
        data = data[:at] + rng.choice(SOUP) + data[at:]
    return data


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    tag = rng.choice([b"div", b"b", b"span", b"blockquote", b"li", b"table", b"item", b"a", b"p", b"font"])
    depth = rng.choice([100, 1000, 5000, 20000])
    close = rng.random() < 0.5
    at = _pos(rng, data)
    return (
        data[:at]
        + b"<"
        + tag
        + b">" * 1
        + (b"<" + tag + b">") * depth
        + b"deep"
        + (b"</" + tag + b">") * (depth if close else 0)
        + data[at:]
    )


def huge_attribute(rng: random.Random, data: bytes) -> bytes:
    size = rng.choice([10_000, 100_000, 1_000_000])
    name = rng.choice([b"class", b"style", b"href", b"src", b"data-x", b"alt", b"srcset"])
    value = rng.choice([b"a", b"x ", b"url(", b"&amp;", b"\xc3\xa9", b"-"]) * (size // 2)
    at = _pos(rng, data)
    return (
        data[:at] + b"<img " + name + b'="' + value + b'"><p ' + name + b"=" + value[:5000] + b">text</p>" + data[at:]
    )


def many_attributes(rng: random.Random, data: bytes) -> bytes:
    # 30,000 attributes on one tag costs libxml2's HTML parser seconds (quadratic): rarer,
    # so the stress run stays bounded while still reporting it.
    count = 30_000 if rng.random() < 0.02 else rng.choice([100, 1000, 5000])
    attrs = b" ".join(b"a%d='%d'" % (i, i) for i in range(count))
    at = _pos(rng, data)
    return data[:at] + b"<div " + attrs + b">x</div>" + data[at:]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    a = _pos(rng, data)
    chunk = data[a : a + rng.randint(1, 500)]
    return data[:a] + chunk * rng.randint(2, 200) + data[a:]


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    enc = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "shift_jis", "koi8-r", "utf-7"])
    out = text.encode(enc, "replace")
    if rng.random() < 0.5:  # a charset that lies
        lie = rng.choice([b"utf-8", b"utf-16", b"iso-8859-1", b"x-unknown-charset", b"utf-32", b"gb18030"])
        out = out.replace(b"utf-8", lie).replace(b"UTF-8", lie)
    return out


def entity_games(rng: random.Random, data: bytes) -> bytes:
    bomb = (
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    )
    if data.startswith(b"<?xml"):
        end = data.find(b"?>") + 2
        data = data[:end] + bomb + data[end:]
    else:
        data = bomb + data
    at = _pos(rng, data[len(bomb) :]) + len(bomb)
    return data[:at] + rng.choice([b"&d;", b"&e;", b"&c;&c;", b"&#x0;", b"&#99999999;"]) + data[at:]


def control_chars(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 50)):
        at = _pos(rng, data)
        data = data[:at] + bytes([rng.choice([0, 1, 7, 8, 11, 12, 27, 127, 0x85])]) + data[at:]
    return data


MUTATORS: list[Callable[[random.Random, bytes], bytes]] = [
    flip_bytes,
    truncate,
    cut_middle,
    tag_soup,
    deep_nesting,
    huge_attribute,
    many_attributes,
    repeat_chunk,
    reencode,
    entity_games,
    control_chars,
]


def mutate(rng: random.Random, seed: bytes) -> tuple[bytes, list[str]]:
    """``seed`` through one to three mutators; returns the bytes and the mutators' names."""
    data, names = seed, []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutator = rng.choice(MUTATORS)
        names.append(mutator.__name__)
        data = mutator(rng, data)
    return data, names


def make_input(index: int, pages: list[bytes], feeds: list[bytes]) -> tuple[str, bytes, list[str]]:
    """The ``index``-th input, reproducible: ("extract" | "parse_feed", bytes, mutators)."""
    rng = random.Random(index)
    kind = "extract" if index % 2 == 0 else "parse_feed"
    seeds = pages if kind == "extract" else feeds + pages[:2]
    data, names = mutate(rng, rng.choice(seeds))
    return kind, data, names


# --- the second family: long words and compressed answers (issue 22) ------------------------------


def long_word(rng: random.Random, data: bytes) -> bytes:
    """A word of 10,000 to 1,048,576 characters with no place to break, where a title, a
    heading or a paragraph would carry it."""
    size = rng.choice([10_000, 100_000, 1 << 20])
    unit = rng.choice(["T", "x", "\u00e9", "T\u00a0", "\u2014", "-", "\U0001f600", "\u0e01"])
    word = (unit * (size // len(unit))).encode("utf-8")
    wrap = rng.choice([(b"<h1>", b"</h1>"), (b"<p>", b"</p>"), (b"<title>", b"</title>"), (b"", b"")])
    at = _pos(rng, data)
    return data[:at] + wrap[0] + word + wrap[1] + data[at:]


ENCODINGS = ["gzip", "deflate", "raw-deflate"]


def compressed(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """(Content-Encoding header, body): honest layers, lying headers, damage and bombs."""
    if rng.random() < 0.1:  # a bomb: 16 MiB to 1 GiB of zeros in one or two layers
        inner = gzip_of_zeros(rng.choice([16, 64, 256, 1024]))
        layers = rng.choice([["gzip"], []])
        return ", ".join(["gzip", *layers]), encode(inner, layers)
    layers = [rng.choice(ENCODINGS) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    body = encode(data, layers)
    header = ", ".join("deflate" if e == "raw-deflate" else e for e in layers)
    roll = rng.random()
    if roll < 0.1:
        header = rng.choice(["gzip", "gzip, gzip", "deflate", "br", "identity", "x-gzip, identity", ""])
    elif roll < 0.25:
        body = flip_bytes(rng, body)
    elif roll < 0.35:
        body = truncate(rng, body)
    return header, body


def make_hostile_input(index: int, pages: list[bytes], feeds: list[bytes]) -> tuple[str, bytes, list[str]]:
    """The ``index``-th input of the second family: ("extract" | "parse_feed" | "decode", bytes,
    what was done). A ``decode`` input is ``header + b"\0" + body``."""
    rng = random.Random(f"hostile-{index}")
    kind = ("extract", "parse_feed", "decode")[index % 3]
    seeds = pages if kind == "extract" else feeds + pages[:2]
    data = rng.choice(seeds)
    names = ["long_word"] if kind != "decode" or rng.random() < 0.3 else []
    if names:
        data = long_word(rng, data)
    if rng.random() < 0.3:
        data, more = mutate(rng, data)
        names += more
    if kind == "decode":
        header, data = compressed(rng, data)
        names.append(f"encoding[{header}]")
        data = header.encode("latin-1") + b"\0" + data
    return kind, data, names


def decode_and_parse(data: bytes) -> None:
    """What the HTTP client does with a compressed answer (10 MB cap), then the parser."""
    header, _, body = data.partition(b"\0")
    try:
        decoder = BoundedDecoder(header.decode("latin-1"), FEED_MAX_BYTES)
        pieces = [p for i in range(0, len(body), 16_384) for p in decoder.decode(body[i : i + 16_384])]
        pieces += decoder.finish()
    except (EncodingRefused, LayerTooLarge, zlib.error):
        return
    decoded = b"".join(pieces)
    if len(decoded) > FEED_MAX_BYTES + 65_536:
        raise AssertionError(f"the decoder let {len(decoded):,} bytes through")
    parse_feed(decoded, url=FEED_URL)


def extract_and_cap(data: bytes) -> None:
    """``extract()``, then the check that its content reaches the reader view capped."""
    content = capped_content(extract(data, PAGE_URL))
    for text in [content.title, *content.bylines, *(b.text for b in content.body)]:
        if len(text) > MAX_BLOCK_CHARS + 200 or has_long_run(text):
            raise AssertionError(f"a text of {len(text):,} characters would reach the reader view uncapped")


@dataclass(frozen=True)
class Outcome:
    kind: str
    seconds: float  # wall clock
    cpu_seconds: float  # this thread's CPU time: what the input cost, whatever else the machine did
    crash: str | None  # "<exception type>: <message>" for anything but a ReaderError


def run_one(kind: str, data: bytes, *, target: Callable[[], object] | None = None) -> Outcome:
    """``kind``'s parser on ``data`` (or ``target``, a parser of another family), timed."""
    targets: dict[str, Callable[[], object]] = {
        "extract": lambda: extract_and_cap(data),
        "parse_feed": lambda: parse_feed(data, url=FEED_URL),
        "decode": lambda: decode_and_parse(data),
    }
    target = target or targets[kind]
    started = time.perf_counter()
    cpu_started = time.thread_time()
    crash = None
    try:
        target()
    except ReaderError:
        pass
    except Exception as exc:
        crash = f"{type(exc).__name__}: {str(exc)[:200]}"
    return Outcome(kind, time.perf_counter() - started, time.thread_time() - cpu_started, crash)
