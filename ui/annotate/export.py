"""The Export dialog (Markdown, W3C Web Annotation JSON, HTML, CSV) and "Import notes…".

Choose a format, what to export (this article, the highlights selected in the notebook, or
all), and where; the first lines of the result are previewed as the choices change. Errors
(nothing to export, a folder that cannot be written) are shown in the dialog in words.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader import EXPORT_FORMATS, ExportItem, Library, ReaderError

from .store import Annotations

FORMATS: tuple[tuple[str, str, str], ...] = tuple((f.key, f.label, f.suffix) for f in EXPORT_FORMATS)
PREVIEW_LINES = 200  # a few annotations, indented
PREVIEW_ITEMS = 3  # the first lines only need the first articles


def preview_text(text: str, fmt: str) -> str:
    """The first :data:`PREVIEW_LINES` lines of an export; JSON indented to be read (the file
    keeps one annotation a line, which diffs and streams well)."""
    if fmt in {"json", "hypothesis"}:
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    lines = text.splitlines()
    shown = "\n".join(lines[:PREVIEW_LINES])
    return shown + "\n…" if len(lines) > PREVIEW_LINES else shown


class HtmlPreview(QTextBrowser):
    """A page preview that loads nothing: no images, stylesheets, files or links followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        return None  # file:, relative and http URLs alike: a preview must not read or fetch anything


class ExportDialog(QDialog):
    """``ExportDialog(library, *, article_id=None, selected_highlight_ids=None, parent=None)``.

    Signals ``exported(list of paths)`` and ``imported(count)``.
    """

    exported = Signal(list)
    imported = Signal(int)

    def __init__(
        self,
        library: Library,
        *,
        article_id: str | None = None,
        selected_highlight_ids: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.article_id = article_id
        self.selected = list(selected_highlight_ids or [])
        self.written: list[Path] = []
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export highlights and notes")
        self.setAccessibleName("Export highlights and notes")

        self.format_box = QComboBox(self)
        self.format_box.setObjectName("exportFormat")
        self.format_box.setAccessibleName("Format")
        for key, label, _ext in FORMATS:
            self.format_box.addItem(label, key)

        self.scope_article = QRadioButton("This article", self)
        self.scope_article.setObjectName("scopeArticle")
        self.scope_selected = QRadioButton(f"Selected in the notebook ({len(self.selected)})", self)
        self.scope_selected.setObjectName("scopeSelected")
        self.scope_all = QRadioButton("All highlights", self)
        self.scope_all.setObjectName("scopeAll")
        self.scope_group = QButtonGroup(self)
        for b in (self.scope_article, self.scope_selected, self.scope_all):
            self.scope_group.addButton(b)
        self.scope_article.setEnabled(article_id is not None)
        self.scope_selected.setEnabled(bool(self.selected))
        (self.scope_selected if self.selected else self.scope_article if article_id else self.scope_all).setChecked(
            True
        )
        scope_row = QHBoxLayout()
        for b in (self.scope_article, self.scope_selected, self.scope_all):
            scope_row.addWidget(b)
        scope_row.addStretch(1)

        self.per_article = QCheckBox("One file per article, into a folder", self)
        self.per_article.setObjectName("perArticle")

        self.destination = QLineEdit(self)
        self.destination.setObjectName("exportDestination")
        self.destination.setAccessibleName("Destination")
        self.destination.setPlaceholderText("Choose where to save…")
        self.browse = QPushButton("Choose…", self)
        self.browse.setObjectName("chooseDestination")
        self.browse.setAccessibleName("Choose the destination")
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.destination, 1)
        dest_row.addWidget(self.browse)

        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("exportPreview")
        self.preview.setAccessibleName("Preview of the export")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # long JSON lines stay in view
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(QFont().pointSizeF() - 1, 8))
        self.preview.setFont(mono)
        # The HTML export is previewed as a browser would show it (nothing it names is loaded).
        self.rendered = HtmlPreview(self)
        self.rendered.setObjectName("exportRenderedPreview")
        self.rendered.setAccessibleName("Preview of the export, as a page")
        self.previews = QStackedWidget(self)
        self.previews.addWidget(self.preview)
        self.previews.addWidget(self.rendered)

        self.message = QLabel(self)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.import_button = QPushButton("Import notes…", self)
        self.import_button.setObjectName("importNotes")
        self.import_button.setToolTip("Import highlights and notes from a W3C JSON export")
        self.export_button = QPushButton("Export", self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("closeExport")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Format", self.format_box)
        form.addRow("Export", scope_row)
        form.addRow("", self.per_article)
        form.addRow("Save to", dest_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        preview_label = QLabel("Preview", self)
        preview_label.setObjectName("previewLabel")
        layout.addWidget(preview_label)
        layout.addWidget(self.previews, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(720, 560)

        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.scope_group.buttonToggled.connect(self._scope_toggled)
        self.per_article.toggled.connect(lambda _c: self._suggest_destination(force=True))
        self.browse.clicked.connect(self.choose_destination)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.choose_import)
        self._format_changed()

    def _scope_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.update_preview()

    # --- choices --------------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    @property
    def scope(self) -> str:
        if self.scope_article.isChecked():
            return "article"
        if self.scope_selected.isChecked():
            return "selected"
        return "all"

    def _format_changed(self) -> None:
        is_md = self.fmt == "md"
        self.per_article.setEnabled(is_md)
        if not is_md:
            self.per_article.setChecked(False)
        self._suggest_destination(force=False)
        self.update_preview()

    def _suggest_destination(self, *, force: bool) -> None:
        current = self.destination.text().strip()
        ext = next(e for k, _label, e in FORMATS if k == self.fmt)
        if self.per_article.isChecked():
            if force or not current:
                base = Path(current).with_suffix("") if current else Path.home() / "Gloss highlights"
                self.destination.setText(str(base))
            return
        if current and not force:
            path = Path(current)
            if path.suffix in {e for _k, _l, e in FORMATS} or not path.suffix:
                self.destination.setText(str(path.with_suffix(ext)))
            return
        base = Path(current).with_suffix("") if current else Path.home() / "Gloss highlights"
        self.destination.setText(str(base.with_suffix(ext)))

    def choose_destination(self) -> None:
        if self.per_article.isChecked():
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", self.destination.text())
        else:
            ext = next(e for k, _label, e in FORMATS if k == self.fmt)
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export highlights", self.destination.text(), f"{self.format_box.currentText()} (*{ext})"
            )
        if chosen:
            self.destination.setText(chosen)

    def _items(self, *, limit: int | None = None) -> list[ExportItem]:
        if self.scope == "article" and self.article_id is not None:
            items = self.library.export_items(article_ids=[self.article_id])
        elif self.scope == "selected":
            items = self.library.export_items(highlight_ids=self.selected)
        else:
            items = self.library.export_items()
        return list(items[:limit] if limit else items)

    def update_preview(self) -> None:
        """Show the first lines of the export as it would be written now."""
        try:
            items = self._items(limit=PREVIEW_ITEMS)
            if not items:
                self.preview.setPlainText("")
                self._say("There are no highlights to export here.", error=True)
                self.export_button.setEnabled(False)
                return
            text = self.library.export_text(self.fmt, items)
        except ReaderError as exc:
            self.preview.setPlainText("")
            self._say(str(exc), error=True)
            return
        if self.fmt == "html":
            self.rendered.setHtml(text)
            self.previews.setCurrentWidget(self.rendered)
        else:
            self.preview.setPlainText(preview_text(text, self.fmt))
            self.previews.setCurrentWidget(self.preview)
        self.export_button.setEnabled(True)
        self._say("")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b3261e;" if error else "")

    # --- doing it --------------------------------------------------------------------------------

    def export(self) -> list[Path]:
        """Write the export to the destination; returns the files written ([] on an error,
        which is shown in the dialog)."""
        dest = self.destination.text().strip()
        if not dest:
            self._say("Choose where to save the export first.", error=True)
            return []
        target = Path(dest).expanduser()
        try:
            items = self._items()
            written = self.library.export(self.fmt, target, items, per_article=self.per_article.isChecked())
        except ReaderError as exc:
            self._say(str(exc), error=True)
            return []
        self.written = written
        n = sum(len(i.highlights) for i in items)
        where = str(target) if len(written) != 1 else str(written[0])
        files = f"{len(written)} files" if len(written) != 1 else "1 file"
        notices = " ".join(self.library.export_notices(self.fmt, items))
        self._say(f"Exported {n} highlight{'s' if n != 1 else ''} to {where} ({files}). {notices}".strip())
        self.exported.emit(written)
        return written

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Import notes",
            "",
            "Notes (*.json *.jsonld *.csv);;W3C Web Annotation or Hypothesis (*.json *.jsonld);;"
            "Readwise CSV (*.csv);;All files (*)",
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> int | None:
        """Import a W3C, Hypothesis or Readwise file; what it did (or the error) is shown in words."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._say(f"Could not read {path}: {exc.strerror or exc}.", error=True)
            return None
        try:
            report = self.library.import_annotations(data)
        except ReaderError as exc:
            self._say(f"Nothing was imported: {exc}", error=True)
            return None
        count = report.imported + report.updated
        hub = Annotations.of(self.library)
        hub.notify({h.article_id for h in self.library.highlights()})
        self.update_preview()
        self._say(f"{Path(path).name}: {report.summary()}")
        self.imported.emit(count)
        return count
