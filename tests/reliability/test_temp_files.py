"""A write killed between creating its temporary file and renaming it leaves the file
behind: opening the library to write removes those of writers that are gone (never a live
writer's), and `gloss check` reports them meanwhile."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from reader.check import check_library
from reader.library import Library


def _dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_writers_temporary_files_are_reported_then_removed(data_dir: Path) -> None:
    Library.open(data_dir, first_run=False).close()
    dead = _dead_pid()
    left = [
        data_dir / f".library.json.{dead}.0badc0de.tmp",
        data_dir / "articles" / f".abcdef0123.json.{dead}.deadbeef.baktmp",
        data_dir / "content" / ".staging" / f".v1.json.gz.{dead}.12345678.tmp",
    ]
    live = data_dir / f".library.json.{os.getpid()}.cafef00d.tmp"  # this process is a live writer
    for path in [*left, live]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a write")

    with Library.open(data_dir, readonly=True) as reading:
        [warning] = [p for p in check_library(reading) if "temporary file" in p.message]
    assert warning.message.startswith("3 temporary files left by writes that were killed")
    assert all(p.exists() for p in left)  # a read-only look removes nothing

    Library.open(data_dir, first_run=False).close()
    assert not any(p.exists() for p in left)
    assert live.exists()
    live.unlink()


def test_a_killed_content_write_leaves_its_file_where_the_sweep_finds_it(data_dir: Path) -> None:
    # The content store has a folder per article: its writes stage their temporary files in
    # one folder, so a write killed mid-way is found without walking every article's.
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from reader.storage import atomic\n"
        "from reader.library import Library\n"
        "lib = Library.open(sys.argv[1], first_run=False)\n"
        "real = os.replace\n"
        "def killed(src, dst, *a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "atomic.os.replace = killed\n"
        "lib.storage.content.put_raw('abcdef0123-0123456789ab', b'<html>page</html>', 'https://x.example/a')\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL, run.stderr
    staged = list((data_dir / "content" / ".staging").iterdir())
    assert len(staged) == 1 and staged[0].name.endswith(".tmp")
    Library.open(data_dir, first_run=False).close()
    assert list((data_dir / "content" / ".staging").iterdir()) == []
