"""The text around a highlighted quote *inside its own part* (paragraph, caption, title, byline).

Every exporter that writes context for other tools (W3C ``TextQuoteSelector``, Hypothesis, text
fragment links) takes it from here, because only the quote's own part is text that also reads
that way on the publisher's page: the canonical text joins parts with blank lines, drops page
furniture between them and moves captions, so context across a part boundary is true of Gloss's
text but not of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...types import PART_SEPARATOR, Highlight, Part
from ..anchor import CONTEXT_CHARS
from .item import ExportItem


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """``before``/``after``: the part's text before and after the quote, as much as is known.
    ``whole_before`` says ``before`` reaches the start of the part (so its first word is a whole
    word), ``whole_after`` that ``after`` reaches its end. ``kind`` is the part's kind; the
    neighbouring body blocks (None when a figure or nothing stands between) are for a quote at
    the very start or end of its block."""

    kind: str
    before: str
    after: str
    whole_before: bool
    whole_after: bool
    previous_block: str | None = None
    next_block: str | None = None

    def prefix(self, limit: int = CONTEXT_CHARS) -> str:
        return self.before[-limit:]

    def suffix(self, limit: int = CONTEXT_CHARS) -> str:
        return self.after[:limit]


def _kind(part_id: str) -> str:
    return part_id.partition(":")[0]


def _neighbours(parts: tuple[Part, ...], index: int) -> tuple[str | None, str | None]:
    part = parts[index]
    if part.kind != "block":
        return None, None
    before = parts[index - 1] if index > 0 else None
    after = parts[index + 1] if index + 1 < len(parts) else None
    return (
        before.text if before is not None and before.kind == "block" else None,
        after.text if after is not None and after.kind == "block" else None,
    )


def quote_context(item: ExportItem, h: Highlight) -> QuoteContext:
    """The in-part context of ``h`` (see the module docstring): from the article's current text
    when the highlight is anchored on it, else from the context stored with the highlight, cut
    at the part boundary."""
    content = item.content
    if content is not None and h.state != "orphaned" and (h.anchored_hash in (None, content.content_hash())):
        parts = content.parts()
        for i, part in enumerate(parts):
            if part.id != h.part:
                continue
            start, end = h.position.start - part.start, h.position.end - part.start
            if 0 <= start <= end <= len(part.text) and part.text[start:end] == h.quote.exact:
                previous_block, next_block = _neighbours(parts, i)
                return QuoteContext(
                    part.kind, part.text[:start], part.text[end:], True, True, previous_block, next_block
                )
            break
    prefix, suffix = h.quote.prefix, h.quote.suffix
    before = prefix.rpartition(PART_SEPARATOR)[2]
    after = suffix.partition(PART_SEPARATOR)[0]
    # The stored context is CONTEXT_CHARS long unless it reached the text's start or end.
    whole_before = PART_SEPARATOR in prefix or len(prefix) < CONTEXT_CHARS
    whole_after = PART_SEPARATOR in suffix or len(suffix) < CONTEXT_CHARS
    return QuoteContext(_kind(h.part), before, after, whole_before, whole_after)
