"""Exporting highlights: Markdown, W3C Web Annotation JSON, Hypothesis JSON, HTML and CSV.

Every writer takes a sequence of :class:`ExportItem` and returns text; the caller writes files.
Reading files back (Gloss's and other tools') is :mod:`reader.annotations.importing`.
"""

from __future__ import annotations

from .csv import export_csv
from .filenames import safe_filename, unique_filenames
from .formats import EXPORT_FORMATS, ExportFormat, export_format
from .html import export_html
from .hypothesis import export_hypothesis
from .item import ExportItem, gloss_link
from .markdown import article_markdown, export_markdown, export_markdown_files
from .webanno import annotation_collection, export_webanno

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "ExportItem",
    "annotation_collection",
    "article_markdown",
    "export_csv",
    "export_format",
    "export_html",
    "export_hypothesis",
    "export_markdown",
    "export_markdown_files",
    "export_webanno",
    "gloss_link",
    "safe_filename",
    "unique_filenames",
]
