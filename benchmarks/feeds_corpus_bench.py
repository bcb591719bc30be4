"""Parse every real feed of the evaluation corpus and print what happened to each.

Run from the repository root::

    /work/venv/bin/python benchmarks/feeds_corpus_bench.py [DIR]

``DIR`` defaults to ``../shared/eval-corpus/feeds/`` (next to the repository). Every file
must either parse (entries counted, a warning shown when it was not well-formed) or fail
with a clear :class:`reader.errors.ParseError`; anything else (a crash, another exception
type) is counted as a failure and the exit status is 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.errors import ParseError  # noqa: E402
from reader.feeds.parse import parse_feed  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "eval-corpus" / "feeds"
CONTENT_TYPES = {".json": "application/feed+json", ".atom": "application/atom+xml", ".rdf": "application/rdf+xml"}


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    files = sorted(p for p in folder.iterdir() if p.is_file())
    if not files:
        print(f"no files in {folder}")
        return 1
    parsed = warned = clear_errors = crashes = entries_total = 0
    started = time.perf_counter()
    for path in files:
        body = path.read_bytes()
        suffix = "." + path.name.split(".")[-2] if path.name.count(".") >= 2 else path.suffix
        headers = {"content-type": CONTENT_TYPES.get(suffix, "application/xml")}
        t = time.perf_counter()
        try:
            feed = parse_feed(body, url=f"https://feeds.example/{path.name}", headers=headers)
        except ParseError as exc:
            clear_errors += 1
            print(f"{path.name:45} ERROR  {exc}")
            continue
        except Exception as exc:  # the point of the benchmark: this must never happen
            crashes += 1
            print(f"{path.name:45} CRASH  {type(exc).__name__}: {exc}")
            continue
        ms = (time.perf_counter() - t) * 1000
        parsed += 1
        entries_total += len(feed.entries)
        linked = sum(1 for e in feed.entries if e.url)
        dated = sum(1 for e in feed.entries if e.published or e.updated)
        line = f"{path.name:45} {len(feed.entries):4d} entries ({linked} linked, {dated} dated) {ms:7.1f} ms"
        line += f"  {feed.title[:40]!r}"
        if feed.warning:
            warned += 1
            line += f"\n{'':45} warning: {feed.warning}"
        print(line)
    elapsed = time.perf_counter() - started
    print(
        f"\n{len(files)} files: {parsed} parsed ({warned} with a warning), {clear_errors} clear errors, "
        f"{crashes} crashes; {entries_total} entries in {elapsed:.2f} s"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
