"""Builders for articles, content and highlights used across the annotation tests."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.annotations import anchor_selection, find_quote
from reader.types import Article, ArticleContent, Block, Feed, Figure, Highlight

BODY = (
    "Kenya's electoral commission began counting votes on Tuesday after a largely peaceful election.",
    "Officials said turnout was higher than in 2017, with long queues in Nairobi and Mombasa.",
    "Observers from the African Union praised the process but noted delays in some rural areas.",
    "Results are expected within seven days, the commission chairman told reporters.",
)


def make_content(body: tuple[str, ...] = BODY, *, title: str = 'Kenya counts votes: "calm" so far') -> ArticleContent:
    return ArticleContent(
        title=title,
        bylines=("Jane Doe",),
        url="https://www.example.org/a/kenya-votes.html",
        body=tuple(Block("paragraph", t) for t in body),
        figures=(
            Figure(
                "https://img.example.org/1.jpg",
                caption="A voter casts a ballot in Nairobi.",
                credit="AP Photo/Brian Inganga",
                position=0,
            ),
        ),
    )


def make_article(article_id: str = "feed1-000000000001", title: str = 'Kenya counts votes: "calm" so far') -> Article:
    return Article(
        id=article_id,
        feed_id="feed1",
        guid=f"guid-{article_id}",
        url="https://www.example.org/a/kenya-votes.html",
        title=title,
        authors=("Jane Doe",),
        published=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    )


FEED = Feed(id="feed1", url="https://www.example.org/feed.xml", title="Example News")


def highlight_quote(
    content: ArticleContent, text: str, *, hid: str = "h1", article_id: str = "feed1-000000000001", **kw: object
) -> Highlight:
    part, quote, position = find_quote(content, text)
    return Highlight(
        hid,
        article_id,
        part,
        quote,
        position,
        made_on_hash=content.content_hash(),
        anchored_hash=content.content_hash(),
        **kw,
    )  # type: ignore[arg-type]


def highlight_selection(content: ArticleContent, part: str, start: int, end: int, hid: str = "h1") -> Highlight:
    quote, position = anchor_selection(content, part, start, end)
    return Highlight(hid, "feed1-000000000001", part, quote, position)
