"""Compressed answers that try to exhaust memory (issue 22, item 1): a double-gzip body of
2.5 KB that decodes to 1 GiB. httpx decoded each received chunk whole, so the 10 MB cap came
after the gigabyte: `gloss add` peaked at 2 GB, and a refresh died with the other feeds'
results. The peak memory of a real `gloss` run in a child process is measured with
``getrusage`` (no timing); the server is a real one on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import FetchError
from reader.feeds.decoding import PIECE_BYTES, BoundedDecoder, EncodingRefused, LayerTooLarge, encodings_of
from reader.feeds.http import HttpClient
from reader.library import Library
from tests.httpserver import TestServer
from tests.reliability.bombs import double_gzip_bomb, encode, gzip_of_zeros
from tests.reliability.faultservers import FEED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")

# Runs `gloss ARGS` and reports how far its memory rose above what the imports took.
CHILD = r"""
import json, resource, sys
import httpx, reader.cli, reader.extract, reader.feeds.http, reader.feeds.parse, reader.feeds.refresh, reader.library
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = reader.cli.main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stdout.write("\nMEMORY " + json.dumps({"code": code, "extra_mb": (peak - base) / 1024}) + "\n")
"""
# What a bounded decoder may cost on top of the imports: pieces of 64 KB, a 10 MB body at most.
MAX_EXTRA_MB = 64
BOMB_HEADERS = {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip, gzip"}


def run_gloss(data_dir: Path, *args: str) -> tuple[int, float, str, str]:
    """(exit code, MB above the baseline at the peak, stdout, stderr) of `gloss ARGS`."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("MEMORY ")), None)
    assert line is not None, f"the child died (code {proc.returncode}): {proc.stderr[-2000:]}"
    report = json.loads(line[len("MEMORY ") :])
    return int(report["code"]), float(report["extra_mb"]), proc.stdout, proc.stderr


def test_the_bomb_is_what_it_claims() -> None:
    bomb = double_gzip_bomb()
    assert len(bomb) < 4096
    inner = BoundedDecoder("gzip", 1 << 30)
    assert sum(len(p) for p in inner.decode(bomb)) + sum(len(p) for p in inner.finish()) == len(gzip_of_zeros(1024))


def test_gloss_add_of_a_double_gzip_bomb_costs_a_few_megabytes(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/feed.xml", double_gzip_bomb(), headers=BOMB_HEADERS)
    code, extra_mb, _out, err = run_gloss(tmp_path / "lib", "add", url)
    assert code == 1 and "larger than 10 MB" in err, err
    assert "Traceback" not in err
    assert extra_mb < MAX_EXTRA_MB, f"decoding the bomb took {extra_mb:.0f} MB"


def test_a_bomb_in_a_refresh_fails_alone_and_the_process_lives(tmp_path: Path, http_server: TestServer) -> None:
    root = tmp_path / "lib"
    page_bomb = encode(gzip_of_zeros(512), ["gzip"])
    linked = FEED.replace(
        b"<guid>g0</guid>", b"<guid>g0</guid><link>" + http_server.url("/page.html").encode() + b"</link>"
    )
    http_server.route("/one.xml", linked, content_type="application/rss+xml")
    http_server.route("/bomb.xml", double_gzip_bomb(), headers=BOMB_HEADERS)
    http_server.route("/two.xml", FEED.replace(b"<guid>g", b"<guid>h"), content_type="application/rss+xml")
    http_server.route("/page.html", page_bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"})
    with Library.open(root, first_run=False) as lib:
        feeds = [lib.add_feed(http_server.url(p)) for p in ("/one.xml", "/bomb.xml", "/two.xml")]

    code, extra_mb, _out, err = run_gloss(root, "refresh")

    assert code == 1 and "larger than 10 MB" in err and "Traceback" not in err, err
    assert extra_mb < MAX_EXTRA_MB, f"the refresh took {extra_mb:.0f} MB"
    with Library.open(root, first_run=False) as lib:
        assert len(lib.articles(feed_ids=[feeds[0].id])) == 5
        assert len(lib.articles(feed_ids=[feeds[2].id])) == 5, "the other feeds' results are kept"
        bombed = lib.feed(feeds[1].id)
        assert bombed.last_error is not None and "larger than 10 MB" in bombed.last_error.message
        story = next(a for a in lib.articles(feed_ids=[feeds[0].id]) if a.url == http_server.url("/page.html"))
        assert story.fetch_error is not None and "larger than 5 MB" in story.fetch_error


@pytest.mark.parametrize(
    "encodings",
    [["gzip"], ["gzip", "gzip"], ["deflate"], ["raw-deflate"], ["gzip", "deflate"], ["deflate", "gzip"]],
)
def test_honest_layers_of_compression_are_read(http_server: TestServer, encodings: list[str]) -> None:
    header = ", ".join("deflate" if e == "raw-deflate" else e for e in encodings)
    big = FEED * 200  # over 100 KB: decoded in several pieces
    url = http_server.route("/f.xml", encode(big, encodings), headers={"Content-Encoding": header})
    with HttpClient() as client:
        assert client.fetch(url).body == big
    assert http_server.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_a_body_of_many_pieces_is_read_whole() -> None:
    data = bytes(range(256)) * (3 * PIECE_BYTES // 256 + 7)
    decoder = BoundedDecoder("gzip, gzip", len(data))
    raw = encode(data, ["gzip", "gzip"])
    pieces = [p for i in range(0, len(raw), 100) for p in decoder.decode(raw[i : i + 100])]
    pieces += list(decoder.finish())
    assert b"".join(pieces) == data and max(map(len, pieces)) <= PIECE_BYTES


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("gzip, gzip, gzip", "compressed 3 times over"),
        ("gzip, gzip, gzip, gzip, gzip, gzip, gzip, gzip", "compressed 8 times over"),
        ("br", "compressed as 'br', which Gloss cannot read"),
        ("gzip, compress", "'compress'"),
    ],
)
def test_more_than_two_layers_or_an_unknown_encoding_is_refused_in_words(
    http_server: TestServer, header: str, words: str
) -> None:
    url = http_server.route("/f.xml", encode(FEED, ["gzip"] * header.count(",")), headers={"Content-Encoding": header})
    with HttpClient() as client, pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "encoding" and words in str(info.value), str(info.value)
    with pytest.raises(EncodingRefused):
        encodings_of(header)


def test_a_damaged_stream_is_an_error_in_words(http_server: TestServer) -> None:
    good = encode(FEED, ["gzip"])
    url = http_server.route("/f.xml", good[:20] + b"\xff" * 40 + good[60:], headers={"Content-Encoding": "gzip"})
    with HttpClient() as client, pytest.raises(FetchError) as info:
        client.fetch(url)
    assert info.value.kind == "encoding" and "damaged" in str(info.value)


def test_each_layer_is_bounded_not_only_the_last() -> None:
    # 40 MB inside, 4 KB outside: the inner layer passes the limit long before the outer does.
    decoder = BoundedDecoder("gzip, gzip", 10 * (1 << 20))
    with pytest.raises(LayerTooLarge):
        for _piece in decoder.decode(double_gzip_bomb(40)):
            pass


def test_an_error_reply_that_is_a_bomb_is_not_decoded(tmp_path: Path, http_server: TestServer) -> None:
    # A 404 with a small declared body is drained to keep the connection: raw, never decoded.
    url = http_server.route("/f.xml", double_gzip_bomb(), status=404, headers=BOMB_HEADERS)
    code, extra_mb, _out, err = run_gloss(tmp_path / "lib", "add", url)
    assert code == 1 and "404" in err, err
    assert extra_mb < MAX_EXTRA_MB, f"draining the error reply took {extra_mb:.0f} MB"
