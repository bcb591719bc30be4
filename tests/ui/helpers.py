"""Building libraries for UI tests straight through the facade and storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reader.library import Library
from reader.types import Article, ArticleContent, Block, Feed, Figure, Span


def add_feed_with_articles(
    lib: Library, feed_id: str, title: str, n: int, *, folder: str | None = None, read_every: int = 0
) -> list[Article]:
    """A feed record and ``n`` articles, newest first by date, some read if asked."""
    lib.storage.meta.put_feed(Feed(id=feed_id, url=f"http://127.0.0.1:9/{feed_id}.xml", title=title, folder=folder))
    if folder:
        lib.add_folder(folder)
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    articles = [
        Article(
            id=f"{feed_id}-{i:012x}",
            feed_id=feed_id,
            guid=f"{feed_id}/{i}",
            url=f"http://127.0.0.1:9/{feed_id}/{i}.html",
            title=f"{title} story {i:04d}",
            summary=f"Summary of story {i}",
            published=start - timedelta(hours=i),
            read=bool(read_every) and i % read_every == 0,
        )
        for i in range(n)
    ]
    lib.storage.meta.put_articles(feed_id, articles)
    return articles


def rich_content(image_src: str | None = None, other_src: str | None = None) -> ArticleContent:
    """Content with every kind of part, and text that would not survive careless HTML."""
    return ArticleContent(
        title="Ferry <b>returns</b> & the harbour cheers",
        bylines=("Ada Lovelace", "Grace Hopper"),
        published="2026-03-02T09:00:00+00:00",
        dateline="PORTSMOUTH",
        site_name="Harbour Times",
        body=(
            Block(
                "paragraph",
                "The ferry crossed  the harbour again on Monday.\nIt carried 140 passengers.",
                (
                    Span(4, 9, "strong"),
                    Span(10, 17, "link", "https://example.org/ferry"),
                    Span(18, 21, "link", "javascript:alert(1)"),
                ),
            ),
            Block("heading", "A long winter"),
            Block("quote", "We waited a long time for this."),
            Block("list_item", "Every hour"),
            Block("list_item", "Until June"),
            Block("paragraph", "Tickets for the old service remain valid <img src=x>."),
        ),
        figures=(
            Figure(
                image_src,
                alt="The ferry",
                caption="The ferry leaves the pier at dawn.",
                credit="Photo: Grace Hopper",
                position=-1,
            ),
            Figure(other_src, caption="Commuters on the upper deck.", credit="Photo: A. Nonymous", position=2),
            Figure(None, caption="A late caption after everything.", position=99),
        ),
    )
