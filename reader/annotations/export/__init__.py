"""Exporting highlights: Markdown, W3C Web Annotation JSON (and its import), HTML and CSV.

Every writer takes a sequence of :class:`ExportItem` and returns text; the caller writes files.
"""

from __future__ import annotations

from .csv import export_csv
from .filenames import safe_filename, unique_filenames
from .html import export_html
from .item import ExportItem, gloss_link
from .markdown import article_markdown, export_markdown, export_markdown_files
from .webanno import ImportedAnnotation, annotation_collection, export_webanno, parse_annotation_collection

__all__ = [
    "ExportItem",
    "ImportedAnnotation",
    "annotation_collection",
    "article_markdown",
    "export_csv",
    "export_html",
    "export_markdown",
    "export_markdown_files",
    "export_webanno",
    "gloss_link",
    "parse_annotation_collection",
    "safe_filename",
    "unique_filenames",
]
