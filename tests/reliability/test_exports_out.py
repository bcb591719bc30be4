"""Exports that try to get out, through the facade to real files: spreadsheet formulas in
every CSV cell (= + - @, tab, carriage return), Markdown and HTML that would link, embed or
run something from quoted text, and article titles that would make dangerous file names
(Windows reserved names, path separators, .., control and bidi characters, 500 bytes)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from reader.library import Library
from reader.types import Article, ArticleContent, Block
from tests.reliability.test_hostile_content import active_markup

FORMULAS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")']
NASTY_TITLES = [
    "CON",
    "nul.txt",
    "COM¹",
    "LPT9",
    "../../../etc/passwd",
    "..\\..\\windows\\system32",
    'a/b\\c:d*e?f"g<h>i|j',
    "\x00\x01control\x7f chars\n\ttoo",
    "\u202eevil\u202c gpj.exe",
    "é" * 250,
    " . ",
    ".hidden",
    "Same title",
    "SAME TITLE",
]
QUOTE = "Quoted [link](javascript:alert(1)) <img src=x onerror=alert(2)> <script>alert(3)</script> ==mark== #tag *b*"


def build(lib: Library) -> None:
    feed = lib.add_feed("https://example.org/feed.xml", title='=HYPERLINK("http://evil")')
    articles = []
    for i, title in enumerate(NASTY_TITLES + FORMULAS):
        articles.append(
            Article(
                id=f"{feed.id}-{i:012x}",
                feed_id=feed.id,
                guid=f"g{i}",
                title=title,
                url=f"https://example.org/{i}" if i % 2 else "javascript:alert('url')",
                authors=("@attacker", "=cmd") if i % 3 == 0 else (),
            )
        )
    lib.storage.meta.put_articles(feed.id, articles)
    for i, article in enumerate(articles):
        body = f"{QUOTE} {FORMULAS[i % len(FORMULAS)]} end of the paragraph."
        lib.store_content(article.id, ArticleContent(title=article.title, body=(Block("paragraph", body),)))
        lib.highlight_quote(article.id, QUOTE, note=FORMULAS[i % len(FORMULAS)], tags=["=tag", "+x"])
        lib.highlight_quote(article.id, FORMULAS[i % len(FORMULAS)].strip() or "end", note="-note")


@pytest.fixture
def items_library(library: Library) -> Library:
    build(library)
    return library


def test_every_csv_cell_is_neutralised(items_library: Library, tmp_path: Path) -> None:
    [path] = items_library.export("csv", tmp_path / "notes.csv", items_library.export_items())
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1 + 2 * (len(NASTY_TITLES) + len(FORMULAS))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)
    # Neutralised, not mangled: an apostrophe in front of the original text.
    cells = {cell for row in rows for cell in row}
    assert {"'" + f for f in FORMULAS} <= cells


def test_markdown_and_html_exports_quote_text_literally(items_library: Library, tmp_path: Path) -> None:
    items = items_library.export_items()
    [html_path] = items_library.export("html", tmp_path / "notes.html", items)
    page = html_path.read_text(encoding="utf-8")
    assert active_markup(page) == []
    assert "g&lt;h&gt;i" in page, "titles are escaped, not dropped"
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page, "quotes are escaped, not dropped"
    [md_path] = items_library.export("md", tmp_path / "notes.md", items)
    md = md_path.read_text(encoding="utf-8")
    assert "[link](javascript:" not in md
    assert not re.search(r"(?<!\\)<(script|img)", md), "raw HTML from a quote"
    assert re.search(r"\\\[link\\\]\(javascript:alert\(1\)\)", md), "the quote is escaped, not dropped"
    assert not re.search(r"(?<!\\)\]\(<?javascript:", md), "a link to a javascript: URL"
    data = json.loads(items_library.export_text("json", items))
    assert data["type"] == "AnnotationCollection"


def test_per_article_file_names_are_safe_on_every_os(items_library: Library, tmp_path: Path) -> None:
    target = tmp_path / "out"
    files = items_library.export("md", target, items_library.export_items(), per_article=True)
    assert len(files) == len(NASTY_TITLES) + len(FORMULAS)
    names = [f.name for f in files]
    assert len({n.casefold() for n in names}) == len(names), "distinct even where case is ignored"
    reserved = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.IGNORECASE)
    for f in files:
        assert f.parent == target and f.is_file()
        name = f.name
        assert not re.search(r'[/\\:*?"<>|\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]', name), repr(name)
        assert not name.startswith((".", " ")) and not name.removesuffix(".md").endswith((".", " ")), repr(name)
        assert not reserved.fullmatch(name.removesuffix(".md")), name
        assert len(name.encode("utf-8")) <= 255, len(name.encode())
    assert sorted(p.name for p in target.iterdir()) == sorted(names), "nothing written outside the folder"
