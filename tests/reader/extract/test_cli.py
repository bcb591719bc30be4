"""``gloss extract``: the command's parser, handler, output and exit codes."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from types import SimpleNamespace

from reader.cli.extract_cmds import register

FIXTURES = Path(__file__).parent / "fixtures"


def _run(argv):
    parser = argparse.ArgumentParser(prog="gloss")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    ctx = SimpleNamespace(out=io.StringIO(), err=io.StringIO())
    code = args.func(args, ctx)
    return code, ctx.out.getvalue(), ctx.err.getvalue()


def test_jsonl_one_object_per_page_in_order():
    files = [str(FIXTURES / "wordpress.html"), str(FIXTURES / "pangea_sample.html")]
    code, out, err = _run(["extract", "--jsonl", *files])
    assert code == 0, err
    lines = out.splitlines()
    assert [json.loads(line)["title"] for line in lines] == [
        "Notes on growing tomatoes on a balcony",
        "Harbor town rebuilds its ferry dock after winter storms",
    ]


def test_readable_rendering_marks_captions_apart(tmp_path):
    code, out, _ = _run(["extract", str(FIXTURES / "pangea_sample.html"), "--url", "gloss-sample:voa/1"])
    assert code == 0
    assert out.startswith("Harbor town rebuilds its ferry dock after winter storms\n")
    assert "By: VOA News" in out and "Dateline: AUBURN, Wash." in out
    assert (
        "[photo] A crane barge waits offshore before the morning shift, Feb. 28, 2024."
        "  [credit: AP Photo/Jane Fielding]" in out
    )
    # The caption follows the paragraph it follows on the page.
    assert out.index("north of the marina") < out.index("[photo] A crane") < out.index("## Paying for the repairs")


def test_unreadable_file_reported_others_still_printed(tmp_path):
    missing = tmp_path / "nope.html"
    code, out, err = _run(["extract", "--jsonl", str(missing), str(FIXTURES / "plain.html")])
    assert code == 1
    assert "nope.html" in err and "no such file" in err
    assert json.loads(out.splitlines()[0])["title"] == "On keeping bees in the city"
