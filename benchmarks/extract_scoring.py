"""How the extraction benchmark scores one extractor's results on the corpus.

Body text:
- zyte, fundus, voa: the Zyte article-extraction-benchmark method. Tokens are ``\\w+``
  matches (lower-cased), each text a multiset of overlapping 4-token shingles; per page
  precision and recall from the shared shingles; corpus P and R are means over pages, F1
  their harmonic mean.
- wcxb: WCXB's own evaluate.py. Word tokens; per page F1 of the multiset overlap; corpus
  F1 is the mean of the per-page F1 (an empty prediction scores 0). Also its ``with`` /
  ``without`` snippet rates (case-insensitive substrings of the prediction).

Parts:
- caption recall: a truth caption is found when a returned caption matches it at token
  F1 >= 0.8; it has leaked when a body block matches it (token F1 >= 0.8) or holds it whole.
- author accuracy: on pages whose truth names authors, the page is right when the returned
  names, all together, match the truth's names at token F1 >= 0.8.
- date accuracy: on pages with a truth date, right when the returned date starts with it
  (YYYY-MM-DD; the two wcxb pages dated YYYY-MM by month).
- empty: pages where the extractor returned no body text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from extract_corpus import Page

_WORD = re.compile(r"\w+")


@dataclass
class Result:
    """What one extractor returned for one page."""

    body: str
    blocks: list[str]
    captions: list[str] | None  # None: the extractor does not return captions
    authors: list[str]
    date: str | None
    ms: float


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def shingle_pr(pred: str, truth: str) -> tuple[float, float]:
    p, t = shingles(pred), shingles(truth)
    if not t:
        return (1.0 if not p else 0.0), 1.0
    if not p:
        return 0.0, 0.0
    common = sum((p & t).values())
    return common / sum(p.values()), common / sum(t.values())


def word_prf(pred: str, truth: str) -> tuple[float, float, float]:
    """WCXB's per-page word-level precision, recall and F1."""
    p, t = Counter(tokens(pred)), Counter(tokens(truth))
    if not t:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return 0.0, 0.0, 0.0
    common = sum((p & t).values())
    if not common:
        return 0.0, 0.0, 0.0
    prec, rec = common / sum(p.values()), common / sum(t.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


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


def page_f1(page: Page, res: Result) -> tuple[float, float, float]:
    """The page's body precision, recall and F1 under its set's method."""
    if page.set == "wcxb":
        return word_prf(res.body, page.body)
    p, r = shingle_pr(res.body, page.body)
    return p, r, f1(p, r)


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def __str__(self) -> str:
        return f"{self.rate:.3f} ({self.hits}/{self.total})" if self.total else "n/a"


@dataclass
class Scores:
    """One extractor's figures on a set of pages."""

    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    f: list[float] = field(default_factory=list)
    wcxb: bool = False
    with_rate: list[float] = field(default_factory=list)
    without_rate: list[float] = field(default_factory=list)
    captions: Tally = field(default_factory=Tally)
    caption_leaks: Tally = field(default_factory=Tally)
    authors: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)
    empty: int = 0
    ms: list[float] = field(default_factory=list)

    @property
    def body_f1(self) -> float:
        if not self.f:
            return float("nan")
        if self.wcxb:
            return statistics.mean(self.f)
        return f1(statistics.mean(self.p), statistics.mean(self.r))

    @property
    def median_ms(self) -> float:
        return statistics.median(self.ms) if self.ms else float("nan")


def _snippet_rate(snippets: list[str], text: str) -> float:
    if not snippets:
        return 1.0
    low = text.lower()
    return sum(1 for s in snippets if s.lower() in low) / len(snippets)


def _authors_right(truth: list[str], found: list[str]) -> bool:
    return token_f1(" ".join(truth), " ".join(found)) >= 0.8


def score(pages: list[Page], results: list[Result]) -> Scores:
    s = Scores(wcxb=bool(pages) and all(p.set == "wcxb" for p in pages))
    for page, res in zip(pages, results, strict=True):
        s.ms.append(res.ms)
        p, r, f = page_f1(page, res)
        s.p.append(p)
        s.r.append(r)
        s.f.append(f)
        if not tokens(res.body):
            s.empty += 1
        if page.set == "wcxb":
            s.with_rate.append(_snippet_rate(page.with_snippets, res.body))
            s.without_rate.append(_snippet_rate(page.without_snippets, res.body) if page.without_snippets else 0.0)
        truth_body = " ".join(tokens(page.body))
        for cap in page.captions:
            if not tokens(cap):
                continue
            s.captions.add(bool(res.captions) and any(token_f1(cap, c) >= 0.8 for c in res.captions or ()))
            key = " ".join(tokens(cap))
            if len(key.split()) >= 4 and key in truth_body:
                continue  # the page's own text repeats the caption: not a leak
            s.caption_leaks.add(
                any(token_f1(cap, b) >= 0.8 or (len(key) > 20 and key in " ".join(tokens(b))) for b in res.blocks)
            )
        if page.authors:
            s.authors.add(_authors_right(page.authors, res.authors))
        if page.date:
            s.dates.add(bool(res.date) and str(res.date).startswith(page.date))
    return s
