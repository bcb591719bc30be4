"""Power cut, long run: 500 SIGKILLs of the real Library at random moments.

    /work/venv/bin/python -m stress.stress_power_cut [--kills 500] [--seed 1]

The news site runs in this (parent) process; each child opens the library, refreshes,
highlights and edits notes until it is killed. After each kill the library must open
without a notice of damage, pass ``gloss check`` and hold every confirmed save.
Prints ``kills survived: N / 500``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from tests.httpserver import TestServer
from tests.reliability.powercut import Ledger, make_library, run_and_kill
from tests.reliability.site import NewsSite


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=1.0, help="longest run after READY, seconds")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    survived = 0
    started = time.monotonic()
    with TestServer() as server, tempfile.TemporaryDirectory(prefix="gloss-powercut-") as tmp:
        site = NewsSite(server)
        root = Path(tmp) / "library"
        make_library(root, site.feed_urls)
        ledger = Ledger()
        for kill in range(args.kills):
            ledger.absorb(run_and_kill(root, seed=args.seed * 100_000 + kill, delay=rng.uniform(0.0, args.max_delay)))
            failures = ledger.verify(root)
            if failures:
                print(f"kill {kill + 1}: FAILED {failures}", flush=True)
            else:
                survived += 1
            if (kill + 1) % 50 == 0:
                print(f"... {kill + 1} kills, {survived} survived, {time.monotonic() - started:.0f} s", flush=True)
        print(
            f"kills survived: {survived} / {args.kills}  (highlights saved {ledger.saves}, note edits "
            f"{ledger.edits}, refreshes {ledger.refreshes}, highlights on disk {len(ledger.notes)}, "
            f"{time.monotonic() - started:.0f} s)"
        )
    return 0 if survived == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
