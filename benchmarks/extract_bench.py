"""Article extraction benchmark: Gloss against trafilatura, same pages, same run.

Reads ``../shared/eval-corpus`` (override with ``GLOSS_EVAL_CORPUS`` or the first
argument). Skips gracefully when the corpus (or trafilatura) is absent.

Both extractors run page by page, interleaved, so that they meet the same machine load.
Body scoring is the Zyte article-extraction-benchmark method: tokens are ``\\w+``
matches (lower-cased), each text a multiset of overlapping 4-token shingles; per page
precision and recall from the shared shingles; corpus P and R are means over pages, F1
their harmonic mean. A truth caption is found when a returned caption matches it at
token F1 >= 0.8; it has leaked when a body block matches it (token F1 >= 0.8) or holds
it whole. An author is found when a returned byline matches it (token F1 >= 0.8); an
author name has leaked when a short body block (< 100 characters) contains it.

    /work/venv/bin/python benchmarks/extract_bench.py [CORPUS_DIR]
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent / ".." / "shared" / "eval-corpus"
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def precision_recall(pred: str, truth: str) -> tuple[float, float]:
    p, t = shingles(pred), shingles(truth)
    if not t:
        return (1.0 if not p else 0.0), 1.0
    if not p:
        return 0.0, 0.0
    common = sum((p & t).values())
    return common / sum(p.values()), common / sum(t.values())


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta or not tb:
        return 0.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Page:
    set: str
    id: str
    html: bytes
    url: str | None
    body: str
    captions: list[str] = field(default_factory=list)
    authors: list[str] | None = None


@dataclass
class Result:
    body: str
    blocks: list[str]
    captions: list[str] | None  # None: the extractor does not return captions
    authors: list[str]
    ms: float


def load(corpus: Path) -> list[Page]:
    pages: list[Page] = []
    zyte = corpus / "zyte"
    if (zyte / "ground-truth.json").exists():
        truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
        for pid, t in sorted(truth.items()):
            path = zyte / "html" / f"{pid}.html.gz"
            if path.exists():
                pages.append(Page("zyte", pid, gzip.decompress(path.read_bytes()), t.get("url"), t["articleBody"]))
    fundus = corpus / "fundus"
    if (fundus / "truth.json").exists():
        truth = json.loads((fundus / "truth.json").read_text(encoding="utf-8"))
        for pid, t in sorted(truth.items()):
            path = fundus / "html" / f"{pid}.html.gz"
            if path.exists():
                pages.append(
                    Page(
                        "fundus",
                        pid,
                        gzip.decompress(path.read_bytes()),
                        t.get("url"),
                        "\n".join(t.get("body") or []),
                        list(t.get("captions") or []),
                        list(t.get("authors") or []),
                    )
                )
    voa = corpus / "voa"
    for tpath in sorted((voa / "truth").glob("*.json")) if (voa / "truth").exists() else []:
        t = json.loads(tpath.read_text(encoding="utf-8"))
        html_path = voa / t["html"]
        if html_path.exists():
            pages.append(
                Page(
                    "voa",
                    t["id"],
                    html_path.read_bytes(),
                    t.get("url"),
                    "\n".join(t["body"]),
                    [c["text"] for c in t.get("captions", [])],
                    list(t.get("bylines") or []),
                )
            )
    return pages


def run_gloss(page: Page) -> Result:
    from reader.extract import extract

    start = time.perf_counter()
    content = extract(page.html, page.url)
    ms = (time.perf_counter() - start) * 1000
    blocks = [b.text for b in content.body]
    return Result(
        "\n".join(blocks), blocks, [f.caption for f in content.figures if f.caption], list(content.bylines), ms
    )


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    start = time.perf_counter()
    doc = trafilatura.bare_extraction(page.html, url=page.url, include_comments=False, with_metadata=True)
    ms = (time.perf_counter() - start) * 1000
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    author = (getattr(doc, "author", None) or "") if doc is not None else ""
    authors = [a.strip() for a in re.split(r";|,| and ", author) if a.strip()]
    return Result(text, [line for line in text.splitlines() if line.strip()], None, authors, ms)


@dataclass
class Scores:
    p: dict[str, list[float]] = field(default_factory=dict)
    r: dict[str, list[float]] = field(default_factory=dict)
    captions_total: int = 0
    captions_found: int = 0
    captions_leaked: int = 0
    authors_total: int = 0
    authors_found: int = 0
    authors_leaked: int = 0
    ms: list[float] = field(default_factory=list)
    worst: list[tuple[float, str]] = field(default_factory=list)


def run_all(pages: list[Page], runners: list[Callable[[Page], Result]]) -> list[list[Result]]:
    """Every runner on every page, interleaved page by page: on a shared machine the load
    changes over a run, and both extractors should meet the same load (fair timing)."""
    results: list[list[Result]] = [[] for _ in runners]
    for page in pages:
        for i, runner in enumerate(runners):
            results[i].append(runner(page))
    return results


def score(pages: list[Page], results: list[Result]) -> Scores:
    s = Scores()
    for page, res in zip(pages, results, strict=True):
        s.ms.append(res.ms)
        p, r = precision_recall(res.body, page.body)
        s.p.setdefault(page.set, []).append(p)
        s.r.setdefault(page.set, []).append(r)
        s.worst.append((f1(p, r), f"{page.set}/{page.id} P={p:.2f} R={r:.2f}"))
        truth_body_keys = " ".join(tokens(page.body))
        for cap in page.captions:
            if not tokens(cap):
                continue
            s.captions_total += 1
            if res.captions and any(token_f1(cap, c) >= 0.8 for c in res.captions):
                s.captions_found += 1
            key = " ".join(tokens(cap))
            if len(key.split()) >= 4 and key in truth_body_keys:
                continue  # the page's own text repeats the caption: not a leak
            if any(token_f1(cap, b) >= 0.8 or (len(key) > 20 and key in " ".join(tokens(b))) for b in res.blocks):
                s.captions_leaked += 1
        for author in page.authors or []:
            s.authors_total += 1
            if any(token_f1(author, a) >= 0.8 for a in res.authors):
                s.authors_found += 1
            akey = " ".join(tokens(author))
            if akey and any(len(b) < 100 and akey in " ".join(tokens(b)) for b in res.blocks):
                s.authors_leaked += 1
    return s


def _prf(s: Scores, name: str) -> tuple[float, float, float]:
    if name not in s.p:
        return 0.0, 0.0, 0.0
    p, r = statistics.mean(s.p[name]), statistics.mean(s.r[name])
    return p, r, f1(p, r)


def _pct(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a"


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("-")]
    corpus = Path(args[0] if args else os.environ.get("GLOSS_EVAL_CORPUS", DEFAULT_CORPUS))
    if not corpus.exists():
        print(f"eval corpus not found at {corpus}: skipping the benchmark")
        return 0
    sys.path.insert(0, str(HERE.parent))
    pages = load(corpus)
    if not pages:
        print(f"no pages with truth under {corpus}: skipping")
        return 0
    try:
        import trafilatura  # noqa: F401

        have_trafilatura = True
    except ImportError:
        print("trafilatura is not installed (pip install '.[bench]'): Gloss only")
        have_trafilatura = False
    # Warm both up (imports, rule loading) so the first page's time is not an outlier.
    run_gloss(pages[0])
    if have_trafilatura:
        run_trafilatura(pages[0])
    runners: list[Callable[[Page], Result]] = [run_gloss, run_trafilatura] if have_trafilatura else [run_gloss]
    results = run_all(pages, runners)
    g = score(pages, results[0])
    t = score(pages, results[1]) if have_trafilatura else None
    print(f"{len(pages)} pages from {corpus.resolve()}")
    print(f"{'metric':34} {'gloss':>22} {'trafilatura':>22}  goal")
    for name, goal in (("zyte", "> trafilatura"), ("fundus", "> trafilatura"), ("voa", "")):
        gp = _prf(g, name)
        tp = _prf(t, name) if t else (0.0, 0.0, 0.0)
        if name not in g.p:
            continue
        print(f"{name + ' body P / R':34} {gp[0]:>10.3f} / {gp[1]:<9.3f} {tp[0]:>10.3f} / {tp[1]:<9.3f}")
        print(f"{name + ' body F1':34} {gp[2]:>22.3f} {tp[2]:>22.3f}  {goal}")
    print(
        f"{'caption recall (F1>=0.8)':34} {_pct(g.captions_found, g.captions_total):>22} "
        f"{'n/a (drops captions)':>22}  >= 0.90"
    )
    print(
        f"{'captions leaked into body':34} {_pct(g.captions_leaked, g.captions_total):>22} "
        f"{_pct(t.captions_leaked, t.captions_total) if t else '':>22}  <= 0.01"
    )
    print(
        f"{'author recall':34} {_pct(g.authors_found, g.authors_total):>22} "
        f"{_pct(t.authors_found, t.authors_total) if t else '':>22}  >= 0.90"
    )
    print(
        f"{'author names leaked into body':34} {_pct(g.authors_leaked, g.authors_total):>22} "
        f"{_pct(t.authors_leaked, t.authors_total) if t else '':>22}  report"
    )
    gm = statistics.median(g.ms)
    tm = statistics.median(t.ms) if t else 0.0
    print(f"{'median ms per page':34} {gm:>22.1f} {tm:>22.1f}  <= half of trafilatura")
    print(f"{'total s (all pages)':34} {sum(g.ms) / 1000:>22.2f} {sum(t.ms) / 1000 if t else 0.0:>22.2f}")
    if t:
        for name in ("zyte", "fundus"):
            if name in g.p:
                print(f"ratio {name} F1 gloss/trafilatura: {_prf(g, name)[2] / max(1e-9, _prf(t, name)[2]):.3f}")
        print(f"ratio median time gloss/trafilatura: {gm / max(1e-9, tm):.3f}")
    if "-v" in argv or os.environ.get("GLOSS_BENCH_VERBOSE"):
        print("\nworst Gloss pages:")
        for value, label in sorted(g.worst)[:25]:
            print(f"  {value:.2f} {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
