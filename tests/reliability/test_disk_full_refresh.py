"""A disk that fills up during a refresh (issue 22, item 8). It was reported as a bug: "failed
unexpectedly" and a traceback per feed. Now each feed says the disk is full, in words, and
nothing is lost: what was stored before stays, and the next refresh, once there is room,
brings the new articles.

Two real faults: a 4 MB tmpfs filled to the last byte (needs root and mount; skipped
otherwise) and RLIMIT_FSIZE (any POSIX system: writes fail with EFBIG)."""

from __future__ import annotations

import contextlib
import errno
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.check import check_library
from reader.library import Library
from reader.types import ArticleContent, Block
from tests.httpserver import TestServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="tmpfs and resource limits are POSIX")

PLAIN_CHILD = "import sys, reader.cli; sys.exit(reader.cli.main(sys.argv[1:]))"
LIMITED_CHILD = r"""
import resource, signal, sys
import reader.cli
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us instead of failing the write
resource.setrlimit(resource.RLIMIT_FSIZE, (200, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
sys.exit(reader.cli.main(sys.argv[1:]))
"""


def feed(tag: str, count: int) -> bytes:
    items = b"".join(
        b"<item><title>%s story %d</title><guid>%s-%d</guid><description>Text %d of a story long enough to "
        b"take some room on the disk.</description></item>" % (tag.encode(), i, tag.encode(), i, i)
        for i in range(count)
    )
    return b'<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>%s</channel></rss>' % (
        tag.encode(),
        items,
    )


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    tool = shutil.which("mount")
    if tool is None or subprocess.run([tool, "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Fill the filesystem of ``folder`` to the last byte; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        for size in (1 << 20, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * size)
    probe = folder / "probe"
    with pytest.raises(OSError) as info:
        probe.write_bytes(b"x" * 8192)
    assert info.value.errno == errno.ENOSPC
    probe.unlink(missing_ok=True)
    return filler


def library_with_feeds(root: Path, server: TestServer) -> tuple[str, list[str]]:
    """Three feeds refreshed once, and a highlight with a note; returns (article id, feed ids)."""
    for name in ("a", "b", "c"):
        server.route(f"/{name}.xml", feed(name, 3), content_type="application/rss+xml")
    with Library.open(root, first_run=False) as lib:
        feeds = [lib.add_feed(server.url(f"/{name}.xml")) for name in ("a", "b", "c")]
        assert all(r.error is None for r in lib.refresh())
        article = lib.articles(feed_ids=[feeds[0].id])[0]
        lib.store_content(article.id, ArticleContent(title="A", body=(Block("paragraph", "A quiet harbour."),)))
        lib.highlight_quote(article.id, "quiet harbour", note="made before the disk filled")
    for name in ("a", "b", "c"):  # each feed has new stories now
        server.route(f"/{name}.xml", feed(name, 40), content_type="application/rss+xml")
    return article.id, [f.id for f in feeds]


def assert_reported_and_intact(
    root: Path, proc: subprocess.CompletedProcess[str], article_id: str, feed_ids: list[str], words: str
) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "unexpectedly" not in proc.stderr, proc.stderr
    failed = [line for line in proc.stderr.splitlines() if line.startswith("gloss: ") and words in line]
    assert len(failed) == 3, f"each of the 3 feeds says {words!r}:\n{proc.stderr}"
    with Library.open(root, first_run=False, readonly=True) as lib:
        assert [h.note for h in lib.highlights(article_id)] == ["made before the disk filled"]
        assert all(len(lib.articles(feed_ids=[fid])) == 3 for fid in feed_ids), "what was stored stays"
        assert lib.notices == [] and [p for p in check_library(lib) if p.severity == "error"] == []


def gloss(*args: str, child: str = PLAIN_CHILD) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", child, *args], capture_output=True, text=True, timeout=120)


def test_a_full_tmpfs_during_a_refresh_is_said_per_feed_and_loses_nothing(tmpfs: Path, http_server: TestServer) -> None:
    root = tmpfs / "lib"
    article_id, feed_ids = library_with_feeds(root, http_server)
    filler = fill(tmpfs)

    proc = gloss("--data-dir", str(root), "refresh")

    assert_reported_and_intact(root, proc, article_id, feed_ids, "the disk is full")
    filler.unlink()
    with Library.open(root, first_run=False) as lib:
        assert all(r.error is None for r in lib.refresh()), "it works again once there is room"
        assert all(len(lib.articles(feed_ids=[fid])) == 40 for fid in feed_ids)


def test_a_file_size_limit_during_a_refresh_is_said_per_feed_and_loses_nothing(
    tmp_path: Path, http_server: TestServer
) -> None:
    root = tmp_path / "lib"
    article_id, feed_ids = library_with_feeds(root, http_server)

    proc = gloss("--data-dir", str(root), "refresh", child=LIMITED_CHILD)

    assert_reported_and_intact(root, proc, article_id, feed_ids, "the disk may be full")
