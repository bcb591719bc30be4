"""The child of the sync power-cut harness (tests/reliability/syncpowercut.py): open the
library, then until killed, change read and starred flags and sync, printing what returned.

Lines: ``E <article id> <flag> <0|1>`` before a flag is set (it may or may not be on disk),
``Q <article id> <flag> <0|1>`` once the call returned (the change is queued: it must reach the
server, whatever the kill does), ``S <0|1> <new articles>`` when a sync returned.

    python -m tests.reliability.syncpowercut_child LIBRARY SEED
"""

from __future__ import annotations

import random
import sys

from reader.feeds.http import HttpClient
from reader.library import Library

FLAGS = ("read", "starred")


def main() -> None:
    root, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    with Library.open(root, first_run=False) as lib:
        lib.set_http(HttpClient(connect_timeout=5.0, read_timeout=10.0, total_timeout=20.0))
        ids = sorted(a.id for a in lib.articles())
        print("READY", flush=True)
        while True:
            for _ in range(rng.randint(1, 6)):
                aid, flag = rng.choice(ids), rng.choice(FLAGS)
                value = not getattr(lib.article(aid), flag)
                print(f"E {aid} {flag} {int(value)}", flush=True)
                (lib.mark_read if flag == "read" else lib.mark_starred)(aid, value)
                print(f"Q {aid} {flag} {int(value)}", flush=True)
            result = lib.sync(refresh_local=False)
            print(f"S {int(result.ok)} {result.new_articles}", flush=True)
            ids = sorted(a.id for a in lib.articles())


if __name__ == "__main__":
    main()
