"""A feed's address changed: its articles stay, it is fetched afresh, and a bad or taken
address is refused in words (real TinyDB files in a temp dir)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.errors import FeedExistsError, FetchError
from reader.library import Library
from reader.types import Article, FeedProblem, utcnow


def test_a_new_address_keeps_the_articles_and_starts_afresh(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib", first_run=False)
    try:
        feed = lib.add_feed("https://old.example/feed.xml", title="Old")
        lib.storage.meta.put_feed(
            replace(
                feed,
                etag='"v1"',
                body_hash="abc",
                dead=True,
                last_error=FeedProblem(kind="gone", message="HTTP 410", at=utcnow(), status=410),
            )
        )
        lib.storage.meta.put_articles(
            feed.id, [Article(id=f"{feed.id}-a", feed_id=feed.id, guid="a", url=None, title="Kept", published=utcnow())]
        )
        moved = lib.set_feed_url(feed.id, "new.example/rss")
        assert moved.url == "https://new.example/rss" and moved.id == feed.id
        assert (moved.etag, moved.body_hash, moved.dead, moved.last_error) == (None, None, False, None)
        assert [a.title for a in lib.articles()] == ["Kept"]
        other = lib.add_feed("https://other.example/feed.xml")
        with pytest.raises(FeedExistsError, match="already subscribed"):
            lib.set_feed_url(other.id, "https://new.example/rss")
        with pytest.raises(FetchError):
            lib.set_feed_url(other.id, "javascript:alert(1)")
        assert lib.feed(other.id).url == "https://other.example/feed.xml"
    finally:
        lib.close()
