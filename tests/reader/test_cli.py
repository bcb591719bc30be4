"""The ``gloss`` command line end to end: a real library on disk, a real HTTP server."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.httpserver import TestServer

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example Times</title>
<meta property="og:site_name" content="Example Times">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
 "datePublished": "{date}", "author": {{"@type": "Person", "name": "Ada Lovelace"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">By Ada Lovelace</p>
<figure><img src="/img/{slug}.jpg" alt="A harbour"><figcaption>Fishing boats return to the harbour at dawn.
<span class="credit">Photo: Grace Hopper</span></figcaption></figure>
<p>{lead}</p>
<p>The council met on Tuesday to discuss the plan, which would restore the old sea wall and build
a new walkway along the water for people who walk there every morning.</p>
<p>Residents said they welcomed the plan but worried about the cost, which the city estimates at
twelve million dollars over the next five years.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/x">Another story entirely</a></li></ul></aside>
</body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Times</title><link>{base}/</link>
<description>News</description>
<item><title>Harbour plan approved</title><link>{base}/a/harbour</link><guid>{base}/a/harbour</guid>
<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate><description>The council approved the harbour plan.</description></item>
<item><title>Library opens late</title><link>{base}/a/library</link><guid>{base}/a/library</guid>
<pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate><description>Night hours.</description></item>
</channel></rss>"""


def serve_site(server: TestServer) -> str:
    base = server.base
    server.route(
        "/",
        b'<html><head><link rel="alternate" type="application/rss+xml" title="Example Times"'
        b' href="/rss.xml"></head><body>Home</body></html>',
        headers={"Content-Type": "text/html"},
    )
    server.route("/rss.xml", FEED.format(base=base).encode(), headers={"Content-Type": "application/rss+xml"})
    for slug, title, lead, date in (  # each page gives its own date, the feed's
        ("harbour", "Harbour plan approved", "The city council approved a plan to rebuild the harbour.", "20"),
        ("library", "Library opens late", "The public library will stay open until two in the morning.", "19"),
    ):
        server.route(
            f"/a/{slug}",
            PAGE.format(title=title, slug=slug, lead=lead, date=f"2026-11-{date}T09:00:00Z").encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        server.route(f"/img/{slug}.jpg", b"\xff\xd8\xff\xe0fakejpeg", headers={"Content-Type": "image/jpeg"})
    return base


def run(args: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A library with no default subscriptions (so nothing tries the real network)."""
    path = tmp_path / "lib"
    Library.open(path, first_run=False).close()
    return path


def test_add_by_site_url_refresh_list_and_show(http_server: TestServer, lib_dir: Path) -> None:
    base = serve_site(http_server)
    code, out, err = run(["add", base + "/"], lib_dir)
    assert code == 0, err
    assert "Subscribed to Example Times" in out and "2 new articles" in out

    code, out, _ = run(["feeds", "--json"], lib_dir)
    (feed,) = [json.loads(line) for line in out.splitlines()]
    assert feed["url"] == base + "/rss.xml" and feed["unread"] == 2 and feed["last_error"] is None

    code, out, _ = run(["articles", "--json", "--unread"], lib_dir)
    articles = [json.loads(line) for line in out.splitlines()]
    assert [a["title"] for a in articles] == ["Harbour plan approved", "Library opens late"]

    code, out, _ = run(["show", articles[0]["id"], "--json"], lib_dir)
    content = json.loads(out)
    keys = {"title", "bylines", "published", "dateline", "site_name", "lang", "url", "body", "figures", "source"}
    assert set(content) == keys and content["source"] == "page"
    body = " ".join(b["text"] for b in content["body"])
    assert body.startswith("The city council approved")
    assert "Fishing boats" not in body and "Related stories" not in body and "Ada Lovelace" not in body
    assert content["bylines"] == ["Ada Lovelace"]
    (figure,) = content["figures"]
    assert figure["caption"].startswith("Fishing boats return") and "Grace Hopper" in figure["credit"]

    # Every request carried our User-Agent.
    assert all(r.headers.get("user-agent", "").startswith("Gloss/") for r in http_server.requests)


def test_highlight_notes_export_and_import_round_trip(http_server: TestServer, lib_dir: Path, tmp_path: Path) -> None:
    base = serve_site(http_server)
    assert run(["add", base + "/rss.xml"], lib_dir)[0] == 0
    _, out, _ = run(["articles", "--json"], lib_dir)
    harbour = json.loads(out.splitlines()[0])["id"]
    code, out, err = run(
        ["highlight", harbour, "--quote", "rebuild the harbour", "--note", "=cost?", "--tag", "city", "--json"], lib_dir
    )
    assert code == 0, err
    first = json.loads(out)
    code, out, _ = run(["highlight", harbour, "--quote", "Fishing boats return", "--color", "green"], lib_dir)
    assert code == 0 and "caption:0" in out

    _, out, _ = run(["notes", "--json", "--tag", "city"], lib_dir)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [first["id"]]

    code, out, _ = run(["search", "cost"], lib_dir)
    assert code == 0 and harbour in out

    for fmt in ("md", "json", "html", "csv"):
        target = tmp_path / f"notes.{fmt}"
        code, out, err = run(["export", "--format", fmt, "--all", "-o", str(target)], lib_dir)
        assert code == 0, err
        text = target.read_text("utf-8")
        assert "rebuild the harbour" in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "notes.csv").read_text("utf-8"))))
    notes = [r["Note"] for r in rows]
    assert any("=cost?" in n for n in notes), notes
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values()), "formula injection"
    assert "> rebuild the harbour" in (tmp_path / "notes.md").read_text("utf-8")

    fresh = tmp_path / "fresh"
    Library.open(fresh, first_run=False).close()
    code, out, err = run(["import-notes", str(tmp_path / "notes.json")], fresh)
    assert code == 0, err
    assert "Imported 2 highlights" in out
    _, out, _ = run(["notes", "--json"], fresh)
    imported = {json.loads(line)["quote"]["exact"]: json.loads(line) for line in out.splitlines()}
    assert imported["rebuild the harbour"]["note"] == "=cost?"
    assert imported["rebuild the harbour"]["tags"] == ["city"]
    assert run(["check"], fresh)[0] == 0


def test_exit_codes_scripts_can_rely_on(http_server: TestServer, lib_dir: Path) -> None:
    assert run(["no-such-command"], lib_dir)[0] == 2
    assert run(["articles", "--limit", "many"], lib_dir)[0] == 2
    code, _, err = run(["show", "nope-000000000000"], lib_dir)
    assert code == 1 and "no article" in err
    http_server.route("/gone.xml", b"", status=410)
    with Library.open(lib_dir, first_run=False) as lib:
        lib.add_feed(http_server.url("/gone.xml"))
    code, out, err = run(["refresh"], lib_dir)
    assert code == 1 and "1 failed" in out and "gone" in err.lower()
    code, out, _ = run(["feeds"], lib_dir)
    assert "gone" in out


def test_listing_works_while_another_gloss_holds_the_library(lib_dir: Path) -> None:
    with Library.open(lib_dir, first_run=False) as lib:
        lib.add_feed("https://example.org/feed.xml")
        code, out, err = run(["feeds"], lib_dir)
        # Reading never needs the writer's lock (issue 22): nothing to explain.
        assert code == 0 and "example.org" in out and err == ""
        code, _, err = run(["add", "https://example.org/other.xml"], lib_dir)
        assert code == 1 and "Another Gloss is already using" in err
        # No window answers for this holder (a script's Library): what to do, in words.
        assert "wait until it ends, then run this again" in err and "work meanwhile" in err


def test_first_run_reads_the_bundled_sample_offline(tmp_path: Path) -> None:
    code, out, err = run(["articles", "--json"], tmp_path / "new")
    assert code == 0, err
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert len(titles) == 5
    code, out, _ = run(["feeds"], tmp_path / "new")
    assert "Gloss Sample News" in out and "VOA" in out


def test_a_malformed_gloss_link_is_refused_in_words(lib_dir: Path) -> None:
    from ui.annotate.links import parse_gloss_link

    code, _, err = run(parse_gloss_link("gloss://open/..%2F..%2Fetc"), lib_dir)
    assert code == 2 and "not valid" in err
