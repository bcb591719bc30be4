"""Sanitising and de-furnishing the tree before the body is looked for.

Two steps: tags that are never article text (script, style, forms, embeds, navigation)
go; then elements whose class or id name them as page furniture (share bars, related
stories, newsletter boxes, cookie banners, ...) go, unless they hold most of the page's
paragraph text (a wrapper called ``main has-sidebar`` must not take the article with it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree

from reader.extract.text import outermost, text_content

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

# Class/id words that name furniture. Matched at the start of a class/id word so that
# "related-stories", "relatedArticles" and "share__list" match but "unshared" does not.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:"
    r"share|sharing|social|sociable|related|recommend|comment(?!ary)|disqus|newsletter|subscri|signup|"
    r"promo|advert|ads?(?:$|[\s_-])|adslot|adunit|dfp|sponsor|cookie|consent|gdpr|breadcrumb|pagination|pager|"
    r"sidebar(?!-?(?:grid|layout|container|wrap))|side-bar|widget|popup|modal|overlay|banner|masthead|navbar|nav(?:$|[\s_-])|navigation|menu|"
    r"footer|skip|sr-only|visually-?hidden|screen-?reader|print(?:$|[\s_-])|toolbar|tags(?:$|[\s_-])|tag-?list|"
    r"author-?bio|author-?info|about-?the-?author|more-?stories|more-?from|read-?more|readmore|outbrain|"
    r"taboola|trending|most-?popular|most-?read|mostread|lightbox|rating|login|paywall|hlights|"
    r"c-hlights|breaking|ticker|alert-bar|responsive-indicator|back-to-top|jump|toc(?:$|[\s_-])|"
    r"follow|donate|teaser(?:$|[\s_-])|teaser-?list|recirc|also-?read|see-?also|newsletter|inline-?related|rel-?links"
    r")",
    re.I,
)
_KEEP = re.compile(
    r"(?:^|[\s_-])(?:article|body|content|entry|main|post|story|text|wsw|caption|figure|byline|dateline|"
    r"grid|layout|container|wrapper|wrap|col|row|page)",
    re.I,
)
# Utility classes that hide an element (Bootstrap, Tailwind, WordPress...); whole words only,
# so responsive variants ("hidden-xs", "md:hidden") keep their content.
_HIDDEN_CLASSES = frozenset(
    {"hidden", "is-hidden", "d-none", "hide", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text"}
)
_PICTURE_NAMES = re.compile(r"picture|image|photo|media|figure|img|foto|bild", re.I)
_HIDE_HINT = re.compile(r"hid|none|sr-only|screen-reader")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def class_id(el: Any) -> str:
    """The element's class and id as one lower-case string (what the hint patterns read)."""
    c = el.get("class") or ""
    i = el.get("id") or ""
    return f"{c} {i}".lower() if i else c.lower()


def is_furniture(el: Any) -> bool:
    """Whether the element's class/id names it as page furniture."""
    names = class_id(el)
    if not names.strip() or el.tag in ("html", "body", "article", "main"):
        return False
    names, keep = _furniture_names(names)
    if not names:
        return False
    if el.tag in ("img", "picture"):
        return False
    for level, anc in enumerate(el.iterancestors()):
        if anc.tag in ("figure", "figcaption"):
            return False  # the parts of a photo ("widget__captionText") are the photo's
        if level >= 5:
            break
    if el.tag in ("div", "section", "figure") and len(el) <= 3:
        # "social-media-embed" around an embedded post: the post is quoted in the article.
        quote = next(el.iter("blockquote"), None)
        if quote is not None and "twitter-tweet" in (quote.get("class") or ""):
            return False
    if _PICTURE_NAMES.search(names) and el.tag in ("div", "span", "section", "picture"):
        # "article__picture--teaser": the photo box of the article, named after its layout.
        imgs = sum(1 for _ in el.iter("img"))
        if imgs == 1 and len(text_content(el)) < 400:
            return False
    if el.tag not in ("a", "li", "ul", "nav"):
        # A "widget" that only wraps a captioned photo is the article's photo, not furniture.
        fig = next(el.iter("figure"), None)
        if fig is not None and next(fig.iter("figcaption"), None) is not None:
            rest = len("".join(text_content(el).split())) - len("".join(text_content(fig).split()))
            if rest < 40 and sum(1 for _ in el.iter("figure")) == 1:
                return False
    # "article-share" is furniture; "article-body related-links-inside" is not decided by class.
    return not (keep and el.tag in ("div", "section") and _paragraph_chars(el, 400) > 400)


@lru_cache(maxsize=4096)
def _furniture_names(names: str) -> tuple[str, bool]:
    """('', False) unless the class/id names furniture; else (names, whether a content word
    such as "article" remains besides the furniture words). Pages repeat class strings a
    lot, so the big pattern runs once per distinct string."""
    if ":" in names:
        # Utility-CSS variants ("print:px-6", "hover:underline") say how, not what.
        names = " ".join(word for word in names.split() if ":" not in word)
    if not _FURNITURE.search(names):
        return "", False
    return names, bool(_KEEP.search(_FURNITURE.sub(" ", names)))


def _guard_all_text(root: Any) -> None:
    total = len(text_content(root))
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("figure", "figcaption", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            continue
        if is_furniture(el) and len(text_content(el)) < 0.3 * total:
            drop(el)


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


def drop_hidden(root: Any) -> None:
    """Elements the page hides from every reader.

    Except an element that holds most of the page's paragraphs: paywalled pages ship the
    article hidden and show it by script once the reader is known.
    """
    total = 0
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        style = el.get("style")
        cls = el.get("class")
        if (
            el.get("hidden") is not None
            or (style and _HIDDEN_STYLE.search(style))
            or (cls and _HIDE_HINT.search(cls) and _HIDDEN_CLASSES.intersection(cls.split()))
        ):
            if not total:
                total = _paragraph_chars(root)
            bound = max(500, 0.4 * total)
            if el.tag in ("div", "section", "article") and _paragraph_chars(el, bound) > bound:
                continue
            drop(el)


def drop_furniture(root: Any) -> None:
    """Elements named as furniture, unless they carry most of the paragraph text."""
    total = _paragraph_chars(root)
    if total < 500:
        # A page without <p> (text in <div>s and <br>s): the guard counts all text.
        _guard_all_text(root)
        return
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("figure", "figcaption", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            continue
        if is_furniture(el) and _paragraph_chars(el, 0.4 * total) < 0.4 * total:
            drop(el)
