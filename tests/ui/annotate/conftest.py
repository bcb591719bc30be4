"""Fixtures for the annotating widgets: a real library with an article, and the real reader view."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.library import Library
from reader.types import Article, ArticleContent, Block, Figure

FEED_URL = "http://127.0.0.1:9/harbour.xml"


def harbour_content(n: int = 0) -> ArticleContent:
    """An article with a byline, a captioned lead photo, body paragraphs and an inline caption."""
    return ArticleContent(
        title=f"Ferry service returns to the harbour {n}",
        bylines=("Ada Lovelace",),
        published="2026-03-02T09:00:00+00:00",
        dateline="PORTSMOUTH",
        body=(
            Block("paragraph", "The ferry crossed the harbour again on Monday, carrying commuters and tourists."),
            Block("paragraph", "Officials said the winter repairs cost more than expected but finished early."),
            Block("paragraph", "Tickets for the old service remain valid until the end of June."),
        ),
        figures=(
            Figure(None, caption="The ferry leaves the pier at dawn.", credit="Photo: Grace Hopper", position=-1),
            Figure(None, caption="Commuters on the upper deck.", credit="Photo: A. Nonymous", position=1),
        ),
    )


def add_articles(
    lib: Library,
    count: int,
    *,
    feed_title: str = "Harbour Times",
    url: str = FEED_URL,
    content: bool = True,
    hours_ago: int = 0,
) -> list[Article]:
    feed = lib.add_feed(url, title=feed_title)
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    articles = [
        Article(
            id=f"{feed.id}-{i:012x}",
            feed_id=feed.id,
            guid=f"g{i}",
            url=f"https://example.org/{i}",
            title=f"Ferry service returns to the harbour {i}",
            published=start - timedelta(hours=i + hours_ago),
        )
        for i in range(count)
    ]
    lib.storage.meta.put_articles(feed.id, articles)
    if content:
        for i, a in enumerate(articles):
            lib.store_content(a.id, harbour_content(i))
    return articles


@pytest.fixture
def article(library: Library) -> Article:
    return add_articles(library, 1)[0]


@pytest.fixture
def make_view(qtbot: Any) -> Callable[[Library], Any]:
    """The real reader view, shown (400x... big enough that the article fits)."""
    from ui.articleview.view import ReaderView

    def maker(lib: Library) -> ReaderView:
        view = ReaderView(lib)
        qtbot.addWidget(view)
        view.resize(760, 900)
        view.show()
        qtbot.waitExposed(view)
        return view

    return maker


@pytest.fixture
def reopen(data_dir: Path) -> Iterator[Callable[[], Library]]:
    """Open the same library again (a restart), closed at the end of the test."""
    opened: list[Library] = []

    def opener() -> Library:
        lib = Library.open(data_dir, first_run=False)
        opened.append(lib)
        return lib

    yield opener
    for lib in opened:
        lib.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot resize top-level widgets to their size hints:
    a note about the headless platform, not about Gloss."""
    for item in items:
        if "tests/ui/annotate/" in str(item.path).replace("\\", "/"):
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "This plugin does not support propagateSizeHints",
                    "This plugin does not support raise",
                    "This plugin does not support grabbing the keyboard",
                )
            )
