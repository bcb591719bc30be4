"""The export formats, in one registry: the key a command line or a file dialog uses, the name
shown to a reader, the file suffix, and the writer.

The command line (``gloss export --format``), the window's export dialog and
:meth:`reader.library.Library.export_text` all read this table, so a format added here is
offered everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...errors import ExportError
from ..palette import Palette
from .csv import export_csv
from .html import export_html
from .hypothesis import export_hypothesis
from .item import ExportItem
from .markdown import export_markdown
from .webanno import export_webanno

Writer = Callable[[Sequence[ExportItem], Palette], str]


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
        "md", "Markdown (Obsidian, Logseq…)", ".md", lambda i, p: export_markdown(i, palette=p), per_article=True
    ),
    ExportFormat("json", "W3C Web Annotation (JSON)", ".json", lambda i, p: export_webanno(i, palette=p)),
    ExportFormat("hypothesis", "Hypothesis (JSON)", ".json", lambda i, _p: export_hypothesis(i)),
    ExportFormat("html", "HTML page", ".html", lambda i, p: export_html(i, palette=p)),
    ExportFormat("csv", "CSV (Readwise)", ".csv", lambda i, _p: export_csv(i)),
)


def export_format(key: str) -> ExportFormat:
    """The format called ``key``; raises ExportError naming the known ones."""
    for fmt in EXPORT_FORMATS:
        if fmt.key == key:
            return fmt
    known = ", ".join(f.key for f in EXPORT_FORMATS)
    raise ExportError(f"Unknown export format {key!r}; use one of: {known}.")
