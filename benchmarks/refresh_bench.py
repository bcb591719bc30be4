"""Refresh benchmark: 200 feeds x 50 items served on 127.0.0.1, Gloss against lemon24/reader.

Run from the repository root::

    /work/venv/bin/python benchmarks/refresh_bench.py [--feeds 200] [--items 50] [--workers 8]
        [--page-feeds 40] [--skip-peer] [--rounds 3]

(``--page-feeds 0`` skips step 3.) Steps 1, 2 and 4 run ``--rounds`` times, Gloss and
lemon24/reader taking turns, and the best time of each is reported (and every round).

What it measures (all feeds on one local server that supports ETag/304 and serves one
article page per item):

1. Gloss, first refresh of every feed, parsed and stored in the TinyDB storage
   (``reader.storage.tiny``) in a temporary data dir, full-page fetching off. Goal <= 10 s.
2. Gloss, second refresh: every feed answers 304. Goal <= 2 s.
3. Gloss with full pages on (fetch + keep raw + extract with ``reader.extract``) for the
   first ``--page-feeds`` feeds into a fresh library: pages per second.
4. lemon24/reader's ``update_feeds()`` on the same feeds (first and second refresh), and
   the ratio peer time / Gloss time (> 1 means Gloss is faster).

lemon24/reader's package is also called ``reader``, so it runs in its own virtual
environment through a subprocess. The benchmark creates that venv when it is missing:
``python3 -m venv /work/bench-venvs/lemon24`` and ``pip install reader sgmllib3k`` (override the
location with ``GLOSS_BENCH_LEMON24_VENV``). It is never a dependency of Gloss.

All 200 "sites" share the loopback host, so Gloss's per-host politeness limit is raised to
the worker count here (printed below); with real feeds it defaults to 2 per host.

Fairness: both readers get the same feeds from the same server process, the same number
of workers (``--workers``) and a process of their own; the server does not compete for
either one's GIL. The first-refresh ratio compares update time only (lemon24's
``add_feed`` calls and Gloss's storing of the feed list are both left out). Gloss parses
in worker processes (one per core, ``reader.feeds.pool``); lemon24/reader parses in its
one process. The machine may be shared: the CPU seconds printed next to the times show
what a run cost regardless of how busy the machine was.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.extract import extract  # noqa: E402
from reader.feeds.http import HttpClient  # noqa: E402
from reader.feeds.refresh import Refresher  # noqa: E402
from reader.storage.tiny import TinyStorage  # noqa: E402
from reader.types import Feed  # noqa: E402
from tests.httpserver import Reply, Request, TestServer  # noqa: E402

PEER_VENV = Path(os.environ.get("GLOSS_BENCH_LEMON24_VENV", "/work/bench-venvs/lemon24"))
BASE_DATE = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def feed_xml(base: str, feed_no: int, items: int) -> bytes:
    parts = []
    for j in range(items):
        date = format_datetime(BASE_DATE - timedelta(hours=j), usegmt=True)
        paragraphs = "".join(
            f"&lt;p&gt;Paragraph {k} of story {j} in feed {feed_no}: the council met on Tuesday and "
            f'discussed the budget, the &lt;a href="/topics/{k}"&gt;schools&lt;/a&gt; and the roads.&lt;/p&gt;'
            for k in range(3)
        )
        parts.append(
            f"<item><title>Story {j} of feed {feed_no}: council debates the budget</title>"
            f"<link>{base}/pages/{feed_no}/{j}.html</link>"
            f'<guid isPermaLink="false">feed{feed_no}-story{j}</guid>'
            f"<pubDate>{date}</pubDate><author>desk@example.com (Reporter {j % 7})</author>"
            f"<category>Local</category><description>{paragraphs}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Feed {feed_no}</title><link>{base}/site/{feed_no}/</link>"
        f"<description>Benchmark feed {feed_no}</description>{''.join(parts)}</channel></rss>"
    ).encode()


def page_html(feed_no: int, item: int) -> bytes:
    body = "".join(
        f"<p>Paragraph {k} of the full story {item} from feed {feed_no}. The council met on Tuesday "
        "evening to debate a budget that trims road repairs and adds two teachers; residents spoke "
        "for an hour, and the vote was postponed to next week.</p>"
        for k in range(8)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Story {item}</title>"
        f"<meta property='og:title' content='Story {item}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Story {item} of feed {feed_no}</h1><p class='byline'>By Reporter {item % 7}</p>"
        f"{body}</article><footer>About us: a benchmark publisher.</footer></body></html>"
    ).encode()


class Site:
    """The benchmark's feeds and pages, with ETag support, precomputed once."""

    def __init__(self, server: TestServer, feeds: int, items: int) -> None:
        self.feeds = {f"/feeds/{i}.xml": feed_xml(server.base, i, items) for i in range(feeds)}
        self.etags = {path: f'"{hash(body) & 0xFFFFFFFF:x}"' for path, body in self.feeds.items()}
        self.requests = {"feed": 0, "304": 0, "page": 0}
        for path in self.feeds:
            server.handle(path, self.feed)
        for i in range(feeds):
            for j in range(items):
                server.handle(f"/pages/{i}/{j}.html", self.page)
        self.pages = {(i, j): page_html(i, j) for i in range(feeds) for j in range(items)}

    def feed(self, request: Request) -> Reply:
        path = request.route_path
        etag = self.etags[path]
        if request.headers.get("if-none-match") == etag:
            self.requests["304"] += 1
            return Reply(status=304, headers={"ETag": etag})
        self.requests["feed"] += 1
        return Reply(body=self.feeds[path], headers={"ETag": etag, "Content-Type": "application/rss+xml"})

    def page(self, request: Request) -> Reply:
        self.requests["page"] += 1
        _, _, feed_no, name = request.route_path.split("/")
        body = self.pages[(int(feed_no), int(name.split(".")[0]))]
        return Reply(body=body, headers={"Content-Type": "text/html; charset=utf-8"})


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its finished children (the
    parse workers, once a refresh closed its pool). The machine is shared: CPU time says
    what a run cost when the wall-clock time says mostly how busy the machine was."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run_gloss(server: TestServer, args: argparse.Namespace) -> dict[str, float]:
    """Gloss's first and second refresh of every feed, into a fresh library."""
    out: dict[str, float] = {}
    urls = [server.url(f"/feeds/{i}.xml") for i in range(args.feeds)]
    with (
        tempfile.TemporaryDirectory(prefix="gloss-bench-") as tmp,
        HttpClient(max_connections=args.workers * 2) as client,
    ):
        storage = TinyStorage(Path(tmp) / "library")
        try:
            feeds = [Feed(id=f"f{i}", url=url) for i, url in enumerate(urls)]
            for feed in feeds:
                storage.meta.put_feed(feed)
            refresher = Refresher(storage, client, fetch_pages=False, max_workers=args.workers, per_host=args.workers)
            started = time.perf_counter()
            cpu = _cpu_seconds()
            results = refresher.refresh(storage.meta.get_feeds())
            out["first"] = time.perf_counter() - started
            out["first_cpu"], out["first_cpu_workers"] = (b - a for a, b in zip(cpu, _cpu_seconds(), strict=True))
            out["parsed_in_pool"] = refresher.last_pool.parsed_in_pool if refresher.last_pool else 0
            out["first_new"] = sum(r.new for r in results)
            out["first_errors"] = sum(1 for r in results if not r.ok)
            stored = sum(1 for _ in storage.meta.iter_articles())
            out["stored"] = stored

            started = time.perf_counter()
            results = refresher.refresh(storage.meta.get_feeds())
            out["second"] = time.perf_counter() - started
            out["second_not_modified"] = sum(1 for r in results if r.not_modified)
        finally:
            storage.close()
    return out


def run_gloss_pages(server: TestServer, args: argparse.Namespace) -> dict[str, float]:
    """Gloss with full pages on (fetch, keep raw, extract) for the first ``--page-feeds`` feeds."""
    out: dict[str, float] = {}
    urls = [server.url(f"/feeds/{i}.xml") for i in range(args.feeds)]
    with (
        tempfile.TemporaryDirectory(prefix="gloss-bench-") as tmp,
        HttpClient(max_connections=args.workers * 2) as client,
    ):
        storage = TinyStorage(Path(tmp) / "library-pages")
        try:
            page_feeds = [Feed(id=f"p{i}", url=url) for i, url in enumerate(urls[: args.page_feeds])]
            for feed in page_feeds:
                storage.meta.put_feed(feed)
            refresher = Refresher(
                storage,
                client,
                extractor=extract,
                fetch_pages=True,
                download_images=False,
                max_workers=args.workers,
                per_host=args.workers,
            )
            started = time.perf_counter()
            refresher.refresh(storage.meta.get_feeds())
            out["pages_time"] = time.perf_counter() - started
            articles = list(storage.meta.iter_articles())
            out["pages"] = sum(1 for a in articles if storage.content.get_raw(a.id) is not None)
            out["extracted"] = sum(1 for a in articles if a.content_version > 0)
            out["page_errors"] = sum(1 for a in articles if a.fetch_error)
        finally:
            storage.close()
    return out


PEER_DRIVER = textwrap.dedent(
    """
    import json, sys, tempfile, time, os
    from reader import make_reader
    urls = json.loads(sys.argv[1]); workers = int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        r = make_reader(os.path.join(tmp, "db.sqlite"))
        for url in urls:
            r.add_feed(url)
        setup = time.perf_counter() - started
        t = time.perf_counter(); r.update_feeds(workers=workers, scheduled=False); first = time.perf_counter() - t
        entries = r.get_entry_counts().total
        t = time.perf_counter(); r.update_feeds(workers=workers, scheduled=False); second = time.perf_counter() - t
        errors = sum(1 for f in r.get_feeds() if f.last_exception)
        r.close()
    import reader
    print(json.dumps({"version": reader.__version__, "setup": setup, "first": first + setup,
                      "first_update_only": first, "second": second, "entries": entries, "errors": errors}))
    """
)


def ensure_peer_venv() -> Path | None:
    python = PEER_VENV / "bin" / "python"
    if python.exists():
        return python
    print(f"creating {PEER_VENV} for lemon24/reader (python3 -m venv; pip install reader sgmllib3k) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        # reader vendors a feedparser that imports sgmllib (PyPI: sgmllib3k) without depending on it.
        subprocess.run([str(python), "-m", "pip", "install", "-q", "reader", "sgmllib3k"], check=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"could not set up lemon24/reader: {exc}")
        return None
    return python


def run_peer(server: TestServer, args: argparse.Namespace) -> dict[str, float] | None:
    python = ensure_peer_venv()
    if python is None:
        return None
    urls = [server.url(f"/feeds/{i}.xml") for i in range(args.feeds)]
    cpu = _cpu_seconds()[1]
    proc = subprocess.run(
        [str(python), "-c", PEER_DRIVER, json.dumps(urls), str(args.workers)],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),  # never pick up Gloss's own ``reader`` package
        check=False,
    )
    if proc.returncode != 0:
        print("lemon24/reader run failed:\n" + proc.stderr[-2000:])
        return None
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["cpu"] = _cpu_seconds()[1] - cpu  # the whole run: setup, both refreshes
    return result


def serve(feeds: int, items: int, ready: Any, stop: Any) -> None:
    """The benchmark's server, in its own process so it never competes for the GIL of the
    process being measured (lemon24/reader runs in a process of its own too).

    TCP_NODELAY on the server's sockets: the test server writes a response's headers and
    its body in two writes, and without it every body waits ~40 ms for the client's
    delayed ACK (Nagle), which real servers avoid by sending both together. That cost was
    the same for both clients but drowned what is measured (200 feeds cost 9 s sequentially).
    """
    import tests.httpserver

    tests.httpserver._RequestHandler.disable_nagle_algorithm = True
    with TestServer() as server:
        site = Site(server, feeds, items)
        ready.put(server.base)
        stop.wait()
        ready.put(dict(site.requests))


class RemoteServer:
    """Just enough of TestServer for the benchmark: ``base`` and ``url()``."""

    def __init__(self, base: str) -> None:
        self.base = base

    def url(self, path: str) -> str:
        return self.base + path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--page-feeds", type=int, default=40, help="feeds whose pages are fetched in step 3")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of (Gloss, lemon24/reader); the best of each is reported"
    )
    args = parser.parse_args()

    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Queue()
    stop = ctx.Event()
    proc = ctx.Process(target=serve, args=(args.feeds, args.items, ready, stop), daemon=True)
    proc.start()
    try:
        server = RemoteServer(ready.get(timeout=120))
        print(
            f"serving {args.feeds} feeds x {args.items} items on {server.base} from a separate process "
            f"(workers={args.workers}, per-host limit={args.workers}, cores={os.cpu_count()})"
        )
        gloss_rounds: list[dict[str, float]] = []
        peer_rounds: list[dict[str, float]] = []
        for round_no in range(1, args.rounds + 1):
            # Interleaved, so both readers meet the same (shared) machine in every round.
            gloss_rounds.append(run_gloss(server, args))  # type: ignore[arg-type]
            peer = None if args.skip_peer else run_peer(server, args)  # type: ignore[arg-type]
            if peer is not None:
                peer_rounds.append(peer)
            g = gloss_rounds[-1]
            line = (
                f"round {round_no}: Gloss first {g['first']:.2f} s (CPU {g['first_cpu']:.2f} + "
                f"{g['first_cpu_workers']:.2f} s in parse workers), second {g['second']:.2f} s"
            )
            if peer is not None:
                line += (
                    f" | lemon24/reader first {peer['first_update_only']:.2f} s, second {peer['second']:.2f} s"
                    f" | ratio {peer['first_update_only'] / g['first']:.2f}x, {peer['second'] / g['second']:.2f}x"
                )
            print(line, flush=True)

        gloss = min(gloss_rounds, key=lambda r: r["first"])
        second = min(r["second"] for r in gloss_rounds)
        best = f"best of {args.rounds}: " if args.rounds > 1 else ""
        print(
            f"Gloss  first refresh (parse + store in TinyDB, pages off): {best}{gloss['first']:.2f} s "
            f"({gloss['first_new']:.0f} new articles, {gloss['stored']:.0f} stored, "
            f"{gloss['first_errors']:.0f} errors)  goal <= 10 s"
        )
        print(
            f"       first refresh CPU: {gloss['first_cpu']:.2f} s in this process + "
            f"{gloss['first_cpu_workers']:.2f} s in parse workers ({gloss['parsed_in_pool']:.0f} feeds parsed there)"
        )
        print(
            f"Gloss  second refresh (all 304):                           {best}{second:.2f} s "
            f"({gloss['second_not_modified']:.0f} not modified)  goal <= 2 s"
        )
        if peer_rounds:
            peer = min(peer_rounds, key=lambda r: r["first_update_only"])
            peer_second = min(r["second"] for r in peer_rounds)
            print(
                f"lemon24/reader {peer['version']} update_feeds(workers={args.workers}): {best}"
                f"first {peer['first']:.2f} s (add_feed x{args.feeds} {peer['setup']:.2f} s + update "
                f"{peer['first_update_only']:.2f} s, {peer['entries']:.0f} entries, {peer['errors']:.0f} errors), "
                f"second {peer_second:.2f} s; CPU {peer['cpu']:.2f} s for its whole run"
            )
            print(
                f"ratio lemon24/Gloss (update only{', best times' if best else ''}): first refresh "
                f"{peer['first_update_only'] / gloss['first']:.2f}x, second refresh {peer_second / second:.2f}x  "
                "(> 1: Gloss is faster)"
            )
        if args.page_feeds > 0:
            pages = run_gloss_pages(server, args)  # type: ignore[arg-type]
            print(
                f"Gloss  full pages on ({args.page_feeds} feeds): {pages['pages']:.0f} pages fetched, "
                f"{pages['extracted']:.0f} extracted in {pages['pages_time']:.2f} s = "
                f"{pages['pages'] / pages['pages_time']:.0f} pages/s ({pages['page_errors']:.0f} page errors)"
            )
    finally:
        stop.set()
        requests = ready.get(timeout=60) if proc.is_alive() else None
        proc.join(timeout=30)
    if requests:
        print(f"server saw: {requests['feed']} feed bodies, {requests['304']} 304s, {requests['page']} pages")


if __name__ == "__main__":
    main()
