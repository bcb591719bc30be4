"""``gloss sync``: sync with a FreshRSS, Miniflux or Inoreader account (the Google Reader API).

gloss sync add URL [--user NAME] [--password-stdin]   sign in and keep the account
gloss sync                                             sync now
gloss sync status [--json]                             the account, the last sync, what is queued
gloss sync remove                                      forget the account (nothing else)
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from .. import SyncAccountError, SyncResult, dt_to_str
from .base import Context
from .jsonout import account_json
from .progress import RefreshView


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help="sync subscriptions, folders, read and starred with a FreshRSS, Miniflux or Inoreader account",
        description="Sync with a server that speaks the Google Reader API. With no action, syncs now.",
    )
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(func=cmd_sync)
    actions = p.add_subparsers(dest="sync_action", metavar="ACTION", title="actions")
    add = actions.add_parser("add", help="sign in to an account and keep it (the password goes to the keyring)")
    add.add_argument(
        "url", metavar="URL", help="the server's address (for FreshRSS, its address or its /api/greader.php)"
    )
    add.add_argument("--user", metavar="NAME", help="the user name (asked when missing)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the API password from standard input (for scripts)"
    )
    add.add_argument("--no-sync", action="store_true", help="only keep the account; sync later")
    add.set_defaults(func=cmd_sync_add)
    status = actions.add_parser("status", help="the account, the last sync and the changes waiting to be sent")
    status.add_argument("--json", action="store_true", help="as one JSON object")
    status.set_defaults(func=cmd_sync_status)
    remove = actions.add_parser("remove", help="forget the account and its password (feeds and notes stay)")
    remove.set_defaults(func=cmd_sync_remove)


def _ask(ctx: Context, prompt: str, *, secret: bool) -> str:
    if not ctx.inp.isatty():
        raise SyncAccountError(
            "Give the API password on standard input with --password-stdin (no terminal to ask on)."
            if secret
            else "Give the user name with --user (no terminal to ask on)."
        )
    if secret:
        return getpass.getpass(prompt)
    ctx.err.write(prompt)
    ctx.err.flush()
    return ctx.inp.readline().strip()


def cmd_sync_add(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    user = args.user or _ask(ctx, "User name: ", secret=False)
    given = ctx.inp.readline().rstrip("\r\n") if args.password_stdin else None
    password = given if given is not None else _ask(ctx, "API password: ", secret=True)
    account, note = lib.add_sync_account(args.url, user, password)
    ctx.out.write(f"Signed in to {account.api_url} as {account.user}.\n")
    if note:
        ctx.err.write(f"gloss: note: {note}\n")
    if args.no_sync:
        ctx.out.write("Run `gloss sync` to sync.\n")
        return 0
    return _run_sync(ctx, json_out=False)


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    return _run_sync(ctx, json_out=args.json)


def _run_sync(ctx: Context, *, json_out: bool) -> int:
    lib = ctx.library()
    with RefreshView(ctx) as view:
        result = lib.sync(progress=view)
    failed = [r for r in result.refresh if r.error is not None]
    if json_out:
        ctx.json_line(_result_json(result))
    else:
        for problem in result.problems:
            ctx.err.write(f"gloss: {problem}\n")
        for r in failed:
            if r.error not in result.problems:
                ctx.err.write(f"gloss: {lib.feed(r.feed_id).display_title}: {r.error}\n")
        ctx.out.write(result.summary() + "\n")
    return 1 if result.problems or failed else 0


def _result_json(result: SyncResult) -> dict[str, Any]:
    return {
        "new_articles": result.new_articles,
        "feeds_added": result.feeds_added,
        "feeds_removed": result.feeds_removed,
        "feeds_pushed": result.feeds_pushed,
        "feeds_unsubscribed_on_server": result.feeds_unsubscribed_on_server,
        "flags_pushed": result.flags_pushed,
        "flags_pulled": result.flags_pulled,
        "conflicts": result.conflicts,
        "requests": result.requests,
        "seconds": round(result.seconds, 3),
        "cancelled": result.cancelled,
        "problems": [str(p) for p in result.problems],
    }


def cmd_sync_status(args: argparse.Namespace, ctx: Context) -> int:
    status = ctx.library(write=False).sync_status()
    account = status.account
    if args.json:
        ctx.json_line(
            {
                "account": account_json(account) if account else None,
                "last_sync": dt_to_str(status.last_sync),
                "pending_changes": status.pending_changes,
                "synced_feeds": status.synced_feeds,
                "synced_items": status.synced_items,
            }
        )
        return 0
    if account is None:
        ctx.out.write("No sync account. Add one with `gloss sync add URL`.\n")
        return 0
    when = f"{status.last_sync:%Y-%m-%d %H:%M} UTC" if status.last_sync else "never"
    ctx.out.write(
        f"Account: {account.user} at {account.api_url}\n"
        f"Last sync: {when}\n"
        f"Synced: {status.synced_feeds} feeds, {status.synced_items} articles\n"
        f"Waiting to be sent: {status.pending_changes} change{'s' if status.pending_changes != 1 else ''}\n"
    )
    if status.password_note:
        ctx.out.write(status.password_note + "\n")
    return 0


def cmd_sync_remove(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    account = lib.sync_account()
    if account is None:
        ctx.out.write("There is no sync account to remove.\n")
        return 0
    lib.remove_sync_account()
    ctx.out.write(
        f"Forgot the account {account.user} at {account.api_url} and its password. Your feeds, articles, "
        "highlights and notes stay here; Gloss reads the feeds itself again.\n"
    )
    return 0
