"""The date an article prints, for a page whose metadata states none: looked for around
its headline and at the top of its text, then in its address (see :mod:`reader.extract.dates`)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml import etree

from reader.extract.dates import month_first, printed_date, script_date, searched_date, top_text_date, url_date
from reader.extract.metadata import Metadata
from reader.extract.text import norm_up_to, same_text_key, text_content

# Elements looked at from the top of the article's region: a date printed further down
# (a related story's, a comment's) is not the article's.
_WINDOW = 400
# Characters of the region's text in which a date still introduces the article.
_TOP_OF_REGION = 600
# The headline's box grows up to this many characters of text (a header, not the article).
_ZONE_CHARS = 1500
_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "svg"})
_MAX_LEFT_OUT = 50


def headline_date(zone: Any, md: Metadata) -> str | None:
    """The date printed around the headline, in the box :func:`headline_zone` found (read
    before page furniture is dropped: that box is often named like furniture, "banner")."""
    if zone is None:
        return None
    us = month_first(md.lang)
    return printed_date(islice(zone.iter(), _WINDOW), month_first=us) or top_text_date(_text(zone), month_first=us)


def find_published(body: list[Any], md: Metadata, near_headline: str | None, page: str) -> str | None:
    """The date of an article whose metadata states none: printed near its headline
    (``near_headline``) or at the top of its region, else carried by its scripts' data,
    else htmldate's search of the page, else in its URL, else the page's last-modified
    date (ISO 8601 or None)."""
    if near_headline:
        return near_headline
    region = _region(body)
    if region is not None:
        us = month_first(md.lang)
        found = printed_date(islice(region.iter(), _WINDOW), month_first=us)
        found = found or top_text_date(_text_start(region, _TOP_OF_REGION), month_first=us)
        if found:
            return found
    return script_date(page) or searched_date(page, md.url) or url_date(md.url) or md.modified


def _text(el: Any) -> str:
    """The element's text, text nodes joined with spaces ("Dec 12, 2025" then a headline
    must not read "2025We"), scripts and styles left out (the tree may not be sanitised)."""
    return " ".join(" ".join(_pieces(el)).split())


def _pieces(el: Any) -> Iterator[str]:
    """The text nodes of :func:`_text`, in document order, one at a time. (lxml's walk, not
    a recursion: each piece a generator yields passes up through every level, which cost a
    VOA page 0.7 ms, and a deep page needs no bound.)"""
    walker = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event in ("comment", "pi"):
            if node.tail and node is not el:
                yield node.tail
        elif event == "start":
            if node is not el and node.tag in _NOT_TEXT:
                walker.skip_subtree()  # its end still comes, with its tail
                continue
            if node.text:
                yield node.text
        elif node is el:
            return
        elif node.tail:
            yield node.tail


def _text_start(el: Any, chars: int) -> str:
    """``_text(el)[:chars]``, reading no more of ``el`` than it takes (pieces are joined
    with spaces, so the text of the first pieces starts the text of all of them)."""
    parts: list[str] = []
    raw = 0
    check_at = chars  # doubled after each look, so a page of blank pieces stays linear
    for piece in _pieces(el):
        parts.append(piece)
        raw += len(piece)
        if raw > check_at:
            start = " ".join(" ".join(parts).split())
            if len(start) >= chars:
                return start[:chars]
            check_at = 2 * raw
    return " ".join(" ".join(parts).split())[:chars]


def _text_longer_than(el: Any, limit: int) -> bool:
    """Whether ``len(_text(el)) > limit``, reading no more of ``el`` than it takes: the box
    that ends the headline's zone is often the whole page.

    A long box is told by the C text serialiser first: joining the text nodes with spaces
    never makes the normed text shorter than that of all of them run together, and each
    subtree left out (a script, an SVG) shortens it by at most its length and one space.
    (At most _MAX_LEFT_OUT of them are measured: nested ones each hold the rest, and a
    mangled page nests thousands.)"""
    raw = text_content(el)
    room = len(raw) - limit  # what the text left out may take for the box to be surely long
    left_out = 0
    for i, out in enumerate(el.iter(*_NOT_TEXT)):
        left_out += len(text_content(out)) + 1
        if left_out >= room or i >= _MAX_LEFT_OUT:
            break
    else:
        if room > 0 and len(norm_up_to(raw, limit + left_out)) - left_out > limit:
            return True
    return len(_text_start(el, limit + 1)) > limit


def headline_zone(root: Any, title: str) -> Any:
    """The box around the headline (where bylines and dates are printed): the h1 that
    prints the title (or the first h1), widened while the box holds little text."""
    key = same_text_key(title)
    headings = list(islice(root.iter("h1"), 10))
    h1 = next((h for h in headings if key and same_text_key(text_content(h)) == key), None)
    h1 = h1 if h1 is not None else (headings[0] if headings else None)
    if h1 is None:
        return None
    zone = h1
    for _ in range(5):
        parent = zone.getparent()
        if parent is None or parent.tag in ("body", "html") or _text_longer_than(parent, _ZONE_CHARS):
            break
        zone = parent
    return zone


def _region(body: list[Any]) -> Any:
    """The article around the body: its <article>/<main>, else the body's grandparent."""
    if not body:
        return None
    first = body[0]
    anc = next((a for a in first.iterancestors() if a.tag in ("article", "main")), None)
    if anc is not None:
        return anc
    parent = first.getparent()
    return parent.getparent() if parent is not None and parent.getparent() is not None else parent
