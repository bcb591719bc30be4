"""Bylines: author names (organisations included) as pages print them, found in metadata,
in markup or in the text, and taken out of the body."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from reader.extract.clean import NAMED
from reader.extract.names import attribute_words, words
from reader.extract.text import norm, same_text_key, text_content
from reader.types import Block

_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|article|reviewed|reported|words|text|story|interview|photos?|reporting)\s+)?"
    r"(?:by|von|por|par|door|af|di|av|från|de|przez|tekst|texto|text|autor(?:in)?|author|auteur|yazan|"
    r"от|автор|av)\s*[:：]?\s+",
    re.I,
)
# "and" in the page's languages; the short ones only in lower case, so that an initial
# ("Sarah E. Needleman", "Bruce Y. Lee") stays inside its name.
_SPLIT = re.compile(r"\s*(?:,|;|\||&|\b(?i:and|und)\b|\b(?:y|et|e|og|en|och|i|ve|а|и)\b(?!\.))\s*")
_NOT_NAME = re.compile(
    r"https?://|@|:|\d{1,2}[:.]\d\d|\b\d{4}\b|\b(?:updated|published|posted|min(?:ute)?s? read|hours? ago|"
    r"follow|email|twitter|facebook|share|comments?|staff writer|correspondent|editor|reporter|"
    r"contributor|columnist)\b|\*",
    re.I,
)


def clean_name(raw: str) -> str:
    """One author name without 'By' and surrounding punctuation."""
    name = norm(raw).strip(" ,;:|-–—·•")
    for _ in range(2):
        name = _BY_PREFIX.sub("", name).strip(" ,;:|-–—·•")
    return name


# Words a byline element prints besides the names: labels, not authors.
_LABEL = re.compile(
    r"^(?:(?:written|posted|reviewed|fact[ -]?checked|edited|published|reported|updated|photos?|"
    r"words|story|text)(?:\s+by)?|by|von|par|por|door|di|de|av|af|the\s+authors?|authors?|autor(?:in|en)?|auteur|about(?:\s+the\s+authors?)?|"
    r"full\s+bio|bio|profile|view\s+profile|follow|more|see\s+all|view\s+all(?:\s+posts)?|read\s+more|last\s+updated?|"
    r"updated|published|says|said|staff|company\s+type|guest\s+post|sponsored|advertorial)$",
    re.I,
)
# A date or time inside a byline ("Dec. 19, 2025 · Niko Matsakis", "Jane Doe | July 2, 2025").
_DATE_BIT = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d\d\s*(?:am|pm)?\b|\b\d+\s+(?:min|minutes?|hours?|days?)\b.*$",
    re.I,
)
_AROUND = re.compile(
    r"^(?:more\s+(?:about|from|by)\s+)|\s*(?:»|›|→)\s*$|\s+(?:says|said|writes)$|\s+(?:last\s+)?updated?(?:\s+on)?\b.*$"
    r"|\s+on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$|\s+on\s+behalf\s+of\b.*$",
    re.I,
)


def split_byline(raw: str) -> list[str]:
    """'By Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']; organisations kept whole;
    labels ("Written by", "Full Bio"), dates and handles ("kffnirmitap") left out."""
    text = _FILED_IN.sub("", clean_name(_DATE_BIT.sub(" · ", norm(raw))))
    if not text or len(text) > 200:
        return []
    names = []
    for part in _SPLIT.split(_BULLETS.sub(",", text)):
        name = clean_name(_AROUND.sub("", clean_name(part)))
        if not _reads_as_name(name):
            continue
        names.append(name)
    return names


_BULLETS = re.compile(r"\s[·•—–|]\s|\s*[·•|]\s*")
# "By Jane Doe, in News, Business": what follows a lowercase "in" is where the post is filed
# (or the city it was written in), never another name.
_FILED_IN = re.compile(r"(?:,\s*|\s+)in(?:\s+\S.*)?$")


# Networks and buttons a byline row links to, and weekdays it prints: not names.
_NOT_A_NAME = re.compile(
    r"^(?:bluesky|twitter|x|facebook|linkedin|instagram|mastodon|threads|youtube|tiktok|rss|e-?mail|share|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"last|next|previous|home|news|in this article|table of contents|contents|use case|insights from|"
    r"sign in|sign up|log in|login|log out|my account|account|register|subscribe|"
    r"articles by .*|posts by .*|more by .*|.* dept\.?)$",
    re.I,
)


# Job titles printed beside the name ("Marketing Director", "Head of Product"); one in
# brackets after a name ("Lance Ryan (Content Manager)") is part of how the page signs.
_JOB_TITLE = re.compile(
    r"\b(?:writer|director|consultant|manager|founder|co-founder|ceo|cto|cfo|officer|attorney|specialist|"
    r"expert|engineer|analyst|strategist|president|head of|professor|researcher|reviewer)\b",
    re.I,
)
_BRACKETED = re.compile(r"\([^)]*\)")


# Digits make a name an id ("user1234", "17", "a3f9-22") or a date the page's language
# spells ("on Desember 30"), unless they start a name of words ("98 Buck Social", "3i Global").
_NUMERIC_ID = re.compile(r"^\S*\d\S*$|\d{3,}|\d[^\W\d_]+\d|\s\d+$")


def _reads_as_name(name: str) -> bool:
    if not name or len(name) > 60 or len(name.split()) > 6 or _NOT_NAME.search(name) or _LABEL.match(name):
        return False
    if _JOB_TITLE.search(_BRACKETED.sub("", name)) or (" " not in name and len(name) < 3 and name.islower()):
        return False
    if not any(ch.isalpha() for ch in name) or _NOT_A_NAME.match(name) or _NUMERIC_ID.search(name):
        return False
    # A label in capitals ("IN THIS ARTICLE") is not a name; user names ("aawoods") are what
    # the page signs with, and are kept.
    return not (len(name.split()) >= 3 and name.isupper())


def unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


_BYLINE_HINT = re.compile(r"byline|author|autor|writer|reporter|contributor|creator", re.I)
_BYLINE_NOT = re.compile(r"bio|avatar|image|img|photo|social|follow|about|desc|more", re.I)
# A link to an author's page: /author/jane-doe, /contributors/Jane+Doe, /team/dr-jane-doe.
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en)?|auteurs?|contributors?|writers?|staff|people|team|profiles?|byline|"
    r"journalists?|columnists?|redaktion|redakteure?)/[^/\s]+/?$",
    re.I,
)


def dom_bylines(root: Any, zone: Any = None) -> list[str]:
    """Author names from markup: itemprop=author, rel=author, links to author pages by the
    headline, byline-named elements, a "By ..." line, then author-page links anywhere."""
    for path in (
        "//*[@itemprop='author']//*[@itemprop='name']",
        "//*[@itemprop='author']",
        "//a[@rel='author']",
    ):
        found = [split_byline(e.get("content") or text_content(e)) for e in root.xpath(path)[:10]]
        names = unique([n for group in found for n in group])
        if names:
            return names
    if zone is not None:
        names = _author_links(zone)
        if names:
            return names
    return (
        _byline_elements(root)
        or _by_text(root)
        or _by_in_zone(zone)
        or _label_then_name(root)
        or _icon_then_name(root)
        or _author_links(root, limit=2)
    )


# An icon that stands for a person ("fa-user", "bi-person", an avatar, an SVG's "#circle-user").
_PERSON_ICON = re.compile(r" (?:user|person|author|avatar|profile)(?= )")
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _icon_words(el: Any) -> str:
    said = words(el)
    for use in el.iter("use"):
        ref = use.get("href") or use.get(_XLINK_HREF) or ""
        said += attribute_words(ref.rpartition("#")[2])
    return said


def _icon_then_name(root: Any) -> list[str]:
    """A person icon with no text of its own, and the name printed right after it (in its
    tail or the next element): "<i class='bi bi-person'></i> Jane Doe"."""
    checked = 0
    for el in root.iter("i", "svg", "span", "img"):
        if el.tag != "img" and text_content(el).strip():
            continue
        if not _PERSON_ICON.search(_icon_words(el)):
            continue
        following = (el.tail or "").strip()
        if not following:
            nxt = el.getnext()
            following = norm(text_content(nxt)) if nxt is not None and isinstance(nxt.tag, str) else ""
        following = norm(following)
        if 2 < len(following) <= 60:
            names = [n for n in split_byline(following) if all(w[:1].isupper() for w in n.split() if w[:1].isalpha())]
            if names:
                return unique(names)
        checked += 1
        if checked >= 10:
            break
    return []


# A label set apart from the name it introduces: "Written by" in one element, the name in the next.
_LABEL_ALONE = re.compile(
    r"^(?:(?:written|posted|reported|article|story|words)\s+by|by|authors?(?:\s*\(s\))?|autor(?:in|en)?|auteurs?|"
    r"about\s+the\s+authors?)\s*[:：]?$",
    re.I,
)


def _label_then_name(root: Any) -> list[str]:
    """A short element that is only a label ("Written by", "Author:"), and the name in the
    element after it or in the text that follows it."""
    for el in root.iter("div", "span", "p", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt", "small", "em"):
        own = (el.text or "").strip()
        if not own or len(own) > 30 or not _LABEL_ALONE.match(own) or len(el):
            continue
        following, nxt = (el.tail or "").strip(), None
        if not following:
            nxt = el.getnext()
            following = norm(text_content(nxt)) if nxt is not None and isinstance(nxt.tag, str) else ""
        if not following or len(following) > (200 if nxt is not None and len(nxt) else 60):
            continue
        # A list of names in elements of their own ("Authors" over <li>s) is read name by name.
        found = _names_in(nxt, following) if nxt is not None else split_byline(following)
        names = [n for n in found if all(w[:1].isupper() for w in n.split() if w[:1].isalpha())]
        if names:
            return unique(names)
    return []


# "Written by Jane Doe", "By: Jane Doe" where the label and the name are separate elements.
_BY_THEN_NAME = re.compile(
    r"(?:^|\s)(?:(?:written|posted|reported)\s+)?(?:by|von|par|por|door)\s*:?\s+"
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’.-]*)(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|van|de|der|den|von|da|di|del|la|le)){0,4})",
)


def _by_in_zone(zone: Any) -> list[str]:
    """A "By ..." in the text of the box around the headline, however it is split into elements."""
    if zone is None:
        return []
    text = " ".join(" ".join(t for t in zone.itertext() if t.strip()).split())[:2000]
    m = _BY_THEN_NAME.search(text)
    return split_byline(m.group(1)) if m else []


def _author_links(scope: Any, limit: int = 4) -> list[str]:
    """The names on links to author pages in ``scope`` (in document order, a few)."""
    names: list[str] = []
    for a in scope.iter("a"):
        try:
            path = urlsplit(a.get("href") or "").path
        except ValueError:
            continue
        if _AUTHOR_PAGE.search(path):
            names.extend(split_byline(text_content(a)))
            if len(names) >= limit:
                break
    return unique(names)[:limit]


def _byline_elements(root: Any) -> list[str]:
    boxes = []
    for el in NAMED(root):  # a byline is named by its class or id
        if el.tag in ("html", "body", "meta", "script", "style", "img"):
            continue
        if _is_byline_element(el) and next(el.iterancestors("form"), None) is None:  # not a comment form
            names = _byline_names(el)
            if names:
                return unique(names)
            boxes.append(el)
    # No byline reads as one: an author box ("About the author", a portrait, the name, a
    # bio) names the author in its first line of text.
    for el in boxes[:10]:
        name = _first_line_name(el)
        if name:
            return [name]
    return []


def _first_line_name(box: Any) -> str | None:
    """The name an author box starts with: its first line of text past any label, when
    that line is a capitalised name (the bio after it is not)."""
    for leaf in box.iter():
        if not isinstance(leaf.tag, str) or len(leaf) or leaf.tag in ("script", "style", "button"):
            continue
        text = norm(text_content(leaf))
        if not text or _LABEL.match(text) or _LABEL_ALONE.match(text):
            continue
        if len(text) > 50:
            return None
        names = split_byline(text)
        if len(names) == 1 and all(w[:1].isupper() for w in names[0].split() if w[:1].isalpha()):
            return names[0]
        return None
    return None


def _is_byline_element(el: Any) -> bool:
    names_attr = words(el)
    return bool(_BYLINE_HINT.search(names_attr)) and not _BYLINE_NOT.search(names_attr)


def _byline_names(el: Any) -> list[str]:
    """The names in one byline element. A wrapper ("authorWrapper") lets the byline elements
    inside speak first; when they name nobody (a "By " in a span of its own, the name in
    the wrapper's text), the wrapper's whole text is read."""
    inner = [c for c in el.iterdescendants() if isinstance(c.tag, str) and _BYLINE_HINT.search(words(c))]
    for child in inner:
        if not _BYLINE_NOT.search(words(child)):
            text = norm(text_content(child))
            names = _names_in(child, text) if 2 < len(text) < 160 else []
            if names:
                return names
    text = norm(text_content(el))
    return _names_in(el, text) if 2 < len(text) < 160 else []


def _names_in(el: Any, text: str) -> list[str]:
    """Names in a byline element; names set in sibling elements without separators count apart."""
    parts = [norm(text_content(c)) for c in el.iter() if c is not el and isinstance(c.tag, str) and len(c) == 0]
    parts = [p for p in parts if p]
    if len(parts) >= 2 and "".join("".join(parts).split()) == "".join(text.split()):
        names = [n for p in parts for n in split_byline(p)]
        if names:
            return names
    return split_byline(text)


# "Von: Jane Doe, John Roe", "By Jane Doe" as the whole text of a short element.
_BY_LINE_TEXT = re.compile(
    r"^(?:(?:written|posted|article|story|words)\s+)?(?:by|von|par|por|di|de|door|av|af|przez|yazan|autor(?:in)?|auteur|text|texto|tekst)\s*[:：]?\s+\S",
    re.I,
)


def _by_text(root: Any) -> list[str]:
    """No byline markup: a short element whose text starts with 'By'/'Von:'/'Par'... ."""
    seen = 0
    for el in root.iter("p", "div", "span", "li", "address"):
        own = (el.text or "").strip()[:40]
        if not own or not _BY_LINE_TEXT.match(own + " x"):
            continue
        text = norm(text_content(el))
        if not 4 < len(text) < 120 or not _BY_LINE_TEXT.match(text):
            continue
        if any(isinstance(c.tag, str) and c.tag in ("p", "div", "li") for c in el):
            continue
        # Names are capitalised: "Di Mario Rossi", not "De acuerdo con el informe".
        names = [n for n in split_byline(text) if all(w[:1].isupper() for w in n.split() if w[:1].isalpha())]
        if names:
            return unique(names)
        seen += 1
        if seen > 20:
            break
    return []


def is_publisher(name: str, site_name: str | None, publisher: str | None, host: str) -> bool:
    """Whether a byline names the publication itself ("mdr.de", "Lesotho Times", "n-tv NACHRICHTEN")."""
    key = same_text_key(name)
    if not key:
        return True
    squashed = key.replace(" ", "")
    for other in (site_name, publisher):
        other_key = same_text_key(other or "")
        if other_key and (key == other_key or key in other_key or other_key in key):
            return True
    labels = [part for part in host.split(".")[:-1] if part not in ("www", "m", "amp", "co", "com")]
    if any(len(label) >= 3 and (label in squashed or squashed in label) for label in labels):
        return True
    # "Ilanga D" on ilanganews.co.za: the house account, named after the site.
    first = key.split()[0]
    return len(key.split()) <= 2 and len(first) >= 4 and any(label.startswith(first) for label in labels)


_SIGNATURE = re.compile(r"^(?:[^\W\d_][^\s\d,.;:!?]*\s){1,3}[^\W\d_][^\s\d,.;:!?]*$")


_ONE_NAME = re.compile(r"^[^\W\d_][^\s\d,.;:!?]{2,30}$")  # "IN-Redaktion", a desk signing off
_KICKER = re.compile(
    r"\b(?:news|live|breaking|update[sd]?|exclusive|opinion|analysis|video|photos?|watch|read|more|"
    r"nachrichten|eilmeldung|liveblog|kommentar|actualité|noticias|última hora)\b",
    re.I,
)


def page_bylines(
    names: list[str], dom: Callable[[], list[str]], is_pub: Callable[[str], bool]
) -> tuple[list[str], bool]:
    """The bylines a page states: ``names`` from its rule or metadata, else ``dom()``'s from
    its markup, with the publication's own name left out when people are named too.
    Returns them and whether they name anyone but the publication."""
    stated = unique([n for raw in names for n in split_byline(raw)])
    people = [n for n in stated if not is_pub(n)]
    if people:
        return people, True
    found = unique(dom())
    people = [n for n in found if not is_pub(n)]
    if people:
        return people, True
    return stated or found, False


def signature(blocks: list[Block]) -> str | None:
    """A name set alone in bold as the first or last paragraph (a common signature); at the
    end, in italics too, or a desk's hyphenated name ("IN-Redaktion")."""
    n = len(blocks)
    # The text's end may carry a support appeal or filing note after the signature.
    for i in (0, n - 1, n - 2, n - 3):
        if not 0 <= i < n or (0 < i < n - 1 and len(blocks[i + 1].text) < 40):
            continue
        if _signs(blocks[i], at_end=i >= n - 3 and i > 0, at_edge=i in (0, n - 1)):
            return blocks[i].text
    return None


def _signs(block: Block, at_end: bool, at_edge: bool) -> bool:
    """Whether a paragraph is a signature: a short capitalised name, set in bold (or, at the
    end, in italics), or in capitals as the text's first or last line."""
    text = block.text
    if block.type != "paragraph" or len(text) > 40:
        return False
    if not (_SIGNATURE.match(text) or (at_end and _ONE_NAME.match(text) and "-" in text)):
        return False
    if not all(w[0].isupper() for w in text.split() if w[0].isalpha() and w[0].lower() != w[0].upper()):
        return False
    bold = sum(sp.end - sp.start for sp in block.spans if sp.kind == "strong" or (at_end and sp.kind == "em"))
    # "JANE DOE" signing off (or opening) the text; not a kicker such as "BREAKING NEWS".
    shouted = at_edge and len(text.split()) >= 2 and text.isupper() and not _KICKER.search(text)
    return bold >= len(text) - 1 or shouted


def kept_after_bylines(blocks: list[Block], bylines: list[str], site_name: str | None = None) -> list[int]:
    """Indices of the blocks to keep: byline lines that slipped into the text go ("By Jane Doe",
    "Jane DoeThe Daily Ledger", "2 minutes ago / Jane Doe")."""
    names = {b.casefold() for b in bylines}
    out = []
    for i, block in enumerate(blocks):
        near_edge = i < 5 or i >= len(blocks) - 3
        if near_edge and len(block.text) < 100:
            found = split_byline(block.text)
            lowered = block.text.casefold()
            if (found and names and all(n.casefold() in names for n in found)) or (
                lowered.startswith(("by ", "von ", "por ", "par ")) and found and len(block.text) < 60
            ):
                continue
            if names and _only_byline(lowered, names, site_name):
                continue
        out.append(i)
    return out


_BYLINE_FILLER = re.compile(
    r"\b(?:by|von|par|por|door|av|af|and|und|et|y|in|on|am|um|ago|minutes?|mins?|hours?|uhr|updated|"
    r"published|stand|aktualisiert|read|"
    r"jan\w*|feb\w*|mar\w*|märz|apr\w*|ma[iy]|mei|ju[nl]\w*|aug\w*|sep\w*|o[ck]t\w*|nov\w*|de[cz]\w*|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\d+|[\W_]+",
    re.I,
)


def _only_byline(lowered: str, names: set[str], site_name: str | None) -> bool:
    """A line holding a byline name and nothing else but dates, the site's name and filler."""
    if not any(n in lowered for n in names if len(n) >= 4):
        return False
    rest = lowered
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, " ")
    if site_name:
        rest = rest.replace(site_name.casefold(), " ")
    return len(_BYLINE_FILLER.sub("", rest)) <= 2
