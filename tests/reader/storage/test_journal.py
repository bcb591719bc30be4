"""The highlight shards' journal: a save appends its change, reading replays it, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from reader.storage.journal import MAX_LINES, journal_path
from reader.storage.tiny import TinyStorage, TinyUserStore
from tests.reader.storage.test_atomic import make_highlight

ARTICLE = "feed1-000000000001"


def shard_path(root: Path) -> Path:
    return root / "user" / f"highlights-{TinyUserStore._shard_no(ARTICLE):x}.json"


def notes(root: Path, *, readonly: bool = False) -> dict[str, str]:
    storage = TinyStorage(root, readonly=readonly)
    try:
        return {h.id: h.note for h in storage.user.get_highlights()}
    finally:
        storage.close()


def test_a_save_appends_to_the_journal_and_a_new_process_reads_it(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(1, ARTICLE, "first"))  # the shard's first write: the file whole
    shard = shard_path(tmp_path)
    before = shard.stat()
    storage.user.put_highlight(make_highlight(2, ARTICLE, "second"))
    storage.user.put_highlight(make_highlight(1, ARTICLE, "first, edited"))
    storage.user.delete_highlight("h0002")
    after = shard.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "the shard is not rewritten"
    assert len(journal_path(shard).read_bytes().splitlines()) == 3
    storage.close()
    assert notes(tmp_path) == {"h0001": "first, edited"}
    assert notes(tmp_path, readonly=True) == {"h0001": "first, edited"}


def test_a_full_journal_is_written_into_the_shard(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    # The first save writes the shard whole, the next MAX_LINES append, the next writes it whole
    # again (the journal goes), and the last appends.
    for n in range(MAX_LINES + 3):
        storage.user.put_highlight(make_highlight(n, ARTICLE, f"note {n}"))
    journal = journal_path(shard_path(tmp_path))
    assert len(journal.read_bytes().splitlines()) == 1
    storage.close()
    assert notes(tmp_path) == {f"h{n:04d}": f"note {n}" for n in range(MAX_LINES + 3)}


def test_a_line_cut_short_by_a_kill_is_skipped_and_cut_off_before_the_next(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(1, ARTICLE, "first"))
    storage.user.put_highlight(make_highlight(2, ARTICLE, "second"))
    storage.close()
    journal = journal_path(shard_path(tmp_path))
    with open(journal, "ab") as fh:
        fh.write(b'{"put":{"highlights":{"9":{"id":"h0009","no')  # a kill mid-append: never acknowledged
    assert notes(tmp_path, readonly=True) == {"h0001": "first", "h0002": "second"}
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(3, ARTICLE, "third"))
    assert storage.notices == [], "a line a kill cut short held no acknowledged save: nothing to say"
    storage.close()
    assert b"h0009" not in journal.read_bytes() if journal.exists() else True
    assert notes(tmp_path) == {"h0001": "first", "h0002": "second", "h0003": "third"}


def test_a_damaged_shard_is_restored_from_its_backup_and_journal_losing_nothing(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(1, ARTICLE, "first"))
    storage.user.put_highlight(make_highlight(2, ARTICLE, "second"))
    storage.close()
    shard_path(tmp_path).write_bytes(b'{"highlights": {"1": {"id": "h0001", "no')  # torn by a disk error
    storage = TinyStorage(tmp_path)
    assert {h.id: h.note for h in storage.user.get_highlights()} == {"h0001": "first", "h0002": "second"}
    assert any("restored it from its backup" in n for n in storage.notices)
    storage.close()


def test_a_damaged_line_inside_the_journal_loses_only_that_write(tmp_path: Path) -> None:
    storage = TinyStorage(tmp_path)
    for n in range(1, 5):
        storage.user.put_highlight(make_highlight(n, ARTICLE, f"note {n}"))
    storage.close()
    journal = journal_path(shard_path(tmp_path))
    lines = journal.read_bytes().split(b"\n")
    lines[1] = b"\x00" * len(lines[1])  # the second save's line (h0003) damaged on disk
    journal.write_bytes(b"\n".join(lines))
    storage = TinyStorage(tmp_path)
    assert {h.id for h in storage.user.get_highlights()} == {"h0001", "h0002", "h0004"}
    assert any("had 1 damaged line" in n for n in storage.notices), storage.notices  # said, not silent
    storage.user.put_highlight(make_highlight(5, ARTICLE, "after"))  # the shard is written whole again
    storage.close()
    assert not journal.exists()
    assert set(notes(tmp_path)) == {"h0001", "h0002", "h0004", "h0005"}


def test_a_shard_from_before_journals_is_marked_so_an_older_gloss_refuses_it(tmp_path: Path) -> None:
    """Schema 2: a Gloss that reads schema 1 would read the shard without its journal (and miss
    the latest saves), so it is told the file is newer instead; an old shard opens and moves on."""
    import json

    from reader.storage.migrations import HIGHLIGHTS_SCHEMA, USER_SCHEMA
    from reader.storage.records import highlight_to_record
    from reader.storage.shards import doc_id_for

    (tmp_path / "user").mkdir()
    old = highlight_to_record(make_highlight(1, ARTICLE, "from before"))
    shard = shard_path(tmp_path)
    meta = {"1": {"schema": USER_SCHEMA, "kind": "highlights"}}
    shard.write_text(json.dumps({"_meta": meta, "highlights": {str(doc_id_for("h0001")): old}}))
    storage = TinyStorage(tmp_path)
    storage.user.put_highlight(make_highlight(2, ARTICLE, "after"))
    storage.close()
    assert json.loads(shard.read_text())["_meta"]["1"]["schema"] == HIGHLIGHTS_SCHEMA > USER_SCHEMA
    assert len(journal_path(shard).read_bytes().splitlines()) == 1
    assert notes(tmp_path) == {"h0001": "from before", "h0002": "after"}
