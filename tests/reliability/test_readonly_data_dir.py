"""A read-only data dir (the fault test_disk_faults.py does not cover). Tests run as root
here, and chmod does not stop root; a read-only bind mount needs CAP_SYS_ADMIN, which the
container lacks; so the files and folders are made immutable with ``chattr +i``, which
stops root too (EPERM). Skipped where chattr or the filesystem does not support it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.check import check_library
from reader.errors import StorageError
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library


def chattr(flag: str, paths: list[Path]) -> bool:
    tool = shutil.which("chattr")
    if tool is None:
        return False
    return subprocess.run([tool, flag, *map(str, paths)], capture_output=True).returncode == 0


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    frozen: list[Path] = []
    probe = tmp_path / "probe"
    probe.write_text("x")
    if not chattr("+i", [probe]):
        pytest.skip("chattr +i is not available here (not root, or the filesystem has no immutable flag)")
    chattr("-i", [probe])
    yield frozen
    chattr("-i", frozen)  # always undone, or pytest could not clean the temp dir


def test_a_read_only_data_dir_is_reported_in_words_and_loses_nothing(tmp_path: Path, immutable: list[Path]) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root)
    lib = Library.open(root, first_run=False)
    try:
        before = {h.id: h.note for h in lib.highlights()}
        everything = sorted(p for p in root.rglob("*") if p.name != "gloss.lock")
        immutable.extend([root, *everything])
        assert chattr("+i", immutable)
        with pytest.raises(StorageError, match=r"not allowed to write there.*previous data is unchanged"):
            lib.highlight_quote(article_id, "quiet harbour", note="while read-only")
        with pytest.raises(StorageError, match="not allowed to write"):
            lib.mark_starred(article_id)
        assert {h.id: h.note for h in lib.highlights()} == before, "memory claims nothing the disk lacks"
        chattr("-i", immutable)
        lib.highlight_quote(article_id, "quiet harbour", note="after the fault")
    finally:
        lib.close()
    with Library.open(root, first_run=False) as lib:
        assert sorted(h.note for h in lib.highlights()) == ["after the fault", "made before the fault"]
        assert lib.notices == [] and [p for p in check_library(lib) if p.severity == "error"] == []


def test_opening_a_read_only_data_dir_says_why(tmp_path: Path, immutable: list[Path]) -> None:
    root = tmp_path / "lib"
    make_library(root)
    immutable.extend([root, *sorted(root.rglob("*"))])
    assert chattr("+i", immutable)
    with pytest.raises(StorageError) as info:
        Library.open(root, first_run=False).close()
    assert "not allowed to write there" in str(info.value) and "read-only" in str(info.value), str(info.value)
    # Read-only use still works: the library can be read, just not written.
    with Library.open(root, readonly=True) as ro:
        assert len(ro.highlights()) == 1
