"""Exports and inputs that try to get out, round 3 (issue 22, item 9): a note's raw HTML and
``javascript:`` links went into Markdown exports as written; CSV cells beginning with a space,
a non-breaking space or a line break before ``=``, or with a full-width ``＝``, were left as
they were; ``--color`` took any string. The Markdown is rendered with markdown-it (raw HTML
allowed, and every link allowed, as a permissive previewer would) to see what would be active."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.annotations.export.csv import neutralise
from reader.annotations.export.obsidian import note_markdown
from reader.annotations.importing.readwise import _unneutralise as unneutralise
from reader.cli import main
from reader.errors import AnnotationError
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library

HOSTILE_NOTES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "<!-- hidden --><a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click]( JaVaScRiPt:alert(1))",
    "[click](java&#x73;cript:alert(1))",
    "[click](java\tscript:alert(1))",
    "![pixel](data:image/svg+xml,<svg onload=alert(1)>)",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[file](file:///etc/passwd)",
    "[vb](vbscript:msgbox(1))",
]
ACTIVE = re.compile(r"<(script|img|iframe|svg|a href=\"(?!https?:|mailto:|gloss:|obsidian:|notes/))", re.I)


MARKDOWN_TAGS = {"p", "em", "strong", "code", "pre", "a", "img", "br", "ul", "ol", "li", "blockquote", "hr",
                 "h1", "h2", "h3", "h4", "h5", "h6"}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def rendered(markdown: str) -> str:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # a permissive previewer: every link is followed
    return md.render(markdown)


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_a_notes_raw_html_and_unsafe_links_are_made_literal(note: str) -> None:
    out = rendered(note_markdown(note))
    assert not ACTIVE.search(out), out
    # The text is kept (shown as text), not dropped.
    visible = re.sub(r"<[^>]+>", "", out)
    assert any(word in visible for word in ("alert", "evil", "etc/passwd", "msgbox")), out


def test_a_notes_own_markdown_is_kept() -> None:
    note = (
        "**Bold**, _em_, `code <b>` and a [link](https://example.org/a_(b)), <https://example.org>,\n"
        "[mail](mailto:a@example.org), [back](gloss://open/ab12cd34-0123456789ab), [vault](obsidian://open?x=1),"
        " [relative](notes/page.md)\n\n```\n<b>in a fence</b>\n```\n\n- a list\n- of two"
    )
    out = rendered(note_markdown(note))
    for kept in (
        "<strong>Bold</strong>",
        "<em>em</em>",
        "<code>code &lt;b&gt;</code>",
        'href="https://example.org/a_(b)"',
        'href="https://example.org"',
        'href="mailto:a@example.org"',
        'href="gloss://open/ab12cd34-0123456789ab"',
        'href="obsidian://open?x=1"',
        'href="notes/page.md"',
        "&lt;b&gt;in a fence&lt;/b&gt;",
        "<li>of two</li>",
    ):
        assert kept in out, (kept, out)


FRAGMENTS = st.sampled_from(
    ["<", ">", "</", "<script>", "<img src=x onerror=y>", "[", "]", "(", ")", "](", "javascript:", "JAVA",
     "&#115;", "&#x3a;", "\t", "\n", "`", "``", "<!--", "-->", "data:", "https://ok.example/", "x", " ", "\\", "![",
     "\n> ", "\n- ", "\n# ", "\n    ", "\n```\n", "\n[r]: ", "[r]", "\n\n", "<https://ok.example/>"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_no_note_made_of_hostile_pieces_renders_active(note: str) -> None:
    out = rendered(note_markdown(note))
    tags = Tags()
    tags.feed(out)
    # Only what Markdown itself makes (a Markdown image, ![](https://...), is the note's own).
    assert {t for t, _ in tags.found} <= MARKDOWN_TAGS, (note, out)
    for _tag, attrs in tags.found:
        assert not any(name.startswith("on") for name, _ in attrs), (note, out)
        for name, value in attrs:
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", value or "") if name in ("href", "src") else None
            assert scheme is None or scheme.group(1).lower() in ("http", "https"), (note, out)


@pytest.mark.parametrize(
    "cell",
    [" =1+1", "\u00a0=HYPERLINK(\"http://x\")", "\n=1+1", "\r\n=1", "\uff1dSUM(A1:A9)", " \u3000\uff0b1",
     "\u200b=1", "\u2060 @SUM(1)", "\t=1", "  -2+3", "\uff20x", "\uff0d1"]
)  # fmt: skip
def test_csv_cells_that_start_a_formula_after_spaces_or_in_full_width_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["hello", " hello", "a = b", "x\n=y", "", "100%", "'quoted"])
def test_ordinary_cells_are_left_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


def test_such_cells_in_a_real_export_and_what_glosss_import_makes_of_them(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root)
    notes = [" =1+1", "\u00a0=cmd", "\uff1dSUM(A1)"]
    with Library.open(root, first_run=False) as lib:
        for note in notes:
            lib.highlight_quote(article_id, "quiet harbour", note=note)
        rows = list(csv.reader(io.StringIO(lib.export_text("csv", lib.export_items()))))
    cells = {row[4] for row in rows[1:]}
    assert {"'" + note for note in notes} <= cells, cells
    assert {unneutralise("'" + note) for note in notes} == set(notes), "the import takes the apostrophe off"


@pytest.mark.parametrize("color", ["", " ", "Yellow", "#ff0000", "javascript:alert(1)", "x" * 500])
def test_only_palette_colours_are_taken(tmp_path: Path, color: str) -> None:
    root = tmp_path / "lib"
    article_id = make_library(root)
    err = io.StringIO()
    code = main(["--data-dir", str(root), "highlight", article_id, "--quote", "harbour", "--color", color], err=err)
    assert code == 2 and "no colour" in err.getvalue() and len(err.getvalue()) < 300, err.getvalue()
    with Library.open(root, first_run=False) as lib:
        with pytest.raises(AnnotationError, match="no colour"):
            lib.highlight_quote(article_id, "harbour", color=color)
        h = lib.highlights(article_id)[0]
        with pytest.raises(AnnotationError, match="no colour"):
            lib.update_highlight(h.id, color=color)
        assert lib.highlight(h.id).color == h.color
        assert lib.highlight_quote(article_id, "harbour", color="green").color == "green"
