"""Annotation commands: highlight, notes, search, export, import-notes."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..annotations import NotebookQuery
from ..errors import ReaderError
from ..types import Highlight
from .base import Context, one_line

FORMAT_SUFFIX = {"md": ".md", "json": ".json", "hypothesis": ".json", "html": ".html", "csv": ".csv"}


def register(sub: Any) -> None:
    p = sub.add_parser("highlight", help="highlight a passage of an article (for scripts)")
    p.add_argument("article_id")
    p.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it appears in the article")
    p.add_argument("--note", default="", metavar="N", help="a note (Markdown)")
    p.add_argument("--color", metavar="C", help="a palette colour (default: the first)")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    p.add_argument("--part", metavar="PART", help="only in this part (title, byline, block:N, caption:N)")
    p.add_argument("--json", action="store_true", help="print the highlight as JSON")
    p.set_defaults(func=cmd_highlight)

    p = sub.add_parser("notes", help="list highlights and notes across articles")
    p.add_argument("--article", metavar="ID")
    p.add_argument("--feed", metavar="ID")
    p.add_argument("--color", action="append", default=[], metavar="C")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--text", metavar="TEXT", help="in the quote or the note")
    p.add_argument("--since", metavar="DATE", type=_date, help="made on or after (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", type=_date, help="made before (YYYY-MM-DD)")
    p.add_argument("--order", choices=["newest", "article"], default="newest")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per highlight")
    p.set_defaults(func=cmd_notes)

    p = sub.add_parser("search", help="search articles, captions, highlights and notes")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per result")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="export highlights and notes")
    p.add_argument("--format", choices=sorted(FORMAT_SUFFIX), required=True)
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--article", action="append", metavar="ID", help="this article's (repeatable)")
    scope.add_argument("--all", action="store_true", help="the whole notebook")
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="the file (or folder with --per-article)")
    p.add_argument("--per-article", action="store_true", help="Markdown: one file per article in PATH")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-notes", help="import highlights: W3C Web Annotation JSON, Hypothesis JSON or Readwise CSV"
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_import_notes)


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-28") from None


def highlight_json(h: Highlight) -> dict[str, Any]:
    return h.to_dict()


def cmd_highlight(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
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
    lib = ctx.library(write=False)
    items = lib.export_items(article_ids=args.article) if args.article else lib.export_items()
    if args.article:
        for aid in args.article:
            lib.article(aid)  # a clear error for an unknown id
    written = lib.export(args.format, Path(args.output), items, per_article=args.per_article)
    for notice in lib.export_notices(args.format, items):
        ctx.err.write(f"gloss: note: {notice}\n")
    count = sum(len(i.highlights) for i in items)
    where = written[0] if len(written) == 1 else Path(args.output)
    ctx.out.write(f"Exported {count} highlights from {len(items)} articles to {where}.\n")
    return 0


def cmd_import_notes(args: argparse.Namespace, ctx: Context) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ReaderError(f"Could not read {args.file}: {exc.strerror}.") from exc
    report = ctx.library().import_annotations(data)
    ctx.out.write(report.summary() + "\n")
    return 0
