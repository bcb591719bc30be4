"""The body element(s) to ordered blocks and figures.

Walks the chosen elements in document order. Block elements become blocks; runs of
inline content (text, links, emphasis) between them become paragraphs; figures, images
and caption elements become figures and never blocks. (What a box is: reader.extract.boxes;
what a finished run of text is: reader.extract.runs.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from reader.extract.boxes import HEADINGS, is_embed, is_figure_box, is_link_card
from reader.extract.clean import class_id
from reader.extract.datelines import dateline_text
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
)
from reader.extract.runs import Run, is_not_text, reads_as_bold_caption, repeats_caption
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
# Class patterns read the lower-case words of reader.extract.names, so they are written in
# lower case without re.I (a case-blind alternation costs several times as much).
_DATELINE_CLASS = re.compile(r"(?:^|[\s_-])dateline(?:$|[\s_-])")
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author|writer)(?:$|[\s_-])")
_CREDIT_CLASS = re.compile(r"(?:^|[\s_-])(?:credit|copyright)")


@dataclass
class Built:
    """The blocks and figures of a body as the builder walks it. A figure's position is
    the index of the block it follows (-1: above the first)."""

    blocks: list[Block] = field(default_factory=list)
    figures: list[tuple[RawFigure, int]] = field(default_factory=list)
    dateline: str | None = None
    caption_keys: set[str] = field(default_factory=set)  # same_text_key of every caption filed


class BlockBuilder:
    """Turns body elements into blocks and figures (one builder per page)."""

    def __init__(self, base: str | None, caption_paths: tuple[Any, ...] = (), title: str = "") -> None:
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

    def add_block(self, kind: BlockType, run: Run) -> None:
        """File a finished run as a block of ``kind``, unless it is not text or is a caption."""
        text, spans, link_chars = run.finish()
        if is_not_text(kind, text, link_chars):
            return
        if len(text) < 1500 and self._printed_before(kind, text):
            return
        if kind == "paragraph" and self._taken_as_caption(text, spans):
            return
        self.out.blocks.append(Block(kind, text, spans))
        self._figure_after_last_block = False

    def _printed_before(self, kind: BlockType, text: str) -> bool:
        """A caption the page printed a second time as a paragraph, or the title printed
        again at the top of the text."""
        near_title = kind == "heading" or len(self.out.blocks) < 2
        if not near_title and not self.out.caption_keys:
            return False  # nothing to compare with: no key needed (asked of every block)
        key = same_text_key(text)
        if repeats_caption(text, key, self.out.caption_keys):
            return True
        return key == self.title_key and near_title

    def _taken_as_caption(self, text: str, spans: tuple[Span, ...]) -> bool:
        """Whether a short paragraph is a photo's caption (and was filed as one): a line in
        bold after a photo without one, or a caption with its credit ("... Photo: Jane Doe")."""
        if len(text) < 200 and self._figure_after_last_block and self._bold_caption(text, spans):
            return True
        if len(text) < 300 and self._figure_after_last_block and self._alt_repeated(text):
            return True
        return len(text) < 300 and self._caption_paragraph(text)

    def _bold_caption(self, text: str, spans: tuple[Span, ...]) -> bool:
        """A photo without caption markup, then a line set in bold: its caption."""
        fig = self.out.figures[-1][0]
        if fig.caption or not fig.src or not reads_as_bold_caption(text, spans):
            return False
        fig.caption, credit = split_credit(text)
        fig.credit = fig.credit or credit
        self.out.caption_keys.add(same_text_key(fig.caption))
        return True

    def _alt_repeated(self, text: str) -> bool:
        """A photo without caption markup, then a line saying what its alt text says: the
        caption, printed under the photo (templates whose class names say nothing)."""
        fig = self.out.figures[-1][0]
        key = same_text_key(text)
        if fig.caption or not fig.src or not fig.alt or not key or key != same_text_key(fig.alt):
            return False
        fig.caption = text
        self.out.caption_keys.add(key)
        return True

    def _caption_paragraph(self, text: str) -> bool:
        """ "People at the market. Photo: Jane Doe": a caption set as a paragraph, given to
        the photo just before it when that has none, else filed as a figure of its own."""
        as_caption = caption_with_credit(text)
        if as_caption is None:
            return False
        caption, credit = as_caption
        if self.out.figures and self._figure_after_last_block and not self.out.figures[-1][0].caption:
            fig = self.out.figures[-1][0]
            fig.caption, fig.credit = caption, fig.credit or credit
            self.out.caption_keys.add(same_text_key(caption))
        else:
            self.add_figure(RawFigure(None, "", caption, credit))
        return True

    def inline(self, el: Any, run: Run, depth: int = 0) -> None:
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

    def container(self, el: Any, kind: BlockType = "paragraph", depth: int = 0) -> None:
        """Walk a block container: inline runs become ``kind`` blocks, children are handled."""
        run = Run()
        run.add(el.text)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                run.add(child.tail)
                continue
            if tag == "br":
                if run.pending_br:
                    self.add_block(kind, run)
                    run = Run()
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
                run = Run()
                self.image(child)
                run.add(child.tail)
                continue
            self.add_block(kind, run)
            run = Run()
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
        if not isinstance(el.tag, str) or self._filed_apart(el):
            return
        tag = el.tag
        if tag in HEADINGS:
            self.container(el, "heading", depth)
        elif tag == "pre":
            self._preformatted(el)
        elif tag == "blockquote":
            self.container(el, "quote", depth)
        elif tag in ("ul", "ol", "dl"):
            self._list(el, depth)
        elif tag == "li":
            self.container(el, "list_item", depth)
        elif tag == "tr":
            self._table_row(el)
        elif tag in ("table", "tbody", "thead", "tfoot"):
            for child in el:
                self.element(child, depth + 1)
        elif tag == "a" and is_link_card(el):
            return  # a link around blocks: a teaser card ("kicker / headline"), a button
        else:
            # p, div, section, article, ...: a container whose inline runs are paragraphs;
            # a quote/list item container keeps its kind for nested paragraphs.
            self.container(el, inherit, depth)

    def _filed_apart(self, el: Any) -> bool:
        """Whether ``el`` is no text of the body: an embed, a figure or image, a dateline, a
        caption, a credit or a byline (each filed where it belongs, or left out)."""
        names = class_id(el)
        if is_embed(names):
            return True
        if is_figure_box(el):
            self.add_figure(read_figure(el, self.base, self.caption_paths))
            return True
        if el.tag == "img":
            self.image(el)
            return True
        if names and _DATELINE_CLASS.search(names) and len(text_content(el)) < 80:
            if self.out.dateline is None and not self.out.blocks:
                self.out.dateline = dateline_text(el)
            return True
        if is_caption_element(el) and el.tag not in HEADINGS:
            self.add_loose_caption(el)
            return True
        if names and _CREDIT_CLASS.search(names) and len(text_content(el)) < 200:
            self.add_credit(el)
            return True
        return bool(names and _BYLINE_CLASS.search(names) and len(text_content(el)) < 200)

    def _preformatted(self, el: Any) -> None:
        run = Run()
        text = norm(text_content(el))
        run.parts, run.length = [text], len(text)
        self.add_block("preformatted", run)

    def _list(self, el: Any, depth: int) -> None:
        text_len = len(text_content(el).strip())
        if text_len and link_text_len(el) > 0.6 * text_len:
            return  # a list of links: related stories, tags, navigation
        for child in el:
            if isinstance(child.tag, str):
                self.container(child, "list_item", depth + 1)

    def _table_row(self, el: Any) -> None:
        run = Run()
        run.add(" ".join(norm(text_content(c)) for c in el if isinstance(c.tag, str)))
        self.add_block("paragraph", run)


def _has_block(el: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag not in INLINE for c in el)
