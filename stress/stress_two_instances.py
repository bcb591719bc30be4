"""Two instances, long run: two Gloss processes race to open one library, many times.

    /work/venv/bin/python -m stress.stress_two_instances [--races 200]

Prints ``races with exactly one winner: N / N`` (and any race that went otherwise).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.racing import library_is_sound, race


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--races", type=int, default=200)
    args = parser.parse_args()
    good = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gloss-race-") as tmp:
        root = Path(tmp) / "library"
        for n in range(args.races):
            result = race(root)
            problems = library_is_sound(root)
            ok = (
                result.winners == 1
                and len(result.locked_messages) == 1
                and "Another Gloss is already using" in result.locked_messages[0]
                and bool(result.readonly_lines)
                and not result.other
                and not problems
            )
            good += ok
            if not ok:
                print(f"race {n + 1}: {result} {problems}", flush=True)
    print(
        f"races with exactly one winner, the other told why, no damage: {good} / {args.races} "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0 if good == args.races else 1


if __name__ == "__main__":
    sys.exit(main())
