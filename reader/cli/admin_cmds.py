"""Library housekeeping: check, prune, where."""

from __future__ import annotations

import argparse
from typing import Any

from .. import dt_to_str, plural
from ..check import check_library
from .base import Context, one_line

# How many articles `gloss prune` lists before it asks (--dry-run lists them all).
SHOWN = 20


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="check the library for damage and dangling records")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser(
        "prune",
        help="delete articles first seen more than the retention time ago (starred and annotated ones are kept)",
        description="Delete the articles Gloss first saw more than the retention time ago (a setting, 90 days "
        "unless changed), except starred and annotated ones. Age counts from when Gloss first saw an article, "
        "not from its publish date. On a terminal it lists them and asks first.",
    )
    p.add_argument("--dry-run", action="store_true", help="list what would be deleted, and delete nothing")
    p.add_argument("-y", "--yes", action="store_true", help="don't ask (it never asks when not on a terminal)")
    p.set_defaults(func=cmd_prune)
    p = sub.add_parser("where", help="print the library folder")
    p.set_defaults(func=cmd_where)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    problems = check_library(lib)
    for p in problems:
        ctx.out.write(f"{p.severity}: {p.message}\n")
    errors = sum(p.severity == "error" for p in problems)
    ctx.out.write("The library is consistent.\n" if not errors else f"{plural(errors, 'problem')} found.\n")
    return 1 if errors else 0


def cmd_prune(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    days = lib.settings().retention_days
    old = lib.prunable()
    rule = f"first seen more than {plural(days, 'day')} ago"
    if not old:
        ctx.out.write(f"Nothing to delete: no article was {rule} (starred and annotated ones are kept).\n")
        return 0
    shown = old if args.dry_run else old[:SHOWN]
    for a in shown:
        ctx.out.write(f"{a.id}  first seen {(dt_to_str(a.added) or '')[:10]}  {one_line(a.title, 70)}\n")
    if len(old) > len(shown):
        ctx.out.write(f"... and {len(old) - len(shown)} more (`gloss prune --dry-run` lists them all)\n")
    if args.dry_run:
        ctx.out.write(f"Would delete {plural(len(old), 'article')} {rule} (starred and annotated ones are kept).\n")
        return 0
    if not args.yes and ctx.inp.isatty() and ctx.out.isatty():
        ctx.out.write(f"Delete {'this article' if len(old) == 1 else f'these {len(old)} articles'}? [y/N] ")
        ctx.out.flush()
        if ctx.inp.readline().strip().lower() not in ("y", "yes"):
            ctx.out.write("Nothing deleted.\n")
            return 1
    n = lib.prune(articles=old)
    ctx.out.write(f"Deleted {plural(n, 'article')} {rule} (starred and annotated ones are kept).\n")
    return 0


def cmd_where(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    ctx.out.write(f"{lib.data_dir}\n")
    return 0
