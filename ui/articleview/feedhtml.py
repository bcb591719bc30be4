"""'Show as the feed gave it': the entry's own HTML, reduced to escaped text paragraphs.

We never render the feed's markup: it may carry scripts, tracking images, styles or
``javascript:`` links. The text is taken out with lxml (a parser that resolves no
entities and touches no network) and shown as plain paragraphs; images and links are
dropped. Hostile input cannot make this slow: the input is capped first.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from .capping import cap_text

MAX_INPUT = 2_000_000
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "figcaption",
    "section",
    "article",
    "br",
    "ul",
    "ol",
    "table",
    "figure",
    "header",
    "footer",
}
_DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "svg", "math", "template", "head"}


def feed_text_paragraphs(raw: str) -> list[str]:
    """The readable text of some feed HTML, as paragraphs."""
    raw = raw[:MAX_INPUT]
    if not raw.strip():
        return []
    if "<" not in raw:
        return [p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip()]
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError):
        return [raw]
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS:
            if el.tail:
                current.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    walk(root)
    flush()
    return paragraphs


def feed_html_to_html(title: str, raw: str | None) -> str:
    """A page for the reader view: the title and the feed's text, every string escaped."""
    out = [
        f'<h1 class="title">{html.escape(cap_text(title or "Untitled"), quote=False)}</h1>',
        '<p class="notice">As the feed gave it (text only: no images, no links).</p>',
    ]
    paragraphs = feed_text_paragraphs(raw or "")
    if not paragraphs:
        out.append('<p class="feedhtml">The feed gave no text for this article.</p>')
    for para in paragraphs:
        out.append(f'<p class="feedhtml">{html.escape(cap_text(para), quote=False)}</p>')
    return "<html><body>" + "".join(out) + "</body></html>"
