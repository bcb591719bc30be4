"""What every exporter takes: an article with its highlights, and helpers they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

from ...types import Article, ArticleContent, Enclosure, Feed, Figure, Highlight


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One article to export: its metadata, feed, current content (None if never fetched) and the
    highlights to write, in the order to write them. ``extracted`` is when the current content
    was extracted (the W3C export says which representation its positions count in)."""

    article: Article
    feed: Feed | None
    content: ArticleContent | None
    highlights: tuple[Highlight, ...]
    extracted: datetime | None = None

    @property
    def title(self) -> str:
        return self.article.title or (self.content.title if self.content else "") or "Untitled article"

    @property
    def url(self) -> str | None:
        return self.article.url or (self.content.url if self.content else None)

    @property
    def authors(self) -> tuple[str, ...]:
        if self.content and self.content.bylines:
            return self.content.bylines
        return self.article.authors

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag of the article's highlights, first-seen order, no duplicates."""
        return tuple(dict.fromkeys(t for h in self.highlights for t in h.tags))

    @property
    def files(self) -> tuple[Enclosure, ...]:
        """The entry's files worth linking (podcast audio, attachments; not thumbnails), web only."""
        return tuple(m for m in self.article.media if m.kind != "thumbnail" and is_web_url(m.url))

    def figure_of(self, highlight: Highlight) -> Figure | None:
        """The figure whose caption ``highlight`` quotes, if it quotes one."""
        if not highlight.part.startswith("caption:") or self.content is None:
            return None
        try:
            index = int(highlight.part.partition(":")[2])
        except ValueError:
            return None
        figures = self.content.figures
        return figures[index] if 0 <= index < len(figures) else None

    def part_text(self, highlight: Highlight) -> str | None:
        if self.content is None:
            return None
        return next((p.text for p in self.content.parts() if p.id == highlight.part), None)


def gloss_link(article_id: str, highlight_id: str | None = None) -> str:
    """The ``gloss://`` link that opens the article in Gloss (scrolled to the highlight)."""
    link = f"gloss://open/{quote(article_id, safe='')}"
    return f"{link}?highlight={quote(highlight_id, safe='')}" if highlight_id else link


def is_web_url(url: str | None) -> bool:
    """Only http(s) links are written as links (never javascript:, data:, file:)."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def sort_key(h: Highlight) -> tuple[int, int, str]:
    """Reading order of highlights inside one article."""
    return (h.position.start, h.position.end, h.id)
