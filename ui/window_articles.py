"""The open article's commands: read, star, mark all read, the original page and the feed's
own text (a part of :class:`ui.mainwindow.MainWindow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from reader import Article, ReaderError

if TYPE_CHECKING:
    from .mainwindow import MainWindow


# --- read / star ---------------------------------------------------------------------------------


def toggle_read(window: MainWindow) -> None:
    article = window.current_article()
    if article is None:
        return
    updated = window.library.mark_read(article.id, not article.read)
    window.article_model.update_article(updated)
    window._flags_changed(article, updated)
    window.show_status("Marked as read." if updated.read else "Marked as unread.")


def toggle_star(window: MainWindow) -> None:
    article = window.current_article()
    if article is not None:
        window._set_star(article.id, not article.starred)


def _star_clicked(window: MainWindow, article_id: str) -> None:
    try:
        article = window.library.article(article_id)
    except ReaderError:
        return
    window._set_star(article_id, not article.starred)


def _set_star(window: MainWindow, article_id: str, starred: bool) -> None:
    before = window.library.article(article_id)
    updated = window.library.mark_starred(article_id, starred)
    window.article_model.update_article(updated)
    window._flags_changed(before, updated)
    window.show_status("Starred." if starred else "Star removed.")


def _flags_changed(window: MainWindow, before: Article, after: Article) -> None:
    window.feed_model.article_changed(before, after)
    if window._counts_in_flight:
        # The count on its way predates this change: count once more when it lands
        # (one recount for any number of changes, not a scan per opened article).
        window._recount_after = True


def mark_all_read(window: MainWindow) -> None:
    ids = window.article_model.ids()
    changed = window.library.mark_all_read(ids)
    window.article_model.refresh_ids(ids)
    window.update_feeds()
    window.show_status(f"Marked {changed} article{'s' if changed != 1 else ''} as read.")


# --- original and feed text ------------------------------------------------------------------------


def open_original(window: MainWindow) -> None:
    article = window.current_article()
    url = QUrl(article.url) if article and article.url else None
    if url is not None and url.scheme().lower() in ("http", "https"):
        QDesktopServices.openUrl(url)
    else:
        window.show_status("This article has no web page to open.")


def toggle_feed_html(window: MainWindow) -> None:
    aid = window.reader.article_id
    if not aid:
        return
    if window.actions_by_name["showFeedHtml"].isChecked():
        window.reader.show_feed_html(aid)
    else:
        window.reader.show_article(aid)
