from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.annotations import anchor_selection, find_quote, reanchor, reanchor_all
from reader.errors import AnnotationError
from reader.types import ArticleContent, Block, Highlight

from .helpers import BODY, highlight_quote, make_content


def text_at(content: ArticleContent, h: Highlight) -> str:
    return content.canonical_text()[h.position.start : h.position.end]


def test_selection_gives_quote_with_context_and_canonical_position() -> None:
    content = make_content()
    quote, position = anchor_selection(content, "block:1", 0, 9)
    assert quote.exact == "Officials"
    assert content.canonical_text()[position.start : position.end] == "Officials"
    assert quote.prefix == content.canonical_text()[position.start - 32 : position.start]
    assert quote.prefix.endswith("ballot in Nairobi.\n\n")  # the caption precedes it
    assert quote.suffix == " said turnout was higher than in"
    assert len(quote.prefix) == 32 and len(quote.suffix) == 32


def test_selection_outside_the_part_is_refused() -> None:
    content = make_content()
    with pytest.raises(AnnotationError, match="outside"):
        anchor_selection(content, "block:1", 5, 5000)
    with pytest.raises(AnnotationError, match="no part"):
        anchor_selection(content, "block:99", 0, 3)


def test_find_quote_ignores_case_whitespace_and_typographic_quotes() -> None:
    content = make_content(("He said \u201cwe will win\u201d \u2014 twice.",))
    part, quote, _ = find_quote(content, 'SAID  "we will\nwin" - twice')
    assert part == "block:0"
    assert quote.exact == "said \u201cwe will win\u201d \u2014 twice"


def test_find_quote_in_a_caption_names_the_caption_part() -> None:
    part, _, _ = find_quote(make_content(), "casts a ballot")
    assert part == "caption:0"


def test_find_quote_missing_text_is_a_clear_error() -> None:
    with pytest.raises(AnnotationError, match="not in the article"):
        find_quote(make_content(), "the moon landing")


def test_find_quote_cannot_span_two_paragraphs() -> None:
    with pytest.raises(AnnotationError, match="span"):
        find_quote(make_content(), "peaceful election. Officials said")


def test_unchanged_article_keeps_highlight_anchored() -> None:
    content = make_content()
    h = highlight_quote(content, "long queues in Nairobi")
    again = reanchor(h, content, content_hash=content.content_hash())
    assert again.state == "anchored"
    assert again.position == h.position


def test_inserted_paragraph_moves_highlight_to_the_same_text() -> None:
    content = make_content()
    h = highlight_quote(content, "long queues in Nairobi", note="check this")
    changed = make_content(("UPDATE: counting has resumed.", *BODY))
    moved = reanchor(h, changed, content_hash=changed.content_hash())
    assert moved.state == "moved"
    assert text_at(changed, moved) == "long queues in Nairobi"
    assert moved.part == "block:2"
    assert moved.anchored_hash == changed.content_hash()
    assert moved.note == "check this"


def test_reworded_quote_is_found_fuzzily() -> None:
    content = make_content()
    h = highlight_quote(content, "Observers from the African Union praised the process")
    body = list(BODY)
    body[2] = "Observers from the African Union have praised the process but noted delays in some rural areas."
    changed = make_content(tuple(body))
    moved = reanchor(h, changed)
    assert moved.state == "moved"
    assert text_at(changed, moved) == "Observers from the African Union have praised the process"
    assert moved.quote.exact == text_at(changed, moved)


def test_removed_passage_is_orphaned_and_keeps_everything() -> None:
    content = make_content()
    h = highlight_quote(content, "Results are expected within seven days", note="my note", tags=("kenya",))
    changed = make_content(BODY[:3])
    orphan = reanchor(h, changed)
    assert orphan.state == "orphaned"
    assert orphan.quote == h.quote and orphan.note == "my note" and orphan.tags == ("kenya",)
    assert orphan.made_on_hash == content.content_hash()
    # A later version that brings the text back anchors it again.
    back = reanchor(orphan, content)
    assert back.state == "anchored" and text_at(content, back) == h.quote.exact


def test_repeated_quote_is_placed_by_its_context() -> None:
    content = make_content(("The vote was calm.", "In Mombasa the vote was tense.", "Elsewhere the vote was calm."))
    part, quote, position = find_quote(content, "the vote was calm", prefix="Elsewhere ")
    assert part == "block:2"
    h = Highlight("h", "a", part, quote, position)
    changed = make_content(
        ("Breaking.", "The vote was calm.", "Here the vote was calm too.", *content_texts(content)[1:])
    )
    again = reanchor(h, changed)
    assert again.part == "block:4"
    assert changed.canonical_text()[again.position.start - 10 : again.position.end] == "Elsewhere the vote was calm"


def content_texts(content: ArticleContent) -> tuple[str, ...]:
    return tuple(b.text for b in content.body)


def test_overlapping_highlights_stay_distinct() -> None:
    content = make_content()
    a = highlight_quote(content, "long queues in Nairobi", hid="a")
    b = highlight_quote(content, "queues in Nairobi and Mombasa", hid="b")
    out = reanchor_all([a, b], make_content(("New first paragraph.", *BODY)))
    assert [h.id for h in out] == ["a", "b"]
    assert all(h.state == "moved" for h in out)
    assert out[0].position != out[1].position


# --- property: a quote that survives an edit unchanged is always found --------------------------------

VOCABULARY = ("the", "vote", "count", "was", "calm", "in", "Nairobi", "and", "officials", "said", "turnout", "again")
words = st.sampled_from(VOCABULARY)
paragraph = st.lists(words, min_size=3, max_size=25).map(" ".join)


@st.composite
def article_and_edit(draw: st.DrawFn) -> tuple[ArticleContent, int, int, int, ArticleContent]:
    paras = draw(st.lists(paragraph, min_size=1, max_size=6))
    content = ArticleContent(title="Title", body=tuple(Block("paragraph", p) for p in paras))
    n = draw(st.integers(0, len(paras) - 1))
    text = paras[n]
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    new = list(paras)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert_text", "delete_text", "replace_text", "insert_para", "delete_para"]))
        i = draw(st.integers(0, len(new) - 1)) if new else 0
        if kind == "insert_para" or not new:
            new.insert(i, draw(paragraph))
        elif kind == "delete_para":
            del new[i]
        else:
            t = new[i]
            a = draw(st.integers(0, len(t)))
            b = draw(st.integers(a, len(t)))
            insert = draw(paragraph) if kind != "delete_text" else ""
            new[i] = t[:a] + (insert if kind != "delete_text" else "") + t[b if kind != "insert_text" else a :]
    if not new:
        new = ["empty"]
    changed = ArticleContent(title="Title", body=tuple(Block("paragraph", p) for p in new))
    return content, n, start, end, changed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_and_edit())
def test_surviving_quote_is_always_reanchored_to_that_text(
    case: tuple[ArticleContent, int, int, int, ArticleContent],
) -> None:
    content, n, start, end, changed = case
    part = f"block:{n}"
    if not content.body[n].text[start:end].strip():
        return  # a blank selection cannot be made
    quote, position = anchor_selection(content, part, start, end)
    h = Highlight("h", "a", part, quote, position)
    survives = any(quote.exact in p.text for p in changed.parts())
    result = reanchor(h, changed)
    if survives:
        assert result.state != "orphaned"
        assert changed.canonical_text()[result.position.start : result.position.end] == quote.exact
    if result.state != "orphaned":
        # Whatever was found lies inside one part, and that part is the one named.
        p = next(p for p in changed.parts() if p.id == result.part)
        assert p.start <= result.position.start < result.position.end <= p.end
