"""The annotating half of the window, timed: highlighting, the notebook, search as you type.

1. Making a highlight: from the H key press in the real reader view to the highlight durable
   in the library (fsynced) and drawn (extra selections set). Goal <= 50 ms.
2. The notebook with 5,000 highlights (500 articles x 10): from constructing the view to its
   first paint. Goal <= 300 ms.
3. Search with 50,000 articles in the index: from the last keystroke to the results shown
   (debounce included), and the query alone on the worker thread. Goal <= 150 ms.

Peer, in the same run: the plain facade call each UI path wraps (``add_highlight``,
``notebook()``, ``search()``), so the ratio says what the UI adds on top of the core.

Run: ``python benchmarks/annotate_ui_bench.py [--articles 50000] [--dir DIR]`` (a library is
built in a temp dir unless ``--dir`` names one built before).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FEEDS = 200
WORDS = [
    "news",
    "harbour",
    "council",
    "vote",
    "river",
    "school",
    "market",
    "policy",
    "energy",
    "health",
    "court",
    "storm",
    "city",
    "minister",
    "report",
    "budget",
    "farmers",
    "museum",
    "rail",
    "bridge",
    "study",
    "climate",
    "election",
    "water",
    "ferry",
    "lighthouse",
    "tunnel",
    "orchard",
]
GOAL_HIGHLIGHT, GOAL_NOTEBOOK, GOAL_SEARCH = 0.050, 0.300, 0.150


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(root: Path, n_articles: int, n_annotated: int = 500, per_article: int = 10) -> None:
    from reader.storage.tiny import TinyStorage
    from reader.types import Article, ArticleContent, Block, ContentVersion, Feed, Highlight, TextPosition, TextQuote

    rng = random.Random(11)
    storage = TinyStorage(root)
    storage.meta.set_folders([])
    now = datetime.now(UTC)
    per_feed = max(n_articles // FEEDS, 1)
    annotated: list[Article] = []
    for f in range(FEEDS):
        fid = f"{f:08x}"
        storage.meta.put_feed(Feed(id=fid, url=f"https://news{f}.example.org/feed.xml", title=f"Feed {f}"))
        batch = [
            Article(
                id=f"{fid}-{i:012x}",
                feed_id=fid,
                guid=f"g{f}-{i}",
                url=f"https://news{f}.example.org/a/{i}",
                title=sentence(rng, 9),
                summary=sentence(rng, 35),
                published=now - timedelta(minutes=rng.randint(0, 90 * 24 * 60)),
            )
            for i in range(per_feed)
        ]
        storage.meta.put_articles(fid, batch)
        annotated += batch[: n_annotated // FEEDS + 1]
    highlights = []
    for a in annotated[:n_annotated]:
        body = tuple(Block("paragraph", sentence(rng, 40)) for _ in range(12))
        content = ArticleContent(title=a.title, bylines=("VOA News",), body=body)
        digest = content.content_hash()
        storage.content.put_version(ContentVersion(a.id, 1, content, digest, now))
        storage.meta.put_articles(a.feed_id, [Article(**{**_fields(a), "content_version": 1})])
        parts = {p.id: p for p in content.parts()}
        for k in range(per_article):
            part = parts[f"block:{k}"]
            highlights.append(
                Highlight(
                    id=f"h{a.id.replace('-', '')}{k}",
                    article_id=a.id,
                    part=part.id,
                    quote=TextQuote(part.text[:40]),
                    position=TextPosition(part.start, part.start + 40),
                    color=("yellow", "green", "blue", "pink", "purple")[k % 5],
                    note=sentence(rng, 12),
                    tags=(rng.choice(WORDS),),
                    made_on_hash=digest,
                    anchored_hash=digest,
                    created=now - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
                )
            )
    storage.user.put_highlights(highlights)
    storage.close()


def _fields(a: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(a, f.name) for f in fields(a)}  # type: ignore[arg-type]


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.library import Library
    from ui.annotate import HighlightController, NotebookView
    from ui.annotate.search import SearchBox
    from ui.articleview.view import ReaderView

    app = QApplication.instance() or QApplication([])
    tmp = None
    root = args.dir
    if root is None or not (root / "library.json").exists():
        if root is None:
            tmp = tempfile.TemporaryDirectory(prefix="gloss-annotate-bench-")
            root = Path(tmp.name) / "library"
        t = time.perf_counter()
        build(root, args.articles)
        print(f"built {args.articles} articles, 500 with content, 5000 highlights in {time.perf_counter() - t:.1f} s")
    lib = Library.open(root, first_run=False)
    t = time.perf_counter()
    added = lib.update_search_index()
    print(f"search index caught up ({added} documents) in {time.perf_counter() - t:.1f} s")

    # --- 1. H to durable and drawn -------------------------------------------------------------
    article_id = lib.highlights()[0].article_id
    view = ReaderView(lib)
    view.resize(900, 1000)
    view.show()
    controller = HighlightController(lib, view)
    view.show_article(article_id)
    view.setFocus()
    app.processEvents()
    key_times: list[float] = []
    facade_times: list[float] = []
    content = view.content
    assert content is not None
    blocks = [p for p in content.parts() if p.id.startswith("block:")]
    for i in range(40):
        part = blocks[i % len(blocks)]
        offset = 45 + (i // len(blocks)) * 12
        a = view.part_map.to_doc(part.id, offset)
        cursor = view.textCursor()
        cursor.setPosition(a)
        cursor.setPosition(a + 10, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        before = len(lib.highlights(article_id))
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_H)
        key_times.append(time.perf_counter() - t)
        assert len(lib.highlights(article_id)) == before + 1, "the key press made no highlight"
        assert controller.doc_range(lib.highlights(article_id)[-1].id) is not None or controller.drawn
        t = time.perf_counter()
        lib.add_highlight(article_id, part.id, offset + 20, offset + 28)
        facade_times.append(time.perf_counter() - t)
    ratio = statistics.median(key_times) / statistics.median(facade_times)
    print(f"highlight: H key to durable + drawn      {ms(key_times)}  goal <= {GOAL_HIGHLIGHT * 1000:.0f} ms")
    print(f"           peer: Library.add_highlight  {ms(facade_times)}  (UI/peer {ratio:.2f}x)")

    # --- 2. the notebook ---------------------------------------------------------------------------
    n_highlights = len(lib.highlights())
    open_times: list[float] = []
    query_times: list[float] = []
    for _ in range(5):
        t = time.perf_counter()
        notebook = NotebookView(lib)
        notebook.resize(1000, 800)
        notebook.show()
        app.processEvents()  # the first paint
        open_times.append(time.perf_counter() - t)
        notebook.close()
        notebook.deleteLater()
        app.processEvents()
        from reader.annotations import NotebookQuery

        t = time.perf_counter()
        lib.notebook(NotebookQuery(order="article"))
        query_times.append(time.perf_counter() - t)
    ratio = statistics.median(open_times) / statistics.median(query_times)
    print(f"notebook: {n_highlights} highlights open  {ms(open_times)}  goal <= {GOAL_NOTEBOOK * 1000:.0f} ms")
    print(f"          peer: Library.notebook()      {ms(query_times)}  (UI/peer {ratio:.2f}x)")

    # --- 3. search as you type ----------------------------------------------------------------------
    box = SearchBox(lib)
    box.show()
    queries = [
        "harbour council",
        "lighthouse",
        "ferry budget",
        "orchard tunnel",
        "climate election water",
        "minister",
        "rail bridge",
        "storm",
    ]
    typed: list[float] = []
    worker: list[float] = []
    peer: list[float] = []
    got: list[float] = []
    box.resultsReady.connect(lambda _q, _h: got.append(time.perf_counter()))
    for q in queries * 2:
        box.clear()
        app.processEvents()
        got.clear()
        box.setText(q[:-1])
        box.setText(q)  # the last keystroke
        last_key = time.perf_counter()
        started: list[float] = []
        box._timer.timeout.connect(lambda s=started: s.append(time.perf_counter()))
        while not got:
            app.processEvents()
            time.sleep(0.0005)
        box._timer.timeout.disconnect()
        box._timer.timeout.connect(box.search_now)
        typed.append(got[0] - last_key)
        if started:
            worker.append(got[0] - started[0])
        t = time.perf_counter()
        lib.search(q, limit=box.limit)
        peer.append(time.perf_counter() - t)
    print(
        f"search ({args.articles} articles): last keystroke to results  {ms(typed)}  "
        f"goal <= {GOAL_SEARCH * 1000:.0f} ms"
    )
    print(f"        of which after the {box._timer.interval()} ms debounce (worker)   {ms(worker)}")
    print(
        f"        peer: Library.search()               {ms(peer)}  (worker/peer "
        f"{statistics.median(worker) / statistics.median(peer):.2f}x)"
    )
    view.close()
    box.close()
    lib.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
