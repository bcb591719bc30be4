"""The headline zone and the top of the article are read from the start of their text only:
the same answers as reading all of it, on trees of every shape (blank pieces, scripts, deep
nesting, long and short texts)."""

from __future__ import annotations

import random

from lxml import etree

from reader.extract.published import _text, _text_longer_than, _text_start

_WORDS = ["Dec 12, 2025", "  ", "\n\t", "orchard", "canal ", " trees", "x" * 700, "", "By Jane Doe", "\u00a0"]
_TAGS = ["div", "p", "span", "script", "style", "section", "b", "svg"]


def _tree(rng: random.Random) -> etree._Element:
    root = etree.Element("div")
    nodes = [root]
    for _ in range(rng.randint(0, 60)):
        parent = rng.choice(nodes)
        child = etree.SubElement(parent, rng.choice(_TAGS))
        child.text = rng.choice(_WORDS) * rng.randint(0, 3)
        child.tail = rng.choice(_WORDS) * rng.randint(0, 3)
        nodes.append(child)
    root.text = rng.choice(_WORDS)
    return root


def test_the_start_of_the_text_is_the_start_of_all_of_it() -> None:
    rng = random.Random(7)
    for _ in range(800):
        root = _tree(rng)
        whole = _text(root)
        for n in (0, 1, 5, 50, 600, 1500, 4000):
            assert _text_start(root, n) == whole[:n]
            assert _text_longer_than(root, n) is (len(whole) > n)


def test_text_left_out_does_not_make_a_box_long_and_deep_text_is_read() -> None:
    # The serialiser's text of this box is 6,000 characters, nearly all of it script and SVG.
    box = etree.fromstring(
        "<div>Dec 12, 2025 <script>" + "x" * 4000 + "</script><svg><title>" + "y " * 1000 + "</title></svg>"
        "<p>By Jane Doe</p></div>"
    )
    assert _text(box) == "Dec 12, 2025 By Jane Doe"
    assert not _text_longer_than(box, 1500) and _text_longer_than(box, 20)
    # Text 150 levels down is the box's text too.
    deep = etree.fromstring("<div>" + "<span>" * 150 + "orchard " * 300 + "</span>" * 150 + "</div>")
    assert _text_longer_than(deep, 1500) and len(_text(deep)) == len("orchard " * 300) - 1


def test_thousands_of_nested_scripts_and_svgs_are_not_each_measured() -> None:
    # Each nested SVG holds all the ones inside it: measuring each would cost the square.
    nested = etree.Element("div")
    inner = nested
    for _ in range(5000):
        inner = etree.SubElement(etree.SubElement(inner, "svg"), "g")
    inner.text = "x"
    nested[0].tail = "orchard " * 300
    assert _text_longer_than(nested, 1500) and not _text_longer_than(nested, 3000)
