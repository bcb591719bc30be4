"""``gloss desktop install|uninstall``: the menu entry, icons and ``gloss://`` handler (Linux)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import ReaderError, plural
from .base import Context


def register(sub: Any) -> None:
    p = sub.add_parser(
        "desktop",
        help="put Gloss in your desktop's menu and open gloss:// links with it (Linux)",
        description="Install or remove Gloss's desktop entry, icons and gloss:// link handler, under "
        "$XDG_DATA_HOME (~/.local/share) and $XDG_CONFIG_HOME (~/.config). No library is opened.",
    )
    actions = p.add_subparsers(dest="desktop_action", metavar="ACTION", title="actions", required=True)
    a = actions.add_parser(
        "install",
        help="write gloss.desktop, the hicolor icons and the x-scheme-handler/gloss default (again: no change)",
    )
    a.set_defaults(func=cmd_install)
    a = actions.add_parser("uninstall", help="remove exactly what `gloss desktop install` wrote")
    a.set_defaults(func=cmd_uninstall)


def _linux_only() -> None:
    if not sys.platform.startswith("linux"):
        raise ReaderError("`gloss desktop` is for Linux desktops (freedesktop.org menus and links).")


def cmd_install(args: argparse.Namespace, ctx: Context) -> int:
    from .. import desktop  # imported by these commands only (17 ms)

    _linux_only()
    paths = desktop.DesktopPaths.from_env()
    result = desktop.install(paths)
    out = ctx.out
    out.write(f"Menu entry: {paths.desktop_file} (starts {result.exec_path})\n")
    out.write(f"Icons: {plural(len(paths.icons), 'file')} in {paths.hicolor}\n")
    out.write(f"gloss:// links: {desktop.SCHEME}={desktop.DESKTOP_ID} in {paths.mimeapps}\n")
    out.write("Nothing changed: it was installed already.\n" if not result.written else "Installed.\n")
    handler = desktop.registered_handler()
    if handler is not None and handler != desktop.DESKTOP_ID:
        ctx.err.write(
            f"gloss: note: xdg-mime says gloss:// links open with {handler or 'nothing'}; "
            "your desktop's own setting for them comes first.\n"
        )
    for note in result.notes:
        ctx.err.write(f"gloss: note: {note}\n")
    return 0


def cmd_uninstall(args: argparse.Namespace, ctx: Context) -> int:
    from .. import desktop  # imported by these commands only (17 ms)

    _linux_only()
    result = desktop.uninstall()
    if not result.removed:
        ctx.out.write("Nothing to remove: Gloss's desktop entry is not installed.\n")
        return 0
    paths = desktop.DesktopPaths.from_env()
    icons = sum(p in paths.icons for p in result.removed)
    parts = ["the menu entry"] if paths.desktop_file in result.removed else []
    parts += [plural(icons, "icon")] if icons else []
    parts += [f"the gloss:// handler from {paths.mimeapps}"] if paths.mimeapps in result.removed else []
    ctx.out.write(f"Removed {', '.join(parts)}.\n")
    return 0
