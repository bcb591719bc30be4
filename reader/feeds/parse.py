"""Turn feed bytes into a :class:`reader.types.ParsedFeed`; feedparser's dicts never leave here.

Safety, because feeds are hostile input:

- feedparser is given a byte *stream*, never a ``str`` or ``bytes`` (given those it opens
  URLs and file paths);
- a DOCTYPE that declares entities is removed before parsing (no external entity is ever
  read, no entity bomb expanded; feedparser and expat guard against both too, this makes
  it independent of their versions);
- titles, summaries and author names become plain text (a title typed as text keeps every
  character, ``How the <blink> tag died``; only markup loses its tags); links are resolved against the
  feed address and only ``http``/``https`` survive (``javascript:``, ``file:``, ``data:``
  are dropped). Entry HTML is feedparser-sanitised and sanitised again before rendering.

Speed: feedparser would resolve relative links in, and sanitise, every HTML field of
every entry (titles, summaries and contents alike: two passes of its pure-Python HTML
parser each), though Gloss keeps only one HTML field per entry and turns the rest into
plain text. So feedparser is asked to do neither, and :func:`_clean_html` does both
with feedparser's own classes, in one pass, on the one HTML field kept. The HTML stored
is the same; a feed parses in about 20% less time.
"""

from __future__ import annotations

import calendar
import codecs
import html
import io
import re
import xml.sax
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, AnyStr
from urllib.parse import urlsplit

import feedparser
from feedparser.sanitizer import _HTMLSanitizer  # feedparser's own sanitiser
from feedparser.urls import RelativeURIResolver, make_safe_absolute_uri

from ..errors import ParseError
from ..types import Enclosure, EntryData, ParsedFeed, clip
from .http import SAMPLE_SCHEME, resolve_url
from .text import _plain, title_text

# (element, attribute) pairs holding a link that feedparser resolves.
_RELATIVE = RelativeURIResolver.relative_uris

# The longest plain-text summary kept per entry (lists show ~300 characters; keep some slack).
SUMMARY_CHARS = 1000

# A DOCTYPE, to its internal subset or its end; the subset ends at the first ']' + '>'.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*+", re.I)
_SUBSET_END = re.compile(rb"\]\s*>")
_CDATA_SECTION_END = re.compile(r"\]\s*\]\s*>")
# Nesting: feedparser spends ~50 us per element, so 100,000 nested elements cost seconds.
# Real feeds nest about 20 deep (XHTML content perhaps 40); past this, a feed is refused.
MAX_NESTING = 1000
_XML_TAG = re.compile(rb"<(/?)[A-Za-z_][^<>]*?(/?)>")
# Character references: feedparser reads each one in pure Python (its loose parser, for a
# feed that is not well-formed, ~2 us each; the sanitiser again in the HTML kept), so a
# few megabytes of '&amp;' cost seconds. Real feeds hold at most ~50 per KB (podcast show
# notes in escaped HTML; most under 5), so past both bounds a feed is refused. ('&' is
# counted: a bare one costs as much as a reference; in a CDATA section, none costs anything.)
# A numeric reference of three digits or more (no leading zero: '&#100;', '&#x100;' and up)
# is not counted: it names no character markup is made of ('<' is '&#60;'), feedparser reads
# it about as cheaply as a letter, and a feed written by a tool that escapes every non-ASCII
# character (Japanese, Chinese) holds 125 per KB of them.
MAX_REFERENCES = 100_000
MAX_REFERENCES_PER_KB = 100
_TEXT_REFERENCE = re.compile(rb"&#(?:[1-9][0-9]{2,}|[xX][1-9a-fA-F][0-9a-fA-F]{2,});")
# The tags and references of one entry's HTML (the 34 real feeds: at most 400; a long
# article perhaps 5,000). feedparser's sanitiser spends ~4 us on each, so past this the
# HTML is cut (250,000 '<b>' in a CDATA section cost 1 s).
MAX_HTML_MARKUP = 50_000
_MARKUP_PREFIX = re.compile(rf"(?:[^<&]*+[<&]){{{MAX_HTML_MARKUP}}}")
_CDATA_BYTES_END = re.compile(rb"\]\]>")
# A tag longer than any real one (a long URL is a few KB). feedparser's strict parser is
# quadratic in a tag's attributes (30,000 cost a minute), its loose one spends ~2 us per
# entity in an attribute and scans a tag to its end again on each retry, so such a tag is
# read without its attributes. End tags too, and tags never closed (up to the next '<' or
# the end, as that parser delimits them): '</descr' + 1 MB + 'iption>' cost it 2.2 s, and
# '<rdf:RDF xmlns:dc' + 2 MB to the end 1.2 s.
MAX_TAG_CHARS = 16_384
_HUGE_TAG_BYTES = re.compile(rb"<(/?[A-Za-z_][\w:.-]{0,60}+)[^<>]{%d,}+>?" % MAX_TAG_CHARS)
_HUGE_TAG = re.compile(_HUGE_TAG_BYTES.pattern.decode())
_LONG_QUOTE = re.compile(r"""["'][^"']{N}""".replace("N", str(MAX_TAG_CHARS)))
_HUGE_VALUE = re.compile(r"""(\s[\w:.-]+\s*=\s*)(?:"[^"]{N,}"|'[^']{N,}')""".replace("N", str(MAX_TAG_CHARS)))
_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
# Exceptions feedparser reports as "bozo" that do not mean the XML is broken.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# The content types feedparser resolves and sanitises (its ``html_types``).
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# How a UTF-16 or UTF-32 feed starts: a byte order mark, or '<?' (the XML spec's appendix F).
# UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
_DECLARED_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*""")
_CHARSET = re.compile(r"""(charset\s*=\s*)["']?[^;"'\s]*["']?""", re.I)


def parse_feed(body: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse ``body`` (the bytes of a feed fetched from ``url``).

    ``headers`` are the response headers (``content-type`` decides the encoding when the
    document does not). A not-well-formed feed still yields the entries feedparser could
    read, with ``warning`` saying what was wrong. Raises :class:`ParseError` when the bytes
    are not a feed at all (a web page, an empty answer, something else).
    """
    if not body.strip():
        raise ParseError(f"The address {url} returned an empty answer, not a feed.", url=url)
    warnings: list[str] = []
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    # The guards below read bytes as ASCII does, blind to '<' and '&' spelt in two or four
    # bytes: a UTF-16 feed nesting 100,000 deep cost 3 s, one with 10,000 attributes on a tag
    # 0.7 s. So a UTF-16 or UTF-32 feed is made UTF-8 first, as feedparser would make it
    # before parsing (its declaration and the Content-Type's charset rewritten to match).
    body = _as_utf8(body, response_headers)
    # Blank lines before "<?xml" are a common server-side slip; strictly they make the
    # document not well-formed, but nothing is lost by ignoring them.
    if body[:1].isspace() and body.lstrip()[:5] == b"<?xml":
        body = body.lstrip()
    if b"<!ENTITY" in body:
        body, removed = _drop_doctype(body)
        if removed:
            warnings.append("The feed declares XML entities; Gloss ignored them for safety.")
            # What followed the DOCTYPE may be UTF-16 with its own byte order mark, which
            # feedparser honours (a 5 MB page so made, dense in '&amp;', cost 1.1 s).
            body = _as_utf8(body, response_headers)

    if body.lstrip()[:1] == b"{":
        from .jsonfeed import parse_json_feed  # here: it reads this module's helpers

        return parse_json_feed(body, url)
    if len(body) > MAX_TAG_CHARS:
        body, trimmed = _trim_huge_tags(body)
        if trimmed:
            warnings.append(f"{trimmed} oversized tags were read without their attributes.")
    depth = _nesting_depth(body)
    if depth > MAX_NESTING:
        raise ParseError(
            f"The feed at {url} nests its elements more than {MAX_NESTING:,} deep; "
            "no real feed does, so Gloss did not read it.",
            url=url,
        )
    references = body.count(b"&")
    if references > MAX_REFERENCES:
        outside_cdata = _drop_sections(body, b"<![CDATA[", _CDATA_BYTES_END)
        references = outside_cdata.count(b"&") - sum(1 for _ in _TEXT_REFERENCE.finditer(outside_cdata))
    if references > MAX_REFERENCES and references * 1000 > MAX_REFERENCES_PER_KB * len(body):
        raise ParseError(
            f"The feed at {url} holds {references:,} character references ('&amp;' and the like) in "
            f"{len(body) / 1e6:.1f} MB, {references * 1000 // len(body)} per KB; no real feed is that "
            "dense, so Gloss did not read it.",
            url=url,
        )
    if urlsplit(url).scheme in ("http", "https"):
        response_headers.setdefault("content-location", url)
    try:
        # No sanitising or link resolving here: _clean_html does both, on the HTML kept.
        result: Any = feedparser.parse(
            io.BytesIO(body), response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser is mostly total, but hostile bytes find corners
        raise ParseError(f"The answer from {url} could not be read as a feed: {exc}", url=url) from exc

    feed = result.get("feed", {})
    raw_entries = result.get("entries", [])
    typed = _typed_titles(result)
    title = title_text(feed.get("title", ""), feed.get("title_detail"), typed)
    # An empty feed is a feed only if feedparser recognised the format (an HTML page is not).
    if not raw_entries and (not title or not result.get("version")):
        raise ParseError(_not_a_feed_message(body, url, response_headers, result), url=url)

    allow_sample = url.startswith(SAMPLE_SCHEME + ":")
    encoding = str(result.get("encoding") or "utf-8")
    read: list[EntryData] = []
    for e in raw_entries:
        try:
            read.append(_entry(e, url, allow_sample, encoding, typed))
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            # feedparser builds odd shapes from odd XML (a fuzzer found several): one broken
            # entry is skipped, never the feed.
            warnings.append("An entry too malformed to read was skipped.")
    entries = tuple(read)
    problem = result.get("bozo_exception") if result.get("bozo") else None
    if problem is not None and not isinstance(problem, _HARMLESS):
        warnings.append(f"{_describe_malformed(problem)}; {len(entries)} entries were read anyway.")
    return ParsedFeed(
        title=title,
        site_url=_link(feed.get("link"), url, allow_sample),
        description=_plain(feed.get("subtitle", "")),
        entries=entries,
        warning=" ".join(warnings) or None,
    )


def _typed_titles(result: Any) -> bool:
    """Whether the feed says what its titles are (Atom's ``type``); for RSS, feedparser guesses."""
    return str(result.get("version") or "").startswith("atom")


def _as_utf8(body: bytes, response_headers: dict[str, str]) -> bytes:
    """``body`` in UTF-8 if it starts as a UTF-16 or UTF-32 document does; the declared
    encoding and ``response_headers``' charset are rewritten to match."""
    for start, codec in _WIDE_ENCODINGS:
        if body.startswith(start):
            text = _DECLARED_ENCODING.sub(r"\1utf-8", body.decode(codec, "replace"), count=1)
            if "content-type" in response_headers:
                response_headers["content-type"] = _CHARSET.sub(r"\1utf-8", response_headers["content-type"])
            return text.encode("utf-8")
    return body


def _emptied_tag(match: re.Match[bytes]) -> bytes:
    """The tag ``match`` found by _HUGE_TAG_BYTES, without its attributes (closed, and
    self-closing if it was)."""
    return b"<" + match[1] + (b"/>" if match[0].endswith(b"/>") else b">")


def _emptied_tag_text(match: re.Match[str]) -> str:
    """_emptied_tag for the text of an entry's HTML."""
    return "<" + match[1] + ("/>" if match[0].endswith("/>") else ">")


def _trim_huge_html(value: str) -> str:
    """``value`` with oversized tags emptied of attributes and oversized quoted attribute
    values dropped (a value holding a tag of its own escapes the first pass)."""
    value = _HUGE_TAG.sub(_emptied_tag_text, value)
    if _LONG_QUOTE.search(value):
        value = _HUGE_VALUE.sub(r'\1""', value)
    return value


def _cut_markup(value: str) -> str:
    """``value`` cut before its MAX_HTML_MARKUP-th tag or character reference: the sanitiser
    reads each in pure Python (~4 us), and no real entry holds a fraction of that many."""
    if value.count("<") + value.count("&") < MAX_HTML_MARKUP:
        return value
    match = _MARKUP_PREFIX.match(value)
    return value[: match.end() - 1] if match else value


def _split_sections(text: AnyStr, start: AnyStr, end: re.Pattern[AnyStr]) -> Iterator[tuple[AnyStr, AnyStr]]:
    """``text`` as (outside, section) pairs, in order: each section runs from ``start`` to
    the first match of ``end`` after it (the last pair's section is empty). One pass, where
    ``start + ".*?" + end`` searched to the end of the text again from every section left
    open (quadratic: 8,000 unclosed '<![CDATA[' cost 1.5 s). Once one is left open, none
    after it can close: the rest is outside."""
    kept = 0
    while (found := text.find(start, kept)) >= 0:
        close = end.search(text, found + len(start))
        if close is None:
            break
        yield text[kept:found], text[found : close.end()]
        kept = close.end()
    yield text[kept:], text[:0]


def _drop_sections(text: AnyStr, start: AnyStr, end: re.Pattern[AnyStr]) -> AnyStr:
    """``text`` without its sections (see :func:`_split_sections`), as
    ``re.sub(start + ".*?" + end, "", text)`` would remove them."""
    return text[:0].join(outside for outside, _section in _split_sections(text, start, end))


def _trim_huge_tags(body: bytes) -> tuple[bytes, int]:
    """``body`` with its oversized tags emptied of attributes, and how many there were.

    CDATA sections are left as they are: what they hold is text to the feed (a code sample's
    bare 'a<b' and 16 KB after it is no tag), and a match must not run across a section's
    ']]>' and swallow the entries after it. The HTML they hold is trimmed when it is read.
    """
    parts: list[bytes] = []
    trimmed = 0
    for outside, section in _split_sections(body, b"<![CDATA[", _CDATA_BYTES_END):
        part, count = _HUGE_TAG_BYTES.subn(_emptied_tag, outside)
        parts += (part, section)
        trimmed += count
    return b"".join(parts), trimmed


def _drop_doctype(body: bytes) -> tuple[bytes, int]:
    """``body`` without its first DOCTYPE that ends (internal subset and all), and 1; or
    ``body`` and 0. One pass, where a pattern searched to the end of the feed for the end
    of a subset again from every later DOCTYPE (quadratic)."""
    subsets_end = True  # False once a subset was found open to the end of the feed
    for match in _DOCTYPE.finditer(body):
        after = body[match.end() : match.end() + 1]
        if after == b">":
            return body[: match.start()] + body[match.end() + 1 :], 1
        if after == b"[" and subsets_end:
            end = _SUBSET_END.search(body, match.end() + 1)
            if end is not None:
                return body[: match.start()] + body[end.end() :], 1
            subsets_end = False
    return body, 0


def _nesting_depth(body: bytes) -> int:
    """The deepest element nesting in ``body``, or 0 when it has too few tags to matter.

    CDATA sections are skipped: HTML inside them (``<br>`` left open) is text, not nesting.
    """
    if body.count(b"<") <= MAX_NESTING:
        return 0
    depth = deepest = 0
    for match in _XML_TAG.finditer(_drop_sections(body, b"<![CDATA[", _CDATA_BYTES_END)):
        if match.group(1):
            depth = max(depth - 1, 0)
        elif not match.group(2):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    break
    return deepest


def _not_a_feed_message(body: bytes, url: str, headers: Mapping[str, str], result: Any) -> str:
    head = body[:4096]
    content_type = headers.get("content-type", "").lower()
    if _HTML_SNIFF.search(head) or ("html" in content_type and "xhtml" not in content_type):
        return f"This address returned a web page, not a feed: {url}"
    exc = result.get("bozo_exception") if result.get("bozo") else None
    if exc is not None and not isinstance(exc, _HARMLESS):
        return f"The answer from {url} is not a feed: {_describe_malformed(exc)}."
    return f"The answer from {url} is not a feed (no feed title and no entries were found)."


def _describe_malformed(exc: BaseException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"The feed is not well-formed XML (line {exc.getLineNumber()}): {exc.getMessage()}"
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return "The feed's character encoding could not be determined"
    return f"The feed is not well-formed: {exc}"


def _entry(e: Any, feed_url: str, allow_sample: bool, encoding: str, typed: bool) -> EntryData:
    summary_html = e.get("summary", "") or ""
    content_html = _content_html(e, encoding) or _clean_html(e.get("summary_detail"), encoding)
    summary = _plain(summary_html) or _plain(content_html)
    return EntryData(
        guid=(str(e.get("id") or "").strip() or None),
        url=_link(e.get("link"), feed_url, allow_sample),
        title=title_text(e.get("title", ""), e.get("title_detail"), typed),
        summary=summary[:SUMMARY_CHARS],
        content_html=content_html,
        authors=_authors(e),
        published=_date(e.get("published_parsed")),
        updated=_date(dict.get(e, "updated_parsed")),  # dict.get: no deprecated fallback to published
        enclosures=_enclosures(e, feed_url, allow_sample),
        media=_media(e, feed_url, allow_sample),
        categories=_categories(e),
    )


def _size(value: Any) -> int | None:
    """A byte count or a duration as a whole number, or None (feeds write "0", "", "12.5")."""
    try:
        number = int(float(str(value).strip()))
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**53 else None


def _duration(value: Any) -> int | None:
    """Seconds from ``3600``, ``61:05`` or ``1:01:05`` (iTunes' forms), else None."""
    text = str(value or "").strip()
    if ":" not in text:
        return _size(text)
    try:
        parts = [int(p) for p in text.split(":")]
    except ValueError:
        return None
    if len(parts) > 3 or any(p < 0 for p in parts):
        return None
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds or None


def _media(e: Any, feed_url: str, allow_sample: bool) -> tuple[Enclosure, ...]:
    """Enclosures (with the entry's iTunes duration), ``media:content`` and thumbnails, once each."""
    found: dict[str, Enclosure] = {}
    duration = _duration(e.get("itunes_duration"))
    sources: list[tuple[str, Any]] = [("enclosure", x) for x in _dicts(e.get("enclosures"))]
    sources += [("media", x) for x in _dicts(e.get("media_content"))]
    sources += [("thumbnail", x) for x in _dicts(e.get("media_thumbnail"))]
    for kind, raw in sources:
        url = _link(raw.get("href") or raw.get("url"), feed_url, allow_sample)
        if not url or url in found or len(found) >= 50:
            continue
        mime = _plain(raw.get("type"))[:100]
        if kind == "media" and not mime and raw.get("medium") == "image":
            mime = "image/*"
        found[url] = Enclosure(
            url=url,
            type=mime,
            length=_size(raw.get("length") or raw.get("filesize")),
            duration=_duration(raw.get("duration")) or (duration if kind == "enclosure" else None),
            kind=kind,  # type: ignore[arg-type]  # one of the literals above
            title=clip(_plain(raw.get("title")), 300),
        )
    return tuple(found.values())


def _dicts(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _categories(e: Any) -> tuple[str, ...]:
    names = []
    for tag in _dicts(e.get("tags")):
        name = _plain(tag.get("label") or tag.get("term"))[:200]
        if name and name not in names:
            names.append(name)
    return tuple(names[:50])


def _enclosures(e: Any, feed_url: str, allow_sample: bool) -> tuple[str, ...]:
    try:
        found = list(e.get("enclosures") or ())
    except (TypeError, AttributeError, KeyError):  # a <links> element makes 'links' a string
        return ()
    links = (_link(enc.get("href"), feed_url, allow_sample) for enc in found if isinstance(enc, dict))
    return tuple(link for link in links if link)


def _content_html(e: Any, encoding: str) -> str:
    contents = e.get("content") or []
    for wanted in _HTML_TYPES:
        for c in contents:
            if c.get("type") == wanted and c.get("value"):
                return _clean_html(c, encoding)
    for c in contents:
        if c.get("value"):
            value = str(c["value"])
            return value if c.get("type") != "text/plain" else f"<p>{html.escape(value)}</p>"
    return ""


def _clean_html(detail: Any, encoding: str) -> str:
    """The value of a feedparser text construct (``{"value", "type", "base"}``), with
    relative links resolved against its base and sanitised: the HTML feedparser itself
    makes of every HTML field when asked to, in one pass of its parser instead of two
    (tests compare the two on tricky HTML). A value of another type (plain text) is
    returned as feedparser would return it."""
    if not detail:
        return ""
    value = str(detail.get("value") or "")
    content_type = str(detail.get("type") or "text/html")
    if not value or content_type not in _HTML_TYPES:
        return value
    if "<" not in value and "&" not in value:
        return value.strip().replace("\r\n", "\n")  # no markup: the sanitiser would change nothing else
    if len(value) > MAX_TAG_CHARS:
        value = _cut_markup(_trim_huge_html(value))
    if "<![" in value:
        # The link-resolving pass drops a CDATA section (sgmllib reads it as a marked
        # section); the sanitiser would escape it. Dropped, as with the two passes.
        value = _drop_sections(value, "<![CDATA[", _CDATA_SECTION_END)
    sanitizer = _ResolvingSanitizer(str(detail.get("base") or ""), encoding, content_type)
    sanitizer.feed(value.replace("<![CDATA[", "&lt;![CDATA["))
    cleaned: str = sanitizer.output()
    return cleaned.strip().replace("\r\n", "\n")


_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)""", re.IGNORECASE)


class _ResolvingSanitizer(_HTMLSanitizer):  # type: ignore[misc]
    """feedparser's sanitiser, resolving each start tag's links first the way its
    ``RelativeURIResolver`` does (same attributes, same ``make_safe_absolute_uri``)."""

    def __init__(self, base: str, encoding: str, content_type: str) -> None:
        super().__init__(encoding, content_type)
        self.baseuri = base

    def unknown_starttag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        # Gloss never shows a feed's CSS, and feedparser's style sanitiser is quadratic in the
        # attribute's length ("url(url(url(..." : minutes of CPU for 100 KB): drop style first.
        attrs = [(k, v) for k, v in self.normalize_attrs(attrs) if k != "style"]
        # Exactly as RelativeURIResolver (an unresolvable link keeps its value there too).
        attrs = [
            (k, (((tag, k) in _RELATIVE) and make_safe_absolute_uri(self.baseuri, v.strip())) or v) for k, v in attrs
        ]
        super().unknown_starttag(tag, attrs)


# RSS 2.0 writes an author as "email (Name)"; feedparser splits it with an address pattern
# that stops at a four-letter domain ending ("desk@news.example (Mo Chen)" gave the name
# "ple (Mo Chen"), so that form is read here.
_RSS_AUTHOR = re.compile(r"^\s*[^\s@()]+@[^\s()]+\s*\((?P<name>[^()]{1,200})\)\s*$")


def _authors(e: Any) -> tuple[str, ...]:
    names: list[str] = []
    rss = _RSS_AUTHOR.match(e.get("author") or "")
    if rss:
        return (_plain(rss["name"]),)
    for author in e.get("authors") or ():
        name = _plain(author.get("name") or author.get("email") or "")
        if name and name not in names:
            names.append(name)
    if not names and e.get("author"):
        names.append(_plain(e["author"]))
    return tuple(n for n in names if n)


def _date(value: Any) -> datetime | None:
    # feedparser gives UTC struct_times; a year 0 or 9999 date is junk, not a date.
    if not value:
        return None
    try:
        stamp = calendar.timegm(value)
        return datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _link(value: Any, base: str, allow_sample: bool) -> str | None:
    """An http(s) link resolved against the feed address, or None for anything else."""
    if not value or not isinstance(value, str):
        return None
    resolved = resolve_url(base, value)
    parts = urlsplit(resolved)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return resolved
    if allow_sample and scheme == SAMPLE_SCHEME:
        # feedparser collapses "gloss-sample:///a/b" to "gloss-sample://a/b"; undo that.
        if parts.netloc:
            return f"{SAMPLE_SCHEME}:///{parts.netloc}{parts.path}"
        return resolved
    return None


def sanitize_entry_html(value: str, base: str | None = None) -> str:
    """An entry's HTML that came from elsewhere than a feed (a sync server's stream),
    cleaned exactly as a feed entry's HTML is: links resolved against ``base``, then
    feedparser's sanitiser (scripts, handlers and unsafe links dropped)."""
    return _clean_html({"value": value, "type": "text/html", "base": base or ""}, "utf-8")
