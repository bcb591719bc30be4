"""Two Gloss processes started at once on the same library (shared by the test and
stress/stress_two_instances.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.check import check_library
from reader.library import Library

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Race:
    winners: int
    locked_messages: list[str]
    readonly_lines: list[str]
    other: list[str]


def race(root: Path) -> Race:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.race_child", str(root), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for name in ("a", "b")
    ]
    # Both have imported everything and wait on stdin: "go" reaches them at once.
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    firsts = []
    for p in procs:
        assert p.stdout is not None
        firsts.append(p.stdout.readline().strip())
    winners = [p for p, line in zip(procs, firsts, strict=True) if line == "WON"]
    # The loser finishes (its read-only look) while the winner still holds the library.
    # (stdout is read through its buffer: communicate() would skip what readline() buffered.)
    outputs = []
    for p in [*(p for p in procs if p not in winners), *winners]:
        assert p.stdin is not None and p.stdout is not None and p.stderr is not None
        if p in winners:
            p.stdin.write("quit\n")
        with contextlib.suppress(BrokenPipeError):
            p.stdin.close()
        outputs.append(p.stdout.read() + p.stderr.read())
        p.wait(timeout=60)
        p.stdout.close()
        p.stderr.close()
    lines = firsts + [line for out in outputs for line in out.splitlines()]
    return Race(
        winners=len(winners),
        locked_messages=[line[len("LOCKED ") :] for line in lines if line.startswith("LOCKED ")],
        readonly_lines=[line for line in lines if line.startswith("READONLY")],
        other=[line for line in lines if not line.startswith(("WON", "WROTE", "LOCKED", "READONLY"))],
    )


def library_is_sound(root: Path) -> list[str]:
    with Library.open(root, first_run=False) as lib:
        problems = [f"notice: {n}" for n in lib.notices]
        problems += [p.message for p in check_library(lib) if p.severity == "error"]
    return problems
