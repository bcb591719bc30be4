"""Feed commands: add, feeds, refresh, import-opml, export-opml, articles, unsubscribe."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Any

from ..errors import ReaderError, StorageError
from ..types import Article, ArticleFilter, Feed, RefreshProgress, dt_to_str
from .base import Context, one_line


def register(sub: Any) -> None:
    p = sub.add_parser("add", help="subscribe to a feed, by its URL or a site's URL")
    p.add_argument("url")
    p.add_argument("--folder", metavar="F", help="put it in this folder")
    p.add_argument("--no-refresh", action="store_true", help="don't read the feed now")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("feeds", help="list subscriptions with unread counts and last errors")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per feed")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("refresh", help="fetch new articles")
    p.add_argument("--feed", metavar="ID", action="append", help="only this feed (repeatable)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one result per feed")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("unsubscribe", help="stop following a feed (annotated and starred articles are kept)")
    p.add_argument("feed_id")
    p.set_defaults(func=cmd_unsubscribe)

    p = sub.add_parser("import-opml", help="subscribe to every feed of an OPML file")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_opml)

    p = sub.add_parser("export-opml", help="write your subscriptions as OPML")
    p.add_argument("file")
    p.set_defaults(func=cmd_export_opml)

    p = sub.add_parser("articles", help="list articles, newest first")
    p.add_argument("--unread", action="store_true", help="only unread ones")
    p.add_argument("--starred", action="store_true", help="only starred ones")
    p.add_argument("--feed", metavar="ID", help="only this feed's")
    p.add_argument("--limit", metavar="N", type=int, default=50, help="at most N (default 50; 0: all)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per article")
    p.set_defaults(func=cmd_articles)


def feed_json(feed: Feed, counts: tuple[int, int]) -> dict[str, Any]:
    d = feed.to_dict()
    for private in ("etag", "last_modified", "body_hash"):
        d.pop(private)
    d["unread"], d["total"] = counts
    return d


def article_json(article: Article) -> dict[str, Any]:
    d = article.to_dict()
    d.pop("entry_hash")
    return d


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    found = lib.discover(args.url)
    feed = lib.add_feed(found[0].url, folder=args.folder, title=found[0].title)
    ctx.out.write(f"Subscribed to {feed.display_title} ({feed.url}) as {feed.id}.\n")
    if len(found) > 1:
        ctx.out.write("The site offers other feeds too; add one with `gloss add URL`:\n")
        for d in found[1:]:
            ctx.out.write(f"  {d.url}  {one_line(d.title, 60)}\n")
    if args.no_refresh:
        return 0
    (result,) = lib.refresh([feed.id])
    if result.error is not None:
        ctx.err.write(f"gloss: {feed.display_title}: {result.error}\n")
        return 1
    ctx.out.write(f"{result.new} new articles.\n")
    return 0


def cmd_feeds(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    counts = lib.counts()
    for feed in lib.feeds():
        c = counts.get(feed.id, (0, 0))
        if args.json:
            ctx.json_line(feed_json(feed, c))
            continue
        status = ""
        if feed.dead:
            status = "  [gone: no longer published]"
        elif feed.last_error:
            status = f"  [error: {one_line(feed.last_error.message, 70)}]"
        folder = f"{feed.folder}/" if feed.folder else ""
        ctx.out.write(f"{feed.id}  {c[0]:>5} unread  {folder}{one_line(feed.display_title, 50)}{status}\n")
    return 0


class _TerminalProgress:
    """A one-line progress bar on a terminal; silent when output is not a terminal."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.enabled = ctx.err.isatty()
        self._lock = threading.Lock()

    def __call__(self, p: RefreshProgress) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * p.done / p.total) if p.total else width
        with self._lock:
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total} {one_line(p.current, 40):<40}"
            self.ctx.err.write(line)
            self.ctx.err.flush()

    def finish(self) -> None:
        if self.enabled:
            self.ctx.err.write("\r" + " " * 90 + "\r")


def cmd_refresh(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    bar = _TerminalProgress(ctx)
    results = lib.refresh(args.feed, progress=bar)
    bar.finish()
    failed = 0
    new = updated = 0
    for r in results:
        title = lib.feed(r.feed_id).display_title
        if args.json:
            ctx.json_line(
                {
                    "feed_id": r.feed_id,
                    "title": title,
                    "new": r.new,
                    "updated": r.updated,
                    "not_modified": r.not_modified,
                    "skipped": r.skipped,
                    "warning": r.warning,
                    "error": str(r.error) if r.error else None,
                }
            )
        if r.error is not None:
            failed += 1
            if not args.json:
                ctx.err.write(f"gloss: {title}: {r.error}\n")
        new += r.new
        updated += r.updated
    if not args.json:
        ctx.out.write(
            f"Refreshed {len(results)} feeds: {new} new, {updated} updated articles"
            + (f"; {failed} failed.\n" if failed else ".\n")
        )
        if lib.synced_feed_ids():
            ctx.out.write(
                f"{len(lib.synced_feed_ids())} feeds are read by the sync server: `gloss sync` brings theirs.\n"
            )
    return 1 if failed else 0


def cmd_unsubscribe(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    title = lib.feed(args.feed_id).display_title
    kept = lib.unsubscribe(args.feed_id)
    extra = f" {kept} starred or annotated articles were kept." if kept else ""
    ctx.out.write(f"Unsubscribed from {title}.{extra}\n")
    return 0


def cmd_import_opml(args: argparse.Namespace, ctx: Context) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ReaderError(f"Could not read {args.file}: {exc.strerror}.") from exc
    added = ctx.library().import_opml(data)
    ctx.out.write(f"Subscribed to {len(added)} feeds. Run `gloss refresh` to read them.\n")
    return 0


def cmd_export_opml(args: argparse.Namespace, ctx: Context) -> int:
    data = ctx.library(write=False).export_opml()
    try:
        Path(args.file).write_bytes(data)
    except OSError as exc:
        raise StorageError(f"Could not write {args.file}: {exc.strerror}.") from exc
    ctx.out.write(f"Wrote {args.file}.\n")
    return 0


def cmd_articles(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library(write=False)
    flt = ArticleFilter(
        feed_ids=frozenset([args.feed]) if args.feed else None,
        unread=True if args.unread else None,
        starred=True if args.starred else None,
        limit=args.limit or None,
    )
    if args.feed:
        lib.feed(args.feed)  # a clear error for an unknown feed id
    for a in lib.articles(flt):
        if args.json:
            ctx.json_line(article_json(a))
        else:
            mark = "*" if a.starred else " "
            dot = "•" if not a.read else " "
            date = (dt_to_str(a.date) or "")[:10]
            ctx.out.write(f"{a.id}  {dot}{mark} {date}  {one_line(a.title, 80)}\n")
    return 0
