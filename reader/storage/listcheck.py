"""Does the list index agree with the feed shards? (``gloss check``, see
:meth:`reader.storage.tiny.TinyMetadataStore.list_index_problems`)

Comparing 500,000 records one by one meant two dicts of 500,000 entries built from the shards
and the index. Instead each feed's records are summed up as a *digest*, (how many, the sum of
the hashes of what the list shows of each), which is the same for the same records in any
order; the shards' digests are kept from the walk ``gloss check`` makes of every shard anyway,
by each shard file's stamp. Only the feeds whose digests differ are compared record by record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..catalog import date_key
from .listindex import ListIndex, Stamp

Doc = Mapping[str, Any]
Digest = tuple[int, int]
_MASK = (1 << 64) - 1


def listed(doc: Doc) -> tuple[str, bool, bool, str, str]:
    """What the list shows of a record (what the list index must agree on)."""
    return (date_key(doc), bool(doc.get("read")), bool(doc.get("starred")), str(doc.get("title", "")), doc["feed_id"])


def digest(docs: Iterable[Doc]) -> Digest:
    """(count, sum of hashes of :func:`listed`) of ``docs``: equal for equal records in any order
    (within one process: string hashes are salted per process)."""
    n = total = 0
    for doc in docs:
        n += 1
        total += hash(listed(doc))
    return n, total & _MASK


def disagreements(shards: Mapping[str, Digest], index: ListIndex, read_feed: Callable[[str], list[Doc]]) -> int:
    """How many articles ``index`` shows otherwise than the shards (``shards``: each shard's
    digest; ``read_feed``: a feed's records, for the feeds whose digests differ). Raises
    :class:`reader.storage.listmanifest.StaleIndex` when a file of the index cannot be read."""
    found: dict[str, list[int]] = {}
    for row in index.all_rows():
        entry = found.setdefault(str(row["feed_id"]), [0, 0])
        entry[0] += 1
        entry[1] += hash(listed(row))
    indexed = {fid: (n, total & _MASK) for fid, (n, total) in found.items()}
    differing = {fid for fid in shards.keys() | indexed.keys() if shards.get(fid, (0, 0)) != indexed.get(fid, (0, 0))}
    if not differing:
        return 0
    expected = {str(d["id"]): listed(d) for fid in sorted(differing) for d in read_feed(fid)}
    rows = {str(r["id"]): listed(r) for r in index.all_rows() if r["feed_id"] in differing}
    return len({k for k in expected.keys() | rows.keys() if expected.get(k) != rows.get(k)})


def shard_digests(
    stamps: Mapping[str, Stamp],
    known: dict[str, tuple[Stamp, Digest]],
    read: Callable[[str], Iterable[tuple[str, Stamp, list[Doc]]]],
) -> dict[str, Digest]:
    """The digest of every shard in ``stamps`` (feed id -> its file's stamp now): the one in
    ``known`` while its stamp is the same, else the shard ``read`` (and ``known`` updated)."""
    found = {}
    for fid, stamp in stamps.items():
        entry = known.get(fid)
        if entry is None or entry[0] != stamp:
            for _fid, now, docs in read(fid):
                entry = known[fid] = (now, digest(docs))
        if entry is not None:
            found[fid] = entry[1]
    return found
