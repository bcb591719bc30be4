"""Photos with their captions and credits, split apart.

A caption is found in figcaption or caption-classed markup, right after the figure, in
the box's plain text lines, or in data-caption/title attributes. A credit is recognised
by markup (an element whose class or data- flag says credit/copyright/source/rights) or by
its wording: "(AP Photo/Name)", "(Agency/Name)", "Photo: X", "Credit: X", "© X", "Foto: X",
"| Name/Getty Images", trailing "REUTERS/Name"... Every credit is filed the same way:
without wrapping brackets and without its label ("(AP Photo/Ted S. Warren)" -> "AP
Photo/Ted S. Warren"). A media player's status line is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from reader.extract.names import attribute_words, words
from reader.extract.text import media_url, norm, text_content

# Read on class and data-* words (reader.extract.names): utility-CSS tokens such as
# "[&_figcaption]:mt-2" are left out, so a Tailwind article body is not a caption. The
# words are lower case, so the patterns are too, without re.I (several times the cost).
_CREDIT_CLASS = re.compile(
    r"credit|copyright|source|photographer|byline|author|courtesy|rights|attribution|(?:^|\s)copy(?:$|\s)"
)
_CAPTION_CLASS = re.compile(
    r"caption|legend|image ?text|img ?text|bildtext|unterschrift|photo ?text|image ?desc|img ?desc"
)
_CREDIT_WORDS = (
    r"photo(?:graph)?s?|photo credit|image|images|picture|pic|credit|credits|source|foto|fotos|bild|"
    r"quelle|copyright|illustration|grafik|graphic|video|imagen|crédito|crédit|fonte|kuva|zdjęcie|bildrechte|"
    r"bildquelle|fotó|foto ?credit|ảnh|isithombe|fotografía|fotografia|bron|kilde|kuva|фото|снимка|صورة|写真"
)
# "(AP Photo/Name)", "(Photo: X)", "(Getty Images)", "(REUTERS/Name)"
_PAREN_CREDIT = re.compile(
    r"\s*[\[(]\s*((?:[^()\[\]]{0,60}?(?:photo|foto|image|bild|getty|reuters|afp|epa|ap\b|dpa|credit|"
    r"courtesy|shutterstock|istock|alamy|pa\b|picture|archive|imago|keystone|ansa|efe|xinhua|"
    r"via\b|file)[^()\[\]]{0,80}))[\])]\s*\.?$",
    re.I,
)
# "(Gloss Sample/Daniel Mwangi)", "(Jane Doe/Agency)": a bracketed "Source/Name" at the end.
_SLASH_CREDIT = re.compile(r"\s*[\[(]\s*([A-Z][^()\[\]/]{0,60}/\s*[^()\[\]]{1,80}?)\s*[\])]\s*\.?$")
_LABEL_CREDIT = re.compile(rf"(?:^|\s|[|.;,])\s*((?:{_CREDIT_WORDS})\s*(?:by)?\s*[:：]\s*\S.{{0,120}})$", re.I)
_COPYRIGHT = re.compile(r"\s*((?:©|\(c\)|copyright\b)\s*\S.{0,120})$", re.I)
# "Caption text. REUTERS/Name" or "Caption text / AFP" (agency words, upper case).
_AGENCY_TAIL = re.compile(
    r"(?:^|\s|[|.;,])\s*[/|]?\s*((?:REUTERS|AFP|AP|EPA|GETTY IMAGES|XINHUA|DPA|ANSA|EFE|IMAGO|KEYSTONE|"
    r"AAP|PA|PA WIRE|ALAMY|SHUTTERSTOCK)(?:\s*/\s*[^/]{1,80})?(?:\s*/\s*[^/]{1,60})?)\s*\.?$"
)
# "Caption text. | Niall Carson/PA Images via Getty Images"
_PIPE_CREDIT = re.compile(
    r"\s\|\s*([^|]{0,80}?(?:/|getty|images|photo|foto|reuters|afp|\bap\b|epa|dpa|imago|shutterstock|alamy|"
    r"courtesy|bildquelle|quelle)[^|]{0,80})$",
    re.I,
)
_PLACEHOLDER_ALT = re.compile(r"^(?:\d+x\d+ image|image|photo|placeholder|img|picture|thumbnail)$", re.I)


def class_id(el: Any) -> str:
    return words(el).strip()


@dataclass
class RawFigure:
    """A figure found in the tree, before positions are known."""

    src: str | None
    alt: str
    caption: str
    credit: str


# A media player's status line ("No media source currently available", class "no-source")
# is neither credit nor caption.
_PLAYER_STATUS = re.compile(
    r"no[\s_-]*(?:media[\s_-]*)?source|not available|unavailable|loading|\d+:\d\d|^(?:play|pause)$", re.I
)


def _reads_as_credit(text: str) -> bool:
    """'Foto: Jane Doe', '(AP Photo/Name)', '© Agency': a line that is only a credit."""
    text = norm(text)
    return len(text) < 120 and (
        strip_credit_label(text) != text.rstrip(" .;,|") or text.startswith(("©", "(c)", "Copyright"))
    )


def _attrs(el: Any) -> str:
    """Class words plus data-* flags some CMSs use instead ("data-fp-flag=main-image-source")."""
    flags = " ".join(v for k, v in el.attrib.items() if k.startswith("data-") and len(v) < 60 and "/" not in v)
    return f"{class_id(el)} {attribute_words(flags)}" if flags else class_id(el)


# A gallery's counter ("2 of 12", "3 / 8", "Bild 4 von 9"): neither caption nor credit.
_COUNTER = re.compile(r"^(?:(?:photo|image|bild|foto|slide|picture)\s*)?\d+\s*(?:of|/|von|de|sur|di|z)\s*\d+$", re.I)


def _is_player_status(text: str) -> bool:
    """Whether ``text`` is a media player's status line or a gallery's counter: short, so a
    long caption that mentions "loading" or a time is kept (and a megabyte is not searched)."""
    return len(text) <= 120 and bool(_PLAYER_STATUS.search(text) or _COUNTER.match(text.strip()))


def _not_credit(el: Any) -> bool:
    text = norm(text_content(el))
    if len(text) > 120 or len(text.split()) > 14:
        return True  # a credit is a name or two: this is the caption ("text-copy" styling)
    return bool(_PLAYER_STATUS.search(el.get("class") or "") or _PLAYER_STATUS.search(text))


# Longer than any match of the credit patterns (each is bounded: under 200 characters once
# whitespace is collapsed), so searching only this tail finds what a whole search finds.
_CREDIT_TAIL = 1000


def split_credit(caption: str) -> tuple[str, str]:
    """Split a credit off the end of a caption: ``(caption, credit)``; credit '' if none."""
    caption = norm(caption)
    # The patterns end at '$', but a search still tries every start: a byte-flipped page
    # made a megabyte of text a caption (fuzzer input #61652: 1 s). Only the tail is tried.
    start = max(0, len(caption) - _CREDIT_TAIL)
    for pattern in (_PAREN_CREDIT, _SLASH_CREDIT, _COPYRIGHT, _LABEL_CREDIT, _AGENCY_TAIL, _PIPE_CREDIT):
        m = pattern.search(caption, start)
        if m:
            credit = strip_credit_label(m.group(1))
            rest = caption[: m.start(1)].rstrip(" |/-–—,;([")
            if len(credit) < 2:
                continue
            return norm(rest), credit
    return caption, ""


def caption_with_credit(text: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when a short paragraph reads as a photo caption with its credit."""
    if len(text) > 300:
        return None
    # Asked of every short paragraph: each pattern only where what it needs is there (a
    # label's colon; a closing bracket at the end), since a search that fails tries every start.
    labelled = ":" in text or "：" in text
    tail = text.rstrip()
    bracketed = (tail[:-1] if tail.endswith(".") else tail).rstrip()[-1:] in (")", "]")
    for pattern in (_LABEL_CREDIT,) * labelled + (_PAREN_CREDIT,) * bracketed:
        m = pattern.search(text)
        if m and m.start(1) > 10 and re.match(rf"(?:{_CREDIT_WORDS}|ap photo)", m.group(1), re.I):
            return norm(text[: m.start(1)].rstrip(" |/-–—,;([")), strip_credit_label(m.group(1))
    return None


_CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|photo credit|foto(?:s|grafie)?|fotó|credits?|images?|pictures?|pic|bild(?:rechte|quelle)?|"
    r"source|quelle|copyright|crédito|crédit|fonte|ảnh|isithombe|zdjęcie)\s*[:：]\s*",
    re.I,
)


def strip_credit_label(credit: str) -> str:
    """A credit as Gloss files it: '(AP Photo/Ted S. Warren)' -> 'AP Photo/Ted S. Warren',
    'Foto: Jane Doe' -> 'Jane Doe' (no wrapping brackets, no label: the field says it)."""
    text = norm(credit)
    for _ in range(3):
        before = text
        text = text.rstrip(" .;,|")
        if len(text) > 2 and text[0] in "([" and text[-1] in ")]" and _balanced(text[1:-1]):
            text = text[1:-1].strip()
        text = _CREDIT_LABEL.sub("", text).strip()
        if text == before:
            break
    return norm(text)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def image_src(img: Any, base: str | None) -> str | None:
    """The real image address: lazy-loading attributes first, then src, then srcset."""
    for attr in ("data-src", "data-lazy-src", "data-original", "data-url", "data-full-src", "src"):
        value = img.get(attr)
        if value and not value.strip().startswith("data:"):
            url = media_url(value, base)
            if url:
                return url
    for attr in ("srcset", "data-srcset"):
        value = img.get(attr)
        if value:
            first = value.strip().split(",")[0].strip().split(" ")[0]
            url = media_url(first, base)
            if url:
                return url
    return None


def clean_alt(alt: str | None) -> str:
    """The alt text, without CMS placeholders such as '16x9 Image'."""
    text = norm(alt)
    return "" if _PLACEHOLDER_ALT.match(text) else text


def _texts_excluding(el: Any, skip: set[Any] | frozenset[Any]) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node in skip:
            if node.tail:
                parts.append(node.tail)
            return
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return norm(" ".join(parts))


def text_pieces(el: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> list[str]:
    """The separate lines of text inside ``el``: each innermost element that holds text of its own."""
    pieces: list[str] = []

    def walk(node: Any, depth: int) -> None:
        if node in skip or depth > 30 or len(pieces) > 10:
            return
        own = (node.text or "").strip() or any((c.tail or "").strip() for c in node)
        if own:
            text = _texts_excluding(node, skip)
            if text:
                pieces.append(text)
            return
        for child in node:
            if isinstance(child.tag, str) and child.tag not in ("img", "picture"):
                walk(child, depth + 1)

    walk(el, 0)
    return pieces


_TITLE_CREDIT = re.compile(r"\s*\|\s*(?:bildquelle|bildrechte|quelle|foto|photo|credit)\s*:\s*", re.I)


def attribute_caption(el: Any, img: Any) -> str:
    """A caption given only in attributes: data-caption on the figure or the image, or the
    image's title (its tooltip), which some CMSs fill with the caption and credit."""
    for value in (el.get("data-caption"), img.get("data-caption") if img is not None else None):
        if value and len(norm(value).split()) >= 2:
            return norm(value)
    title = norm(img.get("title")) if img is not None else ""
    if len(title.split()) >= 3:
        return _TITLE_CREDIT.sub(" | Foto: ", title)
    # Newer templates describe the photo for screen readers only.
    for value in (el.get("aria-label"), img.get("aria-label") if img is not None else None):
        if value and len(norm(value).split()) >= 3:
            return norm(value)
    return ""


def read_figure(el: Any, base: str | None, caption_paths: tuple[Any, ...] = ()) -> RawFigure:
    """Image, caption and credit of a <figure> (or any element holding an image and its caption)."""
    img = next(el.iter("img"), None)
    src = image_src(img, base) if img is not None else None
    raw_alt = norm(img.get("alt")) if img is not None else ""
    alt = clean_alt(raw_alt)
    credit_els = _credit_elements(el)
    caption_el = _caption_element(el, caption_paths)
    if caption_el is None:
        caption_el = _caption_after(el)
        if caption_el is not None:
            credit_els.extend(_credit_elements(caption_el))
    credit = " ".join(norm(text_content(c)) for c in credit_els if not any(a in credit_els for a in c.iterancestors()))
    if caption_el is not None:
        caption = _texts_excluding(caption_el, set(credit_els))
    else:
        caption, credit = _caption_in_lines(el, credit_els, credit)
    caption = _printed_once(caption or attribute_caption(el, img))
    caption, credit = _credit_apart(caption, credit)
    if raw_alt and not alt and not caption:
        # A CMS placeholder ("16x9 Image") with nothing to say: not a figure at all.
        return RawFigure(None, "", "", "")
    return RawFigure(src, alt, caption, norm(credit))


def _credit_elements(scope: Any) -> list[Any]:
    """The elements inside ``scope`` that markup names as a credit (and that read as one)."""
    return [
        c
        for c in scope.iter()
        if isinstance(c.tag, str) and c is not scope and _CREDIT_CLASS.search(_attrs(c)) and not _not_credit(c)
    ]


def _caption_element(el: Any, caption_paths: tuple[Any, ...]) -> Any:
    """The caption inside a figure: where the site rule's (compiled) paths point, else its
    <figcaption>, else the first element whose class says caption (None when none)."""
    for path in caption_paths:
        try:
            found = path(el)
        except etree.XPathError:
            continue
        if isinstance(found, list) and found:
            return found[0]
    caption_el = next(el.iter("figcaption"), None)
    if caption_el is not None:
        return caption_el
    return next(
        (c for c in el.iter() if isinstance(c.tag, str) and c is not el and _CAPTION_CLASS.search(_attrs(c))),
        None,
    )


def _caption_after(el: Any) -> Any:
    """The caption printed right after the figure, outside it ("</figure><figcaption>")."""
    sib = el.getnext()
    if sib is not None and isinstance(sib.tag, str) and is_caption_element(sib) and len(text_content(sib)) < 500:
        return sib
    return None


def _caption_in_lines(el: Any, credit_els: list[Any], credit: str) -> tuple[str, str]:
    """No caption markup: the image's box holds its caption as plain text, often with the
    credit as a short last line ("Former Prime Minister Tony Blair" / "ES"). Returns the
    caption ('' when none) and the credit (``credit`` when markup gave one)."""
    pieces = [p for p in text_pieces(el, set(credit_els)) if not _is_player_status(p) and not _PLACEHOLDER_ALT.match(p)]
    credits = [p for p in pieces if _reads_as_credit(p)]
    pieces = [p for p in pieces if p not in credits]
    if not credit and credits:
        credit = credits[0]
    if not pieces:
        return "", credit
    if not credit and len(pieces) >= 2 and len(pieces[-1].split()) <= 8:
        credit = pieces[-1]
    return pieces[0], credit


def _printed_once(caption: str) -> str:
    """Pages print one caption in two places (desktop/mobile variants): keep one."""
    half = len(caption) // 2
    if len(caption) > 20 and caption[:half].strip() == caption[half:].strip():
        return caption[:half].strip()
    return caption


def _credit_apart(caption: str, credit: str) -> tuple[str, str]:
    """Caption and credit as filed: with no credit in markup, one printed at the caption's
    end is split off; the credit without its label or brackets."""
    if not credit:
        caption, credit = split_credit(caption)
    else:
        caption = norm(caption)
    return caption, strip_credit_label(credit) if credit else ""


def is_caption_element(el: Any) -> bool:
    """An element that is a caption on its own (outside any <figure>)."""
    return el.tag == "figcaption" or bool(_CAPTION_CLASS.search(class_id(el)))
