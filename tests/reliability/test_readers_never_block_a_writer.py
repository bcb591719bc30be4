"""Reading commands never take the writer's lock (issue 22, item 5). They took it whenever it
was free, so a `gloss highlight` failed while any `gloss notes` or `show` ran: 90 of 150 saves
were refused with 8 readers. Here 6 reader processes run reading commands in a loop while
highlights are saved one `gloss highlight` after another: every save must succeed."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from reader.cli import main
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library

READERS = 6
SAVES = 20
# Loops over the reading commands until the stop file appears; says READY after its first
# round, and at the end how many commands it ran and how many failed.
READER = r"""
import io, sys
from pathlib import Path
from reader.cli import main
data_dir, article_id, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
commands = [["notes"], ["show", article_id], ["articles"], ["check"], ["export", "--format", "md", "--all", "-o", "-"],
            ["where"], ["feeds"], ["search", "harbour"]]
ran = failed = 0
while True:
    for args in commands:
        err = io.StringIO()
        code = main(["--data-dir", data_dir, *args], out=io.StringIO(), err=err)
        ran += 1
        if code != 0:
            failed += 1
            print("FAILED", args, err.getvalue().strip(), flush=True)
    if ran == len(commands):
        print("READY", flush=True)
    if stop.exists():
        break
print("RAN", ran, "FAILED", failed, flush=True)
"""


def test_highlights_are_saved_while_readers_read(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root)
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(root), article_id, str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(READERS)
    ]
    try:
        for proc in readers:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first.startswith("READY"), first + proc.stderr.read() if proc.stderr else first
        refused = []
        for i in range(SAVES):
            err = io.StringIO()
            code = main(
                ["--data-dir", str(root), "highlight", article_id, "--quote", "quiet harbour", "--note", f"save {i}"],
                out=io.StringIO(),
                err=err,
            )
            if code != 0:
                refused.append(err.getvalue().strip())
    finally:
        stop.touch()
        outputs = [proc.communicate(timeout=120) for proc in readers]
    assert refused == [], f"{len(refused)} of {SAVES} saves refused while {READERS} readers ran: {refused[:2]}"
    for out, err in outputs:
        assert "FAILED 0" in out, out + err
    with Library.open(root, first_run=False) as lib:
        notes = {h.note for h in lib.highlights(article_id)}
        assert {f"save {i}" for i in range(SAVES)} <= notes
