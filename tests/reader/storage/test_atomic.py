"""Atomic writes, backups, recovery and schema handling of the TinyDB storage."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from reader.errors import SchemaError, StorageError
from reader.storage.atomic import atomic_write_bytes
from reader.storage.migrations import HIGHLIGHTS_SCHEMA
from reader.storage.records import highlight_to_record
from reader.storage.shards import Shard
from reader.storage.tiny import TinyStorage
from reader.types import Highlight, TextPosition, TextQuote


def make_highlight(n: int, article_id: str = "feed1-aaaaaaaaaaaa", note: str = "") -> Highlight:
    return Highlight(
        id=f"h{n:04d}",
        article_id=article_id,
        part="block:0",
        quote=TextQuote(f"quote {n}"),
        position=TextPosition(0, 7),
        note=note,
    )


def test_atomic_write_keeps_previous_version_as_backup(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"one", backup=True)
    atomic_write_bytes(target, b"two", backup=True)
    assert target.read_bytes() == b"two"
    assert (tmp_path / "f.json.bak").read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json", "f.json.bak"]  # no temp files left


def test_failed_write_leaves_old_file_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"old")
    missing = tmp_path / "gone" / "f.json"
    with pytest.raises(StorageError, match=f"the folder {re.escape(str(missing.parent))} does not exist"):
        atomic_write_bytes(missing, b"new")
    assert target.read_bytes() == b"old"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_gives_plain_error(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="not allowed to write"):
            atomic_write_bytes(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"


def test_damaged_user_file_is_restored_from_backup(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(1, note="first"))
    storage.user.put_highlight(make_highlight(2, note="second"))
    storage.close()
    shard = next(p for p in (tmp_path / "user").glob("highlights-*.json") if p.stat().st_size > 100)
    shard.write_bytes(b'{"highlights": {"1": {"id": "h0001", "no')  # torn by a disk error

    storage = TinyStorage(tmp_path)
    notes = {h.id: h.note for h in storage.user.get_highlights()}
    # The backup is the version before the last write: the first highlight survives for sure.
    assert notes.get("h0001") == "first"
    assert any("restored it from its backup" in n for n in storage.notices)
    assert list((tmp_path / "user").glob("highlights-*.json.damaged-*")), "the damaged file is kept"
    storage.close()


def test_damaged_file_without_backup_is_set_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\x00\x01 not json")
    shard = Shard(path, kind="test", schema=1)
    assert shard.table("t").get_by_key("a") is None
    assert list(tmp_path.glob("x.json.damaged-*"))
    shard.close()


def test_old_schema_is_migrated_on_open(tmp_path: Path) -> None:
    """A user file from the pre-release format (schema 0: "colour", no state) opens."""
    user = tmp_path / "user"
    user.mkdir()
    old = highlight_to_record(make_highlight(7))
    old["colour"] = old.pop("color")
    old["colour"] = "green"
    del old["state"]
    # Which shard holds an article is a hash; write the old doc into every shard file name
    # so the one the store reads is guaranteed to contain it.
    from reader.storage.shards import doc_id_for
    from reader.storage.tiny import TinyUserStore

    shard_no = TinyUserStore._shard_no(old["article_id"])
    (user / f"highlights-{shard_no:x}.json").write_text(json.dumps({"highlights": {str(doc_id_for(old["id"])): old}}))
    storage = TinyStorage(tmp_path)
    (h,) = storage.user.get_highlights()
    assert h.color == "green" and h.state == "anchored"
    storage.close()
    data = json.loads((user / f"highlights-{shard_no:x}.json").read_text())
    assert data["_meta"]["1"]["schema"] == HIGHLIGHTS_SCHEMA  # 2: it may have a journal beside it now


def test_file_from_newer_gloss_is_refused_not_misread(tmp_path: Path) -> None:
    (tmp_path / "library.json").write_text(json.dumps({"_meta": {"1": {"schema": 99}}, "feeds": {}}))
    with pytest.raises(SchemaError, match="newer version of Gloss"):
        TinyStorage(tmp_path)
    assert json.loads((tmp_path / "library.json").read_text())["_meta"]["1"]["schema"] == 99


def test_batch_put_is_one_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.storage import atomic

    writes: list[Path] = []
    real = atomic.atomic_write_bytes
    monkeypatch.setattr(atomic, "atomic_write_bytes", lambda p, d, **kw: (writes.append(p), real(p, d, **kw)))
    storage = TinyStorage(tmp_path)
    writes.clear()
    storage.user.put_highlights([make_highlight(i, article_id="feed1-000000000001") for i in range(50)])
    # The shard once (and its backup, a copy of it: the journal's lines are replayed on either).
    assert sorted(p.name for p in writes) == ["highlights-6.json", "highlights-6.json.bak"]
    storage.close()
