"""BM25 scoring of one source's postings (a segment or the in-memory buffer).

Kept apart from the index so the hot loops stay small: candidate sets are built with C-level
``dict(zip(...))`` and set operations, so Python code only runs per *matching* document.
BM25's length normalisation ``k1 * (1 - b + b * len / avgdl)`` is worked out for the matching
documents only, from each one's length at ``docid - first`` (see ``lengths``): working it out for
all 500,000 documents first cost a cold search 0.12 s.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Sequence

K1, B = 1.2, 0.75
_BISECT_RATIO = 32  # probe a posting list by bisection when it is this much longer than the candidates

Postings = tuple[Sequence[int], Sequence[int]]


def lengths(doc_ids: Sequence[int], doc_lens: Sequence[int]) -> tuple[int, Sequence[int]]:
    """``(first, lens)``: each document's length at ``docid - first`` (0 for a doc id not there);
    ``doc_lens`` itself when the doc ids run without a gap."""
    if not doc_ids:
        return 0, array("I")
    first = doc_ids[0]
    if doc_ids[-1] - first + 1 == len(doc_ids):
        return first, doc_lens
    out = array("I", bytes(4 * (doc_ids[-1] - first + 1)))
    for d, n in zip(doc_ids, doc_lens, strict=True):
        out[d - first] = n
    return first, out


def _norm_terms(avgdl: float) -> tuple[float, float]:
    """``a, c`` with the normalisation of a document of length ``n`` being ``a + c * n``."""
    return K1 * (1 - B), K1 * B / avgdl


def top_all(
    lists: Sequence[Postings],
    idf: Sequence[float],
    first: int,
    lens: Sequence[int],
    avgdl: float,
    deleted: set[int],
    limit: int,
) -> list[tuple[float, int]]:
    """The ``limit`` best ``(score, docid)`` among documents holding every term."""
    k1p1 = K1 + 1
    a, c = _norm_terms(avgdl)
    order = sorted(range(len(lists)), key=lambda j: len(lists[j][0]))  # rarest first
    docs, tfs = lists[order[0]]
    w = idf[order[0]] * k1p1
    if len(lists) == 1:  # one pass, no candidate dict (a word in most documents: 325,000 of them)
        pairs = zip(docs, tfs, strict=True)
        best = ((w * t / (t + (a + c * lens[d - first])), d) for d, t in pairs if not deleted or d not in deleted)
        return heapq.nlargest(limit, best)
    cand = {d: w * t / (t + (a + c * lens[d - first])) for d, t in zip(docs, tfs, strict=True)}
    for d in deleted & cand.keys() if deleted else ():
        del cand[d]
    for j in order[1:]:
        if not cand:
            return []
        docs, tfs = lists[j]
        w = idf[j] * k1p1
        if len(docs) > _BISECT_RATIO * len(cand):
            size = len(docs)
            nxt: dict[int, float] = {}
            for d, s in cand.items():
                i = bisect_left(docs, d)
                if i < size and docs[i] == d:
                    t = tfs[i]
                    nxt[d] = s + w * t / (t + (a + c * lens[d - first]))
            cand = nxt
        else:
            tf_of = dict(zip(docs, tfs, strict=True))
            cand = {d: s + w * (t := tf_of[d]) / (t + (a + c * lens[d - first])) for d, s in cand.items() if d in tf_of}
    return heapq.nlargest(limit, ((s, d) for d, s in cand.items()))


def top_any(
    lists: Sequence[Postings | None],
    idf: Sequence[float],
    first: int,
    lens: Sequence[int],
    avgdl: float,
    deleted: set[int],
    limit: int,
) -> list[tuple[float, int]]:
    """The ``limit`` best ``(score, docid)`` among documents holding any term."""
    k1p1 = K1 + 1
    a, c = _norm_terms(avgdl)
    scores: dict[int, float] = {}
    get = scores.get
    for found, weight in zip(lists, idf, strict=True):
        if found is None:
            continue
        w = weight * k1p1
        for d, t in zip(found[0], found[1], strict=True):
            scores[d] = get(d, 0.0) + w * t / (t + (a + c * lens[d - first]))
    for d in deleted & scores.keys() if deleted else ():
        del scores[d]
    return heapq.nlargest(limit, ((s, d) for d, s in scores.items()))
