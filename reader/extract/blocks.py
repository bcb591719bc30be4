"""The body element(s) to ordered blocks and figures.

Walks the chosen elements in document order. Block elements become blocks; runs of
inline content (text, links, emphasis) between them become paragraphs; figures, images
and caption elements become figures and never blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from reader.extract.clean import class_id
from reader.extract.figures import (
    RawFigure,
    attribute_caption,
    caption_with_credit,
    clean_alt,
    image_src,
    is_caption_element,
    read_figure,
    split_credit,
    strip_credit_label,
    text_pieces,
)
from reader.extract.text import link_text_len, norm, safe_url, same_text_key, text_content
from reader.types import Block, BlockType, Span

INLINE = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "br",
        "del",
        "ins",
        "font",
        "nobr",
        "label",
        "picture",
        "ruby",
        "rt",
        "rp",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPAN_KIND: dict[str, Literal["em", "strong", "code", "link"]] = {
    "em": "em",
    "i": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "a": "link",
}
_FIGURE_CLASS = re.compile(
    r"(?:^|\s)(?:wp caption|image|img|photo|picture|media image|figure|pic|bild|foto|imagen|wsw embed)", re.I
)
_EMBED_CLASS = re.compile(r"instagram media|tiktok embed|fb post|(?:^|\s)embed (?:responsive|container|social)", re.I)
_DATELINE_CLASS = re.compile(r"(?:^|[\s_-])dateline(?:$|[\s_-])", re.I)
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author|writer)(?:$|[\s_-])", re.I)
_CREDIT_CLASS = re.compile(r"(?:^|[\s_-])(?:credit|copyright)", re.I)
FURNITURE_TEXT = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicidad|pubblicità|publicité|reklame|annonse|share|share this|"
    r"share this article|print|email|e-mail|comments?|read more|read also|see also|more stories|"
    r"related|related stories|related articles|recommended|xs sm md lg|xs|sm|md|lg|\d+x\d+ image|"
    r"breaking news|accessibility links|skip to main content|follow us|subscribe|sign up|"
    r"click here|loading|loading\W*|no media source currently available|embed|back to top|"
    r"listen to this article|audio|video|image|photo|close|next|previous|menu|search|"
    r"(?:click|tap) to (?:expand|enlarge|collapse)|show (?:more|less|all)|see more|view more|read less|expand|collapse|"
    r"continue reading|(?:\d+\s*(?:of|/|von|de|sur|di)\s*\d+))\W*$"
    # An advertiser's teaser set in the text: "[PR] ...", "Anzeige: ...", "Sponsored | ...".
    r"|^\[(?:pr|ad|ads|anzeige|werbung|sponsored|promoted|publicidad)\]|^(?:sponsored|promoted|anzeige|werbung)\s*[:|–-]",
    re.I,
)


# A line that is only a date stamp: "Stand: 28.04.2023 17:23 Uhr", "23. 12. 2024 13:31",
# "Updated May 1, 2024, 5:00 PM", "1月13日". Page furniture, never a paragraph.
_DATE_LINE = re.compile(
    r"^(?:(?:stand|updated|published|posted|aktualisiert|veröffentlicht|publié|mis à jour|actualizado|"
    r"last updated|zuletzt aktualisiert)\s*:?\s*)?(?:am\s+|on\s+)?"
    r"\d{1,4}(?:\s*[./\-年月]\s*\d{1,4}){1,2}[日.]?"
    r"(?:[\s,]+\d{1,2}[:.時]\d\d(?:[:.]\d\d)?分?\s*(?:uhr|h|am|pm)?)?\s*\.?$",
    re.I,
)


@dataclass
class _Run:
    """A paragraph being assembled: whitespace collapsed as it grows, spans tracked."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the last char written was a space (or nothing written yet)
    spans: list[Span] = field(default_factory=list)
    link_chars: int = 0
    pending_br: bool = False

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        text = re.sub(r"\s+", " ", raw)
        if self.space:
            text = text.lstrip(" ")
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        self.space = text.endswith(" ")
        self.pending_br = False

    def finish(self) -> tuple[str, tuple[Span, ...], int]:
        # Whitespace is collapsed as the run grows, and control characters were removed
        # from the whole page before parsing, so span offsets hold on the stripped text.
        text = "".join(self.parts).rstrip(" ")
        spans = []
        for s in self.spans:
            start, end = s.start, min(s.end, len(text))
            while start < end and text[start] == " ":
                start += 1
            while end > start and text[end - 1] == " ":
                end -= 1
            if end > start:
                spans.append(Span(start, end, s.kind, s.href))
        return text, tuple(spans), self.link_chars


@dataclass
class Built:
    blocks: list[Block] = field(default_factory=list)
    figures: list[tuple[RawFigure, int]] = field(default_factory=list)
    dateline: str | None = None
    caption_keys: set[str] = field(default_factory=set)


class BlockBuilder:
    """Turns body elements into blocks and figures (one builder per page)."""

    def __init__(self, base: str | None, caption_paths: tuple[str, ...] = (), title: str = "") -> None:
        self.base = base
        self.caption_paths = caption_paths
        self.title_key = same_text_key(title)
        self.out = Built()
        self._figure_after_last_block = False

    # --- figures -----------------------------------------------------------------------

    def add_figure(self, fig: RawFigure) -> None:
        key = same_text_key(fig.caption)
        if key and key in self.out.caption_keys:
            # The page printed this caption already: keep the first figure, fill its gaps.
            return
        if not fig.src and not fig.caption:
            return
        if fig.src and any(f.src == fig.src for f, _ in self.out.figures):
            if not key:
                return
            # Another caption on the same address: a lazy-loading placeholder, not the photo.
            fig.src = None
        if key:
            self.out.caption_keys.add(key)
        self.out.figures.append((fig, len(self.out.blocks) - 1))
        self._figure_after_last_block = True

    def add_loose_caption(self, el: Any) -> None:
        caption, credit = split_credit(text_content(el))
        if not caption and not credit:
            return
        if self.out.figures and self._figure_after_last_block:
            fig, _pos = self.out.figures[-1]
            if not fig.caption or not fig.credit:
                key = same_text_key(caption)
                if caption and not fig.caption and key not in self.out.caption_keys:
                    fig.caption = caption
                    self.out.caption_keys.add(key)
                if credit and not fig.credit:
                    fig.credit = credit
                return
        if caption:
            self.add_figure(RawFigure(None, "", caption, credit))

    def add_credit(self, el: Any) -> None:
        text = norm(text_content(el))
        if self.out.figures and self._figure_after_last_block and text:
            fig, _ = self.out.figures[-1]
            if not fig.credit:
                fig.credit = re.sub(r"^(?:photo|foto|credit|image|bild)s?\s*[:：]\s*", "", text, flags=re.I)

    # --- blocks ------------------------------------------------------------------------

    def add_block(self, kind: BlockType, run: _Run) -> None:
        text, spans, link_chars = run.finish()
        if not text or (len(text) < 120 and FURNITURE_TEXT.match(text)) or (len(text) < 70 and _DATE_LINE.match(text)):
            return
        if not any(ch.isalnum() for ch in text):
            return
        if kind in ("paragraph", "list_item") and link_chars > 0.6 * len(text) and len(text) < 300:
            return  # a link list ("Read more: ...", related links), not prose
        if len(text) < 1500:
            key = same_text_key(text)
            if key in self.out.caption_keys or (
                self.out.caption_keys
                and len(text) < 600
                and any(key.startswith(k) for k in self.out.caption_keys if k)
                and same_text_key(split_credit(text)[0]) in self.out.caption_keys
            ):
                return  # a caption the page printed a second time, as a paragraph
            if key == self.title_key and (kind == "heading" or len(self.out.blocks) < 2):
                return  # the title printed again at the top of the text
        if kind == "paragraph" and len(text) < 200 and self._figure_after_last_block:
            fig = self.out.figures[-1][0]
            emphasis = sum(sp.end - sp.start for sp in spans if sp.kind in ("strong", "em"))
            # (A bare name in bold is the writer's signature, not a caption.)
            sentence = len(text.split()) > 4 or text.endswith(".")
            if not fig.caption and fig.src and emphasis >= len(text) - 1 and sentence and not text.endswith(("?", ":")):
                # A photo without caption markup, then a line set in bold: its caption.
                fig.caption, credit = split_credit(text)
                fig.credit = fig.credit or credit
                self.out.caption_keys.add(same_text_key(fig.caption))
                return
        if kind == "paragraph" and len(text) < 300:
            as_caption = caption_with_credit(text)
            if as_caption is not None:
                # "People at the market. Photo: Jane Doe": a caption set as a paragraph.
                caption, credit = as_caption
                if self.out.figures and self._figure_after_last_block and not self.out.figures[-1][0].caption:
                    fig = self.out.figures[-1][0]
                    fig.caption, fig.credit = caption, fig.credit or credit
                    self.out.caption_keys.add(same_text_key(caption))
                else:
                    self.add_figure(RawFigure(None, "", caption, credit))
                return
        self.out.blocks.append(Block(kind, text, spans))
        self._figure_after_last_block = False

    def inline(self, el: Any, run: _Run, depth: int = 0) -> None:
        """Append an inline element's text to ``run``, recording emphasis/link spans."""
        tag = el.tag
        if tag == "br":
            run.add(" ")
            return
        if tag == "img":
            return
        kind = _SPAN_KIND.get(tag)
        start = run.length
        if el.text:
            run.add(el.text)
        for child in el:
            if isinstance(child.tag, str) and depth < 50:
                self.inline(child, run, depth + 1)
            if child.tail:
                run.add(child.tail)
        if kind is not None and run.length > start:
            if kind == "link":
                run.link_chars += run.length - start
                href = safe_url(el.get("href"), self.base)
                if href:
                    run.spans.append(Span(start, run.length, "link", href))
            else:
                run.spans.append(Span(start, run.length, kind))

    def _is_figure(self, el: Any) -> bool:
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

    def container(self, el: Any, kind: BlockType = "paragraph", depth: int = 0) -> None:
        """Walk a block container: inline runs become ``kind`` blocks, children are handled."""
        run = _Run()
        run.add(el.text)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                run.add(child.tail)
                continue
            if tag == "br":
                if run.pending_br:
                    self.add_block(kind, run)
                    run = _Run()
                else:
                    run.add(" ")
                    run.pending_br = True
                run.add(child.tail)
                continue
            if tag in INLINE and tag != "picture" and not self._special(child) and not _has_block(child):
                self.inline(child, run)
                run.add(child.tail)
                continue
            if tag == "img":
                self.add_block(kind, run)
                run = _Run()
                self.image(child)
                run.add(child.tail)
                continue
            self.add_block(kind, run)
            run = _Run()
            if depth < 200:
                self.element(child, depth + 1, kind if kind in ("quote", "list_item") else "paragraph")
            run.add(child.tail)
        self.add_block(kind, run)

    def _special(self, el: Any) -> bool:
        names = class_id(el)
        return bool(names) and bool(
            _DATELINE_CLASS.search(names) or _CREDIT_CLASS.search(names) or is_caption_element(el)
        )

    def image(self, img: Any) -> None:
        src = image_src(img, self.base)
        width = img.get("width") or ""
        if width.isdigit() and int(width) < 100:
            return
        raw_alt = norm(img.get("alt"))
        alt = clean_alt(raw_alt)
        if src and not (raw_alt and not alt):
            caption, credit = split_credit(attribute_caption(img, img))
            self.add_figure(RawFigure(src, alt, caption, strip_credit_label(credit) if credit else ""))

    def element(self, el: Any, depth: int = 0, inherit: BlockType = "paragraph") -> None:
        """Handle one element of the body (block, figure, caption, or container)."""
        tag = el.tag
        if not isinstance(tag, str):
            return
        names = class_id(el)
        if names and _EMBED_CLASS.search(names):
            return
        if self._is_figure(el):
            self.add_figure(read_figure(el, self.base, self.caption_paths))
            return
        if tag == "img":
            self.image(el)
            return
        if names and _DATELINE_CLASS.search(names) and len(text_content(el)) < 80:
            if self.out.dateline is None and not self.out.blocks:
                self.out.dateline = norm(text_content(el)).rstrip(" —–-:").strip() or None
            return
        if is_caption_element(el) and tag not in _HEADINGS:
            self.add_loose_caption(el)
            return
        if names and _CREDIT_CLASS.search(names) and len(text_content(el)) < 200:
            self.add_credit(el)
            return
        if names and _BYLINE_CLASS.search(names) and len(text_content(el)) < 200:
            return
        if tag in _HEADINGS:
            self.container(el, "heading", depth)
        elif tag == "pre":
            run = _Run()
            text = norm(text_content(el))
            run.parts, run.length = [text], len(text)
            self.add_block("preformatted", run)
        elif tag == "blockquote":
            self.container(el, "quote", depth)
        elif tag in ("ul", "ol", "dl"):
            text_len = len(text_content(el).strip())
            if text_len and link_text_len(el) > 0.6 * text_len:
                return  # a list of links: related stories, tags, navigation
            for child in el:
                if isinstance(child.tag, str):
                    self.container(child, "list_item", depth + 1)
        elif tag == "li":
            self.container(el, "list_item", depth)
        elif tag == "tr":
            run = _Run()
            run.add(" ".join(norm(text_content(c)) for c in el if isinstance(c.tag, str)))
            self.add_block("paragraph", run)
        elif tag in ("table", "tbody", "thead", "tfoot"):
            for child in el:
                self.element(child, depth + 1)
        elif tag == "a" and _is_link_card(el):
            return  # a link around blocks: a teaser card ("kicker / headline"), a button
        else:
            # p, div, section, article, ...: a container whose inline runs are paragraphs;
            # a quote/list item container keeps its kind for nested paragraphs.
            self.container(el, inherit, depth)


_BYLINE_START = re.compile(r"(?:by|von|par|por|door|av|af|przez)\s+\w", re.I)
_NOT_IMAGE_BOX = re.compile(r"author|byline|avatar|profile|logo|icon|badge|signature|contributor|bio(?:$|[\s_-])", re.I)


def is_image_box(el: Any, img: Any) -> bool:
    """A box holding one photo and at most a caption and a credit, without figure markup."""
    if _NOT_IMAGE_BOX.search(class_id(el)) or _NOT_IMAGE_BOX.search(class_id(img)):
        return False
    width = img.get("width") or ""
    if width.isdigit() and int(width) < 120:
        return False
    if sum(1 for _ in el.iter("img")) > 1:
        return False
    text = norm(text_content(el))
    if len(text) > 350 or len(text.split()) < 2 or _BYLINE_START.match(text):
        return False
    if any(isinstance(c.tag, str) and c.tag in _HEADINGS for c in el.iter()):
        return False
    return len(text_pieces(el)) <= 3


_FIGURE_TEXT = ("table", "blockquote", "pre", "ul", "ol", "dl")


def _is_link_card(el: Any) -> bool:
    """A link to another page around short blocks (not around a photo: a gallery links
    its photos to their enlargements)."""
    if (el.get("href") or "#").startswith("#") or next(el.iter("img", "figure"), None) is not None:
        return False
    return len(text_content(el)) < 300


def is_card(el: Any) -> bool:
    """An image with a heading and text of its own (a product in a round-up, a teaser):
    its text is text, not the image's caption. (A heading alone under a photo is how some
    galleries caption it.)"""
    headings = [
        h
        for h in el.iter(*_HEADINGS)
        if not any(a.tag in ("figcaption", "figure") for a in h.iterancestors() if a is not el)
    ]
    if not headings:
        return False
    rest = len(norm(text_content(el))) - sum(len(norm(text_content(h))) for h in headings)
    return rest >= 40


def _has_block(el: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag not in INLINE for c in el)
