"""Power-cut test: a writer killed with SIGKILL at random moments never leaves a torn
file, and every write that had returned is on disk."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.storage.tiny import TinyStorage
from reader.types import ArticleFilter, dt_to_str

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = int(os.environ.get("GLOSS_CRASH_KILLS", "25"))


def run_and_kill(root: Path, seed: int, after: float) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(root), str(seed)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    buffer = b""
    deadline = time.monotonic() + after
    # Read what the child reports until the moment of the kill, then kill mid-whatever.
    os.set_blocking(proc.stdout.fileno(), False)
    while time.monotonic() < deadline:
        buffer += proc.stdout.read() or b""
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    buffer += proc.stdout.read() or b""
    proc.stdout.close()
    # A line cut by the kill has no newline yet: its write had not been reported.
    complete = buffer.decode("utf-8").split("\n")[:-1]
    return [line for line in complete if line.count(" ") == 1]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_at_random_moments_loses_nothing_that_returned(tmp_path: Path) -> None:
    rng = random.Random(1234)
    root = tmp_path / "lib"
    confirmed_highlights: set[str] = set()
    confirmed_reads: set[str] = set()
    for kill in range(KILLS):
        lines = run_and_kill(root, seed=kill, after=rng.uniform(0.25, 0.6))
        confirmed_highlights |= {line.split()[1] for line in lines if line.startswith("H ")}
        confirmed_reads |= {line.split()[1] for line in lines if line.startswith("R ")}
        storage = TinyStorage(root)
        try:
            assert storage.notices == [], f"kill {kill}: a file was torn: {storage.notices}"
            stored = {h.id for h in storage.user.get_highlights()}
            missing = confirmed_highlights - stored
            assert not missing, f"kill {kill}: highlights saved before the kill are gone: {sorted(missing)[:5]}"
            articles = {a.id: a for a in storage.meta.iter_articles()}
            assert all(articles[a].read for a in confirmed_reads if a in articles)
            # The list index is current or rebuilt (never wrong): the newest 50 are the shards'.
            problems = storage.meta.list_index_problems()
            assert all(p.endswith("It was rebuilt from them.") for p in problems), problems
            newest = sorted(articles.values(), key=lambda a: (dt_to_str(a.date), a.id), reverse=True)[:50]
            assert [a.id for a in storage.meta.query_articles(ArticleFilter(limit=50))] == [a.id for a in newest]
            unread = sum(not a.read for a in articles.values())
            assert sum(u for u, _t in storage.meta.article_counts().values()) == unread
        finally:
            storage.close()
    assert confirmed_highlights, "the child never got to save anything: the test proved nothing"
