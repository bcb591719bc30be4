"""Benchmark: re-anchoring, exporting and full-text search (issue 5 figures).

    /work/venv/bin/python benchmarks/annotations_bench.py [--articles 50000]

Prints a table. Goals: re-anchor 100 highlights on a changed 5,000-word article <= 100 ms;
export 5,000 highlights <= 2 s per format; a search <= 100 ms on 50,000 articles. The search
peer is a TinyDB-style linear scan (``word in text`` over every document) in the same run.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.annotations import anchor_selection, reanchor_all
from reader.annotations.export import (
    ExportItem,
    export_csv,
    export_html,
    export_markdown,
    export_markdown_files,
    export_webanno,
)
from reader.annotations.importing import parse_annotation_collection
from reader.search import SearchIndex
from reader.types import Article, ArticleContent, Block, Feed, Figure, Highlight

ROWS: list[tuple[str, str, str]] = []


def row(what: str, value: str, goal: str = "") -> None:
    ROWS.append((what, value, goal))
    print(f"  {what:<52} {value:>16}  {goal}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


# --- synthetic text -------------------------------------------------------------------------------


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(syllables, k=rng.choice((1, 2, 2, 3, 3, 4)))))
    return sorted(words, key=len)  # short words most frequent, like real text


def word_pool(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(vocab))]  # Zipf-ish
    return rng.choices(vocab, weights=weights, k=n)


def paragraph(rng: random.Random, pool: list[str], words: int) -> str:
    start = rng.randrange(len(pool) - words)
    text = " ".join(pool[start : start + words])
    return text[0].upper() + text[1:] + "."


# --- re-anchoring -----------------------------------------------------------------------------------


def bench_reanchor(rng: random.Random, pool: list[str]) -> None:
    paras = [paragraph(rng, pool, 60) for _ in range(84)]  # ~5,000 words
    content = ArticleContent(title="A long article", body=tuple(Block("paragraph", p) for p in paras))
    highlights = []
    for i in range(100):
        n = rng.randrange(len(paras))
        words = paras[n].split(" ")
        a = rng.randrange(len(words) - 15)
        b = a + rng.randint(3, 15)
        start = len(" ".join(words[:a])) + (1 if a else 0)
        end = len(" ".join(words[:b]))
        quote, pos = anchor_selection(content, f"block:{n}", start, end)
        highlights.append(Highlight(f"h{i}", "a", f"block:{n}", quote, pos))
    new = list(paras)
    for _ in range(5):
        new.insert(rng.randrange(len(new)), paragraph(rng, pool, 50))
    for _ in range(2):
        del new[rng.randrange(len(new))]
    for _ in range(200):  # word edits anywhere, many inside highlighted passages
        i = rng.randrange(len(new))
        words = new[i].split(" ")
        j = rng.randrange(len(words))
        words[j] = rng.choice((words[j] + "s", "", rng.choice(pool), words[j][::-1]))
        new[i] = " ".join(w for w in words if w)
    changed = ArticleContent(title="A long article", body=tuple(Block("paragraph", p) for p in new))
    digest = changed.content_hash()
    times = []
    for _ in range(7):
        t = time.perf_counter()
        out = reanchor_all(highlights, changed, content_hash=digest)
        times.append(time.perf_counter() - t)
    states = {s: sum(1 for h in out if h.state == s) for s in ("anchored", "moved", "orphaned")}
    words = sum(len(p.split()) for p in paras)
    row(f"re-anchor 100 highlights, {words}-word article (median)", ms(statistics.median(times)), "goal <= 100 ms")
    row("  anchored / moved / orphaned", f"{states['anchored']}/{states['moved']}/{states['orphaned']}")
    canonical = changed.canonical_text()
    survived = sum(1 for h in highlights if h.quote.exact in canonical)
    row(
        "  quotes surviving verbatim / found at that text", f"{survived}/{sum(1 for h in out if h.state != 'orphaned')}"
    )


# --- export -----------------------------------------------------------------------------------------


def bench_export(rng: random.Random, pool: list[str]) -> None:
    feed = Feed(id="feed1", url="https://example.org/feed.xml", title="Example: News")
    items = []
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for a in range(500):
        paras = [paragraph(rng, pool, 60) for _ in range(10)]
        content = ArticleContent(
            title=f'Story {a}: "{pool[a]}" & more',
            bylines=("Jane Doe",),
            url=f"https://example.org/news/{a}.html",
            body=tuple(Block("paragraph", p) for p in paras),
            figures=(Figure("x.jpg", caption=paragraph(rng, pool, 12), credit="AP", position=0),),
        )
        article = Article(
            id=f"feed1-{a:012x}",
            feed_id="feed1",
            guid=str(a),
            url=content.url,
            title=content.title,
            published=base + timedelta(hours=a),
        )
        hs = []
        for i in range(10):
            part = "caption:0" if i == 0 else f"block:{rng.randrange(10)}"
            text = content.figures[0].caption if i == 0 else paras[int(part[6:])]
            s = rng.randrange(len(text) // 2)
            quote, pos = anchor_selection(content, part, s, min(len(text), s + rng.randint(20, 120)))
            hs.append(
                Highlight(
                    f"h{a}-{i}",
                    article.id,
                    part,
                    quote,
                    pos,
                    note=f"=note {i} with *markdown*",
                    tags=("kenya", f"t{i % 3}"),
                    created=base + timedelta(minutes=a * 10 + i),
                )
            )
        items.append(ExportItem(article, feed, content, tuple(hs)))
    writers: list[tuple[str, Callable[[], object]]] = [
        ("Markdown, one file", lambda: export_markdown(items)),
        ("Markdown, one file per article", lambda: export_markdown_files(items)),
        ("Web Annotation JSON", lambda: export_webanno(items)),
        ("HTML", lambda: export_html(items)),
        ("CSV (Readwise)", lambda: export_csv(items)),
    ]
    for name, fn in writers:
        t = time.perf_counter()
        fn()
        row(f"export 5,000 highlights: {name}", ms(time.perf_counter() - t), "goal <= 2 s")
    data = export_webanno(items).encode()
    t = time.perf_counter()
    parsed = parse_annotation_collection(data)
    row(f"import (validate) {len(parsed)} annotations, {len(data) // 2**20} MiB JSON", ms(time.perf_counter() - t))


# --- search -------------------------------------------------------------------------------------------


def article_text(i: int, pool: list[str]) -> tuple[str, str, str]:
    rng = random.Random(i)
    title = paragraph(rng, pool, 8)
    body = "\n".join(paragraph(rng, pool, 60) for _ in range(10))  # ~600 words
    captions = paragraph(rng, pool, 15) if i % 3 == 0 else ""
    return title, body, captions


def bench_search(pool: list[str], vocab: list[str], n_articles: int, directory: Path) -> None:
    gc.collect()
    rss_before = rss_mb()
    t_add = t_flush = 0.0
    batch = 2000
    flush_times = []
    with SearchIndex.open(directory) as ix:
        for start in range(0, n_articles, batch):
            texts = [article_text(i, pool) for i in range(start, min(start + batch, n_articles))]
            t = time.perf_counter()
            for k, (title, body, captions) in enumerate(texts):
                ix.add_article(
                    f"feed{(start + k) % 20}-{start + k:012x}", title, body, captions, f"feed{(start + k) % 20}"
                )
            t_add += time.perf_counter() - t
            t = time.perf_counter()
            ix.flush()
            flush_times.append(time.perf_counter() - t)
        rng = random.Random(5)
        for h in range(5000):
            ix.add_highlight(
                f"hl{h}", f"feed0-{h * 7:012x}", paragraph(rng, pool, 12), paragraph(rng, pool, 8), ["kenya"]
            )
        t = time.perf_counter()
        ix.flush()
        flush_times.append(time.perf_counter() - t)
    t_flush = sum(flush_times)
    size = sum(p.stat().st_size for p in directory.iterdir())
    row(
        f"index {n_articles:,} articles + 5,000 highlights: add",
        f"{t_add:.1f} s",
        f"{t_add / n_articles * 2000 * 1000:.0f} ms per 2,000",
    )
    row("  flushes (incl. merges), total / worst one", f"{t_flush:.1f} s / {max(flush_times):.2f} s")
    row("  index on disk", f"{size / 2**20:.0f} MiB", f"{len(list(directory.iterdir())) - 1} segments")
    t = time.perf_counter()
    ix = SearchIndex.open(directory)
    row("open (verify checksums, load term tables)", ms(time.perf_counter() - t))
    ix.close()
    tracemalloc.start()
    ix = SearchIndex.open(directory)
    ix.search(vocab[0])  # the per-segment length norms are built on the first query
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    row("  memory held by the open index (tracemalloc)", f"{held / 2**20:.0f} MiB")
    rng = random.Random(9)
    queries: list[str] = []
    for _ in range(40):
        queries.append(rng.choice(vocab[5000:30000]))  # rare word
    for _ in range(20):
        queries.append(rng.choice(vocab[200:3000]))  # medium word
    for _ in range(20):
        queries.append(f"{rng.choice(vocab[100:2000])} {rng.choice(vocab[500:5000])}")
    for _ in range(10):
        queries.append(rng.choice(vocab[:20]))  # very common word
    for _ in range(10):
        queries.append(f"{rng.choice(vocab[:50])} {rng.choice(vocab[50:500])} {rng.choice(vocab[1000:9000])}")
    times = []
    hits = 0
    for q in queries:
        t = time.perf_counter()
        hits += len(ix.search(q))
        times.append(time.perf_counter() - t)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
    row(f"search, {len(queries)} queries: p50", ms(p50), "goal <= 100 ms")
    row("  p95 / max", f"{ms(p95)} / {ms(times[-1])}")
    ix.close()
    row(
        "peak RSS after index build and queries",
        f"{peak_mb():.0f} MiB",
        f"process; {rss_before:.0f} MiB before indexing",
    )

    # Peer: what TinyDB's Query().body.search / a Python scan does: every document, every query.
    docs = []
    for i in range(n_articles):
        title, body, captions = article_text(i, pool)
        docs.append({"title": title.lower(), "body": body.lower(), "captions": captions.lower()})
    peer_times = []
    for q in queries[:: max(1, len(queries) // 10)]:
        words = q.lower().split()
        t = time.perf_counter()
        found = [d for d in docs if all(w in d["title"] or w in d["body"] or w in d["captions"] for w in words)]
        peer_times.append(time.perf_counter() - t)
        del found
    peer_p50 = sorted(peer_times)[len(peer_times) // 2]
    row("peer: linear scan with `in` (TinyDB-style), p50", ms(peer_p50), "no ranking, no snippets")
    row("ratio peer p50 / Gloss p50", f"{peer_p50 / p50:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(1)
    vocab = make_vocabulary(rng, 40_000)
    pool = word_pool(rng, vocab, 400_000)
    print(f"{'what':<54} {'value':>16}  goal / note")
    bench_reanchor(rng, pool)
    bench_export(rng, pool)
    with tempfile.TemporaryDirectory(prefix="gloss-search-bench-") as tmp:
        bench_search(pool, vocab, args.articles, Path(tmp))


if __name__ == "__main__":
    main()
