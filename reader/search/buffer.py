"""The search index's write buffer: the documents added since the last flush, in memory,
until :meth:`reader.search.index.SearchIndex.flush` writes them as a segment."""

from __future__ import annotations

import struct
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence

from .segment import MAX_TF, DocMeta, compress_fields
from .tokens import MAX_TOKEN_CHARS, raw_tokens

# A buffered document: ((kind, article id, highlight id, feed id), fields, length). Plain
# tuples of strings and ints, which the garbage collector stops tracking (named tuples and
# slotted classes it tracks for ever; see :class:`Buffer`).
_Pending = tuple[tuple[str, str, str, str], tuple[str, ...], int]


_POSTING = struct.Struct("=II")  # docid, term frequency


def _unpacked(entry: bytearray) -> array[int]:
    pairs = array("I")
    pairs.frombytes(entry)
    return pairs


class Buffer:
    """Documents added since the last flush: each term's postings packed as ``docid, tf``
    pairs of 32-bit integers in a ``bytearray``.

    Not lists (nor arrays, which the collector tracks too): a rebuild holds hundreds of
    thousands of them, and every full pass of the cyclic garbage collector walks what it
    tracks while every thread, the GUI's too, waits. Bytes it does not track at all."""

    def __init__(self) -> None:
        self.postings: dict[str, bytearray] = {}
        self.docs: dict[int, _Pending] = {}
        self.size = 0

    def add(self, docid: int, meta: DocMeta, fields: tuple[str, ...], weights: tuple[int, ...]) -> int:
        tf: Counter[str] = Counter()
        length = 0
        for text, weight in zip(fields, weights, strict=True):
            tokens = raw_tokens(text)
            length += weight * len(tokens)
            if weight == 1:
                tf.update(tokens)
            else:
                for term, n in Counter(tokens).items():
                    tf[term] += weight * n
        postings = self.postings
        get = postings.get
        pack = _POSTING.pack
        for term, n in tf.items():
            entry = get(term)
            if entry is None:
                postings[term] = bytearray(pack(docid, n))
            else:
                entry += pack(docid, n)
        for term in [t for t in tf if len(t) > MAX_TOKEN_CHARS]:  # rare: URLs, garbage
            entry = postings[term]
            del entry[-_POSTING.size :]
            if not entry:
                del postings[term]
        self.size += len(tf)
        self.docs[docid] = ((meta.kind, meta.article_id, meta.highlight_id, meta.feed_id), fields, length)
        return length

    def lookup(self, term: str) -> tuple[Sequence[int], Sequence[int]] | None:
        entry = self.postings.get(term)
        if entry is None:
            return None
        pairs = _unpacked(entry)
        return pairs[0::2], pairs[1::2]

    def doc_len(self, docid: int) -> int:
        return self.docs[docid][2]

    def sorted_postings(self, dead: set[int]) -> Iterator[tuple[bytes, array[int], array[int]]]:
        for term, entry in sorted((t.encode("utf-8"), e) for t, e in self.postings.items()):
            pairs = _unpacked(entry)
            docs = pairs[0::2]
            try:
                tfs = array("H", pairs[1::2])
            except OverflowError:  # a word repeated more than 65535 times in one document
                tfs = array("H", (min(n, MAX_TF) for n in pairs[1::2]))
            if dead:
                keep = [i for i, d in enumerate(docs) if d not in dead]
                if len(keep) != len(docs):
                    docs, tfs = array("I", (docs[i] for i in keep)), array("H", (tfs[i] for i in keep))
            if len(docs):
                yield term, docs, tfs

    def sorted_docs(self, dead: set[int]) -> Iterator[tuple[int, int, DocMeta, bytes]]:
        for docid, (meta, fields, length) in self.docs.items():  # insertion order is doc-id order
            if docid not in dead:
                yield docid, length, DocMeta(*meta), compress_fields(fields)
