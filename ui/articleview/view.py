"""The reader: an article's cleaned content in a QTextBrowser that never touches the network.

Images come only from the library's content store: the HTML names them ``gloss-img:<n>``
(the figure index) and :meth:`ReaderView.loadResource` answers those from
``Library.image``; every other resource request (http, file, relative) gets nothing.
Links never navigate the view: ``anchorClicked`` hands http(s) links to the system
browser and ignores the rest (``javascript:``, ``file:``, ``data:``...).

For the annotation half: after each render, :attr:`part_map` maps the article's parts to
document positions and :attr:`articleRendered` is emitted with the article id (also after
a re-render for a font or theme change, so highlights can be drawn again).
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QResizeEvent, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from reader import DATE_SOURCE_WORDS, ArticleContent, Enclosure, Library, ReaderError

from . import render
from .feedhtml import feed_html_to_html
from .partmap import PartMap

MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 9, 40, 17


class ReaderView(QTextBrowser):
    """Shows one article. Public state: :attr:`article_id`, :attr:`content`, :attr:`part_map`."""

    articleRendered = Signal(str)
    fontSizeChanged = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.article_id: str | None = None
        self.content: ArticleContent | None = None
        self.part_map: PartMap = PartMap.empty()
        self.mode = "empty"  # "article", "feed", "message", "empty"
        self._images: dict[int, QImage] = {}
        self._colors = render.LIGHT
        settings = library.settings()
        self._font_size = settings.font_size
        self._font_family = settings.font_family
        self._column = 640
        self.setObjectName("readerView")
        self.setAccessibleName("Article")
        self.setAccessibleDescription("The text of the selected article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.anchorClicked.connect(self._open_link)
        self._apply_stylesheet()
        self.show_message("Gloss", "Choose an article to read it here.")

    # --- what is shown ---------------------------------------------------------------------

    def show_article(self, article_id: str) -> None:
        """Render the stored content of ``article_id`` (or say why there is none)."""
        self.article_id = article_id
        try:
            article = self.library.article(article_id)
            version = self.library.content(article_id)
        except ReaderError as exc:
            self._show(render.render_message("This article is not available", str(exc)), None, "message")
            return
        thumbnail = self._load_thumbnail(article_id, article.media)
        if version is None:
            self._images = {render.THUMBNAIL_INDEX: thumbnail} if thumbnail is not None else {}
            why = article.fetch_error or "Gloss has not fetched this article's page yet."
            text = (article.summary + "\n\n" if article.summary else "") + why
            notice = "Use “Open original” (O) to read it on the web, or “Show as the feed gave it”."
            files = render.media_html(article.media, _size(thumbnail))
            page = render.render_message(article.title or "Untitled", text, notice=notice, media=files)
            self._show(page, None, "message")
            return
        content = version.content
        self._images = self._load_images(article_id, content)
        if thumbnail is not None and not self._images:  # a lead photo of its own wins
            self._images[render.THUMBNAIL_INDEX] = thumbnail
        else:
            thumbnail = None
        sizes = {i: (img.width(), img.height()) for i, img in self._images.items()}
        site = ""
        with contextlib.suppress(ReaderError):
            site = self.library.feed(article.feed_id).display_title
        files = render.media_html(article.media, _size(thumbnail))
        page = render.render_article(
            content,
            images=sizes,
            column=self._column,
            article_date=article.date,
            date_words=DATE_SOURCE_WORDS[article.date_source],
            site_name=site,
            media=files,
            notice=source_notice(version.source, article.fetch_error),
        )
        self._show(page, content, "article")

    def show_feed_html(self, article_id: str) -> None:
        """The entry as the feed gave it, sanitised to plain paragraphs (nothing is fetched)."""
        self.article_id = article_id
        try:
            article = self.library.article(article_id)
            raw = self.library.feed_html(article_id)
        except ReaderError as exc:
            self._show(render.render_message("This article is not available", str(exc)), None, "message")
            return
        self._images = {}
        self._show(feed_html_to_html(article.title, raw or article.summary), None, "feed")

    def show_message(self, title: str, text: str) -> None:
        self.article_id = None
        self._images = {}
        self._show(render.render_message(title, text), None, "empty")

    def rerender(self) -> None:
        """Render the current article again (font size, theme or width changed)."""
        scroll = self.verticalScrollBar().value()
        if self.mode == "article" and self.article_id:
            self.show_article(self.article_id)
        elif self.mode == "feed" and self.article_id:
            self.show_feed_html(self.article_id)
        else:
            self._apply_stylesheet()
        self.verticalScrollBar().setValue(scroll)

    def _show(self, page: str, content: ArticleContent | None, mode: str) -> None:
        self.mode = mode
        self.content = content
        self.document().clear()
        self._apply_stylesheet()
        self.setHtml(page)
        self._apply_margins()
        self.part_map = PartMap.build(self.document(), content) if content is not None else PartMap.empty()
        self.verticalScrollBar().setValue(0)
        if mode in ("article", "feed", "message") and self.article_id:
            self.articleRendered.emit(self.article_id)

    # --- images: only from the content store -------------------------------------------------

    def _load_images(self, article_id: str, content: ArticleContent) -> dict[int, QImage]:
        images: dict[int, QImage] = {}
        for i, fig in enumerate(content.figures):
            if not fig.src:
                continue
            try:
                stored = self.library.image(article_id, fig.src)
            except ReaderError:
                stored = None
            if stored is None:
                continue
            image = QImage()
            if image.loadFromData(QByteArray(stored[0])) and not image.isNull():
                images[i] = image
        return images

    def _load_thumbnail(self, article_id: str, media: tuple[Enclosure, ...]) -> QImage | None:
        """The entry's first thumbnail, if the refresh stored it (it is never fetched here)."""
        for item in media:
            if item.kind != "thumbnail":
                continue
            try:
                stored = self.library.image(article_id, item.url)
            except ReaderError:
                stored = None
            image = QImage()
            if stored is not None and image.loadFromData(QByteArray(stored[0])) and not image.isNull():
                return image
        return None

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Answer ``gloss-img:<n>`` from the images loaded for this article; nothing else."""
        qurl = url if isinstance(url, QUrl) else QUrl(url)
        if kind == int(QTextDocument.ResourceType.ImageResource.value) and qurl.scheme() == render.IMAGE_SCHEME:
            try:
                index = int(qurl.path())
            except ValueError:
                return None
            return self._images.get(index)
        return None  # http, https, file, relative paths, stylesheets: never loaded

    # --- links ---------------------------------------------------------------------------------

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in ("http", "https") and url.host():
            QDesktopServices.openUrl(url)
        # javascript:, file:, data:, mailto: and relative links do nothing, on purpose.

    # --- look ------------------------------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        self._colors = render.DARK if dark else render.LIGHT
        self.rerender()

    @property
    def dark(self) -> bool:
        return self._colors is render.DARK

    @property
    def font_size(self) -> int:
        return self._font_size

    def set_font(self, size: int, family: str | None = None) -> None:
        size = min(max(size, MIN_SIZE), MAX_SIZE)
        changed = size != self._font_size or (family is not None and family != self._font_family)
        self._font_size = size
        if family is not None:
            self._font_family = family
        if changed:
            self.rerender()
            self.fontSizeChanged.emit(size)

    def zoom_in(self) -> None:
        self.set_font(self._font_size + 1)

    def zoom_out(self) -> None:
        self.set_font(self._font_size - 1)

    def zoom_reset(self) -> None:
        self.set_font(DEFAULT_SIZE)

    def _apply_stylesheet(self) -> None:
        c = self._colors
        self.document().setDefaultStyleSheet(render.stylesheet(c, self._font_size, self._font_family))
        self.setStyleSheet(f"QTextBrowser#readerView {{ background-color: {c.bg}; color: {c.fg}; }}")

    # --- a measured line length -------------------------------------------------------------------

    def measure(self) -> int:
        """The text column's width in pixels: about 70 characters of body text."""
        return round(self._font_size * 36)

    def characters_per_line(self) -> float:
        """The median length, in characters, of the body text's full lines as laid out now
        (the last line of each paragraph, usually short, is left out): the measure a reader
        sees. 0 when nothing is laid out."""
        import statistics

        lengths: list[int] = []
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            count = layout.lineCount() if layout is not None else 0
            lengths.extend(layout.lineAt(i).textLength() for i in range(count - 1))
            block = block.next()
        return float(statistics.median(lengths)) if lengths else 0.0

    def _apply_margins(self) -> None:
        width = self.viewport().width()
        column = min(self.measure(), max(width - 48, 200))
        side = max((width - column) // 2, 24)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() == side and fmt.rightMargin() == side and column == self._column:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(32)
        fmt.setBottomMargin(48)
        root.setFrameFormat(fmt)
        if column != self._column:
            self._column = column
            self._resize_images(column)

    def _resize_images(self, column: int) -> None:
        """Fit images to the new column without re-rendering (positions stay the same)."""
        doc = self.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if fmt.isImageFormat():
                    img_fmt = fmt.toImageFormat()
                    url = QUrl(img_fmt.name())
                    index = int(url.path()) if url.path().isdigit() else None
                    image = self._images.get(index) if index is not None else None
                    if image is not None:
                        width = min(
                            image.width(), render.THUMBNAIL_WIDTH if index == render.THUMBNAIL_INDEX else column
                        )
                        img_fmt.setWidth(width)
                        img_fmt.setHeight(width * image.height() / max(image.width(), 1))
                        self._set_image_format(frag.position(), img_fmt)
                it += 1
            block = block.next()

    def _set_image_format(self, position: int, fmt: QTextImageFormat) -> None:
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_margins()

    def sizeHint(self) -> QSize:
        return QSize(720, 600)

    # --- where the reader is ---------------------------------------------------------------------

    def scroll_fraction(self) -> float:
        """How far down the article the view is, 0 to 1 (kept across restarts)."""
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def restore_scroll(self, fraction: object) -> None:
        """Scroll to a :meth:`scroll_fraction` saved earlier (once the article is laid out)."""
        try:
            value = min(max(float(fraction), 0.0), 1.0)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return
        self.document().documentLayout().documentSize()  # lay the whole document out now
        bar = self.verticalScrollBar()
        bar.setValue(round(value * bar.maximum()))

    # --- paging ------------------------------------------------------------------------------------

    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum()

    def page_down(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep() - 40)


def source_notice(source: str, fetch_error: str | None) -> str:
    """What the reader says when the text shown is the feed's, not the article page's."""
    if source != "feed":
        return ""
    why = fetch_error or "Gloss does not fetch article pages for this library (Settings)."
    return f"This is the text the feed gave. {why} Use “Open original” (O) to read the page on the web."


def _size(image: QImage | None) -> tuple[int, int] | None:
    return (image.width(), image.height()) if image is not None else None
