"""Screenshots of the annotating widgets, rendered offscreen from a fresh library with the bundled
sample feed: an annotated article with the notes dock, the notebook, the export dialog.

Run: ``python benchmarks/tools/annotate_screenshots.py [OUT_DIR]`` (default docs/screenshots).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

    from reader.library import Library
    from ui.annotate import ExportDialog, HighlightController, NotebookView, NotesDock
    from ui.articleview.view import ReaderView

    QCoreApplication.setOrganizationName("Gloss")
    QCoreApplication.setApplicationName("Gloss")
    app = QApplication.instance() or QApplication([])
    try:
        from ui.theme import apply as apply_theme  # the window's look

        apply_theme(app, "light")
    except Exception:
        app.setStyle("Fusion")

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "library", first_run=True)
        articles = [a for a in lib.articles() if lib.content(a.id) is not None]
        first = articles[0]
        content = lib.content(first.id)
        assert content is not None
        body = [p for p in content.content.parts() if p.kind == "block"]
        captions = [p for p in content.content.parts() if p.kind == "caption"]

        def words(text: str, start: int, count: int) -> str:
            return " ".join(text.split()[start : start + count])

        quote1 = words(body[0].text, 2, 14)
        h1 = lib.highlight_quote(
            first.id,
            quote1,
            part=body[0].id,
            color="yellow",
            note="When exactly was it sold? Check the county land records.",
            tags=["market", "dates"],
        )
        lib.highlight_quote(
            first.id,
            words(quote1, 4, 5),
            part=body[0].id,
            color="blue",
            note="Which months? Ask for the monthly breakdown.",
        )
        if len(body) > 2:
            lib.highlight_quote(
                first.id,
                words(body[2].text, 0, 12),
                part=body[2].id,
                color="green",
                note="Good quote for the **co-op** explainer.",
                tags=["quotes"],
            )
        if captions:
            lib.highlight_quote(
                first.id, words(captions[0].text, 0, 6), part=captions[0].id, color="purple", tags=["photo"]
            )
        for other in articles[1:4]:
            version = lib.content(other.id)
            if version is None:
                continue
            blocks = [p for p in version.content.parts() if p.kind == "block"]
            lib.highlight_quote(
                other.id,
                words(blocks[0].text, 0, 10),
                part=blocks[0].id,
                color="pink",
                note="Follow up next week.",
                tags=["follow-up"],
            )
            if len(blocks) > 1:
                lib.highlight_quote(other.id, words(blocks[1].text, 3, 9), part=blocks[1].id, color="yellow")

        # 1. The article with its notes dock.
        window = QMainWindow()
        window.setWindowTitle("Gloss")
        view = ReaderView(lib)
        window.setCentralWidget(view)
        controller = HighlightController(lib, view)
        dock_frame = QDockWidget("Notes", window)
        dock_frame.setObjectName("notesDock")
        dock = NotesDock(lib, view, controller)
        dock_frame.setWidget(dock)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock_frame)
        window.resize(1280, 820)
        window.show()
        view.show_article(first.id)
        dock.select_highlight(h1.id)
        dock.list.setFocus()
        app.processEvents()
        window.resizeDocks([dock_frame], [360], Qt.Orientation.Horizontal)
        app.processEvents()
        window.grab().save(str(out / "annotate-article.png"))

        # 2. The notebook.
        notebook = NotebookView(lib)
        notebook.resize(1000, 720)
        notebook.setWindowTitle("Notebook")
        notebook.show()
        app.processEvents()
        notebook.grab().save(str(out / "notebook.png"))

        # 3. The export dialog.
        dialog = ExportDialog(lib, article_id=first.id)
        dialog.destination.setText(str(Path.home() / "Notes" / "Gloss highlights.md"))
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "export-dialog.png"))

        # 4. Search: copies of a story told apart by feed, date and where the words were found.
        from PySide6.QtCore import QThreadPool

        from ui.annotate import SearchPanel

        search = SearchPanel(lib)
        search.resize(760, 520)
        search.show()
        search.box.setText("market")
        search.box.search_now()
        for _ in range(200):
            QThreadPool.globalInstance().waitForDone(20)
            search.box.pool.waitForDone(20)
            app.processEvents()
            if search.model.rowCount():
                break
        app.processEvents()
        search.grab().save(str(out / "search.png"))

        for w in (search, dialog, notebook, window):
            w.close()
        app.processEvents()
        lib.close()
    print(f"wrote annotate-article.png, notebook.png, export-dialog.png, search.png to {out}")


if __name__ == "__main__":
    main()
