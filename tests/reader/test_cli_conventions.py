"""The command line as a newcomer meets it: help for everything, one spelling, errors that say
what is wrong (exit 1 for a failure, 2 for a usage error), plural forms, honest progress.

Real libraries in temp dirs, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import argparse
import io
import json
import re
import threading
import time
from pathlib import Path

import pytest

from reader.cli import build_parser, main
from reader.library import Library
from tests.httpserver import Reply, Request, TestServer
from tests.reader.test_cli import FEED, run, serve_site
from tests.reader.test_library import add_articles


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A library with no default subscriptions (so nothing tries the real network)."""
    path = tmp_path / "lib"
    Library.open(path, first_run=False).close()
    return path


class Terminal(io.StringIO):
    """Standard error (or input) as a terminal would be."""

    def isatty(self) -> bool:
        return True


def run_on_terminal(args: list[str], data_dir: Path, answer: str = "") -> tuple[int, str, str]:
    out, err = Terminal(), Terminal()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err, inp=Terminal(answer))
    return code, out.getvalue(), err.getvalue()


def subscribed(data_dir: Path, base: str) -> tuple[str, str]:
    """Subscribe to the test site's feed; (a feed id, its first article's id)."""
    code, _, err = run(["add", base + "/rss.xml"], data_dir)
    assert code == 0, err
    _, out, _ = run(["articles", "--json"], data_dir)
    first = json.loads(out.splitlines()[0])
    return first["feed_id"], first["id"]


# --- help and spelling --------------------------------------------------------------------


def _commands(parser: argparse.ArgumentParser, path: str = "gloss") -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                assert helps.get(name), f"`{path} {name}` has no help line"
                found += _commands(sub, f"{path} {name}")
    return found


def test_every_command_and_argument_has_help_and_one_spelling() -> None:
    for path, parser in _commands(build_parser()):
        for action in parser._actions:
            if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
                continue
            name = "/".join(action.option_strings) or str(action.metavar or action.dest)
            assert action.help, f"{path} {name} has no help text"
            assert "--jsonl" not in action.option_strings, f"{path}: spell it --json"
            if not action.option_strings:
                assert action.metavar and str(action.metavar).isupper(), f"{path} {name}: a positional is UPPER_CASE"
            metavar = str(action.metavar or "")
            assert metavar not in ("ID", "F", "C", "T", "N_"), f"{path} {name}: say which id (ARTICLE_ID, FEED_ID...)"
            if metavar.endswith("ID"):
                assert metavar in ("ARTICLE_ID", "FEED_ID", "HIGHLIGHT_ID"), f"{path} {name}: {metavar}"


def test_the_color_help_lists_the_colours(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["highlight", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "yellow, green, blue, pink, purple" in text


# --- validation -------------------------------------------------------------------------------


def test_an_unknown_colour_is_a_usage_error_naming_the_palette(http_server: TestServer, lib_dir: Path) -> None:
    _, article = subscribed(lib_dir, serve_site(http_server))
    code, _, err = run(["highlight", article, "--quote", "rebuild the harbour", "--color", "orange"], lib_dir)
    assert code == 2
    assert "no colour 'orange' in your palette" in err and "yellow, green, blue, pink, purple" in err
    code, _, err = run(["notes", "--color", "orange"], lib_dir)
    assert code == 2 and "no colour 'orange'" in err
    assert run(["notes", "--json"], lib_dir)[1] == "", "nothing was highlighted"


@pytest.mark.parametrize("command", [["articles"], ["search", "harbour"]])
def test_a_negative_limit_is_refused(lib_dir: Path, command: list[str]) -> None:
    code, _, err = run([*command, "--limit", "-3"], lib_dir)
    assert code == 2 and "-3 is negative; give 0 or more" in err


def test_notes_of_an_article_that_does_not_exist(lib_dir: Path) -> None:
    code, out, err = run(["notes", "--article", "abcd1234-000000000000"], lib_dir)
    assert code == 1 and out == ""
    assert "There is no article with the id 'abcd1234-000000000000'" in err
    code, _, err = run(["notes", "--feed", "nofeed99"], lib_dir)
    assert code == 1 and "There is no feed with the id 'nofeed99'" in err


def test_unsubscribing_twice_says_so(http_server: TestServer, lib_dir: Path) -> None:
    feed_id, article = subscribed(lib_dir, serve_site(http_server))
    assert run(["star", article], lib_dir)[0] == 0
    code, out, _ = run(["unsubscribe", feed_id], lib_dir)
    assert code == 0 and "1 starred or annotated article was kept." in out
    code, _, err = run(["unsubscribe", feed_id], lib_dir)  # the feed is kept, hidden, for its starred article
    assert code == 1 and "You are not subscribed to Example Times (you unsubscribed already" in err

    other = lib_dir.parent / "other"
    Library.open(other, first_run=False).close()
    feed_id, _ = subscribed(other, http_server.base)
    assert run(["unsubscribe", feed_id], other)[0] == 0
    code, _, err = run(["unsubscribe", feed_id], other)  # nothing kept: the feed is gone
    assert code == 1 and f"There is no feed with the id {feed_id!r}" in err


def test_show_names_the_version_that_is_not_there(http_server: TestServer, lib_dir: Path) -> None:
    _, article = subscribed(lib_dir, serve_site(http_server))
    code, _, err = run(["show", article, "--version", "7"], lib_dir)
    assert code == 1 and "has no version 7 (it has only version 1)" in err
    assert run(["show", article, "--version", "1"], lib_dir)[0] == 0


def test_mark_read_checks_every_id_before_changing_any(http_server: TestServer, lib_dir: Path) -> None:
    _, article = subscribed(lib_dir, serve_site(http_server))
    code, _, err = run(["mark-read", article, "abcd1234-000000000000"], lib_dir)
    assert code == 1 and "no article" in err
    _, out, _ = run(["articles", "--json", "--unread"], lib_dir)
    assert article in out, "the known article was left unread too"


# --- export ---------------------------------------------------------------------------------------


def test_export_to_standard_output_and_options_that_do_not_apply(
    http_server: TestServer, lib_dir: Path, tmp_path: Path
) -> None:
    _, article = subscribed(lib_dir, serve_site(http_server))
    assert run(["highlight", article, "--quote", "rebuild the harbour", "--note", "why now?"], lib_dir)[0] == 0

    code, out, err = run(["export", "--format", "md", "--all", "-o", "-"], lib_dir)
    assert code == 0 and "> rebuild the harbour" in out and "why now?" in out
    assert err == "Exported 1 highlight from 1 article.\n"  # the summary is not in the export
    code, out, _ = run(["export", "--format", "json", "--article", article, "-o", "-"], lib_dir)
    assert code == 0 and json.loads(out)["type"] in ("AnnotationCollection", ["AnnotationCollection"])

    code, _, err = run(["export", "--format", "csv", "--all", "--per-article", "-o", str(tmp_path / "x")], lib_dir)
    assert code == 2 and "--per-article writes Markdown files; it does not apply to --format csv" in err
    assert not (tmp_path / "x").exists()
    code, _, err = run(["export", "--format", "md", "--all", "--per-article", "-o", "-"], lib_dir)
    assert code == 2 and "cannot write to -" in err

    missing = tmp_path / "no" / "such"
    code, _, err = run(["export", "--format", "md", "--all", "-o", str(missing / "notes.md")], lib_dir)
    assert code == 1 and f"the folder {missing} does not exist" in err

    code, out, _ = run(["export", "--format", "md", "--all", "-o", str(tmp_path / "notes.md")], lib_dir)
    assert out == f"Exported 1 highlight from 1 article to {tmp_path / 'notes.md'}.\n"
    assert run(["export-opml", "-"], lib_dir)[1].startswith("<?xml")


# --- add ---------------------------------------------------------------------------------------


def _site_with_feeds(server: TestServer, links: list[tuple[str, str]]) -> str:
    tags = "".join(f'<link rel="alternate" type="application/rss+xml" title="{t}" href="{h}">' for h, t in links)
    server.route(
        "/site/", f"<html><head>{tags}</head><body>Home</body></html>".encode(), headers={"Content-Type": "text/html"}
    )
    return server.url("/site/")


def test_add_names_the_feed_by_its_own_title_not_the_link_title(http_server: TestServer, lib_dir: Path) -> None:
    serve_site(http_server)
    site = _site_with_feeds(http_server, [("/rss.xml", "RSS")])
    code, out, err = run(["add", site], lib_dir)
    assert code == 0, err
    assert out.startswith("Subscribed to Example Times (")
    (feed,) = [json.loads(line) for line in run(["feeds", "--json"], lib_dir)[1].splitlines()]
    assert feed["title"] == "Example Times"


def test_add_never_keeps_a_feed_that_fails(http_server: TestServer, lib_dir: Path) -> None:
    serve_site(http_server)
    http_server.route("/broken.xml", b"oops", status=500)
    site = _site_with_feeds(http_server, [("/broken.xml", "Atom"), ("/rss.xml", "BBC feed")])
    code, out, err = run(["add", site], lib_dir)
    assert code == 0, err
    assert out.startswith("Subscribed to Example Times") and "2 new articles." in out
    assert "/broken.xml" in out, "the other feed is still offered"
    feeds = [json.loads(line) for line in run(["feeds", "--json"], lib_dir)[1].splitlines()]
    assert [f["title"] for f in feeds] == ["Example Times"]

    only_broken = _site_with_feeds(http_server, [("/broken.xml", "Atom")])
    fresh = lib_dir.parent / "fresh"
    Library.open(fresh, first_run=False).close()
    code, out, err = run(["add", only_broken], fresh)
    assert code == 1 and "not subscribed: the feed could not be read" in err and "/broken.xml" in err
    assert run(["feeds", "--json"], fresh)[1] == ""


def test_one_new_article_is_singular(http_server: TestServer, lib_dir: Path) -> None:
    one = FEED.split("<item>")[0] + "<item>" + FEED.split("<item>")[1].split("</item>")[0] + "</item></channel></rss>"
    serve_site(http_server)
    http_server.route(
        "/one.xml", one.format(base=http_server.base).encode(), headers={"Content-Type": "application/rss+xml"}
    )
    code, out, _ = run(["add", http_server.url("/one.xml")], lib_dir)
    assert code == 0 and "\n1 new article.\n" in out
    code, out, _ = run(["refresh"], lib_dir)
    assert out == "Refreshed 1 feed: 0 new articles, 0 updated.\n"


# --- refresh progress --------------------------------------------------------------------------


def _slow(seconds: float, body: bytes):  # type: ignore[no-untyped-def]
    def handler(request: Request) -> Reply:
        time.sleep(seconds)
        return Reply(body=body, headers={"Content-Type": "application/rss+xml"})

    return handler


def test_progress_on_a_terminal_moves_every_second_counts_articles_and_never_goes_back(
    http_server: TestServer, lib_dir: Path
) -> None:
    base = serve_site(http_server)
    http_server.handle("/slow.xml", _slow(2.6, FEED.format(base=base).replace("Example Times", "Slow Times").encode()))
    with Library.open(lib_dir, first_run=False) as lib:
        lib.add_feed(base + "/rss.xml")
        lib.add_feed(base + "/slow.xml")
    code, out, err = run_on_terminal(["refresh"], lib_dir)
    assert code == 0, err
    frames = [f.strip() for f in err.split("\r") if f.strip()]
    counts = [tuple(map(int, m.groups())) for f in frames if (m := re.search(r"(\d+)/2 feeds · (\d+) new", f))]
    assert counts and counts == sorted(counts), "no count went down"
    assert counts[-1] == (2, 4), "both feeds' articles are counted"
    assert (1, 2) in counts, "the first feed's articles were counted as soon as it was done"
    times = {m.group(1) for f in frames if (m := re.search(r" · (\d+:\d\d) ", f))}
    assert {"0:00", "0:01", "0:02"} <= times, "the line moved while the slow feed kept it waiting"
    assert err.endswith("\r"), "the line is cleared at the end"
    assert out.startswith("Refreshed 2 feeds: 4 new articles")


class TimedLines(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def write(self, s: str) -> int:
        self.times += [time.monotonic()] * s.count("\n")
        return super().write(s)


def test_refresh_json_streams_each_feed_as_it_finishes(http_server: TestServer, lib_dir: Path) -> None:
    base = serve_site(http_server)
    release = threading.Event()

    def waits(request: Request) -> Reply:
        release.wait(10)
        return Reply(body=FEED.format(base=base).encode(), headers={"Content-Type": "application/rss+xml"})

    http_server.handle("/waits.xml", waits)
    with Library.open(lib_dir, first_run=False) as lib:
        fast = lib.add_feed(base + "/rss.xml")
        lib.add_feed(base + "/waits.xml")
    out = TimedLines()
    timer = threading.Timer(2.0, release.set)
    timer.start()
    try:
        code = main(["--data-dir", str(lib_dir), "refresh", "--json"], out=out, err=io.StringIO())
    finally:
        timer.cancel()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and len(lines) == 2
    assert lines[0]["feed_id"] == fast.id and lines[0]["new"] == 2
    assert out.times[1] - out.times[0] > 1.0, "the fast feed's line came before the slow one had finished"


# --- prune ------------------------------------------------------------------------------------------


def _articles(lib: Library, feed_id: str, *, published_days: float, added_days: float, n: int, start: int) -> list[str]:
    return [a.id for a in add_articles(lib, feed_id, n, age_days=published_days, seen_days=added_days, start=start)]


def test_prune_counts_age_from_first_seen_shows_and_asks(lib_dir: Path) -> None:
    with Library.open(lib_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        old = _articles(lib, feed.id, published_days=400, added_days=200, n=2, start=0)
        # Published long ago, but Gloss saw them today (an archive feed): not old here.
        today = _articles(lib, feed.id, published_days=400, added_days=0, n=3, start=10)

    code, out, _ = run(["prune", "--dry-run"], lib_dir)
    assert code == 0
    assert all(aid in out for aid in old) and not any(aid in out for aid in today)
    assert "Would delete 2 articles first seen more than 90 days ago" in out

    code, out, _ = run_on_terminal(["prune"], lib_dir, answer="n\n")
    assert code == 1 and "Delete these 2 articles? [y/N] Nothing deleted." in out
    assert len(run(["articles", "--json", "--limit", "0"], lib_dir)[1].splitlines()) == 5

    code, out, _ = run_on_terminal(["prune"], lib_dir, answer="y\n")
    assert code == 0 and "Deleted 2 articles first seen more than 90 days ago" in out
    remaining = {
        json.loads(line)["id"] for line in run(["articles", "--json", "--limit", "0"], lib_dir)[1].splitlines()
    }
    assert remaining == set(today)

    code, out, _ = run(["prune"], lib_dir)  # not a terminal: no question
    assert code == 0 and out.startswith("Nothing to delete: no article was first seen more than 90 days ago")


def test_prune_without_a_terminal_deletes_without_asking_and_says_one_article(lib_dir: Path) -> None:
    with Library.open(lib_dir, first_run=False) as lib:
        feed = lib.add_feed("https://example.org/feed.xml")
        _articles(lib, feed.id, published_days=1, added_days=120, n=1, start=0)
    code, out, _ = run(["prune"], lib_dir)
    assert code == 0 and out.endswith(
        "Deleted 1 article first seen more than 90 days ago (starred and annotated ones are kept).\n"
    )


def test_version_is_printed_on_standard_output_and_exits_zero(lib_dir: Path) -> None:
    code, out, err = run(["--version"], lib_dir)
    assert code == 0 and re.fullmatch(r"gloss \S+\n", out) and err == ""
