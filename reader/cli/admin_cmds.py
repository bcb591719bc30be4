"""Library housekeeping: check, prune, where."""

from __future__ import annotations

import argparse
from typing import Any

from ..check import check_library
from .base import Context


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="check the library for damage and dangling records")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("prune", help="delete old articles now (starred and annotated ones are kept)")
    p.set_defaults(func=cmd_prune)
    p = sub.add_parser("where", help="print the library folder")
    p.set_defaults(func=cmd_where)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    problems = check_library(lib)
    for p in problems:
        ctx.out.write(f"{p.severity}: {p.message}\n")
    errors = sum(p.severity == "error" for p in problems)
    ctx.out.write("The library is consistent.\n" if not errors else f"{errors} problems found.\n")
    return 1 if errors else 0


def cmd_prune(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    n = lib.prune()
    days = lib.settings().retention_days
    ctx.out.write(f"Deleted {n} articles older than {days} days (starred and annotated ones are kept).\n")
    return 0


def cmd_where(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    ctx.out.write(f"{lib.data_dir}\n")
    return 0
