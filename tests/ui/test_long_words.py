"""One unbroken word froze the window (issue 22, item 2): an article whose ``<h1>`` was
1,048,576 × "T" kept the heading as body block 0, and Qt took 343 s to lay it out (its layout of
a word it cannot break grows faster than the square of its length). Every block and every word
that reaches the reader view and the feed-HTML view is now capped (see ui/articleview/capping.py).

Two checks: what reaches the QTextDocument (no layout needed, so the test is quick either way),
and the article shown in a real ReaderView in a child process under a CPU limit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument

from reader.types import ArticleContent, Block, Figure, Span
from tests.ui.helpers import add_feed_with_articles
from ui.articleview.capping import BREAK, MAX_BLOCK_CHARS, MAX_RUN, cap_text, capped_content, has_long_run
from ui.articleview.feedhtml import feed_html_to_html
from ui.articleview.render import render_article, render_message

MEGA = 1 << 20
# A run Qt cannot break: no space, no break opportunity (a no-break space is none either).
# Matched from a run's first character only (the lookbehind), or the search is quadratic.
_UNBROKEN = re.compile(rf"(?<![ \n{BREAK}\u2029\u4e00-\u9fff])[^ \n{BREAK}\u2029\u4e00-\u9fff]{{{MAX_RUN + 1},}}")


def hostile_content() -> ArticleContent:
    return ArticleContent(
        title="T" * 1000,
        bylines=("B" * 50_000,),
        body=(
            Block("heading", "T" * MEGA),
            Block("paragraph", "A quiet harbour at dawn."),
            Block("paragraph", ("word " * 60_000).strip()),  # 300,000 characters of ordinary words
            Block("paragraph", "x\u00a0" * 200_000, (Span(0, 10, "strong"),)),
            Block("paragraph", "中文的段落没有空格" * 2_000),  # written without spaces: breakable
        ),
        figures=(Figure(src=None, caption="C" * 300_000, credit="Photo: " + "P" * 5_000, position=0),),
    )


def document_of(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)  # no layout happens until the document is measured or painted
    return doc


def blocks_of(doc: QTextDocument) -> list[str]:
    found, block = [], doc.begin()
    while block.isValid():
        found.append(block.text())
        block = block.next()
    return found


def assert_capped(doc: QTextDocument) -> None:
    for text in blocks_of(doc):
        assert len(text) <= MAX_BLOCK_CHARS + 200, f"a block of {len(text):,} characters reached the view"
        long_run = _UNBROKEN.search(text)
        assert long_run is None, f"an unbroken run of {len(long_run.group()):,} characters reached the view"


def test_no_block_or_word_past_the_caps_reaches_the_reader_document(qapp: Any) -> None:
    doc = document_of(render_article(hostile_content(), images={}, column=700))
    assert_capped(doc)
    text = doc.toPlainText()
    assert "A quiet harbour at dawn." in text, "ordinary text is shown as stored"
    assert "more characters not shown]" in text, "the cut is said"
    assert "中文的段落没有空格" * 100 in text, "text written without spaces is not broken"
    assert_capped(document_of(render_message("T" * MEGA, "U" * MEGA)))


def test_no_block_or_word_past_the_caps_reaches_the_feed_html_document(qapp: Any) -> None:
    raw = f"<h1>{'T' * MEGA}</h1><p>{'x' * 300_000}</p><p>A quiet harbour.</p>"
    doc = document_of(feed_html_to_html("T" * 5_000, raw))
    assert_capped(doc)
    assert "A quiet harbour." in doc.toPlainText()


def test_real_articles_reach_the_view_unchanged() -> None:
    from reader.extract import extract

    for page in sorted((Path(__file__).parents[1] / "reader" / "extract" / "fixtures").glob("*.html")):
        content = extract(page.read_bytes(), "https://news.example.org/a.html")
        assert capped_content(content) is content, page.name
    url = "https://example.org/" + "a/" * 200  # a 420-character link in a sentence stays as it is
    assert cap_text(f"See {url} for more.") == f"See {url} for more."


@pytest.mark.parametrize(
    "run",
    ["ー" * 5_000, "、" * 5_000, "ッ" * 5_000, "「" * 5_000, "\u00a0" * 5_000, "—" * 5_000, "😀" * 5_000, "한" * 5_000],
    ids=[
        "long-vowel-mark",
        "ideographic-comma",
        "small-kana",
        "bracket",
        "no-break-space",
        "em-dash",
        "emoji",
        "hangul",
    ],
)
def test_runs_of_characters_that_do_not_break_are_broken(run: str) -> None:
    # Qt may not break before CJK punctuation, small kana or a no-break space: such runs freeze
    # it as "T" does, so they are runs; ideographs and kana around them break as ever.
    assert has_long_run(run) and not has_long_run(cap_text(run))
    japanese = "これは日本語の文章です。ちょっとコーヒーを飲みましょう。" * 200
    assert not has_long_run(japanese) and cap_text(japanese) == japanese


def test_finding_runs_is_linear_in_the_text() -> None:
    # Runs just under the bound everywhere: a pattern tried from every character would take
    # seconds here; no timing is asserted, a quadratic search would show as a hung test.
    text = ("T" * MAX_RUN + " ") * 2_000
    assert not has_long_run(text) and cap_text(text).endswith("not shown]")


def test_cap_text_breaks_only_runs_and_cuts_only_long_blocks() -> None:
    run = "T" * (3 * MAX_RUN + 5)
    assert cap_text(run).split(BREAK) == ["T" * MAX_RUN] * 3 + ["T" * 5]
    assert cap_text("T" * MAX_RUN) == "T" * MAX_RUN
    assert cap_text("ab " * 50_000).startswith("ab ab") and "not shown" in cap_text("ab " * 50_000)


SHOW = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (60, 60))  # killed, and the test fails, if it freezes
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.library import Library
from ui.articleview.view import ReaderView
lib = Library.open(sys.argv[1], readonly=True)
view = ReaderView(lib)
view.resize(900, 700)
view.show()
for mode in ("article", "feed"):
    view.show_article(sys.argv[2]) if mode == "article" else view.show_feed_html(sys.argv[2])
    view.document().documentLayout().documentSize()  # the whole layout
    view.grab()  # and a paint
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.grab()
    print(mode, "SHOWN", len(view.part_map), flush=True)
lib.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_CPU is POSIX")
def test_a_megabyte_word_is_shown_in_a_real_reader_view_under_a_cpu_limit(tmp_path: Path, open_library: Any) -> None:
    lib = open_library(path=tmp_path / "lib")
    [article] = add_feed_with_articles(lib, "feed", "Harbour", 1)
    lib.store_content(article.id, hostile_content())
    lib.storage.content.put_feed_html(article.id, f"<h1>{'T' * MEGA}</h1><p>A quiet harbour.</p>")
    lib.close()
    result = subprocess.run(
        [sys.executable, "-c", SHOW, str(tmp_path / "lib"), article.id],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "article SHOWN" in result.stdout and "feed SHOWN" in result.stdout, (
        f"the view did not finish (killed by the CPU limit? code {result.returncode}): {result.stderr[-1500:]}"
    )
    placed = int(result.stdout.split("article SHOWN")[1].split()[0])
    assert placed >= 2, "the ordinary parts are still highlightable"
