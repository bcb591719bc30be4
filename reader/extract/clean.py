"""Sanitising and de-furnishing the tree before the body is looked for.

Two steps: tags that are never article text (script, style, forms, embeds, navigation)
go; then elements whose class or id name them as page furniture (share bars, related
stories, newsletter boxes, cookie banners, ...) go, unless they hold most of the page's
paragraph text (a wrapper called ``main has-sidebar`` must not take the article with it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree

from reader.extract.names import vocabulary, words
from reader.extract.text import link_text_len, outermost, text_content

# Page regions that are never article text, unless broken markup put the article inside
# one (an unclosed <aside> swallows the rest of the page): then the region stays.
REGION_TAGS = ("nav", "footer", "aside", "dialog", "menu")

# Never article text. (header/footer/aside: the title, byline and date they carry are
# read from metadata and from the untouched tree before this runs.)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "button",
    "input",
    "select",
    "textarea",
    "option",
    "label",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "map",
    "link",
    "meta",
    "base",
    "head",
)

# Class/id words that name furniture (read as words: reader.extract.names). Strong words
# name a role that is never article text; weak words name one that usually is not, and
# an element named so that still holds real paragraphs ("widget-span" around a HubSpot
# post, "cws-jump-section" around each section of a Google page) keeps them.
_STRONG = re.compile(
    r" (?:share|sharing|social|sociable|related|recommend|comment(?!ary)|disqus|newsletter|subscri|sign ?up|"
    r"promo|advert|ads? |adslot|adunit|dfp |sponsor|cookie|consent|gdpr|breadcrumb|pagination|pager |"
    r"sidebar(?! (?:grid|layout|container|wrap))|side bar|popup|modal|navbar|nav |navigation|menu|footer|"
    r"sr only|visually ?hidden|screen ?reader|author (?:bio|info)|about the author|more (?:stories|from)|"
    r"read ?more|outbrain|taboola|trending|most ?(?:popular|read)|login|paywall|recirc|also read|see also|"
    r"inline related|rel links|back to top|teaser |teaser ?list|cta )"
)
_WEAK = re.compile(
    r" (?:widget|skip|overlay|banner|masthead|print |toolbar|tags |tag ?list|rating|hlights|breaking|ticker|"
    r"alert bar|responsive indicator|jump|toc |follow|donate|lightbox)"
)
_KEEP = vocabulary(
    "article", "body", "content", "entry", "main", "post", "story", "text", "wsw", "caption", "figure", "byline",
    "dateline", "grid", "layout", "container", "wrapper", "wrap", "col", "row", "page",
)  # fmt: skip
# Utility classes that hide an element (Bootstrap, Tailwind, WordPress...); whole words only,
# so responsive variants ("hidden-xs", "md:hidden") keep their content.
_HIDDEN_CLASSES = frozenset(
    {"hidden", "is-hidden", "d-none", "hide", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text"}
)
_PICTURE_NAMES = vocabulary("picture", "image", "photo", "media", "figure", "img", "foto", "bild")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def class_id(el: Any) -> str:
    """The element's class and id as lower-case words, utility-CSS tokens left out (what
    the hint patterns read; see reader.extract.names)."""
    return words(el).strip()


def is_furniture(el: Any) -> bool:
    """Whether the element's class/id names it as page furniture."""
    return bool(furniture_strength(el))


def furniture_strength(el: Any, names: str | None = None) -> str:
    """ "strong" or "weak" when the element's class/id names it as page furniture (see
    ``_STRONG`` and ``_WEAK``), else ''. ``names``: its :func:`words`, when known."""
    if el.tag in _NEVER_NAMED_FURNITURE:
        return ""
    kind, keep = furniture_kind(words(el) if names is None else names)
    if not kind or _article_part(el, kind, keep):
        return ""
    return kind


def _article_part(el: Any, kind: str, keep: bool) -> bool:
    """Whether an element named like furniture is part of the article after all: a part of
    a photo, a quoted post, the article's picture box, or a box that holds prose."""
    if _in_photo(el) or _quotes_a_post(el) or _picture_box(el):
        return True
    if el.tag not in ("a", "li", "ul", "nav") and _wraps_one_captioned_photo(el):
        return True  # a "widget" that only wraps a captioned photo is the article's photo
    # "article-share" is furniture; "article-body related-links-inside" is not decided by
    # class, nor is a "widget" holding paragraphs.
    return el.tag in ("div", "section") and (keep or kind == "weak") and _holds_prose(el, 400 if keep else 300)


def _in_photo(el: Any) -> bool:
    """Inside a <figure> or <figcaption> (five levels up at most): the parts of a photo
    ("widget__captionText") are the photo's."""
    for level, anc in enumerate(el.iterancestors()):
        if anc.tag in ("figure", "figcaption"):
            return True
        if level >= 5:
            break
    return False


def _quotes_a_post(el: Any) -> bool:
    """ "social-media-embed" around an embedded post: the post is quoted in the article."""
    if el.tag not in ("div", "section", "figure") or len(el) > 3:
        return False
    quote = next(el.iter("blockquote"), None)
    return quote is not None and "twitter-tweet" in (quote.get("class") or "")


def _picture_box(el: Any) -> bool:
    """ "article__picture--teaser": the photo box of the article, named after its layout."""
    if not (_PICTURE_NAMES.search(words(el)) and el.tag in ("div", "span", "section")):
        return False
    imgs = sum(1 for _ in el.iter("img"))
    return imgs == 1 and len(text_content(el)) < 400


def _holds_prose(el: Any, bound: int) -> bool:
    """More than ``bound`` characters of paragraphs, or (a page that sets its text in
    <div>s) twice that of text outside links, at most half of it linked."""
    if _paragraph_chars(el, bound) > bound:
        return True
    text = len(text_content(el))
    links = link_text_len(el)
    return text - links > 2 * bound and links < 0.5 * text


def _wraps_one_captioned_photo(el: Any) -> bool:
    fig = next(el.iter("figure"), None)
    if fig is None or next(fig.iter("figcaption"), None) is None:
        return False
    rest = len("".join(text_content(el).split())) - len("".join(text_content(fig).split()))
    return rest < 40 and sum(1 for _ in el.iter("figure")) == 1


@lru_cache(maxsize=4096)
def furniture_kind(names: str) -> tuple[str, bool]:
    """("strong" | "weak" | "", whether a content word such as "article" remains besides the
    furniture words) for the words of a class/id. Pages repeat class strings a lot, so the
    patterns run once per distinct string."""
    for kind, pattern in (("strong", _STRONG), ("weak", _WEAK)):
        if pattern.search(names):
            rest = _WEAK.sub(" ", _STRONG.sub(" ", names))
            return kind, bool(_KEEP.search(rest))
    return "", False


def _paragraph_chars(el: Any, past: float = float("inf")) -> int:
    """Characters of paragraph text in ``el``; counting stops once they exceed ``past``
    (callers compare with a bound: nested boxes of a deep page each hold most of it)."""
    chars = 0
    for p in outermost(el, "p"):
        chars += len(text_content(p))
        if chars > past:
            break
    return chars


def drop(el: Any) -> None:
    """Remove an element but keep its tail text (which belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def sanitise(root: Any) -> None:
    """Remove everything that is never article text, in place."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    regions = list(root.iter(*REGION_TAGS))
    if regions:
        total = _paragraph_chars(root)
        for el in regions:
            if el.getparent() is not None and (total < 500 or _paragraph_chars(el, 0.5 * total) < 0.5 * total):
                drop(el)
    forms = list(root.iter("form"))
    if forms:
        total = len(text_content(root))
        for form in forms:
            # ASP.NET pages wrap the whole page in one <form>: keep forms that hold the page.
            if form.getparent() is not None and len(text_content(form)) < 0.5 * total:
                drop(form)
    # <source>/<track> go but keep what the parser nested in them: libxml2 does not know
    # they are empty, so the <img> after a <picture>'s sources ends up inside the last one.
    etree.strip_tags(root, "form", "font", "center", "o:p", "source", "track")


def _hints_hidden(cls: str) -> bool:
    """Whether a class string holds a piece of one of _HIDDEN_CLASSES (asked of every class
    string of the page, before it is split: substrings, 130 ns against 330 for a pattern)."""
    return "hid" in cls or "none" in cls or "sr-only" in cls or "screen-reader" in cls


def drop_hidden(root: Any) -> None:
    """Elements the page hides from every reader.

    Except an element that holds most of the page's paragraphs: paywalled pages ship the
    article hidden and show it by script once the reader is known.
    """
    total = 0
    for el in list(root.iter()):
        # The attributes first: asking every element for its parent makes a proxy for it.
        style = el.get("style")
        cls = el.get("class")
        if (
            el.get("hidden") is not None
            or (style and _HIDDEN_STYLE.search(style))
            or (cls and _hints_hidden(cls) and _HIDDEN_CLASSES.intersection(cls.split()))
        ):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            if not total:
                total = _paragraph_chars(root)
            bound = max(500, 0.4 * total)
            if el.tag in ("div", "section", "article") and _paragraph_chars(el, bound) > bound:
                continue
            drop(el)


_ARTICLE_LEFT = 400  # characters of paragraphs
_COMMENTS = re.compile(r" (?:comment(?!ary)|disqus|respond |responses |replies )")
_NEVER_NAMED_FURNITURE = frozenset({"html", "body", "article", "main", "img", "picture"})
_NEVER_FURNITURE = frozenset({"figure", "figcaption", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_NEVER_NAMED = _NEVER_FURNITURE | _NEVER_NAMED_FURNITURE  # (furniture_strength says '' for these)


def drop_furniture(root: Any) -> None:
    """Elements named as furniture, unless they carry most of the page's text.

    "Most" is 40 % of the paragraph text, or, on a page without <p> (text in <div>s and
    <br>s), 30 % of all text. Weak-named elements repeated as the article's own sections
    ("widget-span" around each block of a post) are judged together: when those of one class
    hold most of the text between them, they all stay.
    """
    total = _paragraph_chars(root)
    measure: Callable[[Any], int] = _paragraph_chars
    share = 0.4
    if total < 500:
        total, measure, share = len(text_content(root)), _text_chars, 0.3
    found = _named_furniture(root)
    kinds = {el: _kind_of_box(el) for el, strength in found if strength == "weak"}
    held: dict[str, int] = {}
    for el, kind in kinds.items():
        if not any(kinds.get(a) == kind for a in el.iterancestors()):
            held[kind] = held.get(kind, 0) + measure(el)
    sections = {kind for kind, chars in held.items() if kind and chars > share * total}
    for el, _strength in found:
        if el.getparent() is None or kinds.get(el) in sections:
            continue
        held_here = measure(el)
        # Readers' comments that outweigh a short article still go, as long as an article's
        # worth of text is left outside them.
        if held_here < share * total or (_COMMENTS.search(words(el)) and total - held_here >= _ARTICLE_LEFT):
            drop(el)


def _named_furniture(root: Any) -> list[tuple[Any, str]]:
    """The elements a class or id names as furniture, with the strength it says, in document
    order. (All of them listed first: elements are dropped after, not while walking; and most
    names are no furniture's, which the cached furniture_kind says before the element is
    asked anything.)"""
    named = [(el, names) for el in root.iter() if el.tag not in _NEVER_NAMED and (names := words(el))]
    return [
        (el, strength)
        for el, names in named
        if furniture_kind(names)[0] and (strength := furniture_strength(el, names))
    ]


def _kind_of_box(el: Any) -> str:
    """The class an element shares with its repeats: its class tokens without the ones that
    number or hash each copy ("elementor-element-1b0f887a")."""
    return " ".join(sorted(t for t in (el.get("class") or "").split() if not any(c.isdigit() for c in t)))


def _text_chars(el: Any) -> int:
    return len(text_content(el))
