"""Images stored for offline reading: a refresh requests exactly the images the reader view
shows (the article's own figures, at most ``images_per_article`` of them, in reading order,
and the feed's thumbnail) and no other image of the page: no logo, advertisement, related
teaser, beacon or hidden image. With images off (text only) it requests no image at all.

Every request is recorded by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.feeds.http import HttpClient
from reader.library import Library
from reader.settings import IMAGES_PER_ARTICLE, Settings
from tests.httpserver import TestServer
from tests.ui.site import png_bytes

GALLERY = 25  # more figures than the default cap
PAGE_ONLY = {"/logo.png", "/ad.png", "/related.png", "/footer.png", "/pixel.png", "/hidden.png", "/og.png"}


def _para(n: int) -> str:
    return f"<p>Paragraph {n} tells how the ferry crossed the harbour at dawn, with the gulls behind it.</p>"


def story_page(base: str) -> bytes:
    gallery = "".join(
        f"<figure><img src='/gallery/{i}.png' width='800' height='450'>"
        f"<figcaption>Gallery photo {i} of the crossing.</figcaption></figure>{_para(i)}"
        for i in range(GALLERY)
    )
    return (
        "<html><head><title>The crossing</title>"
        f"<meta property='og:image' content='{base}/og.png'></head><body>"
        "<header class='site-header'><a href='/'><img src='/logo.png' alt='Harbour Times'></a>"
        "<nav><a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
        "<div class='layout'><main><article><h1>The crossing</h1>"
        "<figure><img src='/lead.png' width='1200' height='675'><figcaption>The harbour at dawn.</figcaption></figure>"
        f"{_para(100)}<p>A sketch <img src='/inline1.png'> of the route, drawn by the ferry's captain on the way.</p>"
        f"{_para(101)}<p><img src='/inline2.png' alt='A map of the crossing'></p>{_para(102)}"
        "<img src='/pixel.png' width='1' height='1'><img src='/hidden.png' style='display:none'>"
        f"{gallery}</article></main>"
        "<aside class='sidebar'><div class='ad'><img src='/ad.png' width='300' height='250'>"
        "<span>Advertisement</span></div><div class='related'><h3>Related</h3>"
        "<a href='/other.html'><img src='/related.png'>Another story</a></div></aside></div>"
        "<footer><img src='/footer.png'> Copyright Harbour Times</footer></body></html>"
    ).encode()


def serve(server: TestServer) -> None:
    base = server.base
    server.route(
        "/feed.xml",
        "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/'><channel><title>Harbour</title>"
        f"<item><title>The crossing</title><link>{base}/story.html</link><guid>1</guid>"
        f"<media:thumbnail url='{base}/thumb.png'/><media:thumbnail url='{base}/thumb-big.png'/>"
        "<description>The ferry crossed.</description></item></channel></rss>",
        content_type="application/rss+xml",
    )
    server.route(
        "/text-only.xml",
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Harbour</title>"
        f"<item><title>The crossing</title><link>{base}/story.html</link><guid>1</guid><content:encoded><![CDATA["
        f"<p><img src='{base}/feed-photo.png' width='640' height='360'></p><p>{_para(1)} {_para(2)}</p>"
        f"<p>{_para(3)}<img src='{base}/pixel.png' width='1' height='1'></p>]]></content:encoded></item>"
        "</channel></rss>",
        content_type="application/rss+xml",
    )
    server.route("/story.html", story_page(base), content_type="text/html; charset=utf-8")
    names = [
        "feed-photo",
        "lead",
        "inline1",
        "inline2",
        "thumb",
        "thumb-big",
        *(f"gallery/{i}" for i in range(GALLERY)),
    ]
    for name in [*names, *(p.strip("/").removesuffix(".png") for p in PAGE_ONLY)]:
        server.route(f"/{name}.png", png_bytes(32, 18), content_type="image/png")


def refresh_requests(server: TestServer, data_dir: Path, feed: str = "/feed.xml", **settings: Any) -> list[str]:
    """The paths one refresh of a new library with ``settings`` requested, in order."""
    start = len(server.requests)
    with Library.open(data_dir, first_run=False) as lib:
        lib.set_http(HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0))
        lib.update_settings(**settings)
        feed = lib.add_feed(server.url(feed))
        [result] = lib.refresh([feed.id])
        assert result.error is None, result.error
        [article] = lib.articles()
        version = lib.content(article.id)
        assert version is not None and "ferry crossed the harbour" in version.content.canonical_text()
    return [r.route_path for r in server.requests[start:]]


def images_in(paths: list[str]) -> list[str]:
    return [p for p in paths if p.endswith(".png")]


def body_images(count: int) -> list[str]:
    """The article's figures in reading order, the first ``count`` of them."""
    return ["/lead.png", "/inline1.png", "/inline2.png", *(f"/gallery/{i}.png" for i in range(GALLERY))][:count]


def test_text_only_requests_no_image(http_server: TestServer, tmp_path: Path) -> None:
    serve(http_server)
    paths = refresh_requests(http_server, tmp_path / "lib", download_images=False)
    assert "/story.html" in paths
    assert images_in(paths) == [], "with images off, a refresh stores text only"


@pytest.mark.parametrize("cap", [IMAGES_PER_ARTICLE, 5])
def test_only_the_articles_own_figures_up_to_the_cap(http_server: TestServer, tmp_path: Path, cap: int) -> None:
    serve(http_server)
    settings = {"images_per_article": cap} if cap != IMAGES_PER_ARTICLE else {}
    paths = refresh_requests(http_server, tmp_path / f"lib{cap}", **settings)
    fetched = images_in(paths)
    assert len(fetched) == len(set(fetched)), f"an image was requested twice: {fetched}"
    assert sorted(fetched) == sorted(["/thumb.png", *body_images(cap)]), fetched
    assert not PAGE_ONLY & set(fetched), "an image that is not the article's was requested"


@pytest.mark.parametrize("images", [True, False])
def test_the_feeds_own_text_stores_its_figures_only(http_server: TestServer, tmp_path: Path, images: bool) -> None:
    """With pages not fetched, the article is the feed's text: its photo is stored for
    offline reading (it was not before), its tracking pixel never; with images off, nothing."""
    serve(http_server)
    paths = refresh_requests(
        http_server, tmp_path / f"feed{images}", "/text-only.xml", fetch_full_articles=False, download_images=images
    )
    assert "/story.html" not in paths
    assert images_in(paths) == (["/feed-photo.png"] if images else [])


def test_the_default_cap_is_documented() -> None:
    assert Settings().images_per_article == IMAGES_PER_ARTICLE == 20
    assert Settings(images_per_article=0).validated().images_per_article == 1
    assert Settings(images_per_article=10**6).validated().images_per_article == 200


def test_the_settings_dialog_switches_to_text_only(qtbot: Any, http_server: TestServer, tmp_path: Path) -> None:
    from ui.dialogs.settings import SettingsDialog

    serve(http_server)
    with Library.open(tmp_path / "settings", first_run=False) as lib:
        dialog = SettingsDialog(lib.settings())
        qtbot.addWidget(dialog)
        assert dialog.images.isChecked() and dialog.images_per_article.isEnabled()
        dialog.images_per_article.setValue(3)
        assert dialog.changes() == {"images_per_article": 3}
        dialog.images.setChecked(False)
        assert not dialog.images_per_article.isEnabled()
        changed = lib.update_settings(**dialog.changes())
        assert not changed.download_images and changed.images_per_article == 3
        stored = changed.to_dict()
    # What the dialog stored is what the next refresh does: text only.
    paths = refresh_requests(http_server, tmp_path / "settings")
    assert "/story.html" in paths and images_in(paths) == []
    assert stored["download_images"] is False
