"""Bylines in a page's markup: itemprop/rel=author, byline-named elements, "By ..." lines,
labels set apart from the name, person icons, links to author pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain, islice
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from reader.extract.bylines import LABEL, split_byline, unique
from reader.extract.names import attribute_words, words
from reader.extract.text import norm, norm_up_to, text_content

# Lower case, without re.I (7x the cost): read on words, or on a class or id lower-cased.
_BYLINE_HINT = re.compile(r"byline|author|autor|writer|reporter|contributor|creator")
_BYLINE_NOT = re.compile(r"bio|avatar|image|img|photo|social|follow|about|desc|more")
# A link to an author's page: /author/jane-doe, /contributors/Jane+Doe, /team/dr-jane-doe.
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en)?|auteurs?|contributors?|writers?|staff|people|team|profiles?|byline|"
    r"journalists?|columnists?|redaktion|redakteure?)/[^/\s]+/?$",
    re.I,
)


def dom_bylines(root: Any, zone: Any = None) -> list[str]:
    """Author names from markup: itemprop=author, rel=author, links to author pages by the
    headline, byline-named elements, a "By ..." line, then author-page links anywhere.
    Comments and other articles' cards have bylines of their own, not the article's."""
    authors = [el for el in root.iter() if el.get("itemprop") == "author"]
    readings: tuple[Callable[[], list[Any]], ...] = (
        lambda: _named_inside(authors),
        lambda: authors,
        lambda: [a for a in root.iter("a") if a.get("rel") == "author"],
    )
    for marked in readings:
        found = [split_byline(e.get("content") or text_content(e)) for e in _together(marked())[:10]]
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


def _named_inside(authors: list[Any]) -> list[Any]:
    """The itemprop="name" elements inside the author elements, in document order, each
    once (what the XPath ``//*[@itemprop='author']//*[@itemprop='name']`` selects, which
    costs twice the walk: attribute tests in XPath are slow in libxml2)."""
    found: list[Any] = []
    seen: set[Any] = set()
    for author in authors:
        for el in author.iterdescendants():
            if el.get("itemprop") == "name" and el not in seen:
                seen.add(el)
                found.append(el)
    return found


# A box of readers' comments ("comment-author", "commentlist", Disqus), not the article's
# own byline; "comments-open" and the like are flags on the article itself.
_COMMENTS = re.compile(
    r" (?:comments?|commentlist|disqus)(?! (?:open|closed|enabled|disabled|count|number|link|links|icon|button) )(?= )"
)


# Deeper than any thread of replies nests; a mangled page nesting thousands deep is not
# climbed to its top for every link and byline on it.
_COMMENT_DEPTH = 60


def _in_comments(el: Any) -> bool:
    for node in islice(chain((el,), el.iterancestors()), _COMMENT_DEPTH):
        if node.tag == "body":
            return False
        if _COMMENTS.search(words(node)):
            return True
    return False


def _together(els: list[Any]) -> list[Any]:
    """The first of the author elements outside the comments, and those printed with it
    (within the few lines around it): the same markup further off is another article's
    byline (a card for a related story)."""
    els = [e for e in els if not _in_comments(e)]
    if len(els) < 2:
        return els
    box = els[0]
    for ancestor in els[0].iterancestors():
        if len(text_content(ancestor)) > 300:
            break
        box = ancestor
    return [e for e in els if e is box or any(a is box for a in e.iterancestors())]


def printed_instead(root: Any, zone: Any, dom: Callable[[], list[str]]) -> Callable[[list[str]], list[str]]:
    """For the names the metadata states: nothing when the page prints one of them; else
    the byline the markup prints instead (``dom``'s), when it stands by the headline or two
    readings of the markup agree on it (the metadata's name is a CMS account or a placeholder)."""

    def instead(names: list[str]) -> list[str]:
        # Printed: found more often in the body's text than in its scripts and styles alone.
        # Each name is looked for as a pattern (its words, any whitespace between) in the
        # lower-cased text: collapsing and case-folding all of a page's text first cost
        # 5 ms on a news page, and a pattern that ignores case 3 ms.
        # (A byline names a few people, in a few words: a hostile page's ten thousand
        # "names" or megabyte name are not each searched for.)
        patterns = [_name_pattern(n) for n in names[:_MAX_NAMES] if n.split() and len(n) <= _MAX_NAME_CHARS]
        text = _body_text(root).lower()
        counts = [_count(p, text) for p in patterns]
        if any(counts):  # the scripts are read only for a name the text holds at all
            code = " ".join(_code_texts(root)).lower()
            if any(count > _count(p, code) for p, count in zip(patterns, counts, strict=True)):
                return []
        return _confirmed(root, zone, dom())

    return instead


_MAX_NAMES = 20
_MAX_NAME_CHARS = 200


def _name_pattern(name: str) -> tuple[str, re.Pattern[str]]:
    """A name's first word and a pattern for it as lower-cased text prints it (a pattern
    that starts with a word is searched for at C speed; one that ignores case is not)."""
    words = name.lower().split()
    return words[0], re.compile(r"\s+".join(re.escape(word) for word in words))


def _count(pattern: tuple[str, re.Pattern[str]], text: str) -> int:
    first, whole = pattern
    return len(whole.findall(text)) if first in text else 0


_BODY_TEXT = etree.XPath("string(//body)")
_CODE_TEXT = etree.XPath("//body//script/text() | //body//style/text() | //body//template//text()")


def _body_text(root: Any) -> str:
    """``string(//body)``; the body looked up where the tree builder puts it, not by a walk
    of every node (half the time)."""
    body = root.find("body")
    return text_content(body) if body is not None else str(_BODY_TEXT(root))


def _code_texts(root: Any) -> list[str]:
    """The texts of ``_CODE_TEXT``, in document order, by a walk of the body's scripts,
    styles and templates (a template's texts once, with what is inside it)."""
    body = root.find("body")
    if body is None:
        return [str(t) for t in _CODE_TEXT(root)]
    texts: list[str] = []
    for el in body.iter("script", "style", "template"):
        if next(el.iterancestors("template"), None) is not None:
            continue  # read with the template around it
        if el.tag == "template":
            texts.extend(el.itertext())
            continue
        if el.text:
            texts.append(el.text)
        texts.extend(child.tail for child in el if child.tail)
    return texts


def _confirmed(root: Any, zone: Any, names: list[str]) -> list[str]:
    by_headline = "" if zone is None else " ".join(" ".join(zone.itertext()).split())[:2000].casefold()
    readings = [_byline_elements(root), _by_text(root), _label_then_name(root), _icon_then_name(root)]
    readings.append(_author_links(root, limit=4))
    return [n for n in names if n.casefold() in by_headline or sum(n in r for r in readings) >= 2]


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
        if not _PERSON_ICON.search(_icon_words(el)) or _in_comments(el) or _in_other_link(el):
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


def _in_other_link(el: Any) -> bool:
    """Inside a link to a page that is not an author's: a menu's "Contact Directory" or
    "My account" after a person icon, not a byline."""
    link = next(el.iterancestors("a"), None)
    return link is not None and not _to_author_page(link)


def _to_author_page(link: Any) -> bool:
    try:
        return bool(_AUTHOR_PAGE.search(urlsplit(link.get("href") or "").path))
    except ValueError:
        return False


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
        names = _capitalised(_after_label(el))
        if names and not _in_comments(el):
            return unique(names)
    return []


def _after_label(el: Any) -> list[str]:
    """The names in the text after a label element, or in the element after it."""
    following, nxt = (el.tail or "").strip(), None
    if not following:
        nxt = el.getnext()
        following = norm(text_content(nxt)) if nxt is not None and isinstance(nxt.tag, str) else ""
    if not following or len(following) > (200 if nxt is not None and len(nxt) else 60):
        return []
    # A list of names in elements of their own ("Authors" over <li>s) is read name by name.
    return _names_in(nxt, following) if nxt is not None else split_byline(following)


def _capitalised(names: list[str]) -> list[str]:
    """Names as pages print them, capitalised: "Di Mario Rossi", not "De acuerdo con el informe"."""
    return [n for n in names if all(w[:1].isupper() for w in n.split() if w[:1].isalpha())]


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
    tried = 0
    for a in scope.iter("a"):
        if _to_author_page(a) and not _in_comments(a):
            names.extend(split_byline(text_content(a)))
            tried += 1
            # A page's author links name its writers early; thousands that name nobody are junk.
            if len(names) >= limit or tried >= _MAX_AUTHOR_LINKS:
                break
    return unique(names)[:limit]


_MAX_AUTHOR_LINKS = 50


def _byline_elements(root: Any) -> list[str]:
    boxes = []
    for el in root.iter():  # a byline is named by its class or id
        # Every word _is_byline_element reads is a piece of a class or id token: an element
        # whose raw class and id hold no hint cannot be one (most elements of a page).
        cls, ident = el.get("class"), el.get("id")
        if not ((cls and _BYLINE_HINT.search(cls.lower())) or (ident and _BYLINE_HINT.search(ident.lower()))):
            continue
        if el.tag in ("html", "body", "meta", "script", "style", "img"):
            continue
        if _is_byline_element(el) and next(el.iterancestors("form"), None) is None and not _in_comments(el):
            names = _byline_names(el)
            if names:
                return unique(names)
            boxes.append(el)
            if len(boxes) >= _MAX_BYLINE_BOXES:
                break
    # No byline reads as one: an author box ("Written by", portraits, names with their
    # bios) names the authors on its links to their pages, or in its first line of text.
    for el in boxes[:10]:
        names = _author_links(el) or [n for n in [_first_line_name(el)] if n]
        if names:
            return names
    return []


def _first_line_name(box: Any) -> str | None:
    """The name an author box starts with: its first line of text past any label, when
    that line is a capitalised name (the bio after it is not)."""
    for leaf in box.iter():
        if not isinstance(leaf.tag, str) or len(leaf) or leaf.tag in ("script", "style", "button"):
            continue
        text = norm(text_content(leaf))
        if not text or LABEL.match(text) or _LABEL_ALONE.match(text):
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
    for child in inner[:_MAX_INNER]:
        if not _BYLINE_NOT.search(words(child)):
            text = norm_up_to(text_content(child), 159)
            names = _names_in(child, text) if 2 < len(text) < 160 else []
            if names:
                return names
    text = norm_up_to(text_content(el), 159)
    return _names_in(el, text) if 2 < len(text) < 160 else []


# A byline is a few elements in a few words: a page that repeats byline-named boxes inside
# one another (a hostile one: 250 deep) is not read box by box through every nested copy.
_MAX_INNER = 20
_MAX_BYLINE_BOXES = 40


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
        names = _capitalised(split_byline(text))
        if names and not _in_comments(el):
            return unique(names)
        seen += 1
        if seen > 20:
            break
    return []
