"""The reader view: cleaned content only, parts in place, nothing fetched, links tamed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument

from reader.library import SAMPLE_FEED_URL
from tests.ui.helpers import add_feed_with_articles, rich_content
from tests.ui.site import png_bytes
from ui.articleview.partmap import document_text
from ui.articleview.view import ReaderView


class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened_urls() -> Any:
    """Stand in for the system browser: record what the app asks the desktop to open."""
    recorder = UrlRecorder()
    schemes = ("http", "https", "javascript", "file", "data", "mailto")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "record")
    yield recorder
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


def _article(lib: Any, content: Any) -> str:
    [article] = add_feed_with_articles(lib, "feed", "Harbour", 1)
    lib.store_content(article.id, content)
    return article.id


def _view(qtbot: Any, lib: Any) -> ReaderView:
    view = ReaderView(lib)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _block_format(doc: QTextDocument, pos: int) -> tuple[bool, float, str]:
    cursor = QTextCursor(doc)
    cursor.setPosition(pos + 1)
    fmt = cursor.charFormat()
    return fmt.fontItalic(), fmt.fontPointSize() or float(fmt.font().pixelSize()), doc.findBlock(pos).text()


def test_part_map_finds_every_part_text(qtbot: Any, open_library: Any) -> None:
    lib = open_library()
    content = rich_content()
    aid = _article(lib, content)
    view = _view(qtbot, lib)
    with qtbot.waitSignal(view.articleRendered) as sig:
        view.show_article(aid)
    assert sig.args == [aid]
    doc = view.document()
    parts = content.parts()
    assert [p.id for p in view.part_map.parts] == [p.id for p in parts]
    for part in parts:
        start = view.part_map.to_doc(part.id, 0)
        assert document_text(doc, start, len(part.text)) == part.text
        assert view.part_map.to_part(start + 1) == (part.id, 1)
        assert view.part_map.to_canonical(start) == part.start
    # The header line's date is no part; a selection over two parts splits in two.
    meta_pos = doc.toPlainText().index("2 March 2026")
    assert view.part_map.to_part(meta_pos) is None
    cap_start, _ = view.part_map.span("caption:0")
    _, block_end = view.part_map.span("block:0")
    assert [p[0] for p in view.part_map.split(cap_start + 2, block_end - 2)] == ["caption:0", "block:0"]


def test_part_map_on_the_bundled_sample(qtbot: Any, open_library: Any) -> None:
    lib = open_library(first_run=True)
    sample = next(f for f in lib.feeds() if f.url == SAMPLE_FEED_URL)
    articles = lib.articles(feed_ids=frozenset({sample.id}))
    assert articles, "the first run reads the bundled sample"
    view = _view(qtbot, lib)
    checked = 0
    for article in articles:
        version = lib.content(article.id)
        if version is None:
            continue
        view.show_article(article.id)
        for part in version.content.parts():
            start = view.part_map.to_doc(part.id, 0)
            assert document_text(view.document(), start, len(part.text)) == part.text
        checked += 1
    assert checked >= 3


def test_captions_and_bylines_render_outside_the_body(qtbot: Any, open_library: Any) -> None:
    lib = open_library()
    content = rich_content()
    aid = _article(lib, content)
    view = _view(qtbot, lib)
    view.show_article(aid)
    doc = view.document()
    body_italic, body_size, _body_block = _block_format(doc, view.part_map.to_doc("block:0", 0))
    for cap in ("caption:0", "caption:1"):
        italic, size, block = _block_format(doc, view.part_map.to_doc(cap, 0))
        assert italic and not body_italic
        assert size < body_size
        assert block == content.figures[int(cap.split(":")[1])].caption  # a block of its own
    _, byline_size, byline_block = _block_format(doc, view.part_map.to_doc("byline", 0))
    assert byline_block.startswith("Ada Lovelace, Grace Hopper")
    assert "2 March 2026" in byline_block and "PORTSMOUTH" in byline_block
    assert byline_size < body_size
    # Credits sit in their own quiet block, never inside a caption or the body.
    text = doc.toPlainText()
    assert "Photo: Grace Hopper" in text.split("\n")
    for n in range(len(content.body)):
        block_text = doc.findBlock(view.part_map.to_doc(f"block:{n}", 0)).text()
        assert "Photo:" not in block_text and "Lovelace" not in block_text


def test_strings_are_escaped_not_interpreted(qtbot: Any, open_library: Any, http_server: Any) -> None:
    lib = open_library()
    content = rich_content()
    from dataclasses import replace

    evil = f'<img src="{http_server.url("/title.png")}"><script>alert(1)</script>'
    content = replace(content, title=evil)
    aid = _article(lib, content)
    view = _view(qtbot, lib)
    view.show_article(aid)
    assert view.document().toPlainText().splitlines()[1] == evil
    assert "Tickets for the old service remain valid <img src=x>." in view.document().toPlainText()


def test_the_view_never_touches_the_network(qtbot: Any, open_library: Any, http_server: Any) -> None:
    lib = open_library()
    stored = http_server.url("/lead.png")
    remote = http_server.url("/inline.png")
    http_server.route("/lead.png", png_bytes(), content_type="image/png")
    http_server.route("/inline.png", png_bytes(), content_type="image/png")
    aid = _article(lib, rich_content(stored, remote))
    lib.storage.content.put_image(aid, stored, png_bytes(320, 180), "image/png")
    view = _view(qtbot, lib)
    view.show_article(aid)
    view.grab()  # lay out and paint everything, images included
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.grab()
    # The stored image is shown (from the content store) at its size, the other is not fetched.
    image = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("gloss-img:0"))
    assert image is not None and image.width() == 320
    for url in (remote, stored, "file:///etc/passwd", "style.css"):
        assert view.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
    view.show_feed_html(aid)
    view.grab()
    assert http_server.requests == []


@pytest.mark.qt_log_ignore("Mouse event .* not accepted")  # QTest's note for a click on plain text
def test_links_open_only_http_in_the_browser(qtbot: Any, open_library: Any, opened_urls: Any) -> None:
    lib = open_library()
    aid = _article(lib, rich_content())
    view = _view(qtbot, lib)
    view.show_article(aid)
    doc = view.document()
    # The javascript: span is plain text; the https one is a link.
    hrefs = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.anchorHref():
                hrefs.append(fmt.anchorHref())
            it += 1
        block = block.next()
    assert hrefs == ["https://example.org/ferry"]
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "relative/page.html"):
        view.anchorClicked.emit(QUrl(url))
    assert opened_urls.urls == []
    # Clicking the real link hands it to the browser; clicking the javascript text does nothing.
    link_pos = view.part_map.to_doc("block:0", 12)
    js_pos = view.part_map.to_doc("block:0", 19)
    for pos in (js_pos, link_pos):
        cursor = QTextCursor(doc)
        cursor.setPosition(pos)
        rect = view.cursorRect(cursor)
        point = QPoint(rect.center().x() + 2, rect.center().y())
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened_urls.urls == ["https://example.org/ferry"]


def test_feed_html_is_shown_as_text_only(qtbot: Any, open_library: Any, http_server: Any) -> None:
    lib = open_library()
    aid = _article(lib, rich_content())
    lib.storage.content.put_feed_html(
        aid,
        f'<p>First <b>para</b> <a href="javascript:alert(1)">click</a></p><script>alert(2)</script>'
        f'<img src="{http_server.url("/pixel.gif")}"><p>Second &amp; last</p>',
    )
    view = _view(qtbot, lib)
    view.show_feed_html(aid)
    view.grab()
    text = view.document().toPlainText()
    assert "First para click" in text and "Second & last" in text
    assert "alert(2)" not in text
    assert view.anchorAt(QPoint(10, 10)) == ""
    assert http_server.requests == []


def test_font_size_keys_and_theme(qtbot: Any, open_library: Any) -> None:
    lib = open_library()
    aid = _article(lib, rich_content())
    view = _view(qtbot, lib)
    view.show_article(aid)
    size = view.font_size
    with qtbot.waitSignal(view.articleRendered):
        view.zoom_in()
    assert view.font_size == size + 1
    assert f"font-size: {size + 1}px" in view.document().defaultStyleSheet()
    view.zoom_reset()
    assert view.font_size == 17
    view.set_dark(True)
    assert "#1e1f22" in view.styleSheet()
    # The part map is rebuilt after each re-render.
    part = view.content.parts()[3]
    start = view.part_map.to_doc(part.id, 0)
    assert document_text(view.document(), start, len(part.text)) == part.text


def test_article_without_content_says_why(qtbot: Any, open_library: Any) -> None:
    lib = open_library()
    [article] = add_feed_with_articles(lib, "feed", "Harbour", 1)
    view = _view(qtbot, lib)
    view.show_article(article.id)
    text = view.document().toPlainText()
    assert article.title in text and "Open original" in text
    assert view.content is None and len(view.part_map) == 0


def test_an_article_read_from_its_feed_says_so_and_keeps_its_parts(qtbot: Any, library: Any) -> None:
    from dataclasses import replace

    aid = _article(library, rich_content())
    [article] = library.articles()
    failed = replace(article, fetch_error="The article page could not be fetched: 404")
    library.storage.meta.put_articles(article.feed_id, [failed])
    library.store_content(aid, replace(rich_content(), title=rich_content().title + "!"), source="feed")
    view = _view(qtbot, library)
    view.show_article(aid)
    text = view.document().toPlainText()
    assert "This is the text the feed gave. The article page could not be fetched: 404" in text
    # The parts are where highlighting expects them, as on a page's text.
    body = rich_content().body[0].text
    assert body in text
    start, end = view.part_map.span("block:0")
    assert document_text(view.document(), start, end - start) == body


def test_a_caption_without_its_image_keeps_the_photos_room(qtbot: Any, open_library: Any) -> None:
    from dataclasses import replace

    from reader.types import Block, Figure

    lib = open_library()
    body = tuple(Block("paragraph", f"Paragraph {n} of the harbour story, long enough to wrap once.") for n in range(3))
    content = replace(
        rich_content(), body=body, figures=(Figure(None, caption="The pier at dawn.", credit="", position=0),)
    )
    aid = _article(lib, content)
    view = _view(qtbot, lib)
    view.show_article(aid)
    doc = view.document()
    layout = doc.documentLayout()

    def text_rect(part: str) -> Any:
        block = doc.findBlock(view.part_map.to_doc(part, 0))
        rect = layout.blockBoundingRect(block)
        fmt = block.blockFormat()
        return rect.top() + fmt.topMargin(), rect.bottom() - fmt.bottomMargin()

    _, above_bottom = text_rect("block:0")
    caption_top, caption_bottom = text_rect("caption:0")
    below_top, _ = text_rect("block:1")
    line = view.fontMetrics().lineSpacing()
    # Set apart from the paragraph it follows (not read as its last line) and from the next.
    assert caption_top - above_bottom >= line
    assert below_top - caption_bottom >= line
