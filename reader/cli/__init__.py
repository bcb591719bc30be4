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
import contextlib
import importlib
import io
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TextIO

from .. import LibraryLockedError, resolve_data_dir
from ..identity import is_article_id, shown_id
from . import admin_cmds, content_cmds, feeds_cmds, remote
from .base import Context, run_command

GuiLauncher = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _version() -> str:
    from importlib import metadata  # only for --version: its import costs every command 25 ms

    try:
        return metadata.version("gloss-reader")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


class _VersionAction(argparse.Action):
    """``--version``, looking the version up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        sys.stdout.write(f"gloss {_version()}\n")  # where argparse's own version action writes it
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloss",
        description="Gloss: a news reader with clean article text, highlights and notes. "
        "With no command, opens the window.",
        epilog="`gloss COMMAND --help` tells a command's options. Exit codes: 0 done, 1 something failed "
        "(said in words), 2 a usage error.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the library folder (default: $GLOSS_DATA_DIR, else your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    open_p = sub.add_parser("open", help="open the window on an article (or raise the running one to it)")
    open_p.add_argument("article_id", nargs="?", metavar="ARTICLE_ID", help="the article to show")
    open_p.add_argument("--highlight", metavar="HIGHLIGHT_ID", help="scroll to this highlight")
    open_p.add_argument("--invalid-link", help=argparse.SUPPRESS)  # a gloss:// link that did not parse
    open_p.set_defaults(func=None, gui=True)
    feeds_cmds.register(sub)
    content_cmds.register(sub)
    admin_cmds.register(sub)
    for name in ("extract_cmds", "notes_cmds", "desktop_cmds", "sync_cmds"):
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
    inp: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        # argparse prints help and usage errors itself: to our streams, not always sys's.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    if getattr(args, "invalid_link", None):
        err.write(f"gloss: that gloss:// link is not valid: {args.invalid_link}\n")
        return EXIT_USAGE
    if getattr(args, "article_id", None) is not None and args.command == "open" and not is_article_id(args.article_id):
        err.write(f"gloss open: {shown_id(args.article_id)} is not an article id (`gloss articles` lists them).\n")
        return EXIT_USAGE
    if args.command is None or getattr(args, "gui", False):
        if gui is None:
            err.write("gloss: the desktop window is not available from here; run the `gloss` program.\n")
            return EXIT_FAILED
        return gui(args)
    inp = inp or sys.stdin
    ctx = Context(data_dir=args.data_dir, out=out, err=err, inp=inp)
    try:
        return run_command(args, ctx)
    except LibraryLockedError as exc:
        ctx.close()
        return _through_the_window(args, list(sys.argv[1:] if argv is None else argv), exc, out, err, inp)
    except KeyboardInterrupt:
        err.write("gloss: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`gloss articles | head`): not an error.
        _silence_stdout()
        return EXIT_OK
    finally:
        ctx.close()


def _through_the_window(
    args: argparse.Namespace, argv: list[str], locked: LibraryLockedError, out: TextIO, err: TextIO, inp: TextIO
) -> int:
    """A command that writes, while another Gloss holds the library: the window runs it (see
    :mod:`reader.cli.remote`); when no window answers, say exactly what to do."""
    root = resolve_data_dir(args.data_dir)
    if args.command == "prune" and not (args.dry_run or args.yes) and inp.isatty() and out.isatty():
        # The question is asked here, on this terminal; the window only lists, then deletes.
        listing = io.StringIO()
        shown = remote.forward(root, [*argv, "--dry-run"], listing, err)
        if shown is not None:
            out.write(listing.getvalue())
            if shown != 0 or "Would delete" not in listing.getvalue():
                return shown
            out.write("Delete them? [y/N] ")
            out.flush()
            if inp.readline().strip().lower() not in ("y", "yes"):
                out.write("Nothing deleted.\n")
                return EXIT_FAILED
            return remote.forward(root, [*argv, "--yes"], out, err) or EXIT_OK
    code = remote.forward(root, argv, out, err)
    if code is not None:
        return code
    err.write(
        f"gloss: {locked}\n"
        "  Another `gloss` command is writing it (a refresh, an import): wait until it ends, then run this again.\n"
        "  Commands that only read (feeds, articles, show, notes, search, export) work meanwhile.\n"
    )
    return EXIT_FAILED
