"""An article built from its feed entry's own HTML, for when its page cannot be used.

A feed often carries the whole article (or its first paragraphs) in ``content:encoded`` or
Atom ``content``. When the article page cannot be fetched, or yields no text, that HTML
goes through the same extractor as a page, so the reader shows it with its parts (photos
with captions, the byline) and can highlight it like any other article.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace
from datetime import datetime

from reader.extract.core import extract
from reader.types import ArticleContent, clip

_TAG = re.compile(r"<[A-Za-z!/]")
_BLANK_LINE = re.compile(r"\n\s*\n")


def extract_feed_entry(
    entry_html: str,
    *,
    title: str,
    url: str | None,
    authors: tuple[str, ...] = (),
    published: datetime | None = None,
) -> ArticleContent:
    """The entry's HTML as an article: its title, the feed's authors and date where the
    HTML has none of its own. An entry without text gives an empty body (never raises)."""
    heading = html_lib.escape(title)
    if not _TAG.search(entry_html):
        # A plain-text summary (RSS descriptions often are): its paragraphs, as a page has them.
        entry_html = "".join(f"<p>{html_lib.escape(p.strip())}</p>" for p in _BLANK_LINE.split(entry_html) if p.strip())
    page = (
        f"<html><head><title>{heading}</title></head>"
        f"<body><article><h1>{heading}</h1>{entry_html}</article></body></html>"
    )
    content = extract(page, url)
    return replace(
        content,
        title=content.title or clip(title),
        bylines=content.bylines or tuple(clip(a, 200) for a in authors if a),
        published=content.published or (published.isoformat() if published else None),
        url=content.url or url,
    )
