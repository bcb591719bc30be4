"""Reading other tools' annotation files: W3C Web Annotation (Gloss's own exports too),
Hypothesis (API results and client exports) and Readwise CSV.

:func:`read_notes` recognises the format by its content (never by the file name) and returns a
:class:`NotesFile`; every reader raises only :class:`reader.errors.NotesImportError`, naming
the first item it could not read, before anything is imported.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from ...errors import NotesImportError
from .hypothesis import looks_like_hypothesis, read_hypothesis
from .model import MAX_IMPORT_BYTES, ImportedAnnotation, IncomingNote, NotesFile
from .readwise import looks_like_readwise, read_readwise
from .w3c import looks_like_w3c, read_w3c

__all__ = [
    "ImportedAnnotation",
    "IncomingNote",
    "NotesFile",
    "parse_annotation_collection",
    "read_notes",
]


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def _text(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise NotesImportError(f"The file is too large to be a notes export ({len(data) // 2**20} MiB).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotesImportError("The file is not UTF-8 text, so it is not a notes export Gloss can read.") from None


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise NotesImportError(f"The file is not valid JSON: {exc}") from None


def read_notes(data: bytes) -> NotesFile:
    """The notes of a W3C, Hypothesis or Readwise CSV file (see the module docstring)."""
    text = _text(data)
    stripped = text.lstrip()
    if not stripped:
        raise NotesImportError("The file is empty.")
    if stripped[0] in "{[":
        doc = _json(text)
        if looks_like_hypothesis(doc):
            return read_hypothesis(doc)
        if looks_like_w3c(doc):
            return read_w3c(doc)
        raise NotesImportError(
            "The file is JSON but neither W3C Web Annotation nor Hypothesis annotations "
            "(it has no 'type': 'AnnotationCollection' or 'Annotation', and no 'rows' of annotations)."
        )
    if looks_like_readwise(stripped):
        return read_readwise(text)
    raise NotesImportError(
        "Gloss cannot read this file: it is not W3C Web Annotation JSON, a Hypothesis export or a Readwise CSV."
    )


def parse_annotation_collection(data: bytes) -> list[ImportedAnnotation]:
    """Every annotation of a Gloss JSON export, exactly as Gloss stored it (all checked first).
    Raises :class:`NotesImportError` for any other file, or an annotation without Gloss's record."""
    doc = _json(_text(data))
    if not isinstance(doc, dict):
        raise NotesImportError("The file is JSON but not an AnnotationCollection object.")
    if "AnnotationCollection" not in {str(doc.get("type"))}:
        raise NotesImportError("The file is not a W3C AnnotationCollection ('type' is missing or different).")
    found = read_w3c(doc)
    missing = next((i for i, n in enumerate(found.notes) if n.gloss is None), None)
    if missing is not None:
        raise NotesImportError(
            f"Annotation {missing + 1}: has no 'gloss' block (only annotations exported by Gloss can be imported)"
        )
    return [n.gloss for n in found.notes if n.gloss is not None]
