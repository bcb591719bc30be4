"""Fuzz, long run: extract(), parse_feed() and the import parsers on 100,000+ mutated inputs
over 2 processes.

    /work/venv/bin/python -m stress.stress_fuzz [--inputs 100000] [--hostile 10000] [--imports 40000]
        [--workers 2] [--max-seconds 3000]

Inputs are reproducible by index (tests/reliability/fuzzing.py: make_input; the second family,
megabyte words and compressed answers with bombs, by make_hostile_input, printed as ``h#N``;
the third, Hypothesis JSON, Readwise CSV, Google Reader API answers and OPML, by
tests/reliability/fuzzing_imports.py: make_import_input, printed as ``i#N``).
Anything raised but a ReaderError is a crash; any input over 1 s of CPU time is too slow (CPU
time, not wall time: the machine is shared, and a busy neighbour must not count against an
input; wall time is printed too). Prints the counts, the slowest inputs with their mutators
and the peak memory of a worker, and exits 1 on a crash, an input over 1 s, or a worker past
1 GiB (a decompression bomb decoded whole would take that).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import resource
import signal
import sys
import time
from collections import Counter
from typing import Any

from tests.reliability.fuzzing import Outcome, make_hostile_input, make_input, run_one, seed_feeds, seed_pages
from tests.reliability.fuzzing_imports import make_import_input, run_import, seeds

LIMIT_SECONDS = 1.0
HANG_SECONDS = 5  # an input still running after this is given up on (and counted as over 1 s)

_pages: list[bytes] = []
_feeds: list[bytes] = []
_imports: dict[str, list[bytes]] = {}


def _init() -> None:
    global _pages, _feeds, _imports
    _pages, _feeds, _imports = seed_pages(), seed_feeds(), seeds()


def _alarm(signum: int, frame: Any) -> None:
    raise TimeoutError(f"no answer after {HANG_SECONDS} s")


MAX_WORKER_MB = 1024


Job = tuple[str, int]  # (family: "" | "h" | "i", index)


def _name(job: Job) -> str:
    """How an input is named: ``#N`` in the first family, ``h#N`` in the second, ``i#N`` in the third."""
    return f"{job[0]}#{job[1]}"


def _make(job: Job) -> tuple[str, bytes, list[str]]:
    family, index = job
    if family == "i":
        return make_import_input(index, _imports)
    return (make_input if family == "" else make_hostile_input)(index, _pages, _feeds)


def _run(kind: str, data: bytes) -> Outcome:
    if kind in ("extract", "parse_feed", "decode"):
        return run_one(kind, data)
    return run_one(kind, data, target=lambda: run_import(kind, data))


def _work(job: Job) -> tuple[Job, str, float, float, str | None, int, str]:
    kind, data, names = _make(job)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        outcome = _run(kind, data)
        crash, label = outcome.crash, "+".join(names)
        if crash and crash.startswith("TimeoutError: no answer after"):  # the alarm, caught by run_one
            crash, label = None, label + " (gave up)"
        cpu = HANG_SECONDS if label.endswith("(gave up)") else outcome.cpu_seconds
        result = (job, kind, float(cpu), outcome.seconds, crash, len(data), label)
    except TimeoutError:
        result = (
            job,
            kind,
            float(HANG_SECONDS),
            float(HANG_SECONDS),
            None,
            len(data),
            "+".join(names) + " (gave up)",
        )
    finally:
        signal.alarm(0)
    return result


def _jobs(args: argparse.Namespace) -> list[Job]:
    """Every input, the other families spread among the first, so a run stopped early has
    tried each of them."""
    first = [("", i) for i in range(args.start, args.start + args.inputs)]
    others = [("h", i) for i in range(args.hostile)] + [("i", i) for i in range(args.imports)]
    step = max(1, len(first) // max(1, len(others)))
    rest = iter(others)
    jobs: list[Job] = []
    for n, job in enumerate(first):
        jobs.append(job)
        if n % step == step - 1:
            jobs.extend(itertools.islice(rest, 1))
    jobs.extend(rest)
    return jobs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--hostile", type=int, default=10_000, help="inputs of the second family (issue 22)")
    parser.add_argument("--imports", type=int, default=40_000, help="inputs of the third family (issue 21)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=3000, help="stop early (and say so) after this")
    args = parser.parse_args()
    started = time.monotonic()
    done = 0
    crashes: list[tuple[Job, str, str, str]] = []
    slow: list[tuple[float, Job, str, int, str]] = []
    slow_by_mutator: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    total_seconds = 0.0
    slowest_wall = 0.0
    with multiprocessing.Pool(args.workers, initializer=_init) as pool:
        for index, kind, seconds, wall, crash, size, names in pool.imap_unordered(_work, _jobs(args), chunksize=50):
            done += 1
            per_kind[kind] += 1
            total_seconds += seconds
            slowest_wall = max(slowest_wall, wall)
            if crash:
                crashes.append((index, kind, names, crash))
                print(f"CRASH input {_name(index)} ({kind}, {names}): {crash}", flush=True)
            slow.append((seconds, index, kind, size, names))
            if len(slow) > 200:
                slow.sort(reverse=True)
                del slow[20:]
            if seconds > LIMIT_SECONDS:
                slow_by_mutator[names] += 1
                print(
                    f"SLOW input {_name(index)} ({kind}, {names}, {size} bytes): {1000 * seconds:.0f} ms CPU",
                    flush=True,
                )
            if done % 10_000 == 0:
                print(f"... {done} inputs, {len(crashes)} crashes, {time.monotonic() - started:.0f} s", flush=True)
            if time.monotonic() - started > args.max_seconds:
                print(f"stopped early after {args.max_seconds:.0f} s", flush=True)
                pool.terminate()
                break
    slow.sort(reverse=True)
    over = sum(slow_by_mutator.values())
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(per_kind.items()))
    print(
        f"fuzz inputs: {done} ({kinds}), peak memory of a worker: {worker_mb:.0f} MB, "
        f"crashes: {len(crashes)}, over {LIMIT_SECONDS:.0f} s: {over}, "
        f"CPU time: mean {1000 * total_seconds / max(done, 1):.1f} ms, slowest {1000 * slow[0][0]:.0f} ms "
        f"(slowest wall {1000 * slowest_wall:.0f} ms), "
        f"{time.monotonic() - started:.0f} s wall"
    )
    print("slowest inputs (CPU ms, index, kind, bytes, mutators):")
    for seconds, index, kind, size, names in slow[:10]:
        print(f"  {1000 * seconds:8.0f}  {_name(index)}  {kind}  {size}  {names}")
    if slow_by_mutator:
        print("inputs over 1 s by mutators:", dict(slow_by_mutator.most_common(15)))
    return 0 if not crashes and not over and worker_mb <= MAX_WORKER_MB else 1


if __name__ == "__main__":
    sys.exit(main())
