"""Bytes or text to a safe lxml tree: encoding detection, size cap, a browser's tree.

Pages are built into a tree the way browsers build them: lexbor's HTML5 tree builder
(through selectolax) reads the page and writes it back out, every element closed where a
browser closes it, and libxml2 reads that into lxml. libxml2's own HTML parser repairs
broken markup its own way: a ``<button>`` left open in a menu swallowed the rest of the
page, and a stray ``</body></html>`` after the header made it drop the article. lexbor
costs about 1.5 ms on a median page.

The libxml2 parser never fetches anything (no_network), never loads a DTD, and keeps its
default limits (no huge_tree): a hostile page gets truncated, not obeyed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from reader.extract.tags import trim_tags
from reader.extract.text import strip_controls_utf8
from reader.markup import drop_elements

# Real article pages are well under this; a bigger document is cut (with a warning) so
# that a hostile 100 MB page costs no more than a big real one.
MAX_CHARS = 6_000_000
# Real article pages have a few thousand elements (2,700 is the most in our corpus of 233);
# the tree walks cost a few microseconds per element, so a degenerate page is cut here.
MAX_ELEMENTS = 15_000

_LD_JSON = re.compile(r"ld\+json", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)


@dataclass
class Parsed:
    """The parsed document plus what went wrong on the way."""

    root: Any  # an lxml.etree element, or None when nothing could be parsed
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the page's markup as read (decoded, cut to size), scripts and all


def _codec(name: bytes | str) -> str | None:
    label = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        codec = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    # As browsers do (WHATWG encoding standard): latin-1 and ascii labels mean windows-1252.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        # A page that says utf-16 in an ASCII-compatible meta tag cannot be utf-16.
        return "utf-8"
    return codec


def decode(data: bytes, warnings: list[str]) -> str:
    """Decode page bytes: BOM, then <meta charset>/XML declaration, then UTF-8 (with replacement)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    declared = _codec(match.group(1)) if match else None
    if declared and declared != "utf-8":
        return data.decode(declared, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if declared is None:
            # Undeclared and not UTF-8: almost always windows-1252 in the wild.
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        warnings.append("the page is not valid in its declared encoding; undecodable bytes were replaced")
        return data.decode("utf-8", "replace")


def _parser() -> etree.HTMLParser:
    # Plain lxml.etree elements: lxml.html's per-element class lookup costs 2x on big pages.
    return etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
        default_doctype=False,
        collect_ids=False,
    )


def parse(source: str | bytes) -> Parsed:
    """Parse a page. Never raises: a page that cannot be parsed gives ``root=None``."""
    warnings: list[str] = []
    text = decode(source, warnings) if isinstance(source, bytes | bytearray) else str(source)
    if len(text) > 1_000_000:
        # Big pages are mostly script: drop it (except JSON-LD) before any cut, so the cut
        # keeps page text.
        text = drop_elements(text, ("script", "style"), keep={"script": _LD_JSON})
    if len(text) > MAX_CHARS:
        warnings.append(f"the page is very large ({len(text)} characters); only the first {MAX_CHARS} were read")
        text = text[:MAX_CHARS]
    text = _cut_tags(text, warnings)
    # Tags libxml2 would choke on (thousands of attributes, megabyte values) are trimmed,
    # after the cut so that a page of a million '<' costs the scan no more than a real one.
    text = trim_tags(text, warnings)
    # Control characters go from what libxml2 reads: lexbor's tree as written out, a third
    # smaller than the page (its scripts gone), and already without NULs in text.
    built = as_browsers_build_it(text)
    data = strip_controls_utf8(built.encode("utf-8", "replace"))
    if not data.strip():
        return Parsed(None, [*warnings, "the page is empty"])
    return Parsed(_parse_bytes(data, warnings), warnings, text)


# Deeper than any real page (the deepest of our 1,025 corpus pages nests under 100; Blink
# stops nesting at 512). An HTML5 tree builder looks down its stack of open elements at
# every block start, so a page nesting 15,000 deep costs it half a second: such a page is
# left to libxml2, whose repair was bounded on it already.
MAX_DEPTH = 512
# Below this many '<' the page cannot nest deep enough to cost the tree builder more than
# a few milliseconds (it is quadratic in depth), so it is not scanned.
_SCAN_FROM = 4000
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
    | {"basefont", "bgsound", "frame", "keygen"}
)
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*+)")


def nests_deeper_than(text: str, limit: int) -> bool:
    """Whether the page's elements nest more than ``limit`` deep: a linear scan of its
    tags (void elements not counted). Tags inside scripts and self-closed tags count too,
    so it errs towards "deep", which only costs such a page libxml2's repair."""
    depth = 0
    for close, name in _TAG_START.findall(text):
        if close:
            depth = depth - 1 if depth else 0
        elif name.lower() not in _VOID:
            depth += 1
            if depth > limit:
                return True
    return False


def as_browsers_build_it(text: str) -> str:
    """The page as an HTML5 tree builder leaves it: every element closed where a browser
    closes it, stray end tags ignored, misnested tags and table content fixed up."""
    if not text.strip() or (text.count("<") > _SCAN_FROM and nests_deeper_than(text, MAX_DEPTH)):
        return text
    try:
        tree = LexborHTMLParser(text)
        _drop_code(tree)
        return tree.html or text
    except (ValueError, RuntimeError, MemoryError):
        return text  # libxml2's own repair is the fallback


def _drop_code(tree: LexborHTMLParser) -> None:
    """Scripts (but JSON-LD, the metadata's) and styles go before the tree is written out:
    never article text, a third of a news page's markup, and libxml2 would build them only
    for the tree's first step to drop them. (The date search reads scripts' data from the
    page's markup as read, :attr:`Parsed.text`.)"""
    for node in tree.css("script, style"):
        if node.tag == "style" or not _LD_JSON.search(node.attributes.get("type") or ""):
            node.decompose()


def _cut_tags(text: str, warnings: list[str]) -> str:
    """Cut the page after about MAX_ELEMENTS elements (two '<' per element)."""
    budget = MAX_ELEMENTS * 2
    if text.count("<") <= budget:
        return text
    pos = -1
    for _ in range(budget):
        pos = text.find("<", pos + 1)
    warnings.append(f"the page has too many elements; only about the first {MAX_ELEMENTS} were read")
    return text[:pos]


def _parse_bytes(data: bytes, warnings: list[str]) -> Any:
    try:
        root = etree.fromstring(data, _parser())
    except (etree.LxmlError, ValueError) as exc:
        warnings.append(f"the page could not be parsed as HTML ({exc})")
        return None
    if root is None:
        warnings.append("the page has no HTML content")
    return root
