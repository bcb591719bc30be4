"""BM25 scoring of one source: the shortcut for one term gives exactly what scoring every document gives."""

from __future__ import annotations

import heapq
import random
from array import array

import pytest

from reader.search.scoring import _norm_terms, top_all


def every_document(
    docs: array[int], tfs: array[int], lens: array[int], avgdl: float, deleted: set[int], limit: int
) -> list[tuple[float, int]]:
    a, c = _norm_terms(avgdl)
    w = 2.0 * 2.2
    scored = ((w * t / (t + (a + c * lens[d - 1])), d) for d, t in zip(docs, tfs, strict=True) if d not in deleted)
    return heapq.nlargest(limit, scored)


@pytest.mark.parametrize("seed", range(12))
def test_one_term_scores_the_documents_holding_it_most_and_misses_none(seed: int) -> None:
    rng = random.Random(seed)
    n_docs = rng.choice([300, 3_000, 20_000])
    lens = array("I", [rng.randint(5, 400) for _ in range(n_docs)])
    docs = array("I", sorted(rng.sample(range(1, n_docs + 1), n_docs // rng.choice([1, 2, 5]))))
    # Weighted tfs: mostly 1, a title hit counts 4; some seeds with every tf alike (ties everywhere).
    spread = [1, 1, 1, 2, 3, 4, 5, 8, 12] if seed % 3 else [1]
    tfs = array("H", [min(rng.choice(spread), lens[d - 1]) for d in docs])
    deleted = set(rng.sample(list(docs), len(docs) // 10)) if seed % 2 else set()
    avgdl = sum(lens) / len(lens)
    for limit in (1, 20, 200):
        found = top_all([(docs, tfs)], [2.0], 1, lens, avgdl, deleted, limit, min(lens))
        assert found == every_document(docs, tfs, lens, avgdl, deleted, limit)
