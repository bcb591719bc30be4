"""Feed text made plain: titles, summaries, names (feedparser's dicts stay in :mod:`.parse`).

Feeds send text as text, as HTML, or as HTML escaped once more. What is markup loses its tags
(and the bodies of scripts and styles); what decodes to characters that look like markup but
were meant as text keeps them: ``How the <blink> tag died``, ``std::vector<int>``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ..markup import drop_elements
from ..types import clip

# Elements whose text is not text (feedparser's sanitiser drops their content too).
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|pre|table|section|article|figure|figcaption|hr)\b[^<>]*>",
    re.I,
)
_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")
_END_TAG = re.compile(r"</[a-zA-Z][\w:.-]*\s*>")
_SPACE = re.compile(r"\s+")
# A title JSON Feed says is text (the spec: plain text), kept as written.
TEXT = {"type": "text/plain"}


def title_text(value: Any, detail: Any, typed: bool = True) -> str:
    """A feed's or an entry's title as text. An Atom title says by its ``type`` whether it
    is text or markup; an RSS title is typed by feedparser's guess (known HTML elements
    with end tags, entities), and one it took for text is still markup if it holds an end
    tag (``&lt;script&gt;x&lt;/script&gt;``: ``typed`` False). A text title is kept as
    written, every character: ``How the <blink> tag died``, ``std::vector<int>``. A markup
    title loses its tags; markup escaped once more inside it (an end tag after decoding:
    ``&amp;lt;b&amp;gt;Hi&amp;lt;/b&amp;gt;``) loses those too, but a lone ``<int>`` it
    meant as text stays."""
    if not value:
        return ""
    text = str(value)
    kind = detail.get("type") if isinstance(detail, dict) else None
    if kind == "text/plain" and (typed or not _END_TAG.search(text)):
        return clip(" ".join(text.split()))
    return clip(_plain(text))


def plain_text(value: str) -> str:
    """Markup to one line of plain text: tags (and script/style bodies) dropped, entities
    decoded (what they decode to is kept as text, unless it is markup again: see
    :func:`_plain`), whitespace collapsed."""
    return _plain(value)


def _plain(value: Any) -> str:
    """See :func:`plain_text` (any value; the parsers pass feedparser's)."""
    if not value:
        return ""
    text = html.unescape(_strip_tags(str(value)))
    # Markup escaped once more ("&amp;lt;b&amp;gt;x&amp;lt;/b&amp;gt;") decodes to tags: a second
    # pass removes those, when an end tag shows it is markup. Text the markup meant literally,
    # "std::vector&lt;int&gt;" or "the &lt;blink&gt; tag", decodes to characters it keeps.
    if _END_TAG.search(text):
        text = _strip_tags(text)
    return _SPACE.sub(" ", text).strip()


def _strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    text = drop_elements(text, ("script", "style", "applet"), replacement=" ")
    return _TAG.sub("", _BLOCK_TAG.sub(" ", text))
