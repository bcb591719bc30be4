"""reader.markup.drop_elements: what the lazy pattern removed, in one pass."""

from __future__ import annotations

import random
import re

from reader.markup import drop_elements

NAMES = ("script", "style", "applet")
PIECES = ["<script", "<SCRIPT ", "<style", "<applet", ">", "</script>", "</style >", "</Script  >", "x", " ", "<", "\n"]


def by_pattern(text: str, replacement: str) -> str:
    return re.sub(r"<(script|style|applet)\b[^>]*>.*?</\1\s*>", replacement, text, flags=re.I | re.S)


def test_drops_what_the_lazy_pattern_drops_on_random_markup() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        assert drop_elements(text, NAMES, replacement=" ") == by_pattern(text, " "), text


def test_keeps_json_ld_and_what_follows_an_element_left_open() -> None:
    page = (
        '<p>a</p><script type="application/ld+json">{"x": 1}</script><script>track()</script>'
        "<style>p{}</style><p>b</p><script>never closed <p>c</p>"
    )
    kept = drop_elements(page, ("script", "style"), keep={"script": re.compile(r"ld\+json", re.I)})
    assert kept == '<p>a</p><script type="application/ld+json">{"x": 1}</script><p>b</p><script>never closed <p>c</p>'
