"""The ``gloss`` and ``gloss-gui`` entry points.

This module imports no Qt at load time: ``gloss SUBCOMMAND`` runs the Qt-free command
line in :mod:`reader.cli`; only ``gloss`` alone and ``gloss open`` import the window.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys

from reader import run_cli as cli_main


def _run_window(args: argparse.Namespace) -> int:
    # Qt aborts (exit 134) when no platform plugin loads: find out first, and say why.
    from .preflight import platform_problem

    problem = platform_problem()
    if problem is not None:
        sys.stderr.write(problem)
        return 1
    from .app import run

    return run(
        data_dir=args.data_dir,
        article_id=getattr(args, "article_id", None),
        highlight_id=getattr(args, "highlight", None),
    )


def main(argv: list[str] | None = None) -> int:
    """``gloss``: the command line, or the window when no command is given (or a ``gloss://`` link)."""
    # The refresh parses feeds in spawned worker processes; a frozen build needs this.
    multiprocessing.freeze_support()
    return cli_main(command_line(sys.argv[1:] if argv is None else argv), gui=_run_window)


def command_line(args: list[str]) -> list[str]:
    """The command line to run: ``args``, or the ``gloss open`` of a ``gloss://`` link given
    alone (``GLOSS://`` too: a URI's scheme is case-insensitive, RFC 3986 section 3.1)."""
    if args and args[0][:8].lower() == "gloss://":
        from .annotate.links import parse_gloss_link

        return parse_gloss_link(args[0])
    return args


def main_gui() -> int:
    """``gloss-gui``: for desktop launchers (``Exec=gloss-gui %u`` hands it ``gloss://`` links)."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
