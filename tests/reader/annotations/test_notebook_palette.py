from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from reader.annotations import DEFAULT_PALETTE, NotebookQuery, Palette, group_by_article, query_highlights
from reader.errors import AnnotationError

from .helpers import highlight_quote, make_article, make_content


def _notebook():  # type: ignore[no-untyped-def]
    content = make_content()
    a1 = make_article("feed1-000000000001")
    a2 = replace(
        make_article("feed2-000000000002", title="Other"), feed_id="feed2", published=datetime(2024, 6, 1, tzinfo=UTC)
    )
    h1 = replace(
        highlight_quote(content, "long queues in Nairobi", hid="h1"),
        color="yellow",
        tags=("Kenya",),
        created=datetime(2024, 5, 2, tzinfo=UTC),
    )
    h2 = replace(
        highlight_quote(content, "largely peaceful election", hid="h2"),
        color="green",
        note="A calm VOTE",
        created=datetime(2024, 5, 3, tzinfo=UTC),
    )
    h3 = replace(
        highlight_quote(content, "Results are expected", hid="h3", article_id=a2.id),
        color="blue",
        tags=("kenya", "results"),
        created=datetime(2024, 5, 1, tzinfo=UTC),
    )
    return [h1, h2, h3], {a1.id: a1, a2.id: a2}


def test_filters_combine() -> None:
    hs, articles = _notebook()
    ids = lambda q: [h.id for h in query_highlights(hs, articles, q)]  # noqa: E731
    assert ids(NotebookQuery()) == ["h2", "h1", "h3"]  # newest first
    assert ids(NotebookQuery(feed_id="feed2")) == ["h3"]
    assert ids(NotebookQuery(article_id="feed1-000000000001")) == ["h2", "h1"]
    assert ids(NotebookQuery(colors=("green", "blue"))) == ["h2", "h3"]
    assert ids(NotebookQuery(tags=("KENYA",))) == ["h1", "h3"]
    assert ids(NotebookQuery(tags=("kenya", "results"))) == ["h3"]
    assert ids(NotebookQuery(text="calm vote")) == ["h2"]  # in the note
    assert ids(NotebookQuery(text="QUEUES")) == ["h1"]  # in the quote
    assert ids(NotebookQuery(since=datetime(2024, 5, 2, tzinfo=UTC), until=datetime(2024, 5, 3, tzinfo=UTC))) == ["h1"]


def test_article_order_is_newest_article_then_reading_order() -> None:
    hs, articles = _notebook()
    out = query_highlights(hs, articles, NotebookQuery(order="article"))
    assert [h.id for h in out] == ["h3", "h2", "h1"]
    assert [a for a, _ in group_by_article(out)] == ["feed2-000000000002", "feed1-000000000001"]


def test_bad_order_is_refused() -> None:
    with pytest.raises(AnnotationError):
        NotebookQuery(order="random")  # type: ignore[arg-type]


def test_palette_has_five_named_colours_and_meanings_can_be_renamed() -> None:
    assert [c.name for c in DEFAULT_PALETTE.colors] == ["yellow", "green", "blue", "pink", "purple"]
    assert DEFAULT_PALETTE.get("blue").meaning == "Question"  # type: ignore[union-attr]
    renamed = DEFAULT_PALETTE.with_meaning("blue", "Follow up")
    restored = Palette.from_dict(renamed.to_dict())
    assert restored == renamed
    assert restored.get("blue").meaning == "Follow up"  # type: ignore[union-attr]
    assert DEFAULT_PALETTE.resolve("teal").light == DEFAULT_PALETTE.default.light  # unknown colour still drawn


def test_malformed_palette_is_a_clear_error() -> None:
    with pytest.raises(AnnotationError, match="#rrggbb"):
        Palette.from_dict({"colors": [{"name": "red", "light": "red", "dark": "#000000"}]})
