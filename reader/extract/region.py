"""How much of the page's prose and of its link lists each element holds, and the
article region grown from the best-scoring container by that measure.

The content scorer (:mod:`reader.extract.body`) finds where the text is densest, which on
a page in sections (a guide with a heading per part, a live blog, a docs page nesting each
section in its own boxes) is one section. The article is the region that adds the other
sections without adding as much link-list text: the ancestor of the dense container with
the most prose for its links, looked for all the way up to <body>.

Every piece of text belongs to exactly one *unit*: the innermost block element whose own
text it is (its text, inline children and tails). A unit is prose when it is long enough to
be a sentence and not mostly link text; it is link-list text when most of it is linked (a
menu, a list of related stories); a linked heading is a teaser card's (a plain one is the
article's own subheading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.extract.names import vocabulary, words_of
from reader.extract.text import link_text_len, text_content

_UNIT_TAGS = (
    "p", "pre", "li", "dd", "dt", "blockquote", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "div", "section", "article", "main", "address", "header", "aside", "center", "table", "ul", "ol", "dl",
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "big", "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s", "small", "span"}
    | {"strike", "strong", "sub", "sup", "time", "tt", "u", "var", "label", "nobr", "del", "ins", "br"}
)
_MIN_PROSE = 40  # characters: shorter units are labels, dates, buttons
# A unit's first characters count for nothing: a region earns its growth with paragraphs,
# not with teaser summaries and one-line blurbs (a 150-character summary counts 50).
_OVERHEAD = 100
# What a character of link-list text costs in prose: adding a region is worth it when it
# adds more prose than link lists.
LINK_COST = 1.0


@dataclass
class Mass:
    """Characters of prose and of link lists inside an element, and its teaser cards."""

    prose: int = 0
    links: int = 0
    units: int = 0
    cards: int = 0

    @property
    def value(self) -> float:
        return self.prose - LINK_COST * self.links


def _own(el: Any) -> tuple[int, int, int]:
    """Length of the element's own text (its text, inline children, tails), of the linked
    part of it, and of a link it starts with (a teaser's headline)."""
    length = len((el.text or "").strip())
    linked = lead = 0
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag in _INLINE:
            n = len(text_content(child).strip())
            if tag != "a":
                linked += link_text_len(child)
            elif not (child.get("href") or "").startswith("#"):
                # (A link to a place on the page, an anchor on a subheading, is its text.)
                lead = n if length == 0 else lead
                linked += n
            length += n
        tail = child.tail
        if tail:
            length += len(tail.strip())
    return length, linked, lead


def text_mass(root: Any) -> dict[Any, Mass]:
    """Every element's :class:`Mass`: its units' summed up through their ancestors."""
    mass: dict[Any, Mass] = {}
    for el in root.iter(*_UNIT_TAGS):
        length, linked, lead = _own(el)
        if not length:
            continue
        prose = links = cards = 0
        if next(el.iterancestors("a"), None) is not None:
            links = length  # a block inside a link: a teaser card's headline or summary
            cards = 1 if el.tag in _HEADINGS else 0
        elif el.tag in _HEADINGS:
            if linked > 0.5 * length:
                cards = 1
                links = length
        elif linked > 0.5 * length:
            links = length
        elif length >= _MIN_PROSE:
            prose = max(0, length - linked - _OVERHEAD)
            if lead >= 25:
                cards = 1  # a linked headline, then its summary: a teaser
        else:
            continue
        mass[el] = Mass(prose, links, 1 if prose else 0, cards)
    return _summed_up(mass)


def _summed_up(own: dict[Any, Mass]) -> dict[Any, Mass]:
    """Each unit's own :class:`Mass` summed into every ancestor's. Each element is climbed
    through once (a climb stops where an earlier one passed), and the sums go up deepest
    first: 150 units twenty deep were 3,000 steps up, one for each unit and level."""
    depth: dict[Any, int] = {}
    parent: dict[Any, Any] = {}
    for el in own:
        path = []
        node = el
        while node is not None and node not in depth:
            path.append(node)
            node = node.getparent()
        top = -1 if node is None else depth[node]  # the depth of where the climb stopped
        for i, step in enumerate(path):
            depth[step] = top + len(path) - i
            parent[step] = path[i + 1] if i + 1 < len(path) else node
    mass = {el: Mass() for el in depth}
    for el, m in own.items():
        _add(mass[el], m)
    for el in sorted(depth, key=depth.__getitem__, reverse=True):
        above = parent[el]
        if above is not None:
            _add(mass[above], mass[el])
    return mass


def _add(into: Mass, m: Mass) -> None:
    into.prose += m.prose
    into.links += m.links
    into.units += m.units
    into.cards += m.cards


def grow(top: Any, mass: dict[Any, Mass]) -> Any:
    """The ancestor of ``top`` (or ``top``) with the most prose for its link lists.

    A step up is taken into account only when what it adds reads as article text: more
    prose than teaser cards (a grid of related stories puts a linked heading over each
    summary) and not mostly link lists. The region never grows to <body> or <html>.
    """
    best, best_mass = top, mass.get(top) or Mass()
    node = top.getparent()
    while node is not None and node.tag not in ("body", "html"):
        m = mass.get(node)
        if m is not None and m.value > best_mass.value:
            added_units = m.units - best_mass.units
            added_cards = m.cards - best_mass.cards
            if added_cards * 2 < added_units:
                best, best_mass = node, m
        node = node.getparent()
    return best


_CONTAINERS = frozenset({"div", "section", "aside", "ul", "ol", "dl", "table", "nav", "header", "footer", "form"})


def prune(region: Any, keep: Any, mass: dict[Any, Mass]) -> None:
    """Drop the boxes inside ``region`` that hold more link lists than prose (a "most read"
    list, a table of contents, a row of tags), except those around ``keep``."""
    protected = {keep, *keep.iterancestors()}
    for el in list(region.iterdescendants(*_CONTAINERS)):
        m = mass.get(el)
        if m is None or el in protected or keep in el.iterdescendants():
            continue
        if region not in el.iterancestors():
            continue  # inside a box dropped already
        if (m.links and m.value < 0) or _is_card_grid(el):
            parent = el.getparent()
            drop_subtree(el)
            # A box left holding only a title ("Most read") over what was dropped goes too.
            while parent is not region and parent not in protected and _only_titles(parent):
                el, parent = parent, parent.getparent()
                drop_subtree(el)


def _only_titles(el: Any) -> bool:
    children = [c for c in el if isinstance(c.tag, str)]
    return (not (el.text or "").strip()) and all(c.tag in _HEADINGS and len(text_content(c)) < 80 for c in children)


_CARD_WORDS = vocabulary("teaser", "card", "tile", "promo")


def _is_card_grid(el: Any) -> bool:
    """Three or more boxes alike (same tag, same class: <article>s, or named as cards or
    teasers) side by side, each short and each holding a link: teasers for other pages."""
    groups: dict[tuple[str, str], int] = {}
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _HEADINGS or child.tag == "p":
            continue
        key = (child.tag, child.get("class") or "")
        groups[key] = groups.get(key, 0) + 1
    for (tag, cls), count in groups.items():
        if count < 3 or not (tag == "article" or _CARD_WORDS.search(words_of(cls))):
            continue
        alike = [c for c in el if c.tag == tag and (c.get("class") or "") == cls]
        if all(len(text_content(c)) < 300 and _links_elsewhere(c) for c in alike):
            return True
    return False


def _links_elsewhere(el: Any) -> bool:
    return any(not (a.get("href") or "#").startswith("#") for a in el.iter("a"))


def drop_subtree(el: Any) -> None:
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
