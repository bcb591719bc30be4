"""Sync power cut, long run: SIGKILLs of a library syncing with a real FreshRSS.

    /work/venv/bin/python -m stress.stress_sync_power_cut [--kills 100] [--seed 1] [--max-delay 2.0]
        [--verify-every 2]

Starts FreshRSS (../shared/servers/freshrss/start) in a temporary folder and the feed site
in this process. Each child (tests/reliability/syncpowercut_child.py) opens the library and,
until killed, changes read and starred flags and syncs. After each kill the library must
open undamaged with every change whose call returned; after every ``--verify-every``-th
kill a sync here must complete, leave nothing waiting, and leave the server with exactly
the library's flags (the kills between start with changes the killed child queued). Every
tenth kill the site publishes a story and FreshRSS reads it, so syncs fetch new items and
pages too. Prints ``kills survived: N / M`` and what the children got to do.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from tests.httpserver import TestServer
from tests.reliability.powercut import run_and_kill
from tests.reliability.syncpowercut import CHILD_MODULE, SyncLedger, make_synced_library
from tests.sync.freshrss import start_freshrss
from tests.sync.site import Site


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=2.0, help="longest run after READY, seconds")
    parser.add_argument("--verify-every", type=int, default=2, help="sync here and compare with the server")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    survived = 0
    started = time.monotonic()
    with TestServer() as server, tempfile.TemporaryDirectory(prefix="gloss-syncpowercut-") as tmp:
        freshrss = start_freshrss(Path(tmp) / "freshrss")
        try:
            account = freshrss.new_user(prefix="cut")
            site = Site(server)
            p = site.prefix()
            feeds = [site.feed(p, f"f{i}", f"Feed {i}", 5) for i in range(3)]
            root = Path(tmp) / "library"
            articles = make_synced_library(root, account, [f.url for f in feeds])
            print(f"library synced: {articles} articles, FreshRSS at {freshrss.url}", flush=True)
            ledger = SyncLedger()
            for kill in range(args.kills):
                if kill and kill % 10 == 0:
                    site.add_story(feeds[kill % 3], f"late{kill}", f"Feed {kill % 3}: late story {kill}")
                    freshrss.refresh(account)
                lines = run_and_kill(
                    root, seed=args.seed * 100_000 + kill, delay=rng.uniform(0.0, args.max_delay), module=CHILD_MODULE
                )
                ledger.absorb(lines)
                check_server = (kill + 1) % args.verify_every == 0 or kill == args.kills - 1
                failures = ledger.verify(root, account, sync=check_server)
                if failures:
                    print(f"kill {kill + 1}: FAILED {failures[:5]}; the child's last lines: {lines[-12:]}", flush=True)
                else:
                    survived += 1
                if (kill + 1) % 10 == 0:
                    print(f"... {kill + 1} kills, {survived} survived, {time.monotonic() - started:.0f} s", flush=True)
        finally:
            freshrss.stop()
        print(
            f"kills survived: {survived} / {args.kills}  (flag changes returned {ledger.changes}, children's "
            f"syncs returned {ledger.syncs} ({ledger.failed_syncs} not ok), kills during a sync "
            f"{ledger.kills_mid_sync}, completing syncs here {ledger.completing_syncs}; "
            f"{time.monotonic() - started:.0f} s)"
        )
    return 0 if survived == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
