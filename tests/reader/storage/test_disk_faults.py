"""Disk faults: a full disk (writes fail with EFBIG under RLIMIT_FSIZE) and a data dir that
disappears. The user is told in words; the previous data is intact; it works again after."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import StorageError
from reader.library import Library
from reader.types import ArticleContent, Block

CHILD = r"""
import resource, signal, sys
from reader.library import Library
from reader.errors import StorageError
lib = Library.open(sys.argv[1], first_run=False)
aid = sys.argv[2]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us instead of failing the write
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
try:
    lib.highlight_quote(aid, "quiet harbour", note="x" * 50_000)
except StorageError as exc:
    print("ERROR:", exc)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
h = lib.highlight_quote(aid, "quiet harbour", note="after the fault")
print("OK:", h.id)
lib.close()
"""


def make_library(path: Path) -> str:
    with Library.open(path, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        from reader.types import Article

        article = Article(id=f"{feed.id}-000000000001", feed_id=feed.id, guid="g", title="Harbour")
        lib.storage.meta.put_articles(feed.id, [article])
        lib.store_content(article.id, ArticleContent(title="Harbour", body=(Block("paragraph", "A quiet harbour."),)))
        lib.highlight_quote(article.id, "Harbour", note="made before the fault")
        return article.id


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_full_disk_is_reported_in_words_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lib"
    article_id = make_library(path)
    result = subprocess.run([sys.executable, "-c", CHILD, str(path), article_id], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    error_line = next(line for line in result.stdout.splitlines() if line.startswith("ERROR:"))
    assert "disk may be full" in error_line and "previous data is unchanged" in error_line
    assert "OK:" in result.stdout, "it works again once the fault is gone"
    with Library.open(path, first_run=False) as lib:
        notes = sorted(h.note for h in lib.highlights(article_id))
        assert notes == ["after the fault", "made before the fault"]
        assert lib.notices == []


def test_data_dir_that_disappears_is_reported_and_recovers(tmp_path: Path) -> None:
    path = tmp_path / "lib"
    article_id = make_library(path)
    lib = Library.open(path, first_run=False)
    try:
        moved = tmp_path / "elsewhere"
        shutil.move(str(path), str(moved))  # e.g. an unmounted drive
        with pytest.raises(StorageError, match=r"the folder \S+ does not exist|no longer exists"):
            lib.mark_starred(article_id)
        shutil.move(str(moved), str(path))
        assert lib.mark_starred(article_id).starred
    finally:
        lib.close()
