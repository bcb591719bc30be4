"""Hypothesis export: ``{"total": N, "rows": [...]}``, the shape of Hypothesis's search API,
each row a body its create-annotation API accepts (``POST /api/annotations``).

A row holds ``uri`` (the article's web page), ``document.title``, ``text`` (the note), ``tags`` and
one ``target`` whose selector is the ``TextQuoteSelector`` with the quote's in-part context
(Hypothesis anchors by it; Gloss's character offsets count in Gloss's text, not in the page's
``textContent`` that Hypothesis's positions count in, so none is written). No ``group`` or
``permissions``: posted as they are, the annotations are private to the account posting them.
``created``/``updated`` are for people and for Gloss (the API ignores them), and ``gloss``, an extra
field Hypothesis stores and returns as it is, lets Gloss restore each highlight exactly. Highlights
of articles with no web address (the bundled sample) are left out: Hypothesis needs a page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .context import quote_context
from .item import ExportItem, is_web_url, sort_key
from .webanno import gloss_record, iso_z


def hypothesis_rows(items: Sequence[ExportItem]) -> list[dict[str, Any]]:
    """One create-annotation body per highlight of an article with a web address."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if not is_web_url(item.url):
            continue
        assert item.url is not None
        for h in sorted(item.highlights, key=sort_key):
            context = quote_context(item, h)
            selector = {
                "type": "TextQuoteSelector",
                "exact": h.quote.exact,
                "prefix": context.prefix(),
                "suffix": context.suffix(),
            }
            rows.append(
                {
                    "uri": item.url,
                    "document": {"title": [item.title]},
                    "text": h.note,
                    "tags": list(h.tags),
                    "target": [{"source": item.url, "selector": [selector]}],
                    "created": iso_z(h.created),
                    "updated": iso_z(h.updated),
                    "gloss": gloss_record(item, h),
                }
            )
    return rows


def export_hypothesis(items: Sequence[ExportItem]) -> str:
    """The rows as JSON text (see the module docstring)."""
    rows = hypothesis_rows(items)
    body = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in rows)
    return f'{{"total": {len(rows)}, "rows": [\n  {body}\n]}}\n' if rows else '{"total": 0, "rows": []}\n'
