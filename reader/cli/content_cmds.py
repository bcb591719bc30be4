"""Article content commands: show, reextract, read/star flags."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .. import ContentNotFoundError, ReaderError, plural
from .base import Context, non_negative_int
from .extract_cmds import render
from .jsonout import content_json


def register(sub: Any) -> None:
    p = sub.add_parser("show", help="print a stored article's extracted content")
    p.add_argument("article_id", metavar="ARTICLE_ID", help="the article (see `gloss articles`)")
    p.add_argument("--json", action="store_true", help="the content as JSON (its parts, and its source: page or feed)")
    p.add_argument("--version", type=non_negative_int, metavar="N", help="an older extracted version (1 is the first)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("reextract", help="re-run extraction over stored pages (no network)")
    p.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="only these (default: all)")
    p.set_defaults(func=cmd_reextract)

    for name, flag, value, text in (
        ("mark-read", "read", True, "mark articles read"),
        ("mark-unread", "read", False, "mark articles unread"),
        ("star", "starred", True, "star articles"),
        ("unstar", "starred", False, "unstar articles"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID", help="the articles (see `gloss articles`)")
        p.set_defaults(func=cmd_flag, flag=flag, value=value)


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    article = lib.article(args.article_id)
    version = lib.content(article.id, args.version)
    if version is None and args.version is not None:
        versions = lib.storage.content.list_versions(article.id)
        have = (
            f"it has versions 1 to {max(versions)}"
            if len(versions) > 1
            else ("it has only version 1" if versions else "it has no extracted version yet")
        )
        raise ReaderError(f"“{article.title}” has no version {args.version} ({have}).")
    if version is None:
        raise ContentNotFoundError(
            f"“{article.title}” has no extracted content yet (its page was not fetched"
            + (f": {article.fetch_error}" if article.fetch_error else "")
            + ")."
        )
    if args.json:
        ctx.out.write(
            json.dumps(content_json(version.content) | {"source": version.source}, ensure_ascii=False, indent=2)
        )
        ctx.out.write("\n")
        return 0
    if version.source == "feed":
        why = f" ({article.fetch_error})" if article.fetch_error else ""
        ctx.err.write(f"gloss: note: this is the text the feed gave, not the article page's{why}.\n")
    ctx.out.write(render(version.content))
    return 0


def cmd_reextract(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    for aid in args.article_ids:
        lib.article(aid)  # an unknown id is an error, not "0 pages"
    checked, changed = lib.reextract(args.article_ids or None)
    ctx.out.write(f"Re-extracted {plural(checked, 'stored page')}; {changed} changed.\n")
    return 0


def cmd_flag(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    for aid in args.article_ids:
        lib.article(aid)  # every id checked before any is changed
    for aid in args.article_ids:
        if args.flag == "read":
            lib.mark_read(aid, args.value)
        else:
            lib.mark_starred(aid, args.value)
    return 0
