"""Annotation commands: highlight, notes, search, export, import-notes."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import DEFAULT_PALETTE, EXPORT_FORMATS, NotebookQuery, ReaderError, plural
from .base import Context, UsageError, non_negative_int, one_line
from .jsonout import highlight_json


def register(sub: Any) -> None:
    colors = ", ".join(c.name for c in DEFAULT_PALETTE.colors)
    p = sub.add_parser("highlight", help="highlight a passage of an article (for scripts)")
    p.add_argument("article_id", metavar="ARTICLE_ID", help="the article (see `gloss articles`)")
    p.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it appears in the article")
    p.add_argument("--note", default="", metavar="TEXT", help="a note (Markdown)")
    p.add_argument(
        "--color", metavar="COLOR", help=f"a colour of your palette: {colors} (the default palette; default: the first)"
    )
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
    p.add_argument("--part", metavar="PART", help="only in this part (title, byline, block:N, caption:N)")
    p.add_argument("--json", action="store_true", help="print the highlight as JSON")
    p.set_defaults(func=cmd_highlight)

    p = sub.add_parser("notes", help="list highlights and notes across articles")
    p.add_argument("--article", metavar="ARTICLE_ID", help="only this article's")
    p.add_argument("--feed", metavar="FEED_ID", help="only this feed's articles'")
    p.add_argument(
        "--color", action="append", default=[], metavar="COLOR", help=f"only this colour ({colors}; repeatable)"
    )
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="only with this tag (repeatable)")
    p.add_argument("--text", metavar="TEXT", help="in the quote or the note")
    p.add_argument("--since", metavar="DATE", type=_date, help="made on or after (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", type=_date, help="made before (YYYY-MM-DD)")
    p.add_argument(
        "--order", choices=["newest", "article"], default="newest", help="newest first (default), or by article"
    )
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per highlight")
    p.set_defaults(func=cmd_notes)

    p = sub.add_parser("search", help="search articles, captions, highlights and notes")
    p.add_argument("query", metavar="QUERY", help="words to find (all of them)")
    p.add_argument("--limit", type=non_negative_int, default=20, metavar="N", help="at most N results (default 20)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per result")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="export highlights and notes")
    p.add_argument(
        "--format",
        choices=[f.key for f in EXPORT_FORMATS],
        required=True,
        help="; ".join(f"{f.key}: {f.label}" for f in EXPORT_FORMATS),
    )
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--article", action="append", metavar="ARTICLE_ID", help="this article's (repeatable)")
    scope.add_argument("--all", action="store_true", help="the whole notebook")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the file (- for standard output), or the folder with --per-article",
    )
    p.add_argument("--per-article", action="store_true", help="md only: one file per article in the folder PATH")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-notes", help="import highlights: W3C Web Annotation JSON, Hypothesis JSON or Readwise CSV"
    )
    p.add_argument("file", metavar="FILE", help="the file to read (its format is recognised)")
    p.set_defaults(func=cmd_import_notes)


def _check_colors(lib: Any, names: list[str]) -> None:
    palette = [c.name for c in lib.palette().colors]
    for name in names:
        if name not in palette:
            raise UsageError(f"there is no colour {name!r} in your palette; use one of: {', '.join(palette)}.")


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-28") from None


def cmd_highlight(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    _check_colors(lib, [args.color] if args.color else [])
    h = lib.highlight_quote(
        args.article_id, args.quote, part=args.part, color=args.color, note=args.note, tags=args.tag
    )
    if args.json:
        ctx.json_line(highlight_json(h))
    else:
        ctx.out.write(f"{h.id}  {h.part}  “{one_line(h.quote.exact, 70)}”\n")
    return 0


def cmd_notes(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    _check_colors(lib, args.color)
    if args.article:
        lib.article(args.article)  # "There is no article ...", not an empty list
    if args.feed:
        lib.feed(args.feed)
    query = NotebookQuery(
        article_id=args.article,
        feed_id=args.feed,
        colors=tuple(args.color),
        tags=tuple(args.tag),
        text=args.text,
        since=args.since,
        until=args.until,
        order=args.order,
    )
    for h in lib.notebook(query):
        if args.json:
            ctx.json_line(highlight_json(h))
            continue
        state = "" if h.state == "anchored" else f" [{h.state}]"
        ctx.out.write(f"{h.id}  {h.article_id}  {h.color:<7} “{one_line(h.quote.exact, 60)}”{state}\n")
        if h.note:
            ctx.out.write(f"    {one_line(h.note, 100)}\n")
    return 0


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    hits = lib.search(args.query, limit=args.limit)
    for hit in hits:
        if args.json:
            ctx.json_line(
                {
                    "kind": hit.kind,
                    "article_id": hit.article_id,
                    "highlight_id": hit.highlight_id,
                    "score": round(hit.score, 4),
                    "title": hit.title,
                    "snippet": hit.snippet,
                }
            )
        else:
            kind = "note" if hit.kind == "highlight" else "article"
            ctx.out.write(f"{hit.article_id}  {kind:<7} {one_line(hit.title, 60)}\n    {one_line(hit.snippet, 100)}\n")
    if not hits and not args.json:
        ctx.out.write("Nothing found.\n")
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    to_stdout = args.output == "-"
    if args.per_article and args.format != "md":
        raise UsageError(f"--per-article writes Markdown files; it does not apply to --format {args.format}.")
    if args.per_article and to_stdout:
        raise UsageError("--per-article writes one file per article into a folder; it cannot write to -.")
    lib = ctx.library(write=False)
    if args.article:
        for aid in args.article:
            lib.article(aid)  # a clear error for an unknown id
    items = lib.export_items(article_ids=args.article) if args.article else lib.export_items()
    count = plural(sum(len(i.highlights) for i in items), "highlight")
    if to_stdout:
        if not items:
            raise ReaderError("There are no highlights to export.")
        ctx.out.write(lib.export_text(args.format, items))
        ctx.err.write(f"Exported {count} from {plural(len(items), 'article')}.\n")
        return 0
    written = lib.export(args.format, Path(args.output), items, per_article=args.per_article)
    for notice in lib.export_notices(args.format, items):
        ctx.err.write(f"gloss: note: {notice}\n")
    where = written[0] if len(written) == 1 and not args.per_article else Path(args.output)
    ctx.out.write(f"Exported {count} from {plural(len(items), 'article')} to {where}.\n")
    return 0


def cmd_import_notes(args: argparse.Namespace, ctx: Context) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ReaderError(f"Could not read {args.file}: {exc.strerror}.") from exc
    report = ctx.library().import_annotations(data)
    ctx.out.write(report.summary() + "\n")
    return 0
