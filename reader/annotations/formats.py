"""The export formats, in one registry: the key a command line or a file dialog uses, the name
shown to a reader, the file suffix, and the writer.

The command line (``gloss export --format``), the window's export dialog and
:meth:`reader.library.Library.export_text` all read this table, so a format added here is
offered everywhere at once. It lives outside :mod:`reader.annotations.export`, and each writer
is imported when it writes: every ``gloss`` command builds its ``--format`` choices from this
table, and importing the writers cost each one (a search too) 50 ms.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ExportError
from .palette import Palette

if TYPE_CHECKING:
    from .export.item import ExportItem

Writer = Callable[[Sequence["ExportItem"], Palette], str]


def _writer(module: str, name: str, *, palette: bool) -> Writer:
    """The function ``name`` of ``reader.annotations.export.<module>``, imported at its first write."""

    def write(items: Sequence[ExportItem], colors: Palette) -> str:
        fn = getattr(importlib.import_module(f"{__package__}.export.{module}"), name)
        return str(fn(items, palette=colors) if palette else fn(items))

    return write


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format. ``per_article``: it can also be written as one file per article."""

    key: str
    label: str
    suffix: str
    write: Writer
    per_article: bool = False


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "md", "Markdown (Obsidian, Logseq…)", ".md", _writer("markdown", "export_markdown", palette=True), True
    ),
    ExportFormat("json", "W3C Web Annotation (JSON)", ".json", _writer("webanno", "export_webanno", palette=True)),
    ExportFormat("hypothesis", "Hypothesis (JSON)", ".json", _writer("hypothesis", "export_hypothesis", palette=False)),
    ExportFormat("html", "HTML page", ".html", _writer("html", "export_html", palette=True)),
    ExportFormat("csv", "CSV (Readwise)", ".csv", _writer("csv", "export_csv", palette=False)),
)


def export_format(key: str) -> ExportFormat:
    """The format called ``key``; raises ExportError naming the known ones."""
    for fmt in EXPORT_FORMATS:
        if fmt.key == key:
            return fmt
    known = ", ".join(f.key for f in EXPORT_FORMATS)
    raise ExportError(f"Unknown export format {key!r}; use one of: {known}.")
