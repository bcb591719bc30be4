"""A persisted full-text index over articles and highlights together, BM25-ranked.

Documents are articles (title, body, captions) and highlights (quote, note, tags). Fields are
weighted (an article's title counts four times, a highlight's tags twice) and scored with BM25
(k1 1.2, b 0.75). All query words must match; when no document has them all, any may (ranked).

Storage is a small log-structured design (see :mod:`.segment`): additions go to an in-memory
buffer; :meth:`SearchIndex.flush` writes the buffer as a new immutable segment, merges small
segments (a refresh never rewrites the whole index), and commits by atomically replacing
``manifest.json``, which names the live segments and the deleted doc ids. A crash at any point
leaves the previous manifest and its segments intact; files it does not name are removed on open.

The index is derived data: :meth:`SearchIndex.open` never fails on a missing or damaged index, it
opens an empty one with :attr:`SearchIndex.needs_rebuild` set and :attr:`SearchIndex.problem`
saying why. The library then calls :meth:`clear`, adds every article and highlight, and
:meth:`flush` (which clears the flag).
"""

from __future__ import annotations

import contextlib
import heapq
import json
import math
import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Self

from ..errors import SearchError
from .buffer import Buffer
from .hits import ARTICLE_PARTS, HIGHLIGHT_PARTS, SearchHit, matched_parts
from .scoring import lengths, top_all, top_any
from .segment import (
    FIELD_SEPARATOR,
    CorruptSegmentError,
    DocMeta,
    Segment,
    damage,
    fsync_directory,
    merge_segments,
    write_segment,
)
from .snippets import make_snippet
from .tokens import tokenize

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
ARTICLE_WEIGHTS = (4, 1, 1)  # title, body, captions
HIGHLIGHT_WEIGHTS = (1, 1, 2)  # quote, note, tags
MAX_SEGMENTS = 10
MERGE_FACTOR = 4
MAX_DELETED_RATIO = 0.3
MAX_QUERY_TERMS = 32
AUTO_FLUSH_POSTINGS = 1_500_000  # bounds the buffer's memory (~16 bytes a posting) on a rebuild
_SEGMENT_FILE = re.compile(r"seg-\d{8}\.gls(\.tmp)?|manifest\.json\.tmp")


_Source = Segment | Buffer


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """Field text as stored: no field separators, no lone surrogates (not encodable)."""
    return _SURROGATE.sub("\ufffd", text.replace(FIELD_SEPARATOR, " "))


class SearchIndex:
    """The search index of one library, in ``directory`` (see the module docstring).

    Thread-safe (one lock); one process writes it (the library's lock sees to that).
    """

    def __init__(self, directory: Path, *, readonly: bool = False) -> None:
        self.directory = Path(directory)
        self.readonly = readonly
        self.needs_rebuild = False
        self.problem: str | None = None
        self._lock = threading.RLock()
        self._segments: list[Segment] = []
        self._firsts: list[int] = []
        self._deleted: set[int] = set()
        # Article and highlight id -> doc id, built from the segments on first need (an add,
        # a removal, a catch-up): a search alone never reads every document's ids.
        self._article_docs: dict[str, int] | None = None
        self._highlight_docs: dict[str, int] | None = None
        self._buffer = Buffer()
        self._next_docid = 1
        self._next_segment = 1
        self._live_docs = 0
        self._live_len = 0
        self._dirty = False
        self._cleared = False
        self._lens_cache: dict[str, tuple[int, Sequence[int], int]] = {}

    # --- opening and closing ----------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, *, readonly: bool = False) -> SearchIndex:
        """Open (or start) the index in ``directory``. Never fails on a missing or damaged index:
        see :attr:`needs_rebuild`. Raises :class:`SearchError` only if the directory is unusable.

        ``readonly``: for a process without the library's lock (another one may be writing the
        index). Nothing is ever written or removed; what is added stays in memory, and a
        segment the writer removes meanwhile stays readable through its open file."""
        index = cls(directory, readonly=readonly)
        if not readonly:
            try:
                index.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SearchError(f"Cannot create the search index folder {directory}: {exc.strerror or exc}") from None
        index._load()
        return index

    def _load(self) -> None:
        path = self.directory / MANIFEST
        if not path.exists():
            self._start_empty("There is no search index yet.")
            return
        try:
            manifest: dict[str, Any] = json.loads(path.read_bytes())
            if manifest.get("format") != MANIFEST_FORMAT:
                raise ValueError("unknown format")
            self._next_docid = int(manifest["next_docid"])
            self._next_segment = int(manifest["next_segment"])
            stamps = manifest.get("stamps", {})  # as their writer left them (none before they were kept)
            for name in manifest["segments"]:
                if not isinstance(name, str) or not _SEGMENT_FILE.fullmatch(name) or name.endswith(".tmp"):
                    raise ValueError(f"bad segment name {name!r}")
                self._segments.append(Segment(self.directory / name, tuple(stamps.get(name) or ()) or None))
            self._deleted = {int(d) for d in manifest["deleted"]}
        except (OSError, ValueError, KeyError, TypeError, CorruptSegmentError) as exc:
            self._start_empty(f"The search index is damaged ({exc}); it needs to be rebuilt.")
            return
        if not self.readonly and not all(s.trusted for s in self._segments):
            # Checked whole (copied, restored, older): their stamps now, so the next open need not.
            with contextlib.suppress(OSError):
                self._write_manifest(self._segments, self._deleted)
        self._firsts = [s.first for s in self._segments]
        self._live_docs = sum(seg.n_docs for seg in self._segments)
        self._live_len = sum(seg.total_len for seg in self._segments)
        for docid in self._deleted:
            try:
                src = self._locate(docid)
            except KeyError:
                continue  # merged away already
            self._live_docs -= 1
            self._live_len -= src.doc_len(docid)
        self._collect_garbage()

    def _map(self, kind: str) -> dict[str, int]:
        """Article (``"a"``) or highlight (``"h"``) id -> doc id, built on first need from that
        kind's documents alone (the highlights' catch-up reads no article's ids). Lock held."""
        if (known := self._article_docs if kind == "a" else self._highlight_docs) is not None:
            return known
        found: dict[str, int] = {}
        for seg in self._segments:
            for docid, meta in seg.metas(kind):
                if docid not in self._deleted:
                    found[meta.article_id if kind == "a" else meta.highlight_id] = docid
        for docid, (pending, _fields, _length) in self._buffer.docs.items():
            if docid not in self._deleted and pending[0] == kind:
                found[pending[1 if kind == "a" else 2]] = docid
        self._article_docs, self._highlight_docs = (
            (found, self._highlight_docs) if kind == "a" else (self._article_docs, found)
        )
        return found

    _articles = property(lambda self: self._map("a"))
    _highlights = property(lambda self: self._map("h"))

    def _start_empty(self, problem: str) -> None:
        for seg in self._segments:
            seg.close()
        keep_next_segment = self._next_segment
        self.__init__(self.directory, readonly=self.readonly)  # type: ignore[misc]  # reset every field in one place
        self._next_segment = max(keep_next_segment, self._highest_segment_number() + 1)
        self.needs_rebuild = True
        self.problem = problem

    def _highest_segment_number(self) -> int:
        numbers = [int(p.name[4:12]) for p in self.directory.glob("seg-*.gls") if _SEGMENT_FILE.fullmatch(p.name)]
        return max(numbers, default=0)

    def problems(self) -> list[str]:
        """What is wrong with the index on disk, every segment file checked whole (``gloss check``)."""
        with self._lock:
            made = (self.directory / MANIFEST).exists()  # else there is no index yet, nothing wrong
            return ([self.problem] if made and self.needs_rebuild and self.problem else []) + damage(self._segments)

    def close(self) -> None:
        """Close the segment files (unsaved additions are lost: call :meth:`flush` first)."""
        with self._lock:
            for seg in self._segments:
                seg.close()
            self._segments = []
            self._firsts = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- documents ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        """Live documents (articles and highlights)."""
        return self._live_docs

    def has_article(self, article_id: str) -> bool:
        with self._lock:
            return article_id in self._articles

    def article_ids(self) -> set[str]:
        """Every indexed article id (to find what a crash before :meth:`flush` left out)."""
        with self._lock:
            return set(self._articles)

    def highlight_ids(self) -> set[str]:
        with self._lock:
            return set(self._highlights)

    def _locate(self, docid: int) -> _Source:
        if docid in self._buffer.docs:
            return self._buffer
        i = bisect_right(self._firsts, docid) - 1
        if i < 0 or self._segments[i].ord_of(docid) < 0:
            raise KeyError(docid)
        return self._segments[i]

    def _delete(self, docid: int) -> None:
        if docid in self._deleted:
            return
        self._live_len -= self._locate(docid).doc_len(docid)
        self._live_docs -= 1
        self._deleted.add(docid)
        self._dirty = True

    def _add(self, meta: DocMeta, fields: tuple[str, ...], weights: tuple[int, ...]) -> int:
        docid = self._next_docid
        self._next_docid += 1
        self._live_len += self._buffer.add(docid, meta, tuple(_clean(f) for f in fields), weights)
        self._live_docs += 1
        self._dirty = True
        return docid

    def _maybe_flush(self) -> None:
        if self._buffer.size >= AUTO_FLUSH_POSTINGS:
            self.flush()

    def add_article(
        self, article_id: str, title: str, body_text: str, captions_text: str = "", feed_id: str | None = None
    ) -> None:
        """Index an article (replacing what was indexed for it before)."""
        with self._lock:
            old = self._articles.get(article_id)
            if old is not None:
                self._delete(old)
            meta = DocMeta("a", article_id, "", feed_id or "")
            self._articles[article_id] = self._add(meta, (title, body_text, captions_text), ARTICLE_WEIGHTS)
            self._maybe_flush()

    def remove_article(self, article_id: str) -> bool:
        """Forget an article (its highlights stay indexed). False if it was not indexed."""
        with self._lock:
            docid = self._articles.pop(article_id, None)
            if docid is not None:
                self._delete(docid)
            return docid is not None

    def add_highlight(
        self, highlight_id: str, article_id: str, quote: str, note: str = "", tags: Iterable[str] = ()
    ) -> None:
        """Index a highlight (replacing what was indexed for it before)."""
        with self._lock:
            old = self._highlights.get(highlight_id)
            if old is not None:
                self._delete(old)
            meta = DocMeta("h", article_id, highlight_id, "")
            fields = (quote, note, ", ".join(tags))
            self._highlights[highlight_id] = self._add(meta, fields, HIGHLIGHT_WEIGHTS)
            self._maybe_flush()

    def remove_highlight(self, highlight_id: str) -> bool:
        with self._lock:
            docid = self._highlights.pop(highlight_id, None)
            if docid is not None:
                self._delete(docid)
            return docid is not None

    def clear(self) -> None:
        """Forget everything (to rebuild); the files go at the next :meth:`flush`."""
        with self._lock:
            problem = self.problem
            needs = self.needs_rebuild
            next_docid, next_segment = self._next_docid, self._next_segment
            self._start_empty(problem or "")
            self.needs_rebuild, self.problem = needs, problem
            self._next_docid, self._next_segment = next_docid, max(next_segment, self._next_segment)
            self._dirty = True
            self._cleared = True

    # --- searching ----------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """The best ``limit`` documents for ``query`` (words, any language), best first.

        Raises :class:`SearchError` if the index files turn out to be damaged (then
        :attr:`needs_rebuild` is set)."""
        terms = list(dict.fromkeys(tokenize(query)))[:MAX_QUERY_TERMS]
        if not terms or limit <= 0:
            return []
        with self._lock:
            try:
                return self._search(terms, limit)
            except (CorruptSegmentError, OSError) as exc:
                self.needs_rebuild = True
                self.problem = f"The search index is damaged ({exc}); it needs to be rebuilt."
                raise SearchError(self.problem) from None

    def _search(self, terms: list[str], limit: int) -> list[SearchHit]:
        sources: list[_Source] = [*self._segments, self._buffer]
        encoded = [t.encode("utf-8") for t in terms]
        per_source: list[list[tuple[Sequence[int], Sequence[int]] | None]] = []
        df = [0] * len(terms)
        for src in sources:
            lists: list[tuple[Sequence[int], Sequence[int]] | None] = []
            for j, term in enumerate(terms):
                if isinstance(src, Buffer):
                    found = src.lookup(term)
                else:
                    i = src.find_term(encoded[j])
                    found = src.postings(i) if i >= 0 else None
                if found is not None:
                    df[j] += len(found[0])
                lists.append(found)
            per_source.append(lists)
        n = max(self._live_docs, 1)
        avgdl = max(self._live_len / n, 1.0)
        idf = [math.log(1 + (n - d + 0.5) / (d + 0.5)) for d in df]
        scored: list[tuple[float, int, int]] = []
        source_lens = [self._lengths(src) for src in sources]
        for s, lists in enumerate(per_source):
            present = [x for x in lists if x is not None]
            if len(present) == len(lists):
                first, lens, shortest = source_lens[s]
                top = top_all(present, idf, first, lens, avgdl, self._deleted, limit, shortest)
                scored.extend((score, d, s) for score, d in top)
        if not scored and len(terms) > 1:
            for s, lists in enumerate(per_source):
                first, lens, _shortest = source_lens[s]
                top = top_any(lists, idf, first, lens, avgdl, self._deleted, limit)
                scored.extend((score, d, s) for score, d in top)
        best = heapq.nlargest(limit, scored)
        return [self._hit(sources[s], docid, score, terms) for score, docid, s in best]

    def _lengths(self, src: _Source) -> tuple[int, Sequence[int], int]:
        """:func:`reader.search.scoring.lengths` of ``src`` (a segment's cached: it never changes)."""
        if isinstance(src, Buffer):
            return lengths(list(src.docs), [d[2] for d in src.docs.values()])
        if (cached := self._lens_cache.get(src.name)) is None:
            cached = self._lens_cache[src.name] = lengths(src.doc_ids, src.doc_lens)
        return cached

    def _fields(self, src: _Source, docid: int) -> tuple[DocMeta, list[str]]:
        if isinstance(src, Buffer):
            meta, fields, _length = src.docs[docid]
            return DocMeta(*meta), list(fields)
        k = src.ord_of(docid)
        return src.meta(k), src.stored_fields(k)

    def _hit(self, src: _Source, docid: int, score: float, terms: list[str]) -> SearchHit:
        meta, fields = self._fields(src, docid)
        if meta.kind == "a":
            title, body, captions = [*fields, "", "", ""][:3]
            # The title is shown anyway: the snippet comes from the body or captions (their start
            # when only the title matched).
            snippet, marks = make_snippet((body, captions) if (body + captions).strip() else (title,), terms)
            matched = matched_parts(ARTICLE_PARTS, (title, body, captions), terms)
            return SearchHit(
                "article", meta.article_id, None, score, title, snippet, marks, meta.feed_id or None, matched
            )
        snippet, marks = make_snippet(fields, terms)
        matched = matched_parts(HIGHLIGHT_PARTS, fields, terms)
        title, feed_id = "", meta.article_id.partition("-")[0] or None
        # The article's title from the index when its map is built (else the library adds it).
        article_doc = self._article_docs.get(meta.article_id) if self._article_docs is not None else None
        if article_doc is not None:
            article_meta, article_fields = self._fields(self._locate(article_doc), article_doc)
            title, feed_id = article_fields[0], article_meta.feed_id or None
        return SearchHit(
            "highlight", meta.article_id, meta.highlight_id, score, title, snippet, marks, feed_id, matched
        )

    # --- saving ----------------------------------------------------------------------------------------

    def _new_segment_path(self) -> Path:
        path = self.directory / f"seg-{self._next_segment:08d}.gls"
        self._next_segment += 1
        return path

    def flush(self) -> None:
        """Make everything added or removed so far durable (atomically; see the module docstring).
        Raises :class:`SearchError` if the disk refuses; the index on disk is then unchanged."""
        with self._lock:
            if not self._dirty:
                return
            if self.readonly:  # kept in memory; a rebuild done there needs no other
                if self._cleared:
                    self.needs_rebuild, self.problem, self._cleared = False, None, False
                return
            segments = list(self._segments)
            created: list[Segment] = []
            try:
                if self._buffer.docs.keys() - self._deleted:
                    path = write_segment(
                        self._new_segment_path(),
                        self._buffer.sorted_postings(self._deleted),
                        self._buffer.sorted_docs(self._deleted),
                    )
                    created.append(Segment(path))
                    segments.append(created[-1])
                segments = self._merge(segments, created)
                deleted = {
                    d for d in self._deleted if any(s.first <= d <= s.last and s.ord_of(d) >= 0 for s in segments)
                }
                self._write_manifest(segments, deleted)
            except (OSError, CorruptSegmentError) as exc:
                for seg in created:
                    seg.close()
                    seg.path.unlink(missing_ok=True)
                raise SearchError(f"Could not save the search index: {exc}") from None
            live = {id(s) for s in segments}
            for seg in [*self._segments, *created]:
                if id(seg) not in live:
                    seg.close()
            self._segments = segments
            self._firsts = [s.first for s in segments]
            self._lens_cache = {k: v for k, v in self._lens_cache.items() if k in {s.name for s in segments}}
            self._deleted = deleted
            self._buffer = Buffer()
            self._dirty = False
            if self._cleared:
                self.needs_rebuild, self.problem, self._cleared = False, None, False
            self._collect_garbage()

    def _merge(self, segments: list[Segment], created: list[Segment]) -> list[Segment]:
        """Merge adjacent segments while there are too many, and rewrite mostly-deleted ones."""

        def merged(group: Sequence[Segment]) -> Segment:
            seg = Segment(merge_segments(group, self._deleted, self._new_segment_path()))
            created.append(seg)
            return seg

        segments = [s for s in segments if s.n_docs]
        while len(segments) > MAX_SEGMENTS:
            sizes = [s.n_docs for s in segments]
            i = min(range(len(segments) - MERGE_FACTOR + 1), key=lambda k: sum(sizes[k : k + MERGE_FACTOR]))
            segments[i : i + MERGE_FACTOR] = [merged(segments[i : i + MERGE_FACTOR])]
        if self._deleted:
            for i, seg in enumerate(segments):
                dead = sum(1 for d in self._deleted if seg.first <= d <= seg.last and seg.ord_of(d) >= 0)
                if dead > MAX_DELETED_RATIO * seg.n_docs:
                    segments[i] = merged([seg])
        return [s for s in segments if s.n_docs]

    def _write_manifest(self, segments: list[Segment], deleted: set[int]) -> None:
        manifest = {
            "format": MANIFEST_FORMAT,
            "next_docid": self._next_docid,
            "next_segment": self._next_segment,
            "segments": [s.name for s in segments],
            "stamps": {s.name: list(s.stamp) for s in segments},
            "deleted": sorted(deleted),
        }
        tmp = self.directory / (MANIFEST + ".tmp")
        with open(tmp, "wb") as f:
            f.write(json.dumps(manifest).encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.directory / MANIFEST)
        fsync_directory(self.directory)

    def _collect_garbage(self) -> None:
        """Remove segment files the manifest does not name (merged away, or left by a crash)."""
        if self.readonly:  # they may be the writer's, being made
            return
        live = {s.name for s in self._segments}
        try:
            for path in self.directory.iterdir():
                if _SEGMENT_FILE.fullmatch(path.name) and path.name not in live:
                    path.unlink(missing_ok=True)
        except OSError:
            pass  # a leftover file costs disk space, nothing else; the next open tries again
