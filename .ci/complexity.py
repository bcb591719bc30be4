"""A ratchet on complexity: no new function rated worse than C by radon, no new module over
500 lines, and the ones already past either mark (listed in .ci/complexity-baseline.txt) may
only get better. In the spirit of Anki's ``.complexipy.toml``: the count only falls.

    python .ci/complexity.py            # check (CI); exit 1 with what to mend
    python .ci/complexity.py --update   # write the baseline again, only ever lower

A listed function that is now C or better, or a listed module now under the mark, also fails
the check until ``--update`` takes it off the list, so what was mended stays mended.

``EXEMPT`` lists paths left out while they are rewritten (none now: ``reader/extract/`` joined
the ratchet when its pipeline was split into named steps, every function C or better).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radon.complexity import cc_rank, cc_visit
from radon.visitors import Function

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("reader", "ui")
EXEMPT: tuple[str, ...] = ()
BASELINE = ROOT / ".ci" / "complexity-baseline.txt"
WORST_RANK = "C"  # radon: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+
MAX_LINES = 500


def measure() -> dict[str, int]:
    """Every function past the rank and every module past the size: key -> its figure."""
    found: dict[str, int] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(EXEMPT):
                continue
            code = path.read_text("utf-8")
            lines = code.count("\n")
            if lines > MAX_LINES:
                found[f"{rel} lines"] = lines
            for block in cc_visit(code):
                if isinstance(block, Function) and cc_rank(block.complexity) > WORST_RANK:
                    key = f"{rel}::{block.fullname}"
                    found[key] = max(found.get(key, 0), block.complexity)
    return found


def read_baseline() -> dict[str, int]:
    listed: dict[str, int] = {}
    if BASELINE.exists():
        for line in BASELINE.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, figure = line.rpartition(" ")
                listed[key] = int(figure)
    return listed


def write_baseline(figures: dict[str, int]) -> None:
    header = (
        "# Functions rated worse than C by radon (their complexity) and modules over 500 lines (their\n"
        "# lines) that were so before the gate; .ci/complexity.py lets these figures only fall.\n"
    )
    BASELINE.write_text(header + "".join(f"{key} {figures[key]}\n" for key in sorted(figures)), "utf-8")


def describe(key: str, figure: int) -> str:
    if key.endswith(" lines"):
        return f"{key.removesuffix(' lines')} has {figure} lines (at most {MAX_LINES})"
    return f"{key} is rated {cc_rank(figure)} ({figure}; at most {WORST_RANK}, 20)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="take mended entries off the baseline, lower the rest")
    args = parser.parse_args()
    now, listed = measure(), read_baseline()
    new = {k: v for k, v in now.items() if k not in listed}
    worse = {k: v for k, v in now.items() if k in listed and v > listed[k]}
    better = {k: listed[k] for k in listed if now.get(k, 0) < listed[k]}
    if args.update:
        if new or worse:
            print("--update never raises the baseline; mend these first:", file=sys.stderr)
            for key, figure in {**new, **worse}.items():
                print(f"  {describe(key, figure)}", file=sys.stderr)
            return 1
        write_baseline({k: v for k, v in now.items() if k in listed})
        print(f"{BASELINE.relative_to(ROOT)}: {len(better)} entries lowered or removed, {len(now)} remain.")
        return 0
    for key, figure in new.items():
        print(f"new: {describe(key, figure)}")
    for key, figure in worse.items():
        print(f"worse: {describe(key, figure)} (was {listed[key]})")
    for key, figure in better.items():
        print(f"better: {key} was {figure}, now {now.get(key, 'within the mark')}: run .ci/complexity.py --update")
    if new or worse or better:
        return 1
    functions = sum(1 for k in now if not k.endswith(" lines"))
    print(
        f"complexity: {functions} functions past {WORST_RANK} and {len(now) - functions} modules past "
        f"{MAX_LINES} lines, all on the baseline, none worse"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
