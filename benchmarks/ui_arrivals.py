"""The two ui_bench figures of issue 15, on the benchmark's 50,000-article library and its
feed server on 127.0.0.1 (see ``benchmarks/ui_bench.py``, which calls :func:`measure`):

* a slow feed (its pages take :data:`PAGE_DELAY_MS` each, two at a time): how soon its first
  article is in the list once the feed is stored, and how soon an article open in the
  reader shows its text once its page is stored (goal <= 1 s after its page is stored);
* Cancel to idle: a refresh whose pages the server holds for a minute, cancelled while
  they are in flight, until the window is idle again (goal <= 1 s).

The server's routes: ``/slowfeed/<k>/<delay>.xml`` (ten items) and
``/slowpage/<delay>/<k>/<i>.html`` (answered after ``delay`` ms).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

GOAL_ARRIVAL, GOAL_CANCEL = 1.0, 1.0
PAGE_DELAY_MS = 1500
HOLD_MS = 60_000
ITEMS = 10


def answer(parts: list[str], base: str) -> tuple[bytes, str] | None:
    """The slow routes (called on the server's request thread; may sleep)."""
    if parts[0] == "slowfeed":
        k, delay = int(parts[1]), int(parts[2].split(".")[0])
        items = "".join(
            f"<item><title>Slow story {i} of slow feed {k}</title><link>{base}/slowpage/{delay}/{k}/{i}.html</link>"
            f"<guid>slow/{k}/{i}</guid><pubDate>Tue, 03 Mar 2026 0{i % 10}:00:00 GMT</pubDate>"
            f"<description>A slow story, number {i}.</description></item>"
            for i in range(ITEMS)
        )
        xml = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow feed {k}</title>'
            f"<link>{base}/</link><description>slow</description>{items}</channel></rss>"
        )
        return xml.encode(), "application/rss+xml"
    if parts[0] == "slowpage":
        delay, k, i = int(parts[1]), int(parts[2]), int(parts[3].split(".")[0])
        time.sleep(delay / 1000)
        paras = "".join(
            f"<p>Paragraph {n} of slow story {i}: the council met to decide the future of the crossing, "
            "and residents filled the hall to hear the engineers.</p>"
            for n in range(10)
        )
        page = f"<html><body><article><h1>Slow story {i} of slow feed {k}</h1>{paras}</article></body></html>"
        return page.encode(), "text/html"
    return None


def _add_feed(lib: Any, base: str, k: int, delay: int) -> Any:
    from reader.types import Feed

    feed = Feed(id=f"slow{k:06d}", url=f"{base}/slowfeed/{k}/{delay}.xml", title=f"Slow feed {k}")
    lib.storage.meta.put_feed(feed)
    return feed


def _wait(app: Any, done: Callable[[], bool], limit: float = 120.0) -> None:
    end = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def _record_stored(lib: Any) -> tuple[dict[str, float], Callable[[], None]]:
    """When each article's text was stored (perf_counter, on the refresh's threads)."""
    content = lib.storage.content
    original = content.put_version
    stored: dict[str, float] = {}

    def put_version(version: Any) -> Any:
        result = original(version)
        stored.setdefault(version.article_id, time.perf_counter())
        return result

    content.put_version = put_version
    return stored, lambda: setattr(content, "put_version", original)


def measure_arrivals(app: Any, window: Any, lib: Any, base: str) -> None:
    feed = _add_feed(lib, base, 1, PAGE_DELAY_MS)
    window.feed_model.reload()
    window.feed_tree.select_key("smart", "all")
    _wait(app, lambda: window.article_model.rowCount() > 0)
    listed_before = set(window.article_model.ids())
    stored, restore = _record_stored(lib)
    finished: list[object] = []
    window.refreshFinished.connect(finished.append)
    started = time.perf_counter()
    window.refresh([feed.id])

    def first_row() -> str | None:
        return next((aid for aid in window.article_model.ids() if aid not in listed_before), None)

    _wait(app, lambda: first_row() is not None)
    window.article_table.viewport().repaint()
    row_at = time.perf_counter()
    aid = first_row()
    assert aid is not None
    window.select_article(aid)  # its page is still on its way: the reader says so
    opened_at = time.perf_counter()
    _wait(app, lambda: window.reader.mode == "article" and window.reader.article_id == aid)
    window.reader.viewport().repaint()
    text_at = time.perf_counter()
    _wait(app, lambda: bool(finished))
    restore()
    page_at = stored.get(aid)
    print(
        f"slow feed (pages {PAGE_DELAY_MS / 1000:.1f} s each): its first article listed {row_at - started:.2f} s "
        f"after Refresh, before any of its pages came"
        + (f" ({page_at - row_at:.2f} s before its own page was stored)" if page_at else "")
    )
    if page_at is not None:
        late = text_at - max(page_at, opened_at)
        print(
            f"an open article's text shown {late * 1000:.0f} ms after its page was stored "
            f"(goal <= {GOAL_ARRIVAL:.0f} s; late/goal {late / GOAL_ARRIVAL:.2f})"
        )
    _forget(lib, feed.id)


def measure_cancel(app: Any, window: Any, lib: Any, base: str) -> None:
    feeds = [_add_feed(lib, base, k, HOLD_MS) for k in range(2, 6)]
    window.feed_model.reload()
    finished: list[object] = []
    window.refreshFinished.connect(finished.append)
    pages: list[int] = []
    window.refresher.box.bar.valueChanged.connect(pages.append)
    window.refresh([f.id for f in feeds])
    # Cancel once pages are in flight: the feeds' articles are listed, their pages asked for.
    _wait(app, lambda: "page" in window.progress_label.toolTip())
    time.sleep(0.3)
    app.processEvents()
    clicked = time.perf_counter()
    window.cancel_button.click()
    _wait(app, lambda: bool(finished) and not window.refresh_box.isVisible())
    idle = time.perf_counter() - clicked
    print(
        f"Cancel to idle, {len(feeds)} feeds with their pages held {HOLD_MS // 1000} s by the server: "
        f"{idle * 1000:.0f} ms (goal <= {GOAL_CANCEL:.0f} s; idle/goal {idle / GOAL_CANCEL:.2f})"
    )
    for feed in feeds:
        _forget(lib, feed.id)


def _forget(lib: Any, feed_id: str) -> None:
    """Put the library back as it was (the next run measures the same)."""
    lib.storage.meta.delete_articles(feed_id, [a.id for a in lib.storage.meta.iter_articles(feed_id)])
    lib.storage.meta.delete_feed(feed_id)


def measure(app: Any, window: Any, lib: Any, base: str) -> None:
    """Both figures (the window idle, the server running)."""
    from PySide6.QtCore import QThreadPool

    before = lib.settings().fetch_full_articles
    lib.update_settings(fetch_full_articles=True)  # the pages are what is slow
    try:
        _wait(app, lambda: not QThreadPool.globalInstance().activeThreadCount())
        measure_arrivals(app, window, lib, base)
        _wait(app, lambda: not QThreadPool.globalInstance().activeThreadCount())
        measure_cancel(app, window, lib, base)
    finally:
        lib.update_settings(fetch_full_articles=before)
