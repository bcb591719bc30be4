"""The export dialog writes every format (read back here), previews, reports errors in words,
and imports notes from a JSON export."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from reader.library import Library
from reader.types import Article
from ui.annotate import ExportDialog


@pytest.fixture
def noted(library: Library, article: Article) -> list[Any]:
    return [
        library.highlight_quote(article.id, "winter repairs", note="Ask for the *bill*", tags=["budget"]),
        library.highlight_quote(article.id, "leaves the pier", color="blue"),
    ]


def make_dialog(qtbot: Any, library: Library, **kwargs: Any) -> ExportDialog:
    dialog = ExportDialog(library, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("fmt", ["md", "json", "html", "csv"])
def test_each_format_is_written_and_reads_back(
    qtbot: Any, library: Library, article: Article, noted: list[Any], tmp_path: Path, fmt: str
) -> None:
    dialog = make_dialog(qtbot, library, article_id=article.id)
    dialog.set_format(fmt)
    assert dialog.scope == "article"
    shown = dialog.rendered if fmt == "html" else dialog.preview
    assert dialog.previews.currentWidget() is shown
    assert "winter repairs" in shown.toPlainText()  # the live preview shows the first lines
    target = tmp_path / f"notes.{fmt}"
    dialog.destination.setText(str(target))
    with qtbot.waitSignal(dialog.exported):
        dialog.export_button.click()
    text = target.read_text(encoding="utf-8")
    first = shown.toPlainText().splitlines()[0]
    if fmt == "json":  # the preview is indented to be read; the file keeps one annotation a line
        assert first == "{" and text.startswith('{"@context"')
        assert '\n    "http://www.w3.org/ns/anno.jsonld",\n' in dialog.preview.toPlainText()
    elif fmt != "html":
        assert first == text.splitlines()[0]
    if fmt == "md":
        assert "> winter repairs" in text and "Ask for the *bill*" in text
        assert f"gloss://open/{article.id}?highlight={noted[0].id}" in text
    elif fmt == "json":
        data = json.loads(text)
        items = data.get("items") or data.get("first", {}).get("items") or []
        exacts = {sel["exact"] for it in items for sel in _selectors(it) if "exact" in sel}
        assert exacts == {"winter repairs", "leaves the pier"}
    elif fmt == "html":
        assert "winter repairs" in text and "<html" in text.lower()
    else:
        rows = list(csv.DictReader(text.splitlines()))
        assert {r["Highlight"] for r in rows} == {"winter repairs", "leaves the pier"}
        assert any("Ask for the *bill*" in r["Note"] for r in rows)
    assert "Exported 2 highlights" in dialog.message.text()


def _selectors(item: dict[str, Any]) -> list[dict[str, Any]]:
    target = item.get("target")
    targets = target if isinstance(target, list) else [target]
    found: list[dict[str, Any]] = []
    for t in targets:
        sel = t.get("selector") if isinstance(t, dict) else None
        found += sel if isinstance(sel, list) else [sel] if isinstance(sel, dict) else []
    return found


def test_markdown_one_file_per_article_into_a_folder(
    qtbot: Any, library: Library, article: Article, noted: list[Any], tmp_path: Path
) -> None:
    from .conftest import add_articles

    second = add_articles(library, 1, url="http://127.0.0.1:9/second.xml")[0]
    library.highlight_quote(second.id, "Officials said")
    dialog = make_dialog(qtbot, library, article_id=article.id)
    dialog.scope_all.setChecked(True)
    dialog.per_article.setChecked(True)
    dialog.destination.setText(str(tmp_path / "vault"))
    dialog.export_button.click()
    files = sorted((tmp_path / "vault").glob("*.md"))
    assert len(files) == 2 and sorted(dialog.written) == files
    assert any("> Officials said" in f.read_text(encoding="utf-8") for f in files)


def test_selected_scope_and_errors_in_words(
    qtbot: Any, library: Library, article: Article, noted: list[Any], tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, library, selected_highlight_ids=[noted[1].id])
    assert dialog.scope == "selected" and not dialog.scope_article.isEnabled()
    assert "leaves the pier" in dialog.preview.toPlainText()
    assert "winter repairs" not in dialog.preview.toPlainText()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.destination.setText(str(blocker / "inside" / "notes.md"))
    assert dialog.export() == []
    assert "Could not write the export" in dialog.message.text()
    dialog.destination.setText("")
    assert dialog.export() == []
    assert dialog.message.text() == "Choose where to save the export first."


def test_nothing_to_export_says_so(qtbot: Any, library: Library, article: Article) -> None:
    dialog = make_dialog(qtbot, library, article_id=article.id)
    assert not dialog.export_button.isEnabled()
    assert "no highlights to export" in dialog.message.text()


def test_import_notes_from_a_json_export(
    qtbot: Any, library: Library, article: Article, noted: list[Any], tmp_path: Path, reopen: Any
) -> None:
    exported = tmp_path / "notes.json"
    library.export("json", exported, library.export_items())
    library.close()
    fresh = Library.open(tmp_path / "other-library", first_run=False)
    try:
        dialog = make_dialog(qtbot, fresh)
        with qtbot.waitSignal(dialog.imported) as blocker:
            assert dialog.import_file(exported) == 2
        assert blocker.args == [2]
        assert dialog.message.text() == (
            "notes.json: Imported 2 highlights (W3C Web Annotation). "
            "1 article this library did not have was added for them."
        )
        assert dialog.import_file(exported) == 0
        assert dialog.message.text() == "notes.json: Nothing new in this W3C Web Annotation file: 2 already present."
        assert {h.note for h in fresh.highlights()} == {"Ask for the *bill*", ""}
        bad = tmp_path / "bad.json"
        bad.write_text('{"type": "AnnotationCollection", "items": [{"nonsense": 1}]', encoding="utf-8")
        assert dialog.import_file(bad) is None
        assert dialog.message.text().startswith("Nothing was imported: ")
        assert dialog.import_file(tmp_path / "missing.json") is None
        assert "Could not read" in dialog.message.text()
        assert len(fresh.highlights()) == 2
    finally:
        fresh.close()


def test_the_preview_wraps_long_lines_and_the_html_preview_loads_nothing(
    qtbot: Any, library: Library, article: Article, noted: list[Any]
) -> None:
    dialog = make_dialog(qtbot, library, article_id=article.id)
    dialog.resize(520, 480)
    dialog.set_format("json")
    assert dialog.preview.horizontalScrollBar().maximum() == 0  # nothing hides off to the right
    dialog.set_format("html")
    page = dialog.rendered
    assert "winter repairs" in page.toPlainText() and "<html" not in page.toPlainText().lower()
    assert page.loadResource(2, QUrl("file:///etc/passwd")) is None
    assert page.loadResource(2, QUrl("notes.css")) is None
    assert not page.openLinks()
