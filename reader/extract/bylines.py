"""Bylines: author names (organisations included) as pages print them, found in metadata,
in markup or in the text, and taken out of the body."""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.extract.text import norm, same_text_key
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
LABEL = re.compile(
    r"^(?:(?:written|posted|reviewed|fact[ -]?checked|edited|published|reported|updated|photos?|"
    r"words|story|text)(?:\s+by)?|by|von|par|por|door|di|de|av|af|the\s+authors?|authors?|autor(?:in|en)?|auteur|about(?:\s+the\s+authors?)?|"
    r"full\s+bio|bio|profile|view\s+profile|follow|more|(?:see|view)\s+(?:all|more)(?:\s+(?:posts|articles|stories))?|read\s+more|last\s+updated?|"
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
    r"^(?:(?:view|see|read)\s+)?(?:all|more)\s+(?:(?:posts|articles|stories)\s+)?(?:about|from|by)\s+|\s*(?:»|›|→)\s*$|\s+(?:says|said|writes)$|\s+(?:last\s+)?updated?(?:\s+on)?\b.*$"
    r"|\s+on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$|\s+on\s+behalf\s+of\b.*$",
    re.I,
)


def split_byline(raw: str) -> list[str]:
    """'By Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']; organisations kept whole;
    labels ("Written by", "Full Bio"), dates and handles ("kffnirmitap") left out."""
    text = _FILED_IN.sub("", clean_name(_DATE_BIT.sub(" · ", norm(raw))))
    text = _REVIEWER.sub("", text)
    if not text or len(text) > 200:
        return []
    names = []
    for part in _SPLIT.split(_BULLETS.sub(",", text)):
        name = clean_name(_AROUND.sub("", clean_name(part)))
        if not _reads_as_name(name):
            continue
        names.append(name)
    return names


# "Jane Doe, DVM. Reviewed by John Roe": the one who checked the text follows the writer,
# and is not a writer.
_REVIEWER = re.compile(
    r"(?<=\S)[\s.,;|]*\b(?:(?:medically|expertly)\s+)?(?:reviewed|fact[- ]?checked|edited)\s+by\b.*$", re.I
)
_BULLETS = re.compile(r"\s[·•∙⋅—–|]\s|\s*[·•∙⋅|]\s*")
# "By Jane Doe, in News, Business": what follows a lowercase "in" is where the post is filed
# (or the city it was written in), never another name.
_FILED_IN = re.compile(r"(?:,\s*|\s+)in(?:\s+\S.*)?$")


# Networks and buttons a byline row links to, and weekdays it prints: not names.
_NOT_A_NAME = re.compile(
    r"^(?:bluesky|twitter|x|facebook|linkedin|instagram|mastodon|threads|youtube|tiktok|rss|e-?mail|share|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"last|next|previous|home|news|in this article|table of contents|contents|use case|insights from|"
    r"sign in|sign up|log in|login|log out|my account|account|register|subscribe|paid|free|premium|"
    r"terms|conditions|terms of (?:use|service)|privacy(?: policy)?|cookies?(?: policy)?|contact(?: us)?|about us|"
    r"articles by .*|posts by .*|more by .*|.* dept\.?)$",
    re.I,
)


# Job titles printed beside the name ("Marketing Director", "Head of Product"); one in
# brackets after a name ("Lance Ryan (Content Manager)") is part of how the page signs.
_JOB_TITLE = re.compile(
    r"\b(?:writer|director|consultant|manager|founder|co-founder|ceo|cto|cfo|officer|attorney|specialist|"
    r"expert|engineer|analyst|strategist|president|head of|professor|researcher|reviewer|coordinator|"
    r"marketer|advisor|adviser)\b",
    re.I,
)
_BRACKETED = re.compile(r"\([^)]*\)")


# Digits make a name an id ("user1234", "17", "a3f9-22") or a date the page's language
# spells ("on Desember 30"), unless they start a name of words ("98 Buck Social", "3i Global").
_NUMERIC_ID = re.compile(r"^\S*\d\S*$|\d{3,}|\d[^\W\d_]+\d|\s\d+$")


def _reads_as_name(name: str) -> bool:
    if not name or len(name) > 60 or len(name.split()) > 6 or _NOT_NAME.search(name) or LABEL.match(name):
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
    r"pin|save|share|later|shop|subscribe|"
    r"nachrichten|eilmeldung|liveblog|kommentar|actualité|noticias|última hora)\b",
    re.I,
)


def page_bylines(
    names: list[str],
    dom: Callable[[], list[str]],
    is_pub: Callable[[str], bool],
    instead: Callable[[list[str]], list[str]] | None = None,
) -> tuple[list[str], bool]:
    """The bylines a page states: ``names`` from its rule or metadata, else ``dom()``'s from
    its markup, with the publication's own name left out when people are named too.
    Names the metadata states but the page prints nowhere (a CMS account, "jdoe", a
    template's placeholder) give way to the byline the markup prints ``instead``.
    Returns them and whether they name anyone but the publication."""
    stated = unique([n for raw in names for n in split_byline(raw)])
    people = [n for n in stated if not is_pub(n)]
    printed = [n for n in instead(people) if not is_pub(n)] if people and instead is not None else []
    if people or printed:
        return printed or people, True
    found = unique(dom())
    people = [n for n in found if not is_pub(n)]
    if people:
        return people, True
    return stated or found or _stated_whole(names), False


def _stated_whole(names: list[str]) -> list[str]:
    """What the metadata names as the author, whole, when the reading of a printed byline
    leaves nothing for a role word in it ("SFist Contributor", "Community Editor", "Staff"):
    the page says so, and the markup names no one else."""
    return unique([name for name in (clean_name(raw) for raw in names) if _plain_name(name)])


def _plain_name(name: str) -> bool:
    if not (2 < len(name) <= 60 and len(name.split()) <= 6 and any(ch.isalpha() for ch in name)):
        return False
    return not (_NOT_NAME_STATED.search(name) or _NOT_A_NAME.match(name) or _NUMERIC_ID.search(name))


_NOT_NAME_STATED = re.compile(r"https?://|@|\b\d{4}\b|\*|\{|\}|\.\w+\.", re.I)


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
