"""``gloss check`` finds the damage the power-cut runs look for: here, a dangling id."""

from __future__ import annotations

from dataclasses import replace

from reader.check import check_library
from reader.library import Library
from reader.types import Article, ArticleContent, Block


def test_an_article_naming_a_text_version_that_is_not_stored_is_an_error(library: Library) -> None:
    feed = library.add_feed("https://example.org/feed.xml")
    article = Article(id=f"{feed.id}-000000000001", feed_id=feed.id, guid="g", title="Harbour")
    library.storage.meta.put_articles(feed.id, [article])
    library.store_content(article.id, ArticleContent(title="Harbour", body=(Block("paragraph", "A quiet harbour."),)))
    assert [p for p in check_library(library) if p.severity == "error"] == []
    library.storage.meta.put_articles(feed.id, [replace(library.article(article.id), content_version=7)])
    errors = [p.message for p in check_library(library) if p.severity == "error"]
    assert errors == [f"Article {article.id} names text version 7, which is not stored."]
