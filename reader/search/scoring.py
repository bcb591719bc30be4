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
from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat
from operator import ge

K1, B = 1.2, 0.75
_BISECT_RATIO = 32  # probe a posting list by bisection when it is this much longer than the candidates

Postings = tuple[Sequence[int], Sequence[int]]


def lengths(doc_ids: Sequence[int], doc_lens: Sequence[int]) -> tuple[int, Sequence[int], int]:
    """``(first, lens, shortest)``: each document's length at ``docid - first`` (0 for a doc id
    not there; ``doc_lens`` itself when the doc ids run without a gap), and the shortest length."""
    if not doc_ids:
        return 0, array("I"), 0
    first, shortest = doc_ids[0], min(doc_lens)
    if doc_ids[-1] - first + 1 == len(doc_ids):
        return first, doc_lens, shortest
    out = array("I", bytes(4 * (doc_ids[-1] - first + 1)))
    for d, n in zip(doc_ids, doc_lens, strict=True):
        out[d - first] = n
    return first, out, shortest


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
    minlen: int = 0,
) -> list[tuple[float, int]]:
    """The ``limit`` best ``(score, docid)`` among documents holding every term (``minlen``: no
    document of the source is shorter, which lets one term skip the documents it holds least)."""
    k1p1 = K1 + 1
    a, c = _norm_terms(avgdl)
    order = sorted(range(len(lists)), key=lambda j: len(lists[j][0]))  # rarest first
    docs, tfs = lists[order[0]]
    w = idf[order[0]] * k1p1
    if len(lists) == 1:  # no candidate dict (a word in most documents: 325,000 of them)
        return _top_one(docs, tfs, w, (a, c, first, lens, minlen), deleted, limit)
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


def _top_one(
    docs: Sequence[int],
    tfs: Sequence[int],
    w: float,
    norm: tuple[float, float, int, Sequence[int], int],
    deleted: set[int],
    limit: int,
) -> list[tuple[float, int]]:
    """The ``limit`` best documents for one term. A document's score grows with its tf and falls
    with its length, so none holding the term ``t`` times can beat ``w * t / (t + a + c * minlen)``:
    the documents holding it most are scored first (picked out at C speed), and the rest only
    when that bound does not rule them out (scoring all 325,000 cost a cold search 65 ms)."""
    a, c, first, lens, minlen = norm
    if len(docs) > 8 * limit and minlen > 0:
        counts = Counter(tfs)
        levels = sorted(counts, reverse=True)
        taken = 0
        for i, level in enumerate(levels[:-1]):
            taken += counts[level]
            if taken < limit:
                continue
            picked = compress(range(len(docs)), map(ge, tfs, repeat(level)))
            scored = ((w * tfs[k] / (tfs[k] + (a + c * lens[docs[k] - first])), docs[k]) for k in picked)
            best = heapq.nlargest(limit, (x for x in scored if x[1] not in deleted))
            below = levels[i + 1]  # the most any document left out holds the term
            if len(best) == limit and best[-1][0] > w * below / (below + a + c * minlen):
                return best
            if taken * 4 > len(docs):
                break  # most documents picked already: score them all
    pairs = zip(docs, tfs, strict=True)
    every = ((w * t / (t + (a + c * lens[d - first])), d) for d, t in pairs if not deleted or d not in deleted)
    return heapq.nlargest(limit, every)


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
