"""The power-cut harness shared by tests/reliability/test_power_cut.py (a few kills) and
stress/stress_power_cut.py (500 kills): start the child, kill it with SIGKILL at a random
moment, then prove that every file opens, ``gloss check`` finds no error, and every
highlight and note edit whose save had returned is on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from reader.check import check_library
from reader.errors import ReaderError
from reader.feeds.http import HttpClient
from reader.library import Library

CHILD_MODULE = "tests.reliability.powercut_child"
REPO = Path(__file__).resolve().parents[2]


def make_library(root: Path, feed_urls: list[str]) -> None:
    """A library subscribed to ``feed_urls``, refreshed once (so there is text to highlight)."""
    with Library.open(root, first_run=False) as lib:
        lib.set_http(HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0))
        for url in feed_urls:
            lib.add_feed(url)
        results = lib.refresh()
        failed = [r for r in results if r.error is not None]
        assert not failed, failed


def run_and_kill(
    root: Path, seed: int, delay: float, *, start_timeout: float = 120.0, module: str = CHILD_MODULE
) -> list[str]:
    """Run the child (``module``) until ``delay`` seconds after it is READY, SIGKILL it, and
    return the complete lines it printed (a line cut by the kill was never confirmed)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    proc = subprocess.Popen(
        [sys.executable, "-m", module, str(root), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    os.set_blocking(proc.stdout.fileno(), False)
    buffer = b""
    deadline = time.monotonic() + start_timeout
    kill_at: float | None = None
    while True:
        buffer += proc.stdout.read() or b""
        now = time.monotonic()
        if kill_at is None and b"READY\n" in buffer:
            kill_at = now + delay
        if kill_at is not None and now >= kill_at:
            break
        if proc.poll() is not None or now > deadline:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    buffer += proc.stdout.read() or b""
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    if kill_at is None or proc.returncode != -signal.SIGKILL:
        raise AssertionError(f"the child did not run until the kill (rc {proc.returncode}): {err.decode()[-2000:]}")
    return buffer.decode("utf-8").split("\n")[:-1]


@dataclass
class Ledger:
    """What the children confirmed, and what must therefore be on disk."""

    notes: dict[str, str] = field(default_factory=dict)  # highlight id -> the note it must have
    pending: dict[str, str] = field(default_factory=dict)  # an edit started but not confirmed
    saves: int = 0
    edits: int = 0
    refreshes: int = 0

    def absorb(self, lines: list[str]) -> None:
        self.pending.clear()
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "H":
                hid, _, note = rest.partition(" ")
                self.notes[hid] = note
                self.saves += 1
            elif kind == "E":
                hid, _, note = rest.partition(" ")
                self.pending[hid] = note
            elif kind == "N":
                hid, _, note = rest.partition(" ")
                self.notes[hid] = note
                self.pending.pop(hid, None)
                self.edits += 1
            elif kind == "F":
                self.refreshes += 1

    def verify(self, root: Path) -> list[str]:
        """Open the library as the app would and list every way it falls short."""
        failures: list[str] = []
        stored: dict[str, str] = {}
        try:
            with Library.open(root, first_run=False) as lib:
                if lib.notices:
                    failures.append(f"damage noticed on open: {lib.notices}")
                errors = [p.message for p in check_library(lib) if p.severity == "error"]
                if errors:
                    failures.append(f"gloss check: {errors[:5]}")
                stored = {h.id: h.note for h in lib.highlights()}
                # Every file opens: each article's stored text (every version) and raw page read back.
                for article in lib.articles():
                    for number in lib.storage.content.list_versions(article.id):
                        if lib.content(article.id, number) is None:
                            failures.append(f"article {article.id}: text version {number} does not read back")
                    lib.storage.content.get_raw(article.id)
                if lib.notices:
                    failures.append(f"damage noticed while reading: {lib.notices}")
        except ReaderError as exc:
            return [f"the library does not open or read: {exc}"]
        for hid, note in self.notes.items():
            if hid not in stored:
                failures.append(f"highlight {hid} was saved before the kill and is gone")
            elif stored[hid] != note and stored[hid] != self.pending.get(hid):
                failures.append(f"highlight {hid}: note {stored[hid][:30]!r}, last saved {note[:30]!r}")
        # What is on disk now is durable: later kills must keep exactly that.
        self.notes.update({hid: stored[hid] for hid in self.notes if hid in stored})
        self.notes.update({hid: note for hid, note in stored.items() if hid not in self.notes})
        return failures
