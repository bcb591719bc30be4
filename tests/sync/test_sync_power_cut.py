"""Sync power cut, short run: a library synced with a real FreshRSS is SIGKILLed at random
moments while it changes read and starred flags and syncs (tests/reliability/syncpowercut.py).
After each kill the library opens undamaged with every change that returned, and the next
sync completes with the server holding exactly this library's flags. The long run is
stress/stress_sync_power_cut.py."""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path

import pytest

from tests.reliability.powercut import run_and_kill
from tests.reliability.syncpowercut import CHILD_MODULE, SyncLedger, make_synced_library

from .freshrss import Account, FreshRSS
from .site import Site

KILLS = int(os.environ.get("GLOSS_SYNC_POWERCUT_KILLS", "6"))

pytestmark = [
    pytest.mark.timeout(900),
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only"),
]


def test_sigkill_mid_sync_loses_no_queued_change_and_the_next_sync_completes(
    freshrss: FreshRSS, account: Account, site: Site, tmp_path: Path
) -> None:
    p = site.prefix()
    feeds = [site.feed(p, f"f{i}", f"Feed {i}", 4) for i in range(2)]
    root = tmp_path / "library"
    assert make_synced_library(root, account, [f.url for f in feeds]) == 8
    rng = random.Random(21)
    ledger = SyncLedger()
    for kill in range(KILLS):
        if kill == KILLS // 2:  # new items on the server: the next syncs fetch contents and pages too
            site.add_story(feeds[0], "late", "Feed 0: a late story")
            freshrss.refresh(account)
        lines = run_and_kill(root, seed=kill, delay=rng.uniform(0.0, 2.0), module=CHILD_MODULE)
        ledger.absorb(lines)
        # The next sync is every other kill's, so a child also starts with changes a killed one queued.
        failures = ledger.verify(root, account, sync=kill % 2 == 1 or kill == KILLS - 1)
        assert not failures, f"kill {kill + 1}: {failures}"
    # The test proves something only if the children got to change flags and to sync.
    assert ledger.changes and ledger.syncs and ledger.completing_syncs, ledger
