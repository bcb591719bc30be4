"""Finding the article body on a page nobody wrote a rule for: content scoring.

Readability's idea, kept small: every paragraph-like element with real text gives
points (length, commas) to its parent and, less, to its grandparent and great-grand-
parent; class/id hints add or subtract; the score is scaled down by link density. The
best-scoring container is the body, widened to the ancestor that holds clearly more of
the page's prose (pages that wrap each paragraph in its own box between ads) and joined by
siblings that score nearly as well and read as article text, not as teaser grids.
The standfirst printed above the body is found here too (:func:`find_standfirst`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reader.extract.clean import class_id
from reader.extract.region import grow, prune, text_mass
from reader.extract.text import link_text_len, outermost, text_content

# Class patterns read the lower-case words of reader.extract.names, so they are written in
# lower case without re.I (a case-blind alternation costs several times as much).
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|wsw|prose|rich ?text|paragraph|"
    r"artikel|texto|testo|tekst|inhalt|contenu|cuerpo|corpo|nota|noticia"
)
_NEGATIVE = re.compile(
    r"hidden|banner|combx|comment|(?:^|\s)com\s|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|"
    r"related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|teaser|"
    r"recommend|newsletter|subscribe|caption|credit|byline|author"
)
_PARA_TAGS = ("p", "pre", "div", "td", "section", "li")
_BLOCK_CHILD = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dl",
        "blockquote",
        "pre",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "main",
        "form",
        "hr",
    }
)
_INLINE = frozenset({"a", "b", "i", "em", "strong", "span", "font", "u", "small", "big", "sup", "sub", "code", "br"})
_TAG_BASE = {
    "div": 5.0,
    "article": 8.0,
    "main": 5.0,
    "section": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "form": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "li": -3.0,
    "address": -3.0,
    "th": -5.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
}
_COMMAS = ",，、،;"  # each counted with str.count: a regex findall builds a list per paragraph


def class_weight(el: Any) -> float:
    """+25 for a content-sounding class/id, -25 for furniture-sounding (both may apply)."""
    names = class_id(el)
    if not names:
        return 0.0
    weight = _names_weight(names)
    if el.get("itemprop") == "articleBody":
        weight += 50
    return weight


@lru_cache(maxsize=8192)
def _names_weight(names: str) -> float:
    # Asked of every scored box: pages repeat their class strings, so each is read once.
    return (-25.0 if _NEGATIVE.search(names) else 0.0) + (10.0 if _POSITIVE.search(names) else 0.0)


def link_density(el: Any, text_len: int | None = None) -> float:
    """Share of the element's text that sits inside links."""
    total = text_len if text_len is not None else len(text_content(el).strip())
    if total <= 0:
        return 0.0
    return min(1.0, link_text_len(el) / total)


def _is_paragraph(el: Any) -> bool:
    tag = el.tag
    if tag in ("p", "pre"):
        return True
    if tag == "li":
        return False
    # A div/section/td with text but no block children works as a paragraph.
    return not any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILD for c in el)


def _own_text_len(el: Any) -> int:
    # Text that is this paragraph's own (not split across nested paragraphs).
    return len(" ".join(el.itertext()).strip())


def _own_text(el: Any) -> str:
    """The text a container holds itself: its text, inline children and tails (<br> posts)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE:
            parts.append(text_content(child))
        parts.append(child.tail or "")
    return " ".join(parts)


def score(root: Any) -> dict[Any, float]:
    """Candidate containers and their scores (before link density)."""
    scores: dict[Any, float] = {}
    for el in root.iter(*_PARA_TAGS):
        if _is_paragraph(el):
            text = text_content(el)
            anc = el.getparent()
        elif el.tag in ("div", "section", "td"):
            # Text written straight into a container between <br>s: the container scores.
            text = _own_text(el)
            anc = el
        else:
            continue
        length = len(text.strip())
        if length < 25:
            continue
        head = text[:20_000]
        points = 1.0 + sum(head.count(c) for c in _COMMAS) + min(length / 100.0, 3.0)
        level = 0
        while anc is not None and level < 3:
            if not isinstance(anc.tag, str) or anc.tag in ("html",):
                break
            if anc not in scores:
                scores[anc] = _TAG_BASE.get(anc.tag, 0.0) + class_weight(anc)
            scores[anc] += points / (1.0 if level == 0 else 2.0 if level == 1 else 6.0)
            anc = anc.getparent()
            level += 1
    return scores


def find_body(root: Any) -> list[Any]:
    """The element(s) holding the article body, in document order ([] when nothing scores)."""
    raw = score(root)
    if not raw:
        return []
    final = {el: s * (1.0 - link_density(el)) for el, s in raw.items()}
    top, top_score = _best_box(final)
    mass = text_mass(root)
    seed, top = top, grow(top, mass)
    if top is not seed:
        prune(top, seed, mass)
    parent = top.getparent()
    if parent is None or top.tag == "body":
        return [top]
    threshold = max(10.0, top_score * 0.2)
    return [
        sib for sib in parent if isinstance(sib.tag, str) and (sib is top or _continues_body(sib, final, threshold))
    ]


def _best_box(final: dict[Any, float]) -> tuple[Any, float]:
    """The best-scored box and its score. A body split over several boxes: climb while the
    parent collects clearly more points."""
    top = max(final, key=lambda e: final[e])
    top_score = final[top]
    parent = top.getparent()
    while parent is not None and parent in final and parent.tag != "body":
        if final[parent] >= top_score * 1.0 and _children_scored(parent, final, top_score) >= 2:
            top, top_score = parent, final[parent]
            parent = top.getparent()
        else:
            break
    return top, top_score


def _continues_body(sib: Any, final: dict[Any, float], threshold: float) -> bool:
    """A sibling of the body box that is more of the article: a box scored near it that reads
    as article, or a paragraph of prose (a long one, or a short sentence without links)."""
    if final.get(sib, -1.0) >= threshold and _like_article(sib):
        return True
    if sib.tag != "p":
        return False
    text = text_content(sib).strip()
    ld = link_density(sib, len(text))
    return (len(text) > 80 and ld < 0.25) or (0 < len(text) <= 80 and ld == 0 and text.endswith("."))


def _children_scored(el: Any, final: dict[Any, float], top_score: float) -> int:
    return sum(1 for c in el if final.get(c, 0.0) >= top_score * 0.3)


def _prose(el: Any) -> tuple[int, int, int]:
    """Characters and count of real paragraphs inside ``el`` (not link lists, not one-liners),
    and the number of headings between them."""
    chars = count = 0
    for p in outermost(el, "p"):
        text = text_content(p)
        n = len(text.strip())
        if n >= 40 and link_density(p, n) < 0.3:
            chars += n
            count += 1
    # Teaser cards put a linked heading over each summary; articles' subheadings are plain.
    headings = sum(1 for h in el.iter("h2", "h3", "h4") if next(h.iter("a"), None) is not None)
    return chars, count, headings


def _mostly_prose(el: Any, prose: int) -> bool:
    """Whether most of the element's text is paragraphs (not menus, lists, tickers, teasers)."""
    total = len(" ".join(text_content(el).split()))
    return total > 0 and prose >= 0.5 * total


def _like_article(el: Any) -> bool:
    """A box that reads as more of the article: mostly prose, not a heading per summary."""
    chars, count, heads = _prose(el)
    return heads * 2 < count and _mostly_prose(el, chars)


_LEAD_CLASS = re.compile(
    r"lead|standfirst|intro|summary|subtitle|sub title|subline|dek(?:$|\s)|deck|excerpt|teaser|abstract|"
    r"description|einleitung|chapeau|chapo|entradilla|sommario|occhiello|ingress|preface|underrubrik|strapline"
)
_LEAD_NOT = re.compile(r"caption|credit|byline|author|date|time|share|related|promo|nav|menu")


def find_standfirst(body_els: list[Any], description: str) -> Any:
    """The standfirst printed above the body (the summary under the headline), or None.

    It sits in the same article region before the body, and either its class says so
    ("lead", "standfirst", "summary", "einleitung", "chapeau"...) or it repeats the page's
    description. Read as the body's first paragraph.
    """
    if not body_els:
        return None
    first = body_els[0]
    region = first
    for _ in range(4):
        parent = region.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        region = parent
        if region.tag in ("article", "main"):
            break
    want = " ".join(description.lower().split())[:80]
    found = None
    for el in region.iter("p", "div", "h2", "span", "section"):
        if el is first:
            break
        if any(isinstance(c.tag, str) and c.tag in ("p", "div", "section", "ul", "ol", "figure") for c in el):
            continue
        text = " ".join(text_content(el).split())
        if not 50 <= len(text) <= 700 or link_density(el, len(text)) > 0.3:
            continue
        names = class_id(el)
        hinted = bool(_LEAD_CLASS.search(names)) and not _LEAD_NOT.search(names)
        if hinted or (len(want) >= 50 and text.lower().startswith(want)):
            found = el
    return found
