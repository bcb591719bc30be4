"""Commands that write, run through the Gloss window that has the library open.

Only one Gloss may write a library. When the window holds it, ``gloss add URL`` (or any
command that writes) does not fail: it connects to the window's local socket (the one
``gloss open`` uses, see ``ui/instance.py``), sends its command line and working folder, and
the window runs it on its own :class:`~reader.library.Library`, streaming the output back.
The window then shows the change. This module is both ends' Qt-free half: the socket's name
and path, the client, and :func:`run_in_library` that the window calls on a worker thread.

Wire format: one JSON line ``{"argv": [...], "cwd": "..."}`` from the client; JSON lines
``{"out": text}``, ``{"err": text}`` and finally ``{"exit": code}`` from the window.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

# Arguments that name files, made absolute against the client's folder (the window's differs).
PATH_DESTS = ("file", "files", "output")
_one_at_a_time = threading.Lock()


def socket_name(data_dir: Path) -> str:
    """The window's socket name for a library (one window per library, per user)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    user = str(os.getuid()) if hasattr(os, "getuid") else "u"
    return f"gloss-{user}-{digest}"


def socket_path(data_dir: Path) -> Path:
    """Where Qt's QLocalServer puts that socket on Unix: ``QDir::tempPath()``, i.e. $TMPDIR or /tmp."""
    return Path(os.environ.get("TMPDIR") or "/tmp") / socket_name(data_dir)


class _Stream:
    """A text stream that hands each write to ``send`` (the window's socket, via the GUI thread)."""

    def __init__(self, kind: str, send: Callable[[str, str], None]) -> None:
        self.kind = kind
        self.send = send

    def write(self, text: str) -> int:
        if text:
            self.send(self.kind, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def run_in_library(argv: Sequence[str], cwd: str, library: Any, send: Callable[[str, str], None]) -> int:
    """The window's half: run ``argv`` on ``library`` (kept open), writing through ``send(kind, text)``
    with kind "out" or "err"; returns the exit code. Commands run one at a time."""
    from . import EXIT_FAILED, build_parser
    from .base import Context, run_command

    out, err = _Stream("out", send), _Stream("err", send)
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    if getattr(args, "func", None) is None:
        err.write("gloss: the window is open already.\n")
        return EXIT_FAILED
    _absolutize(args, Path(cwd))
    ctx = Context(data_dir=None, out=out, err=err)  # type: ignore[arg-type]
    ctx._library = library  # the window's: never closed here
    with _one_at_a_time:
        return run_command(args, ctx)


def _absolutize(args: argparse.Namespace, cwd: Path) -> None:
    for dest in PATH_DESTS:
        value = getattr(args, dest, None)
        if isinstance(value, str) and value != "-":
            setattr(args, dest, str(cwd / Path(value).expanduser()))
        elif isinstance(value, list):
            setattr(args, dest, [str(cwd / Path(v).expanduser()) if v != "-" else v for v in value])


def forward(
    data_dir: Path, argv: Sequence[str], out: TextIO, err: TextIO, *, connect_timeout: float = 2.0
) -> int | None:
    """The client's half: run ``argv`` in the window that has ``data_dir`` open and relay its
    output; its exit code, or None when no window answers (another ``gloss`` holds the library)."""
    path = socket_path(data_dir)
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:  # no Unix sockets here
        return None
    with conn:
        conn.settimeout(connect_timeout)
        try:
            conn.connect(str(path))
            conn.sendall((json.dumps({"argv": list(argv), "cwd": os.getcwd()}) + "\n").encode("utf-8"))
        except OSError:
            return None
        conn.settimeout(None)  # a refresh in the window may take minutes
        reader = conn.makefile("r", encoding="utf-8")
        for line in reader:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                break
            if not isinstance(message, dict):
                break
            if "exit" in message:
                return int(message["exit"])
            for kind, stream in (("out", out), ("err", err)):
                if isinstance(message.get(kind), str):
                    stream.write(message[kind])
                    stream.flush()
    err.write("gloss: the Gloss window stopped before the command finished; check what it did with `gloss check`.\n")
    return 1
