"""Storage benchmark: Gloss's sharded, atomic TinyDB layout against one plain TinyDB file.

Builds a library of 50,000 articles over 200 feeds with 5,000 highlights (over 500
articles that have content), then, each in a fresh child process (so open times and
peak memory are honest):

- open the library and list the 200 newest unread articles   (goal <= 1.0 s)
- mark one article read / star one / save one highlight with a note, p95 over N runs,
  durable on return                                             (goal <= 20 ms each)
- commit one refresh's worth of new articles: 200 feeds x 10    (goal <= 2 s)
- peak memory (ru_maxrss)                                       (goal <= 400 MB)

and the same operations on a plain TinyDB ``JSONStorage`` single file holding the same
data, printing the ratio. Run: ``python benchmarks/storage_bench.py [--articles 50000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(root: Path, n_articles: int, n_highlights: int, seed: int = 7) -> None:
    from reader.storage.records import article_to_dict, highlight_to_record
    from reader.storage.tiny import TinyStorage
    from reader.types import Article, ArticleContent, Block, ContentVersion, Feed, Highlight, TextPosition, TextQuote

    rng = random.Random(seed)
    storage = TinyStorage(root)
    now = datetime.now(UTC)
    per_feed = n_articles // FEEDS
    plain_articles: list[dict[str, Any]] = []
    annotated: list[str] = []
    for f in range(FEEDS):
        fid = f"{f:08x}"
        storage.meta.put_feed(Feed(id=fid, url=f"https://news{f}.example.org/feed.xml", title=f"Feed {f}"))
        batch = []
        for i in range(per_feed):
            a = Article(
                id=f"{fid}-{i:012x}",
                feed_id=fid,
                guid=f"https://news{f}.example.org/a/{i}",
                url=f"https://news{f}.example.org/a/{i}",
                title=sentence(rng, 9),
                summary=sentence(rng, 35),
                authors=("VOA News",),
                published=now - timedelta(minutes=rng.randint(0, 90 * 24 * 60)),
                read=rng.random() < 0.7,
            )
            batch.append(a)
            plain_articles.append(article_to_dict(a))
        storage.meta.put_articles(fid, batch)
        if len(annotated) < n_highlights // 10:
            annotated.extend(a.id for a in batch[: max(1, (n_highlights // 10) // FEEDS + 1)])
    annotated = annotated[: n_highlights // 10]
    plain_highlights = []
    highlights = []
    for aid in annotated:
        body = tuple(Block("paragraph", sentence(rng, 40)) for _ in range(12))
        content = ArticleContent(title=sentence(rng, 8), bylines=("VOA News",), body=body)
        storage.content.put_version(ContentVersion(aid, 1, content, content.content_hash(), now))
        text = content.canonical_text()
        for k in range(10):
            start = text.find(body[k].text)
            h = Highlight(
                id=f"h{aid}{k}",
                article_id=aid,
                part=f"block:{k}",
                quote=TextQuote(body[k].text[:40]),
                position=TextPosition(start, start + 40),
                note=sentence(rng, 20),
                made_on_hash=content.content_hash(),
            )
            highlights.append(h)
            plain_highlights.append(highlight_to_record(h))
    storage.user.put_highlights(highlights)
    storage.close()
    (root / "bench-annotated.json").write_text(json.dumps(annotated))
    # The same data as one plain TinyDB file, for the comparison.
    from tinydb import TinyDB

    plain = TinyDB(root.parent / "plain.json")
    plain.table("articles").insert_multiple(plain_articles)
    plain.table("highlights").insert_multiple(plain_highlights)
    plain.close()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it is not inherited)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def phase_gloss(root: Path, runs: int) -> dict[str, float]:
    from reader.library import Library
    from reader.types import Article

    t0 = time.perf_counter()
    lib = Library.open(root, first_run=False)
    newest = lib.articles(unread=True, limit=200)
    t_open = time.perf_counter() - t0
    assert len(newest) == 200
    rng = random.Random(3)
    ids = [a.id for a in lib.articles(limit=5000)]
    annotated = json.loads((root / "bench-annotated.json").read_text())

    def timed(fn: Any) -> list[float]:
        out = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    t_read = timed(lambda: lib.mark_read(rng.choice(ids), True))
    t_star = timed(lambda: lib.mark_starred(rng.choice(ids), True))
    t_hl = timed(lambda: lib.add_highlight(rng.choice(annotated), "block:3", 0, 30, note="a note " * 10))
    now = datetime.now(UTC)
    t = time.perf_counter()
    for f in range(FEEDS):
        fid = f"{f:08x}"
        batch = [
            Article(
                id=f"{fid}-{900000 + i:012x}",
                feed_id=fid,
                guid=f"new{i}",
                title=f"New {i}",
                summary="x" * 200,
                published=now,
            )
            for i in range(10)
        ]
        lib.storage.meta.put_articles(fid, batch)
    t_commit = time.perf_counter() - t
    lib.close()
    return {
        "open_list_s": t_open,
        "mark_read_p95_ms": p95(t_read),
        "star_p95_ms": p95(t_star),
        "highlight_p95_ms": p95(t_hl),
        "commit_refresh_s": t_commit,
        "peak_mb": peak_mb(),
    }


def phase_plain(root: Path, runs: int) -> dict[str, float]:
    from tinydb import Query, TinyDB

    path = root.parent / "plain.json"
    t0 = time.perf_counter()
    db = TinyDB(path)
    arts = db.table("articles")
    unread = sorted(arts.search(Query().read == False), key=lambda d: d["published"], reverse=True)[:200]  # noqa: E712
    t_open = time.perf_counter() - t0
    assert len(unread) == 200
    rng = random.Random(3)
    ids = [d["id"] for d in unread]

    def timed(fn: Any) -> list[float]:
        out = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    q = Query()
    t_read = timed(lambda: arts.update({"read": True}, q.id == rng.choice(ids)))
    t_star = timed(lambda: arts.update({"starred": True}, q.id == rng.choice(ids)))
    t_hl = timed(lambda: db.table("highlights").insert({"id": str(rng.random()), "note": "a note " * 10}))
    t = time.perf_counter()
    arts.insert_multiple({"id": f"new{i}", "title": "x", "published": "z"} for i in range(FEEDS * 10))
    t_commit = time.perf_counter() - t  # one write for all: the most generous baseline
    db.close()
    return {
        "open_list_s": t_open,
        "mark_read_p95_ms": p95(t_read),
        "star_p95_ms": p95(t_star),
        "highlight_p95_ms": p95(t_hl),
        "commit_refresh_s": t_commit,
        "peak_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--highlights", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=40, help="timed repetitions per operation")
    parser.add_argument("--dir", type=Path, help="reuse/build the library here (default: a temp dir)")
    parser.add_argument("--phase", choices=["gloss", "plain"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        fn = phase_gloss if args.phase == "gloss" else phase_plain
        print(json.dumps(fn(args.dir / "library", args.runs)))
        return

    base = args.dir or Path(tempfile.mkdtemp(prefix="gloss-storage-bench-"))
    root = base / "library"
    if not (root / "bench-annotated.json").exists():
        t = time.perf_counter()
        build(root, args.articles, args.highlights)
        print(
            f"built {args.articles} articles / {args.highlights} highlights in {time.perf_counter() - t:.1f} s "
            f"at {base}"
        )
    results = {}
    for phase, runs in (("gloss", args.runs), ("plain", min(args.runs, 10))):
        out = subprocess.run(
            [sys.executable, __file__, "--phase", phase, "--dir", str(base), "--runs", str(runs)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[phase] = json.loads(out.strip().splitlines()[-1])
    rows = [
        ("open + list 200 newest unread", "open_list_s", "s", 1.0),
        ("mark read, p95", "mark_read_p95_ms", "ms", 20),
        ("star, p95", "star_p95_ms", "ms", 20),
        ("save highlight with note, p95", "highlight_p95_ms", "ms", 20),
        ("commit 200 feeds x 10 new", "commit_refresh_s", "s", 2.0),
        ("peak memory", "peak_mb", "MB", 400),
    ]
    print(f"\n{'operation':34} {'Gloss':>10} {'plain TinyDB':>13} {'ratio':>8} {'goal':>8}  ok")
    for label, key, unit, goal in rows:
        g, p = results["gloss"][key], results["plain"][key]
        ratio = p / g if g else float("inf")
        print(
            f"{label:34} {g:>8.3f}{unit:>2} {p:>11.3f}{unit:>2} {ratio:>7.1f}x {goal:>6}{unit:>2}  "
            f"{'yes' if g <= goal else 'NO'}"
        )
    print(
        f"\n(ratio = plain TinyDB / Gloss; plain commit is ONE insert_multiple of all 2,000 articles, its best case; "
        f"{statistics.mean([args.runs]):.0f} timed runs per Gloss operation)"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
