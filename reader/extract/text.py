"""Plain-text helpers shared by the extractor: whitespace, control characters, URLs."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

# C0/C1 control characters except tab/newline/CR (which are whitespace to us), plus
# zero-width and BOM characters that only ever confuse matching and highlighting.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe\uffff]")
_WORD = re.compile(r"\w+")
# The same characters in UTF-8, removed from a page's bytes (a search of the text for the
# character class cost a news page 0.7 ms): the one-byte ones deleted in one pass, each
# multi-byte group looked for by its lead byte.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CONTROL_SEQUENCES = (
    re.compile(rb"\xc2[\x80-\x9f]"),  # U+0080-U+009F
    re.compile(rb"\xe2(?:\x80[\x8b-\x8d]|\x81\xa0)"),  # U+200B-U+200D, U+2060
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # U+FEFF, U+FFFE, U+FFFF
)


def strip_controls(text: str) -> str:
    """Remove control and zero-width characters (never meaningful in article text)."""
    return CONTROL_RE.sub("", text)


def strip_controls_utf8(data: bytes) -> bytes:
    """:func:`strip_controls` on UTF-8 ``data`` (the same bytes as stripping the text and
    encoding it): one-byte characters are deleted in one pass, each multi-byte group only
    when it is there."""
    data = data.translate(None, _CONTROL_BYTES)
    for sequence in _CONTROL_SEQUENCES:
        if sequence.search(data):
            data = sequence.sub(b"", data)
    return data


def norm(text: str | None) -> str:
    """Plain text with control characters removed and every whitespace run collapsed."""
    if not text:
        return ""
    # str.split() splits on exactly the characters \s matches in str patterns, and runs
    # in C: 5x faster than a regex on a megabyte caption, which is normed a dozen times.
    return " ".join(strip_controls(text).split())


def norm_up_to(text: str, bound: int) -> str:
    """``norm(text)``, or when the normed start of a long ``text`` is already over ``bound``
    characters, just that start: enough for a caller that only asks whether it is over (a
    box around a whole page is not normed whole for nothing). Normed text is never longer
    than the normed text it starts."""
    if len(text) > 3 * bound:
        start = norm(text[: 3 * bound])
        if len(start) > bound:
            return start
    return norm(text)


# No caption or credit holds this many words; beyond them two texts are told apart by their
# start, and a megabyte "caption" of a mangled page is not tokenised at every comparison.
_KEY_WORDS = 1_000
_ALL_AT_ONCE = 20_000  # characters: shorter texts are split into words at once
_SPACE = re.compile(r"\s")  # the characters str.isspace() calls space


def same_text_key(text: str) -> str:
    """A key under which two renderings of the same caption compare equal (texts longer
    than any caption: by their first thousand words)."""
    lowered = text.lower()
    if len(lowered) <= _ALL_AT_ONCE:
        return " ".join(_WORD.findall(lowered)[:_KEY_WORDS])  # in C: keys are made for every block
    return " ".join(m[0] for m in islice(_WORD.finditer(lowered), _KEY_WORDS))


def safe_url(href: str | None, base: str | None) -> str | None:
    """``href`` made absolute against ``base``; None unless the result is http(s).

    javascript:, data:, file: and every other scheme are refused, so nothing a page
    says can make Gloss run script or read local files when a link is followed.
    """
    if not href:
        return None
    href = strip_controls(href).strip()
    if not href or len(href) > 4096:
        return None
    try:
        absolute = urljoin(base, href) if base and base.startswith(("http://", "https://")) else href
        if absolute.startswith("//"):
            absolute = "https:" + absolute
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if _SPACE.search(absolute):
        absolute = absolute.replace(" ", "%20")
        if _SPACE.search(absolute):
            return None
    return absolute


SAMPLE_SCHEME = "gloss-sample"


def is_sample_page(url: str | None) -> bool:
    """Whether ``url`` is a page of Gloss's bundled offline sample (``gloss-sample:///...``)."""
    return bool(url) and str(url).strip().lower().startswith(SAMPLE_SCHEME + ":")


def media_url(href: str | None, base: str | None) -> str | None:
    """An image address: http(s) as :func:`safe_url` allows, plus ``gloss-sample:`` images
    on a page that is itself from the bundled sample (so the sample shows its photos
    offline). A sample address never climbs out of the sample (no ``..`` segments)."""
    if not is_sample_page(base):
        return safe_url(href, base)
    if not href:
        return None
    href = strip_controls(href).strip()
    if not href or len(href) > 4096 or any(c.isspace() for c in href):
        return None
    if href.lower().startswith(("http://", "https://", "//")):
        return safe_url(href, None)
    try:
        if href.lower().startswith(SAMPLE_SCHEME + ":"):
            path = urlsplit(href).path
            netloc = urlsplit(href).netloc
        else:
            # urljoin only resolves schemes it knows: borrow http's rules for the sample.
            joined = urlsplit(urljoin("http://sample.invalid" + urlsplit(str(base)).path, href))
            if joined.scheme != "http" or joined.netloc != "sample.invalid":
                return None
            path, netloc = joined.path, ""
    except ValueError:
        return None
    segments = [seg for seg in path.split("/") if seg]
    if netloc not in ("", "localhost") or not segments or any(seg in (".", "..") or ":" in seg for seg in segments):
        return None
    return f"{SAMPLE_SCHEME}:///" + "/".join(segments)


def hostname(url: str | None) -> str:
    """The lower-cased host of ``url`` ('' when there is none)."""
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def text_content(el: Any) -> str:
    """All text inside ``el`` (the XPath string value, computed in C by the text
    serialiser: half the time of evaluating ``string()``, the same text on all 936,905
    elements of the corpus pages)."""
    text: str = etree.tostring(el, method="text", encoding=str, with_tail=False)
    return text


_COUNT_INSIDE = {tag: etree.XPath(f"count(.//{tag})") for tag in ("a", "p")}


def outermost(el: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` elements in ``el`` (``el`` too) that are not inside another one.

    ``tag`` is "a" or "p". Markup never nests them, but a mangled page can, and then each
    one's text holds all the text of those inside: counting every one costs the square of
    the page (20,000 nested links: 0.8 s; 160 nested paragraphs over 1 MB: 0.5 s).
    """
    count_inside = _COUNT_INSIDE[tag]
    found = el.iter(tag)
    for item in found:
        yield item
        # Nesting is rare, and asking for a first descendant is cheaper than counting them.
        if next(item.iterdescendants(tag), None) is not None:
            deque(islice(found, int(count_inside(item))), maxlen=0)  # they come next, in document order


def link_text_len(el: Any) -> int:
    """Characters of text inside links in ``el`` (each link's text stripped; a link inside
    another counted once, with it)."""
    return sum(len(text_content(link).strip()) for link in outermost(el, "a"))
