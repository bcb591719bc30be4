"""Sync benchmark: a real FreshRSS with 200 feeds x 50 items on 127.0.0.1, synced into a fresh Gloss.

Run from the repository root::

    .venv/bin/python benchmarks/sync_bench.py [--feeds 200] [--items 50] [--rounds 3] [--page-feeds 10]

What it measures (FreshRSS from ``../shared/servers/freshrss/start``; its feeds, and every
item's page, are served by the project's test HTTP server, as in ``refresh_bench.py``):

1. The server reads the 200 feeds (an OPML import, then a refresh): not Gloss's time.
2. **Gloss, first sync** of a fresh library (full-page fetching off, as in refresh_bench's
   first refresh): signs in, reads the 200 subscriptions and 20 folders, the ids of every
   item, fetches all 10,000 items' contents in batches and stores them. Goal <= 30 s.
3. **Gloss, a sync where nothing changed**: goal <= 2 s; the HTTP requests it made.
4. The peer: the bare API download a sync cannot do without (sign in, subscriptions,
   folders, item ids, item contents), with httpx, nothing parsed beyond JSON, nothing
   stored; the ratio Gloss / bare download (1.0 would mean storing costs nothing).
5. With ``--page-feeds N``: a first sync of N feeds (another account) with full pages on:
   every article's page fetched and extracted by Gloss, pages per second.

Each of 2-4 runs ``--rounds`` times (a fresh library each time for 2); best and all
rounds printed. The machine may be shared: CPU seconds are printed beside the times.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from refresh_bench import Site  # noqa: E402  (the same feeds and pages)

from reader.library import Library  # noqa: E402
from tests.httpserver import TestServer  # noqa: E402
from tests.sync.freshrss import Account, FreshRSS, start_freshrss  # noqa: E402

FOLDERS = 20


def rounds(runs: list[dict[str, float]]) -> str:
    return ", ".join(f"{r['seconds']:.2f}" for r in runs)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def opml(server: TestServer, feeds: range) -> str:
    outlines: dict[int, list[str]] = {}
    for i in feeds:
        url = escape(server.url(f"/feeds/{i}.xml"), quote=True)
        outlines.setdefault(i % FOLDERS, []).append(f'<outline type="rss" text="Feed {i}" xmlUrl="{url}"/>')
    body = "".join(f'<outline text="Folder {n}">{"".join(items)}</outline>' for n, items in sorted(outlines.items()))
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>{body}</body></opml>'


def load_server(freshrss: FreshRSS, server: TestServer, feeds: range, tmp: Path) -> tuple[Account, float]:
    account = freshrss.new_user(prefix="bench")
    path = tmp / f"{account.user}.opml"
    path.write_text(opml(server, feeds))
    started = time.perf_counter()
    subprocess.run(
        ["php", "cli/import-for-user.php", "--user", account.user, "--filename", str(path)],
        cwd=freshrss.app,
        check=True,
        capture_output=True,
    )
    freshrss.refresh(account)
    return account, time.perf_counter() - started


def bare_download(account: Account) -> tuple[float, int, int]:
    """The peer: what any client must download; returns (seconds, requests, items)."""
    started = time.perf_counter()
    requests = 0
    with httpx.Client(timeout=120) as client:
        login = client.post(
            f"{account.api_url}/accounts/ClientLogin", data={"Email": account.user, "Passwd": account.password}
        )
        auth = next(line[5:] for line in login.text.splitlines() if line.startswith("Auth="))
        client.headers["Authorization"] = f"GoogleLogin auth={auth}"
        api = f"{account.api_url}/reader/api/0"
        client.get(f"{api}/subscription/list?output=json").json()
        client.get(f"{api}/tag/list?output=json").json()
        requests += 3
        ids: list[str] = []
        continuation = ""
        while True:
            page = client.get(
                f"{api}/stream/items/ids",
                params={"s": "user/-/state/com.google/reading-list", "n": 10000, "c": continuation},
            ).json()
            requests += 1
            ids.extend(r["id"] for r in page.get("itemRefs", []))
            continuation = page.get("continuation", "")
            if not continuation:
                break
        items = 0
        for start in range(0, len(ids), 250):
            got = client.post(f"{api}/stream/items/contents", data={"i": ids[start : start + 250]}).json()
            items += len(got["items"])
            requests += 1
    return time.perf_counter() - started, requests, items


def gloss_sync(account: Account, directory: Path, *, pages: bool) -> tuple[Library, list[dict[str, float]]]:
    lib = Library.open(directory, first_run=False)
    lib.update_settings(fetch_full_articles=pages, download_images=False)
    lib.add_sync_account(account.url, account.user, account.password)
    runs = []
    for _ in range(1):
        started, cpu0 = time.perf_counter(), cpu()
        result = lib.sync()
        runs.append(
            {
                "seconds": time.perf_counter() - started,
                "cpu": cpu() - cpu0,
                "requests": result.requests,
                "new": result.new_articles,
                "problems": len(result.problems),
            }
        )
    return lib, runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-feeds", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gloss-sync-bench-") as tmp_name:
        tmp = Path(tmp_name)
        server = TestServer().start()
        freshrss = start_freshrss(tmp / "freshrss")
        try:
            site = Site(server, args.feeds, args.items)
            account, ingest = load_server(freshrss, server, range(args.feeds), tmp)
            total = args.feeds * args.items
            print(f"FreshRSS read {args.feeds} feeds x {args.items} items in {ingest:.1f} s (the server's time)")

            peer = [bare_download(account) for _ in range(args.rounds)]
            best_peer = min(p[0] for p in peer)
            print(
                f"peer (bare API download, nothing stored): {best_peer:.2f} s best, {peer[0][1]} requests, "
                f"{peer[0][2]} items; rounds {', '.join(f'{p[0]:.2f}' for p in peer)}"
            )

            firsts: list[dict[str, float]] = []
            quiet: list[dict[str, float]] = []
            for n in range(args.rounds):
                lib, runs = gloss_sync(account, tmp / f"gloss-{n}", pages=False)
                firsts.extend(runs)
                stored = len(lib.articles())
                for _ in range(args.rounds if n == 0 else 0):
                    started, cpu0 = time.perf_counter(), cpu()
                    result = lib.sync()
                    quiet.append(
                        {
                            "seconds": time.perf_counter() - started,
                            "cpu": cpu() - cpu0,
                            "requests": result.requests,
                            "new": result.new_articles,
                            "changes": result.flags_pulled + result.flags_pushed + result.feeds_added,
                        }
                    )
                lib.close()
                assert stored == total, f"stored {stored} of {total} articles"
            best = min(firsts, key=lambda r: r["seconds"])
            print(
                f"Gloss first sync ({args.feeds} feeds x {args.items} items, pages off): {best['seconds']:.2f} s best "
                f"(goal <= 30 s), {best['cpu']:.1f} CPU s, {int(best['requests'])} requests, "
                f"{int(best['new'])} articles stored; rounds {rounds(firsts)}"
            )
            print(f"  ratio Gloss first sync / bare download: {best['seconds'] / best_peer:.2f}")
            q = min(quiet, key=lambda r: r["seconds"])
            print(
                f"Gloss no-change sync: {q['seconds']:.2f} s best (goal <= 2 s), {q['cpu']:.2f} CPU s, "
                f"{int(q['requests'])} HTTP requests per no-change sync, {int(q['new'])} new, "
                f"{int(q['changes'])} changes; rounds {rounds(quiet)}"
            )

            if args.page_feeds:
                small, _ = load_server(freshrss, server, range(args.page_feeds), tmp)
                site.requests["page"] = 0
                lib, runs = gloss_sync(small, tmp / "gloss-pages", pages=True)
                r = runs[0]
                with_text = sum(1 for a in lib.articles() if a.content_version)
                lib.close()
                print(
                    f"Gloss first sync with full pages ({args.page_feeds} feeds, {with_text} pages fetched and "
                    f"extracted): {r['seconds']:.2f} s, {with_text / r['seconds']:.0f} pages/s, "
                    f"{site.requests['page']} page requests"
                )
        finally:
            freshrss.stop()
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
