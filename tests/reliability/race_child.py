"""One of two Gloss processes racing to open the same library.

It waits for "go" on stdin (so both start at the same instant), opens the library and
prints ``WON`` (then writes, and holds the library until "quit") or ``LOCKED <message>``
(then opens it read-only, reads it, and prints ``READONLY <n feeds>``).

Usage: python -m tests.reliability.race_child DATA_DIR NAME
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.errors import LibraryLockedError, ReaderError
from reader.library import Library


def main(root: Path, name: str) -> None:
    sys.stdin.readline()
    try:
        lib = Library.open(root, first_run=False)
    except LibraryLockedError as exc:
        print("LOCKED", exc, flush=True)
        try:
            with Library.open(root, readonly=True) as ro:
                print("READONLY", len(ro.feeds()), flush=True)
        except ReaderError as exc2:
            print("READONLY-REFUSED", exc2, flush=True)
        return
    print("WON", flush=True)
    lib.add_folder(f"{name}-{len(lib.folders())}")
    print("WROTE", flush=True)
    sys.stdin.readline()
    lib.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
