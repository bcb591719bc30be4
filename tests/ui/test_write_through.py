"""A ``gloss`` command that writes while the window has the library open runs through the window
(reader.cli.remote, ui.instance): a real window, its real socket, a real ``gloss`` process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.library import Library
from tests.httpserver import TestServer
from tests.reader.test_cli import serve_site

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix-domain sockets")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def window_on(qtbot: Any) -> Iterator[Callable[[Library], Any]]:
    """The window as ``gloss`` opens it: annotations installed, listening on its socket."""
    from ui.app import open_window, show_changes
    from ui.instance import InstanceServer, serve_commands

    opened: list[tuple[Any, InstanceServer]] = []

    def opener(lib: Library) -> Any:
        assert lib.data_dir is not None
        window = open_window(lib)
        qtbot.addWidget(window)
        server = InstanceServer(lib.data_dir)
        assert server.listen()
        serve_commands(server, lib, lambda: show_changes(window))
        opened.append((window, server))
        return window

    yield opener
    for window, server in opened:
        server.close()
        window.close()


def gloss_process(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.launch", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(qtbot: Any, proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)  # the window serves it meanwhile
    out, err = proc.communicate()
    return proc.returncode, out, err


# The test site's images are stand-in bytes, not JPEGs; the reader view says so.
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")
def test_add_and_highlight_run_through_the_window_and_it_shows_them(
    qtbot: Any, open_library: Callable[..., Library], window_on: Callable[[Library], Any], http_server: TestServer
) -> None:
    base = serve_site(http_server)
    lib = open_library()
    assert lib.data_dir is not None
    window = window_on(lib)

    code, out, err = finish(qtbot, gloss_process(lib.data_dir, "add", base + "/rss.xml"))
    assert code == 0, err
    assert "Subscribed to Example Times" in out and "2 new articles." in out
    (feed,) = lib.feeds()
    qtbot.waitUntil(lambda: window.feed_model.index_for("feed", feed.id).isValid())

    article = lib.articles()[0]
    window.open_article(article.id)
    code, out, err = finish(
        qtbot, gloss_process(lib.data_dir, "highlight", article.id, "--quote", "rebuild the harbour", "--note", "cost?")
    )
    assert code == 0, err
    (made,) = lib.highlights(article.id)
    assert made.note == "cost?" and made.id in out
    qtbot.waitUntil(lambda: [h.id for h in window.highlighter.highlights] == [made.id])

    # Errors come back with their words and exit codes.
    code, _, err = finish(
        qtbot, gloss_process(lib.data_dir, "highlight", article.id, "--quote", "x", "--color", "teal")
    )
    assert code == 2 and "no colour 'teal'" in err


def test_relative_paths_are_the_callers(
    qtbot: Any,
    open_library: Callable[..., Library],
    window_on: Callable[[Library], Any],
    http_server: TestServer,
    tmp_path: Path,
) -> None:
    base = serve_site(http_server)
    lib = open_library()
    assert lib.data_dir is not None
    window_on(lib)
    opml = tmp_path / "elsewhere" / "subs.opml"
    opml.parent.mkdir()
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="T" xmlUrl="{base}/rss.xml"/>'
        "</body></opml>"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.launch", "--data-dir", str(lib.data_dir), "import-opml", "subs.opml"],
        cwd=opml.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    code, out, err = finish(qtbot, proc)
    assert code == 0, err
    assert "Subscribed to 1 feed." in out
    assert [f.url for f in lib.feeds()] == [base + "/rss.xml"]


def test_prune_asks_on_the_callers_terminal(
    qtbot: Any, open_library: Callable[..., Library], window_on: Callable[[Library], Any]
) -> None:
    from datetime import timedelta

    from reader.types import Article, utcnow

    lib = open_library()
    assert lib.data_dir is not None
    feed = lib.add_feed("https://example.org/feed.xml")
    old = Article(
        id=f"{feed.id}-{1:012x}", feed_id=feed.id, guid="g", title="Old", added=utcnow() - timedelta(days=400)
    )
    lib.storage.meta.put_articles(feed.id, [old])
    window_on(lib)

    results: list[tuple[int, str]] = []

    def prune(answer: str) -> None:
        out = Terminal()
        code = main(["--data-dir", str(lib.data_dir), "prune"], out=out, err=io.StringIO(), inp=Terminal(answer))
        results.append((code, out.getvalue()))

    for answer in ("n\n", "y\n"):
        thread = threading.Thread(target=prune, args=(answer,))
        thread.start()
        qtbot.waitUntil(lambda t=thread: not t.is_alive(), timeout=30_000)
    (no, no_out), (yes, yes_out) = results
    assert no == 1 and "Would delete 1 article" in no_out and no_out.endswith("Delete them? [y/N] Nothing deleted.\n")
    assert yes == 0 and "Deleted 1 article" in yes_out
    assert lib.articles() == []
