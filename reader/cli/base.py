"""What every command gets: where to write, and the library, opened on first use."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from .. import Library, LibraryLockedError, ReaderError


class UsageError(ReaderError):
    """The command was given something it cannot use (an unknown colour, options that do not
    go together): exit code 2, like argparse's own usage errors."""


def run_command(args: argparse.Namespace, ctx: Context) -> int:
    """Run a parsed command: a ReaderError is said in words and gives exit code 1 (2 for a
    UsageError). LibraryLockedError goes on up: the caller may run the command elsewhere."""
    try:
        return int(args.func(args, ctx))
    except LibraryLockedError:
        raise
    except UsageError as exc:
        ctx.err.write(f"gloss {args.command}: {exc}\n")
        return 2
    except ReaderError as exc:
        ctx.err.write(f"gloss: {exc}\n")
        return 1


def non_negative_int(value: str) -> int:
    """An argparse type: 0, 1, 2, ... ("-3" and "many" are usage errors, in words)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return number


@dataclass
class Context:
    data_dir: str | None
    out: TextIO
    err: TextIO
    inp: TextIO = field(default_factory=lambda: sys.stdin)
    _library: Library | None = field(default=None, repr=False)

    def library(self, *, write: bool = True) -> Library:
        """The library. A command that only reads still works while the window has the
        library open: it falls back to a read-only view and says so."""
        if self._library is None:
            try:
                self._library = Library.open(self.data_dir)
            except LibraryLockedError:
                if write:
                    raise
                self._library = Library.open(self.data_dir, readonly=True)
                self.err.write("gloss: note: another Gloss has the library open; showing it read-only.\n")
            for notice in self._library.notices:
                self.err.write(f"gloss: note: {notice}\n")
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None

    def json_line(self, obj: dict[str, Any]) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(text: str, width: int) -> str:
    """Flatten and cut text for a terminal column (control and bidi characters removed)."""
    flat = " ".join(text.split())
    flat = "".join(ch for ch in flat if ch.isprintable() and ch not in _BIDI_CONTROLS)
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
