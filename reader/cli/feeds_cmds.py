"""Feed commands: add, feeds, refresh, import-opml, export-opml, articles, unsubscribe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import ArticleFilter, ReaderError, StorageError, dt_to_str, plural
from .base import Context, non_negative_int, one_line
from .jsonout import article_json, feed_json
from .progress import RefreshView

# A site may offer many feeds; `gloss add` tries this many before it gives up.
ADD_TRIES = 3


def register(sub: Any) -> None:
    p = sub.add_parser("add", help="subscribe to a feed, by its URL or a site's URL")
    p.add_argument(
        "url",
        metavar="URL",
        help="a feed's address, or a site's (its feeds are found and the first that works is used)",
    )
    p.add_argument("--folder", metavar="FOLDER", help="put it in this folder")
    p.add_argument("--no-refresh", action="store_true", help="don't read the feed now (nor check that it works)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("feeds", help="list subscriptions with unread counts and last errors")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per feed")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("refresh", help="fetch new articles (exit code 1 if some feeds failed)")
    p.add_argument("--feed", metavar="FEED_ID", action="append", help="only this feed (repeatable)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one result per feed, each as soon as it is done")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("unsubscribe", help="stop following a feed (annotated and starred articles are kept)")
    p.add_argument("feed_id", metavar="FEED_ID", help="the feed (see `gloss feeds`)")
    p.set_defaults(func=cmd_unsubscribe)

    p = sub.add_parser("import-opml", help="subscribe to every feed of an OPML file")
    p.add_argument("file", metavar="FILE", help="the OPML file (from another reader's export)")
    p.set_defaults(func=cmd_import_opml)

    p = sub.add_parser("export-opml", help="write your subscriptions as OPML")
    p.add_argument("file", metavar="FILE", help="where to write it (- for standard output)")
    p.set_defaults(func=cmd_export_opml)

    p = sub.add_parser("articles", help="list articles, newest first")
    p.add_argument("--unread", action="store_true", help="only unread ones")
    p.add_argument("--starred", action="store_true", help="only starred ones")
    p.add_argument("--feed", metavar="FEED_ID", help="only this feed's")
    p.add_argument("--limit", metavar="N", type=non_negative_int, default=50, help="at most N (default 50; 0: all)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one object per article")
    p.set_defaults(func=cmd_articles)


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    found = lib.discover(args.url)
    if args.no_refresh:
        # Named from the feed's own title at its first refresh, never from the page's <link title>.
        feed = lib.add_feed(found[0].url, folder=args.folder)
        ctx.out.write(f"Subscribed to {feed.display_title} as {feed.id} (not read yet: `gloss refresh`).\n")
        _other_feeds(ctx, found[1:])
        return 0
    failures: list[str] = []
    for n, candidate in enumerate(found[:ADD_TRIES]):
        feed = lib.add_feed(candidate.url, folder=args.folder)
        (result,) = lib.refresh([feed.id])
        if result.error is None:
            feed = lib.feed(feed.id)
            if not feed.title and candidate.title:
                feed = lib.rename_feed(feed.id, candidate.title)  # the feed has no title of its own
            ctx.out.write(f"Subscribed to {feed.display_title} ({feed.url}) as {feed.id}.\n")
            ctx.out.write(f"{plural(result.new, 'new article')}.\n")
            _other_feeds(ctx, [d for i, d in enumerate(found) if i != n])
            return 0
        # Never leave a subscription to a feed that does not work.
        lib.unsubscribe(feed.id)
        failures.append(f"{candidate.url}: {result.error}")
    tried = "the feed" if len(failures) == 1 else f"{plural(len(failures), 'feed')} the site offers"
    ctx.err.write(f"gloss: not subscribed: {tried} could not be read:\n")
    for line in failures:
        ctx.err.write(f"  {line}\n")
    return 1


def _other_feeds(ctx: Context, others: list[Any]) -> None:
    if not others:
        return
    ctx.out.write("The site offers other feeds too; add one with `gloss add URL`:\n")
    for d in others:
        ctx.out.write(f"  {d.url}  {one_line(d.title, 60)}\n")


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


def cmd_refresh(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    ids = [lib.feed(fid).id for fid in args.feed] if args.feed else None  # unknown ids: an error now
    with RefreshView(ctx, json_lines=args.json) as view:
        results = lib.refresh(ids, progress=view)
        for r in results:
            view.result(r, lib.feed(r.feed_id).display_title)  # those not streamed (cancelled)
    failed = sum(r.error is not None for r in results)
    if not args.json:
        for r in results:
            if r.error is not None:
                ctx.err.write(f"gloss: {lib.feed(r.feed_id).display_title}: {r.error}\n")
        new, updated = sum(r.new for r in results), sum(r.updated for r in results)
        ctx.out.write(
            f"Refreshed {plural(len(results), 'feed')}: {plural(new, 'new article')}, {updated} updated"
            + (f"; {failed} failed.\n" if failed else ".\n")
        )
        if lib.synced_feed_ids():
            ctx.out.write(
                f"{len(lib.synced_feed_ids())} feeds are read by the sync server: `gloss sync` brings theirs.\n"
            )
    return 1 if failed else 0


def cmd_unsubscribe(args: argparse.Namespace, ctx: Context) -> int:
    lib = ctx.library()
    feed = lib.feed(args.feed_id)
    if not feed.subscribed:
        raise ReaderError(
            f"You are not subscribed to {feed.display_title} (you unsubscribed already; "
            "its starred and annotated articles are kept)."
        )
    kept = lib.unsubscribe(args.feed_id)
    extra = f" {plural(kept, 'starred or annotated article')} {'was' if kept == 1 else 'were'} kept." if kept else ""
    ctx.out.write(f"Unsubscribed from {feed.display_title}.{extra}\n")
    return 0


def cmd_import_opml(args: argparse.Namespace, ctx: Context) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ReaderError(f"Could not read {args.file}: {exc.strerror}.") from exc
    result = ctx.library().import_opml_report(data)
    for line in result.skipped:
        ctx.err.write(f"gloss: note: {line}\n")
    ctx.out.write(f"Subscribed to {plural(len(result.added), 'feed')}. Run `gloss refresh` to read them.\n")
    return 0


def cmd_export_opml(args: argparse.Namespace, ctx: Context) -> int:
    data = ctx.library(write=False).export_opml()
    if args.file == "-":
        ctx.out.write(data.decode("utf-8"))
        return 0
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
