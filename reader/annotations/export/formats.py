"""The export formats (see :mod:`reader.annotations.formats`, where the registry lives so that
reading it imports no writer)."""

from __future__ import annotations

from ..formats import EXPORT_FORMATS, ExportFormat, Writer, export_format

__all__ = ["EXPORT_FORMATS", "ExportFormat", "Writer", "export_format"]
