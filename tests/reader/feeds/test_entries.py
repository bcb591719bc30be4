"""Entry identity and merging."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from reader.feeds.entries import article_id, entry_key, merge, short_summary
from reader.types import EntryData

NOW = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)
LATER = datetime(2025, 1, 7, 12, 0, tzinfo=UTC)
ENTRY = EntryData(
    guid="urn:1", url="https://ex.com/1", title="One", summary="Summary", content_html="<p>Body</p>", authors=("A",)
)


def test_key_prefers_guid_then_link_then_title_and_date() -> None:
    assert entry_key(ENTRY) == "urn:1"
    assert entry_key(replace(ENTRY, guid=None)) == "https://ex.com/1"
    a = replace(ENTRY, guid=None, url=None, published=NOW)
    b = replace(a, published=LATER)
    assert entry_key(a) != entry_key(b)
    assert "One" in entry_key(a)
    bare1 = EntryData(guid=None, url=None, title="", content_html="<p>x</p>")
    bare2 = EntryData(guid=None, url=None, title="", content_html="<p>y</p>")
    assert entry_key(bare1) != entry_key(bare2)


def test_article_id_is_the_sharding_contract() -> None:
    aid = article_id("f1", "urn:1")
    feed_part, digest = aid.split("-", 1)
    assert feed_part == "f1"
    assert len(digest) == 12 and int(digest, 16) >= 0
    assert article_id("f1", "urn:1") == aid
    assert article_id("f1", "urn:2") != aid


def test_new_then_same_then_updated_keeps_user_state() -> None:
    article, status = merge(None, ENTRY, "f1", NOW)
    assert status == "new"
    assert article.id == article_id("f1", "urn:1") and article.added == NOW
    assert (article.title, article.summary, article.authors) == ("One", "Summary", ("A",))

    again, status = merge(article, replace(ENTRY, updated=LATER), "f1", LATER)
    assert status == "same" and again is article  # a new timestamp alone is not a change

    user_state = replace(article, read=True, starred=True, content_version=3)
    changed, status = merge(user_state, replace(ENTRY, title="One (corrected)"), "f1", LATER)
    assert status == "updated"
    assert changed.id == article.id
    assert changed.title == "One (corrected)"
    assert (changed.read, changed.starred, changed.content_version, changed.added) == (True, True, 3, NOW)


def test_new_link_clears_the_old_fetch_error() -> None:
    article, _ = merge(None, ENTRY, "f1", NOW)
    failed = replace(article, fetch_error="boom")
    same_link, _ = merge(failed, replace(ENTRY, title="x"), "f1", NOW)
    assert same_link.fetch_error == "boom"
    new_link, _ = merge(failed, replace(ENTRY, url="https://ex.com/1b"), "f1", NOW)
    assert new_link.fetch_error is None


def test_summary_is_short_plain_text() -> None:
    long_text = "word " * 200
    article, _ = merge(None, replace(ENTRY, summary=long_text), "f1", NOW)
    assert len(article.summary) <= 300
    assert article.summary.endswith("…")
    assert short_summary("short") == "short"
