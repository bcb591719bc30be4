"""Which boxes of the body are a photo with its caption, a card (an image with a heading
and text of its own), or a link teaser: decided on the box's markup and text, before the
box is read as text or as a figure."""

from __future__ import annotations

import re
from typing import Any

from reader.extract.clean import class_id
from reader.extract.figures import text_pieces
from reader.extract.text import norm, norm_up_to, text_content

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Class patterns read the lower-case words of reader.extract.names, so they are written in
# lower case without re.I (a case-blind alternation costs several times as much).
_FIGURE_CLASS = re.compile(
    r"(?:^|\s)(?:wp caption|image|img|photo|picture|media image|figure|pic|bild|foto|imagen|wsw embed)"
)
_EMBED_CLASS = re.compile(r"instagram media|tiktok embed|fb post|(?:^|\s)embed (?:responsive|container|social)")


def is_embed(names: str) -> bool:
    """Whether class words ``names`` name an embedded post (Instagram, TikTok, Facebook)."""
    return bool(names) and bool(_EMBED_CLASS.search(names))


def is_figure_box(el: Any) -> bool:
    """A photo with its caption (and credit), to be read as a figure, not as text."""
    if el.tag not in ("figure", "div", "span", "p", "section", "picture", "table", "a"):
        return False
    img = next(el.iter("img"), None)
    if el.tag == "figure":
        # CMSs wrap tables, pull quotes, code and embeds in <figure> too: those are text.
        return img is not None or next(el.iter(*_FIGURE_TEXT), None) is None
    if img is None or is_card(el):
        return False
    if _FIGURE_CLASS.search(class_id(el)):
        return len(text_content(el)) < 600
    return is_image_box(el, img)


_BYLINE_START = re.compile(r"(?:by|von|par|por|door|av|af|przez)\s+\w", re.I)
_NOT_IMAGE_BOX = re.compile(r"author|byline|avatar|profile|logo|icon|badge|signature|contributor|bio(?:$|[\s_-])")


def is_image_box(el: Any, img: Any) -> bool:
    """A box holding one photo and at most a caption and a credit, without figure markup."""
    # Asked of every box up from every image: the cheap tests first.
    width = img.get("width") or ""
    if width.isdigit() and int(width) < 120:
        return False
    if sum(1 for _ in el.iter("img")) > 1:
        return False
    if _NOT_IMAGE_BOX.search(class_id(el)) or _NOT_IMAGE_BOX.search(class_id(img)):
        return False
    text = norm_up_to(text_content(el), 350)  # a box around a whole article holds one photo too
    if len(text) > 350 or len(text.split()) < 2 or _BYLINE_START.match(text):
        return False
    if any(isinstance(c.tag, str) and c.tag in HEADINGS for c in el.iter()):
        return False
    return len(text_pieces(el)) <= 3


_FIGURE_TEXT = ("table", "blockquote", "pre", "ul", "ol", "dl")


def is_link_card(el: Any) -> bool:
    """A link to another page around short blocks (not around a photo: a gallery links
    its photos to their enlargements)."""
    if (el.get("href") or "#").startswith("#") or next(el.iter("img", "figure"), None) is not None:
        return False
    return len(text_content(el)) < 300


def is_card(el: Any) -> bool:
    """An image with a heading (or a paragraph titled in bold) and text of its own (a
    product in a round-up, a teaser): its text is text, not the image's caption. (A
    heading alone under a photo is how some galleries caption it.)"""
    headings = [
        h
        for h in el.iter(*HEADINGS)
        if not any(a.tag in ("figcaption", "figure") for a in h.iterancestors() if a is not el)
    ]
    if not headings:
        return any(_titled_paragraph(p) for p in el.iter("p"))
    rest = len(norm(text_content(el))) - sum(len(norm(text_content(h))) for h in headings)
    return rest >= 40


# Past what a caption says after a name: a card's description ("Pothos" / three sentences).
_CARD_TEXT = 150
_BOLD = frozenset({"strong", "b"})


def _titled_paragraph(p: Any) -> bool:
    """A paragraph that opens with a title of its own, in bold on a line of its own, and
    goes on with a description: "<p><strong>Pothos</strong><br>One of the easiest...</p>",
    how a card without a heading titles itself."""
    if len(p) < 2 or (p.text or "").strip():
        return False
    title, br = p[0], p[1]
    if title.tag not in _BOLD or br.tag != "br" or (title.tail or "").strip():
        return False
    rest = len(norm(text_content(p))) - len(norm(text_content(title)))
    return rest >= _CARD_TEXT
