"""A library folder moved away while Gloss has it open (issue 22, item 7). A search re-created
``DIR/search/``, a refresh wrote a new ``library.json`` (so moving the folder back failed),
``articles()`` answered an empty list and a save said "refresh it first". Now every operation
says the folder is gone, nothing is created in its place, and moving it back works."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.errors import StorageError
from reader.library import Library
from reader.types import ArticleContent, Block
from tests.httpserver import TestServer
from tests.reliability.faultservers import FEED

GONE = r"library folder \S+ is gone"


def make_library(root: Path, server: TestServer) -> str:
    server.route("/feed.xml", FEED, content_type="application/rss+xml")
    with Library.open(root, first_run=False) as lib:
        lib.add_feed(server.url("/feed.xml"))
        assert all(r.error is None for r in lib.refresh())
        article = lib.articles()[0]
        lib.store_content(article.id, ArticleContent(title="Harbour", body=(Block("paragraph", "A quiet harbour."),)))
        lib.highlight_quote(article.id, "quiet harbour", note="before the move")
        assert lib.search("harbour")  # the index exists on disk
        return article.id


def operations(lib: Library, article_id: str) -> dict[str, Callable[[], Any]]:
    return {
        "search": lambda: lib.search("harbour"),
        "refresh": lambda: lib.refresh(),
        "articles": lambda: lib.articles(),
        "article": lambda: lib.article(article_id),
        "content": lambda: lib.content(article_id),
        "feeds": lambda: lib.feeds(),
        "highlights": lambda: lib.highlights(article_id),
        "save a highlight": lambda: lib.highlight_quote(article_id, "harbour", note="while gone"),
        "star": lambda: lib.mark_starred(article_id),
        "settings": lambda: lib.update_settings(retention_days=30),
    }


def test_every_operation_says_the_folder_is_gone_and_creates_nothing(tmp_path: Path, http_server: TestServer) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root, http_server)
    lib = Library.open(root, first_run=False)
    try:
        lib.articles()
        lib.search("quiet")  # the index is open in memory too
        moved = tmp_path / "on-another-drive"
        shutil.move(str(root), str(moved))

        for name, operation in operations(lib, article_id).items():
            with pytest.raises(StorageError, match=GONE):
                operation()
            assert not root.exists(), f"{name} created {sorted(p.name for p in root.rglob('*'))}"

        shutil.move(str(moved), str(root))  # the user puts it back: everything works again
        assert [h.note for h in lib.highlights(article_id)] == ["before the move"]
        assert len(lib.articles()) == 5 and lib.search("harbour")
        assert all(r.error is None for r in lib.refresh())
        lib.highlight_quote(article_id, "harbour", note="after the move")
    finally:
        lib.close()
    assert not root.with_name("lib.json").exists()
    with Library.open(root, first_run=False) as lib:
        assert sorted(h.note for h in lib.highlights(article_id)) == ["after the move", "before the move"]
        assert lib.notices == []


def test_a_read_only_view_of_a_folder_gone_says_so(tmp_path: Path, http_server: TestServer) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root, http_server)
    with Library.open(root, readonly=True) as lib:
        assert lib.articles()
        shutil.move(str(root), str(tmp_path / "elsewhere"))
        for name in ("articles", "article", "content", "feeds", "highlights", "search"):
            with pytest.raises(StorageError, match=GONE):
                operations(lib, article_id)[name]()
        assert not root.exists()
