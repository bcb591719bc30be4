"""Feeds with media: podcast enclosures (with iTunes durations), Media RSS content and thumbnails,
JSON Feed attachments, images, authors and tags, parsed, stored with the article (thumbnails
downloaded by the refresh, from a real server), and carried into the exports."""

from __future__ import annotations

import json
from pathlib import Path

from reader.annotations.importing import read_notes
from reader.feeds.parse import parse_feed
from reader.library import Library
from reader.types import ArticleContent, Block, Enclosure
from tests.httpserver import TestServer
from tests.ui.site import png_bytes

PODCAST = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Harbour Podcast</title><link>https://pod.example.org/</link>
<item>
  <title>Episode 12: the tides</title><guid>ep12</guid><link>https://pod.example.org/12</link>
  <category>Science</category><category>Sea</category>
  <enclosure url="https://cdn.example.org/ep12.mp3" length="24123456" type="audio/mpeg"/>
  <itunes:duration>42:10</itunes:duration>
  <media:thumbnail url="THUMB" width="300" height="300"/>
  <media:content url="https://cdn.example.org/ep12.mp4" type="video/mp4" fileSize="99000000" duration="2530"/>
  <description>Show notes.</description>
</item>
<item>
  <title>Bad sizes</title><guid>ep13</guid>
  <enclosure url="javascript:alert(1)" length="x" type="audio/mpeg"/>
  <enclosure url="/relative.mp3" length="-5" type="audio/mpeg"/>
  <itunes:duration>1:xx</itunes:duration>
</item>
</channel></rss>"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Notes",
    "authors": [{"name": "Feed Author"}],
    "items": [
        {
            "id": "1",
            "url": "https://notes.example.org/1",
            "title": "With attachment",
            "content_text": "Hello",
            "tags": ["audio", "interview", 3],
            "image": "https://notes.example.org/1.png",
            "attachments": [
                {
                    "url": "https://notes.example.org/1.m4a",
                    "mime_type": "audio/x-m4a",
                    "title": "The interview",
                    "size_in_bytes": 1500000,
                    "duration_in_seconds": 3725,
                },
                {"url": "file:///etc/passwd", "mime_type": "text/plain"},
            ],
        },
        {"id": "2", "title": "Own author", "content_text": "x", "author": {"name": "Item Author"}},
    ],
}


def test_podcast_enclosures_durations_media_and_categories() -> None:
    parsed = parse_feed(
        PODCAST.replace(b"THUMB", b"https://cdn.example.org/ep12.jpg"), url="https://pod.example.org/feed"
    )
    first, second = parsed.entries
    assert first.media == (
        Enclosure("https://cdn.example.org/ep12.mp3", "audio/mpeg", 24123456, 2530, "enclosure"),
        Enclosure("https://cdn.example.org/ep12.mp4", "video/mp4", 99000000, 2530, "media"),
        Enclosure("https://cdn.example.org/ep12.jpg", "", None, None, "thumbnail"),
    )
    assert first.categories == ("Science", "Sea")
    # javascript: dropped, a relative link resolved, a nonsense length and duration left out
    assert second.media == (Enclosure("https://pod.example.org/relative.mp3", "audio/mpeg", None, None, "enclosure"),)


def test_json_feed_attachments_images_authors_and_tags() -> None:
    parsed = parse_feed(json.dumps(JSON_FEED).encode(), url="https://notes.example.org/feed.json")
    first, second = parsed.entries
    assert first.media == (
        Enclosure("https://notes.example.org/1.m4a", "audio/x-m4a", 1500000, 3725, "attachment", "The interview"),
        Enclosure("https://notes.example.org/1.png", kind="thumbnail"),
    )
    assert first.authors == ("Feed Author",) and second.authors == ("Item Author",)
    assert first.categories == ("audio", "interview")


def test_refresh_stores_media_and_downloads_thumbnails(http_server: TestServer, tmp_path: Path) -> None:
    thumb = http_server.route("/ep12.jpg", png_bytes(30, 30), content_type="image/png")
    feed_url = http_server.route("/feed", PODCAST.replace(b"THUMB", thumb.encode()), content_type="application/rss+xml")
    with Library.open(tmp_path / "lib", first_run=False) as lib:
        lib.update_settings(fetch_full_articles=False)
        feed = lib.add_feed(feed_url)
        [result] = lib.refresh([feed.id])
        assert result.ok and result.new == 2
        article = next(a for a in lib.articles() if a.title.startswith("Episode 12"))
        assert [m.kind for m in article.media] == ["enclosure", "media", "thumbnail"]
        assert article.categories == ("Science", "Sea")
        stored = lib.image(article.id, thumb)
        assert stored is not None and stored[1] == "image/png"
        assert len(http_server.requests_for("/ep12.jpg")) == 1
        lib.refresh([feed.id])  # unchanged: nothing fetched again
        assert len(http_server.requests_for("/ep12.jpg")) == 1
        # carried into the exports
        # highlights need text: give the article some
        lib.store_content(article.id, ArticleContent(title=article.title, body=(Block("paragraph", "Show notes."),)))
        lib.highlight_quote(article.id, "Show notes")
        md = lib.export_text("md", lib.export_items())
        assert "(<https://cdn.example.org/ep12.mp3>) (Audio · audio/mpeg · 24.1 MB · 42:10)" in md
        assert thumb not in md  # thumbnails are not files to link
        html = lib.export_text("html", lib.export_items())
        assert 'href="https://cdn.example.org/ep12.mp3"' in html
        data = lib.export_text("json", lib.export_items()).encode()
    [note] = read_notes(data).notes
    assert note.gloss is not None and note.gloss.article.media == article.media
    assert note.gloss.article.categories == ("Science", "Sea")
