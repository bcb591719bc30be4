"""Power cut, short run: the real Library (refresh from a local server, highlights, note
edits) killed with SIGKILL at random moments. After each kill every file opens without
a notice of damage, ``gloss check`` finds no error, and every highlight and note edit
whose save had returned is on disk. The 500-kill run is stress/stress_power_cut.py."""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path

import pytest

from tests.httpserver import TestServer
from tests.reliability.powercut import Ledger, make_library, run_and_kill
from tests.reliability.site import NewsSite

KILLS = int(os.environ.get("GLOSS_POWERCUT_KILLS", "20"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_sigkill_of_the_real_library_loses_nothing_that_returned(http_server: TestServer, tmp_path: Path) -> None:
    site = NewsSite(http_server)
    root = tmp_path / "library"
    make_library(root, site.feed_urls)
    rng = random.Random(8)
    ledger = Ledger()
    for kill in range(KILLS):
        ledger.absorb(run_and_kill(root, seed=kill, delay=rng.uniform(0.0, 0.5)))
        failures = ledger.verify(root)
        assert not failures, f"kill {kill + 1}: {failures}"
    # The test proves something only if the children got to every kind of write.
    assert ledger.saves and ledger.edits and ledger.refreshes, ledger
