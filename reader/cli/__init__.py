"""The ``gloss`` command line (argparse; never imports Qt).

``gloss`` alone, and ``gloss open ARTICLE_ID``, open the desktop window: this module
only parses them and hands them to the ``gui`` callable that ``ui.launch`` passes in,
so the command-line path stays free of Qt. Every other subcommand runs here, on the same
:class:`reader.library.Library` facade the window uses.

Exit codes a script can rely on: 0 success, 1 a reported failure (some feeds failed, a
file could not be read, ...), 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from types import ModuleType
from typing import TextIO

from ..errors import ReaderError
from . import admin_cmds, content_cmds, feeds_cmds
from .base import Context

GuiLauncher = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _version() -> str:
    try:
        return metadata.version("gloss-reader")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloss",
        description="Gloss: a news reader with clean article text, highlights and notes. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"gloss {_version()}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the library folder (default: $GLOSS_DATA_DIR, else your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    open_p = sub.add_parser("open", help="open the window on an article (or raise the running one to it)")
    open_p.add_argument("article_id", nargs="?", help="the article to show")
    open_p.add_argument("--highlight", metavar="ID", help="scroll to this highlight")
    open_p.add_argument("--invalid-link", help=argparse.SUPPRESS)  # a gloss:// link that did not parse
    open_p.set_defaults(func=None, gui=True)
    feeds_cmds.register(sub)
    content_cmds.register(sub)
    admin_cmds.register(sub)
    for name in ("extract_cmds", "notes_cmds", "sync_cmds"):
        module = _optional(name)
        if module is not None:
            module.register(sub)
    return parser


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None
        raise


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def main(
    argv: Sequence[str] | None = None,
    *,
    gui: GuiLauncher | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    if getattr(args, "invalid_link", None):
        err.write(f"gloss: that gloss:// link is not valid: {args.invalid_link}\n")
        return EXIT_USAGE
    if args.command is None or getattr(args, "gui", False):
        if gui is None:
            err.write("gloss: the desktop window is not available from here; run the `gloss` program.\n")
            return EXIT_FAILED
        return gui(args)
    ctx = Context(data_dir=args.data_dir, out=out, err=err)
    try:
        code: int = args.func(args, ctx)
        return code
    except ReaderError as exc:
        err.write(f"gloss: {exc}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write("gloss: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`gloss articles | head`): not an error.
        _silence_stdout()
        return EXIT_OK
    finally:
        ctx.close()
