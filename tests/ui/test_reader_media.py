"""The reader shows an entry's files (what, how big, how long, a link the system's player opens)
and its thumbnail, from the local store only."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from reader.types import ArticleContent, Block, Enclosure
from tests.ui.helpers import add_feed_with_articles
from tests.ui.site import png_bytes
from tests.ui.test_reader_view import UrlRecorder, opened_urls  # noqa: F401  (the fixture)
from ui.articleview import render
from ui.articleview.view import ReaderView

MEDIA = (
    Enclosure("https://cdn.example.org/ep12.mp3", "audio/mpeg", 24_123_456, 2530, "enclosure", "Episode 12"),
    Enclosure("https://cdn.example.org/notes.pdf", "application/pdf", 120_000, None, "attachment"),
    Enclosure("https://cdn.example.org/ep12.jpg", kind="thumbnail"),
)


def _hrefs(doc: QTextDocument) -> list[str]:
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href and href not in found:
                found.append(href)
            it += 1
        block = block.next()
    return found


def test_files_and_thumbnail_are_shown_from_the_store(
    qtbot: Any,
    open_library: Any,
    opened_urls: UrlRecorder,  # noqa: F811
) -> None:
    lib = open_library()
    [article] = add_feed_with_articles(lib, "pod", "Harbour Podcast", 1)
    lib.storage.meta.put_articles("pod", [replace(article, media=MEDIA)])
    view = ReaderView(lib)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    # No page text yet: the files are shown all the same; no thumbnail is stored, none is fetched.
    view.show_article(article.id)
    text = view.document().toPlainText()
    assert "Episode 12 — Audio · audio/mpeg · 24.1 MB · 42:10 · Play or save" in text
    assert "PDF · application/pdf · 120.0 KB · Open or save" in text
    assert render.THUMBNAIL_INDEX not in view._images
    assert view.loadResource(int(QTextDocument.ResourceType.ImageResource.value), QUrl(MEDIA[2].url)) is None
    # With text and a stored thumbnail, the thumbnail shows, and the play link opens the system's player.
    lib.storage.content.put_image(article.id, MEDIA[2].url, png_bytes(300, 300), "image/png")
    lib.store_content(article.id, ArticleContent(title="Episode 12", body=(Block("paragraph", "Show notes."),)))
    view.show_article(article.id)
    assert render.THUMBNAIL_INDEX in view._images
    assert _hrefs(view.document()) == ["https://cdn.example.org/ep12.mp3", "https://cdn.example.org/notes.pdf"]
    view.anchorClicked.emit(QUrl("https://cdn.example.org/ep12.mp3"))
    assert opened_urls.urls == ["https://cdn.example.org/ep12.mp3"]
    assert "Show notes." in view.document().toPlainText()
    view.grab().save("/tmp/interop-media.png")
