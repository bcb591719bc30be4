"""Malformed ids (issue 22, item 6): a 300-character id crashed `show`, `highlight`, `star`,
`open` and `export --article` with an uncaught "OSError: File name too long". Ids are now
checked where they come in, before any file is opened, and said back cut short; and storage
turns any OSError it meets while reading into a StorageError in words."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import ArticleNotFoundError, FeedNotFoundError, ReaderError, StorageError
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library

LONG = "a" * 300
BAD_ARTICLE_IDS = [
    LONG + "-b",
    "b-" + LONG,
    LONG,
    "../../etc-passwd",
    "a-b/c",
    "é-x",
    "a\x00b-c",
    "-",
    "a-",
    "con-aux\\x",
]
BAD_FEED_IDS = [LONG, "../x", "a/b", "é", "a-b"]


def run(args: list[str], data_dir: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err, gui=lambda a: 0)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ids") / "lib"
    make_library(root)
    return root


@pytest.mark.parametrize("bad", BAD_ARTICLE_IDS, ids=repr)
@pytest.mark.parametrize(
    "command",
    [
        ["show", "{}"],
        ["highlight", "{}", "--quote", "harbour"],
        ["star", "{}"],
        ["mark-read", "{}"],
        ["reextract", "{}"],
        ["export", "--format", "md", "--article", "{}", "-o", "-"],
        ["notes", "--article", "{}"],
    ],
    ids=lambda c: c[0],
)
def test_a_malformed_article_id_is_refused_in_words(library: Path, command: list[str], bad: str) -> None:
    code, err = run([a.replace("{}", bad) for a in command], library)  # a crash would raise here
    assert code == 1 and "There is no article with the id" in err, err
    assert len(err) < 200, "the id is said back cut short"


@pytest.mark.parametrize("bad", BAD_FEED_IDS, ids=repr)
@pytest.mark.parametrize(
    "command", [["notes", "--feed", "{}"], ["refresh", "--feed", "{}"], ["unsubscribe", "{}"]], ids=lambda c: c[0]
)
def test_a_malformed_feed_id_is_refused_in_words(library: Path, command: list[str], bad: str) -> None:
    code, err = run([a.replace("{}", bad) for a in command], library)
    assert code == 1 and "There is no feed with the id" in err, err
    assert len(err) < 200


@pytest.mark.parametrize("bad", BAD_ARTICLE_IDS, ids=repr)
def test_open_refuses_a_malformed_id_before_the_window_starts(library: Path, bad: str) -> None:
    opened: list[argparse.Namespace] = []
    err = io.StringIO()
    code = main(["--data-dir", str(library), "open", bad], gui=lambda a: opened.append(a) or 0, err=err)
    assert code == 2 and opened == [] and "is not an article id" in err.getvalue()


@pytest.mark.parametrize("bad", BAD_ARTICLE_IDS, ids=repr)
def test_the_library_refuses_a_malformed_id_in_words(library: Path, bad: str) -> None:
    with Library.open(library, readonly=True) as lib:
        with pytest.raises(ArticleNotFoundError):
            lib.article(bad)
        with pytest.raises(ReaderError):
            lib.content(bad)
        assert lib.highlights(bad) == []
    with Library.open(library, readonly=True) as lib, pytest.raises(FeedNotFoundError):
        lib.feed(LONG)


def test_a_read_error_of_the_disk_is_a_storage_error_in_words(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root)
    shard = next((root / "articles").glob("*.json"))
    shard.unlink()
    shard.mkdir()  # reading it now fails with EISDIR, as a damaged disk might fail
    with Library.open(root, readonly=True) as lib, pytest.raises(StorageError, match=r"could not read .* a directory"):
        lib.article(article_id)
    code, err = run(["show", article_id], root)
    assert code == 1 and "could not read" in err and "Traceback" not in err
