"""Fuzz, short run: extract() and parse_feed() on 1,000 hostile inputs (300 from the mutation
corpus, 2 x 350 hypothesis edits of real pages and feeds) raise
nothing but a ReaderError. The 100,000-input run (with the 1 s bound per input) is
stress/stress_fuzz.py; here nothing is timed, the slowest input is only printed."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.fuzzing import make_hostile_input, make_input, run_one, seed_feeds, seed_pages

CORPUS_INPUTS = int(os.environ.get("GLOSS_FUZZ_INPUTS", "300"))
HOSTILE_INPUTS = int(os.environ.get("GLOSS_FUZZ_HOSTILE_INPUTS", "90"))
PAGES = seed_pages()
FEEDS = seed_feeds()


def test_seed_corpus_is_what_we_think_it_is() -> None:
    assert len(PAGES) >= 10 and len(FEEDS) >= 5
    for page in PAGES:
        assert run_one("extract", page).crash is None
    for feed in FEEDS:
        assert run_one("parse_feed", feed).crash is None


def test_mutation_corpus_raises_only_reader_errors(capsys: pytest.CaptureFixture[str]) -> None:
    crashes = []
    slowest = (0.0, -1, "")
    for index in range(CORPUS_INPUTS):
        kind, data, names = make_input(index, PAGES, FEEDS)
        outcome = run_one(kind, data)
        if outcome.crash:
            crashes.append(f"#{index} {kind} {'+'.join(names)}: {outcome.crash}")
        slowest = max(slowest, (outcome.cpu_seconds, index, "+".join(names)))
    with capsys.disabled():
        print(
            f"\nfuzz: {CORPUS_INPUTS} mutated inputs, slowest #{slowest[1]} {slowest[2]} {slowest[0] * 1000:.0f} ms CPU"
        )
    assert not crashes, crashes


def test_long_words_and_compressed_answers_raise_only_reader_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """The second family (issue 22): megabyte words (their content must reach the reader view
    capped) and compressed answers, bombs included, through the bounded decoder."""
    crashes = []
    kinds = set()
    for index in range(HOSTILE_INPUTS):
        kind, data, names = make_hostile_input(index, PAGES, FEEDS)
        kinds.add(kind)
        outcome = run_one(kind, data)
        if outcome.crash:
            crashes.append(f"hostile #{index} {kind} {'+'.join(names)}: {outcome.crash}")
    assert kinds == {"extract", "parse_feed", "decode"}
    assert not crashes, crashes


@settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, len(PAGES) - 1),
    at=st.floats(0, 1),
    cut=st.integers(0, 400),
    junk=st.one_of(st.binary(max_size=300), st.text(max_size=100).map(lambda s: s.encode("utf-8", "surrogatepass"))),
)
def test_extract_on_hypothesis_edits_of_real_pages(seed: int, at: float, cut: int, junk: bytes) -> None:
    page = PAGES[seed]
    where = int(at * len(page))
    data = page[:where] + junk + page[where + cut :]
    assert run_one("extract", data).crash is None


@settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, len(FEEDS) - 1),
    at=st.floats(0, 1),
    cut=st.integers(0, 400),
    junk=st.one_of(st.binary(max_size=300), st.text(max_size=100).map(lambda s: s.encode("utf-8", "surrogatepass"))),
)
def test_parse_feed_on_hypothesis_edits_of_real_feeds(seed: int, at: float, cut: int, junk: bytes) -> None:
    feed = FEEDS[seed]
    where = int(at * len(feed))
    data = feed[:where] + junk + feed[where + cut :]
    assert run_one("parse_feed", data).crash is None


# Found by the fuzzer (input #45917): a <links> element made parse_feed raise TypeError; fixed in 53086e0.
def test_an_item_with_a_links_element_is_read() -> None:
    from reader.feeds.parse import parse_feed

    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>x</title><links>a</links></item>"
        b"<item><title>y</title><link>https://news.example.org/y</link></item></channel></rss>"
    )
    parsed = parse_feed(body, url="https://news.example.org/feed.xml")
    assert [e.title for e in parsed.entries][-1] == "y"


# Found by the fuzzer (input #75879): valid JSON escaping a lone surrogate broke the sanitiser.
def test_a_json_feed_with_a_lone_surrogate_is_read() -> None:
    from reader.feeds.parse import parse_feed

    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
        b'{"id": "1", "title": "One \\udfff", "content_html": "<p>a \\ud800 b</p>"},'
        b'{"id": "2", "title": "Two", "content_html": "<p>fine</p>"}]}'
    )
    parsed = parse_feed(body, url="https://news.example.org/feed.json")
    assert [e.title for e in parsed.entries] == ["One ?", "Two"]
    assert "a ? b" in parsed.entries[0].content_html
