"""Immutable index segments: one file each, written once, merged, never changed in place.

A segment holds the postings of a batch of documents, like a (very small) Lucene segment::

    MAGIC
    postings   for each term, in term order: its doc ids (uint32) then its weighted tfs (uint16)
    stored     for each document: its fields, zlib-compressed (read only to build snippets)
    metadata   term bytes, term/postings offsets, doc ids, lengths, stored offsets, doc meta (JSON)
    footer     JSON naming each metadata section, its length, a CRC-32 of everything before it

Opening a segment checks its whole file's CRC-32 only when the file is not as its writer left
it (:data:`Stamp`, kept in the manifest; ``gloss check`` checks every file whole): a cold search
at 500,000 articles read 220 MB for the check alone.

Doc ids are global (``SearchIndex`` hands them out in increasing order), so segments holding
consecutive runs of ids merge by concatenating postings, at C speed. Only the metadata is held in
memory (a few bytes per term and per document); postings and stored text are read from the file
when a query needs them.
"""

from __future__ import annotations

import heapq
import json
import os
import re
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from .tokens import tokenize

MAGIC = b"GLOSSEG\x01"
END_MAGIC = b"GLSEGEND"
FORMAT = 1
FIELD_SEPARATOR = "\x1f"  # between stored fields; removed from field text before storing
_TAIL = struct.Struct("<II8s")  # footer length, CRC-32, END_MAGIC
# A file as its writer left it: size, modification time (ns), inode. The writer moves the
# modification time on by 1 ns, so that even a change within the same clock tick (a
# filesystem's clock ticks in milliseconds) gives the file another stamp.
Stamp = tuple[int, int, int]


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


MAX_TF = 65535


class CorruptSegmentError(Exception):
    """A segment file is truncated, damaged, or from another format (internal: the index then
    reports that it needs a rebuild)."""


class DocMeta(NamedTuple):
    """Who a document is. A tuple of strings, so the garbage collector stops tracking it
    (a rebuild holds one per article; tracked objects make every full collection longer)."""

    kind: str  # "a" article, "h" highlight
    article_id: str
    highlight_id: str  # "" for an article
    feed_id: str  # "" when unknown


_ID_SEPARATOR = "\x1f"  # not in an article, highlight or feed id (see reader.identity)


def compress_fields(fields: Sequence[str]) -> bytes:
    return zlib.compress(FIELD_SEPARATOR.join(fields).encode("utf-8"), 1)


def decompress_fields(blob: bytes) -> list[str]:
    return zlib.decompress(blob).decode("utf-8").split(FIELD_SEPARATOR)


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SegmentWriter:
    """Writes one segment file: postings term by term (in term order), then stored documents,
    then :meth:`finish`. The file appears under its final name only once complete and synced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".tmp")
        self._f: BinaryIO = open(self.tmp, "wb")  # noqa: SIM115  # closed in finish()/abort()
        self._crc = 0
        self._pos = 0
        self._terms: list[bytes] = []
        self._post_offs = array("Q")
        self._post_counts = array("I")
        self._stored_offs = array("Q")
        self._doc_ids = array("I")
        self._doc_lens = array("I")
        self._meta: list[DocMeta] = []
        self._write(MAGIC)

    def _write(self, data: bytes) -> None:
        self._f.write(data)
        self._crc = zlib.crc32(data, self._crc)
        self._pos += len(data)

    def add_term(self, term: bytes, docs: array[int], tfs: array[int]) -> None:
        """Postings of one term (doc ids ascending). Terms must come in ascending byte order."""
        self._terms.append(term)
        self._post_offs.append(self._pos)
        self._post_counts.append(len(docs))
        self._write(docs.tobytes())
        self._write(tfs.tobytes())

    def add_doc(self, docid: int, length: int, meta: DocMeta, stored: bytes) -> None:
        """One document (doc ids ascending), with its fields as :func:`compress_fields` made them."""
        self._doc_ids.append(docid)
        self._doc_lens.append(min(length, 0xFFFFFFFF))
        self._meta.append(meta)
        self._stored_offs.append(self._pos)
        self._write(stored)

    def finish(self) -> Path:
        self._stored_offs.append(self._pos)
        term_offs = array("Q", [0])
        for t in self._terms:
            term_offs.append(term_offs[-1] + len(t))
        sections: dict[str, list[int]] = {}
        # Each document's ids as one blob with offsets, read one document at a time (a JSON
        # list of 500,000 ids was parsed whole, into memory, on every open).
        id_offs = array("Q", [0])
        blobs = []
        for m in self._meta:
            blob = f"{m.article_id}{_ID_SEPARATOR}{m.highlight_id}{_ID_SEPARATOR}{m.feed_id}".encode()
            blobs.append(blob)
            id_offs.append(id_offs[-1] + len(blob))
        for name, data in (
            ("terms", b"".join(self._terms)),
            ("term_offs", term_offs.tobytes()),
            ("post_offs", self._post_offs.tobytes()),
            ("post_counts", self._post_counts.tobytes()),
            ("doc_ids", self._doc_ids.tobytes()),
            ("doc_lens", self._doc_lens.tobytes()),
            ("stored_offs", self._stored_offs.tobytes()),
            ("kinds", "".join(m.kind for m in self._meta).encode("ascii")),
            ("ids", b"".join(blobs)),
            ("id_offs", id_offs.tobytes()),
        ):
            sections[name] = [self._pos, len(data)]
            self._write(data)
        footer = json.dumps(
            {
                "format": FORMAT,
                "byteorder": sys.byteorder,
                "terms": len(self._terms),
                "docs": len(self._doc_ids),
                "total_len": sum(self._doc_lens),
                "sections": sections,
            }
        ).encode("utf-8")
        self._write(footer)
        length = struct.pack("<I", len(footer))
        self._write(length)
        self._f.write(struct.pack("<I", self._crc) + END_MAGIC)
        self._f.flush()
        os.fsync(self._f.fileno())
        st = os.fstat(self._f.fileno())
        os.utime(self._f.fileno(), ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # see Stamp
        self._f.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self._f.close()
        self.tmp.unlink(missing_ok=True)


class Segment:
    """A segment file opened for reading (see the module docstring)."""

    def __init__(self, path: Path, trusted: Stamp | None = None) -> None:
        """Open the segment at ``path``; its whole file is checked unless its stamp is ``trusted``."""
        self.path = path
        self.name = path.name
        self._f: BinaryIO | None = None
        try:
            # Unbuffered: every read sees the file as it is now (a damaged file is noticed).
            self._f = open(path, "rb", buffering=0)  # noqa: SIM115  # kept open for queries, closed in close()
            self._load(trusted)
        except CorruptSegmentError:
            self.close()
            raise
        except (OSError, ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError) as exc:
            self.close()
            raise CorruptSegmentError(f"{path.name}: {exc}") from None

    def _load(self, trusted: Stamp | None) -> None:
        assert self._f is not None
        f = self._f
        self.stamp = stamp_of(os.fstat(f.fileno()))
        size = self.stamp[0]
        if size < len(MAGIC) + _TAIL.size:
            raise CorruptSegmentError(f"{self.name} is truncated")
        f.seek(size - _TAIL.size)
        footer_len, self._crc, end = _TAIL.unpack(f.read(_TAIL.size))
        if end != END_MAGIC:
            raise CorruptSegmentError(f"{self.name} is truncated (no end marker)")
        self.trusted = self.stamp == trusted
        if not self.trusted:
            self.verify()
        f.seek(0)
        if f.read(len(MAGIC)) != MAGIC:
            raise CorruptSegmentError(f"{self.name} is not a Gloss index segment")
        f.seek(size - _TAIL.size - footer_len)
        footer: dict[str, Any] = json.loads(f.read(footer_len))
        if footer.get("format") != FORMAT or footer.get("byteorder") != sys.byteorder:
            raise CorruptSegmentError(f"{self.name} was written in another format")
        sec = footer["sections"]

        def read(name: str) -> bytes:
            offset, length = sec[name]
            f.seek(offset)
            data = f.read(length)
            if len(data) != length:
                raise CorruptSegmentError(f"{self.name} is truncated")
            return bytes(data)

        def arr(code: str, name: str) -> array[int]:
            a = array(code)
            a.frombytes(read(name))
            return a

        self.terms_blob = read("terms")
        self.term_offs = arr("Q", "term_offs")
        self.post_offs = arr("Q", "post_offs")
        self.post_counts = arr("I", "post_counts")
        self.doc_ids = arr("I", "doc_ids")
        self.doc_lens = arr("I", "doc_lens")
        self.stored_offs = arr("Q", "stored_offs")
        self._lists: tuple[list[str], list[str], list[str]] | None = None
        if "ids" in sec:
            self.kinds: str = read("kinds").decode("ascii")
            self._ids_at = int(sec["ids"][0])
            self._id_offs = arr("Q", "id_offs")
            if len(self._id_offs) != len(self.kinds) + 1:
                raise CorruptSegmentError(f"{self.name} has inconsistent tables")
        else:  # written before the ids had their own section: every id in one JSON object
            meta = json.loads(read("meta"))
            self.kinds = meta["kinds"]
            self._lists = (meta["article_ids"], meta["highlight_ids"], [sys.intern(x) for x in meta["feed_ids"]])
        self.n_terms = len(self.post_counts)
        self.n_docs = len(self.doc_ids)
        self.total_len = int(footer["total_len"])
        if not (
            len(self.term_offs) == self.n_terms + 1 == len(self.post_offs) + 1
            and len(self.doc_lens) == self.n_docs == len(self.stored_offs) - 1 == len(self.kinds)
        ):
            raise CorruptSegmentError(f"{self.name} has inconsistent tables")
        self.first = self.doc_ids[0] if self.n_docs else 0
        self.last = self.doc_ids[-1] if self.n_docs else -1
        self.contiguous = self.n_docs == 0 or self.last - self.first + 1 == self.n_docs

    def verify(self) -> None:
        """Check the whole file against its CRC-32, in chunks (never holding it in memory);
        raises :class:`CorruptSegmentError` when it does not match."""
        assert self._f is not None
        fd, at = self._f.fileno(), 0
        running, left = 0, self.stamp[0] - 4 - len(END_MAGIC)  # everything before the CRC field
        while left > 0:
            chunk = os.pread(fd, min(left, 1 << 20), at)  # the open file: a reader's may be removed since
            if not chunk:
                raise CorruptSegmentError(f"{self.name} is truncated")
            running = zlib.crc32(chunk, running)
            left -= len(chunk)
            at += len(chunk)
        if running != self._crc:
            raise CorruptSegmentError(f"{self.name} is damaged (checksum mismatch)")

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    # --- lookups -----------------------------------------------------------------------------

    def term_at(self, i: int) -> bytes:
        return self.terms_blob[self.term_offs[i] : self.term_offs[i + 1]]

    def find_term(self, term: bytes) -> int:
        """The index of ``term``, or -1."""
        lo, hi = 0, self.n_terms
        offs, blob = self.term_offs, self.terms_blob
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[offs[mid] : offs[mid + 1]] < term:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self.n_terms and blob[offs[lo] : offs[lo + 1]] == term else -1

    def postings(self, i: int) -> tuple[array[int], array[int]]:
        """Doc ids and weighted term frequencies of term ``i``."""
        assert self._f is not None
        n = self.post_counts[i]
        self._f.seek(self.post_offs[i])
        data = self._f.read(6 * n)
        if len(data) != 6 * n:
            raise CorruptSegmentError(f"{self.name} is truncated")
        docs, tfs = array("I"), array("H")
        docs.frombytes(data[: 4 * n])
        tfs.frombytes(data[4 * n :])
        return docs, tfs

    def ord_of(self, docid: int) -> int:
        """The position of ``docid`` in this segment's tables, or -1."""
        if self.contiguous:
            k = docid - self.first
            return k if 0 <= k < self.n_docs else -1
        k = bisect_left(self.doc_ids, docid)
        return k if k < self.n_docs and self.doc_ids[k] == docid else -1

    def doc_len(self, docid: int) -> int:
        return self.doc_lens[self.ord_of(docid)]

    def meta(self, k: int) -> DocMeta:
        if self._lists is not None:
            return DocMeta(self.kinds[k], self._lists[0][k], self._lists[1][k], self._lists[2][k])
        assert self._f is not None
        start, end = self._id_offs[k], self._id_offs[k + 1]
        self._f.seek(self._ids_at + start)
        return self._meta_of(self.kinds[k], self._f.read(end - start))

    def _meta_of(self, kind: str, blob: bytes) -> DocMeta:
        try:
            article_id, highlight_id, feed_id = blob.decode("utf-8").split(_ID_SEPARATOR)
        except (UnicodeDecodeError, ValueError):
            raise CorruptSegmentError(f"{self.name}: the ids of a document are damaged") from None
        return DocMeta(kind, article_id, highlight_id, feed_id)

    def metas(self, kind: str | None = None) -> Iterator[tuple[int, DocMeta]]:
        """(doc id, meta) of every document (of ``kind`` only, if given), reading the ids once
        (to map ids to documents)."""
        wanted = range(self.n_docs) if kind is None else [m.start() for m in re.finditer(re.escape(kind), self.kinds)]
        if self._lists is not None:
            for k in wanted:
                yield self.doc_ids[k], self.meta(k)
            return
        if len(wanted) < self.n_docs // 8:  # a few: read each one's ids (16 bytes or so apiece)
            for k in wanted:
                yield self.doc_ids[k], self.meta(k)
            return
        with open(self.path, "rb") as f:
            f.seek(self._ids_at)
            blob = f.read(self._id_offs[-1])
        offs = self._id_offs
        for k in wanted:
            yield self.doc_ids[k], self._meta_of(self.kinds[k], blob[offs[k] : offs[k + 1]])

    def stored_blob(self, k: int) -> bytes:
        assert self._f is not None
        start, end = self.stored_offs[k], self.stored_offs[k + 1]
        self._f.seek(start)
        return self._f.read(end - start)

    def stored_fields(self, k: int) -> list[str]:
        try:
            return decompress_fields(self.stored_blob(k))
        except (zlib.error, UnicodeDecodeError) as exc:
            raise CorruptSegmentError(f"{self.name}: stored text is damaged ({exc})") from None

    def iter_postings(self) -> Iterator[tuple[bytes, array[int], array[int]]]:
        """Every term with its postings, in term order, reading the file sequentially."""
        with open(self.path, "rb", buffering=1 << 20) as f:
            if self.n_terms:
                f.seek(self.post_offs[0])
            for i in range(self.n_terms):
                n = self.post_counts[i]
                docs, tfs = array("I"), array("H")
                docs.frombytes(f.read(4 * n))
                tfs.frombytes(f.read(2 * n))
                yield self.term_at(i), docs, tfs


def damage(segments: Iterable[Segment]) -> list[str]:
    """What is wrong with any of ``segments``, each file checked whole (see :meth:`Segment.verify`)."""
    found = []
    for seg in segments:
        try:
            seg.verify()
        except (CorruptSegmentError, OSError) as exc:  # derived data: removed, it is rebuilt
            found.append(f"The search index is damaged ({exc}); remove {seg.path.parent} to rebuild it.")
    return found


def _without(docs: array[int], tfs: array[int], dead: set[int]) -> tuple[array[int], array[int]]:
    keep = [i for i, d in enumerate(docs) if d not in dead]
    return array("I", (docs[i] for i in keep)), array("H", (tfs[i] for i in keep))


def merge_segments(segments: Sequence[Segment], dead: set[int], path: Path) -> Path:
    """Write the documents of ``segments`` (consecutive doc-id runs, in order), less the ``dead``
    ones, as one segment at ``path``.

    Postings are concatenated; only the terms of dead documents (found by re-tokenising their
    stored text, which is exactly what was indexed) are filtered one posting at a time.
    """
    dead_here: set[int] = set()
    affected: set[bytes] = set()
    for seg in segments:
        for d in dead:
            k = seg.ord_of(d)
            if k >= 0:
                dead_here.add(d)
                for text in seg.stored_fields(k):
                    affected.update(t.encode("utf-8") for t in tokenize(text))
    writer = SegmentWriter(path)
    try:
        streams = [seg.iter_postings() for seg in segments]
        current: bytes | None = None
        docs, tfs = array("I"), array("H")

        def emit() -> None:
            if current is None:
                return
            d, t = _without(docs, tfs, dead_here) if current in affected else (docs, tfs)
            if len(d):
                writer.add_term(current, d, t)

        # heapq.merge is stable: equal terms come in segment order, so doc ids stay ascending.
        for term, d_arr, t_arr in heapq.merge(*streams, key=lambda x: x[0]):
            if term != current:
                emit()
                current, docs, tfs = term, array("I"), array("H")
            docs.extend(d_arr)
            tfs.extend(t_arr)
        emit()
        for seg in segments:
            for k in range(seg.n_docs):
                if seg.doc_ids[k] not in dead_here:
                    writer.add_doc(seg.doc_ids[k], seg.doc_lens[k], seg.meta(k), seg.stored_blob(k))
        return writer.finish()
    except BaseException:
        writer.abort()
        raise


def write_segment(
    path: Path,
    postings: Iterable[tuple[bytes, array[int], array[int]]],
    docs: Iterable[tuple[int, int, DocMeta, bytes]],
) -> Path:
    """Write a new segment from sorted postings and documents (both in ascending order)."""
    writer = SegmentWriter(path)
    try:
        for term, d, t in postings:
            writer.add_term(term, d, t)
        for docid, length, meta, stored in docs:
            writer.add_doc(docid, length, meta, stored)
        return writer.finish()
    except BaseException:
        writer.abort()
        raise
