"""A run of inline text (a paragraph being assembled), and what a finished one is: text,
or a line that never is (page furniture, a date stamp, a list of links, a caption or the
title printed again, a photo's caption set in bold)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.extract.figures import split_credit
from reader.extract.text import same_text_key
from reader.types import BlockType, Span

FURNITURE_TEXT = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicidad|pubblicità|publicité|reklame|annonse|share|share this|"
    r"share this article|print|email|e-mail|comments?|read more|read also|see also|more stories|"
    r"related|related stories|related articles|recommended|xs sm md lg|xs|sm|md|lg|\d+x\d+ image|"
    r"breaking news|accessibility links|skip to main content|follow us|subscribe|sign up|"
    r"click here|loading|loading\W*|no media source currently available|embed|back to top|"
    r"listen to this article|audio|video|image|photo|close|next|previous|menu|search|"
    r"(?:click|tap) to (?:expand|enlarge|collapse)|show (?:more|less|all)|see more|view more|read less|expand|collapse|"
    r"continue reading|(?:\d+\s*(?:of|/|von|de|sur|di)\s*\d+))\W*$"
    # An advertiser's teaser set in the text: "[PR] ...", "Anzeige: ...", "Sponsored | ...".
    r"|^\[(?:pr|ad|ads|anzeige|werbung|sponsored|promoted|publicidad)\]|^(?:sponsored|promoted|anzeige|werbung)\s*[:|–-]",
    re.I,
)


# A line that is only a date stamp: "Stand: 28.04.2023 17:23 Uhr", "23. 12. 2024 13:31",
# "Updated May 1, 2024, 5:00 PM", "1月13日". Page furniture, never a paragraph.
_DATE_LINE = re.compile(
    r"^(?:(?:stand|updated|published|posted|aktualisiert|veröffentlicht|publié|mis à jour|actualizado|"
    r"last updated|zuletzt aktualisiert)\s*:?\s*)?(?:am\s+|on\s+)?"
    r"\d{1,4}(?:\s*[./\-年月]\s*\d{1,4}){1,2}[日.]?"
    r"(?:[\s,]+\d{1,2}[:.時]\d\d(?:[:.]\d\d)?分?\s*(?:uhr|h|am|pm)?)?\s*\.?$",
    re.I,
)


_SPACES = re.compile(r"\s+")  # (compiled once: Run.add is called for every text node of the body)


@dataclass
class Run:
    """A paragraph being assembled: whitespace collapsed as it grows, spans tracked."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the last char written was a space (or nothing written yet)
    spans: list[Span] = field(default_factory=list)
    link_chars: int = 0
    pending_br: bool = False

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        text = _SPACES.sub(" ", raw)
        if self.space:
            text = text.lstrip(" ")
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        self.space = text.endswith(" ")
        self.pending_br = False

    def finish(self) -> tuple[str, tuple[Span, ...], int]:
        # Whitespace is collapsed as the run grows, and control characters were removed
        # from the whole page before parsing, so span offsets hold on the stripped text.
        text = "".join(self.parts).rstrip(" ")
        spans = []
        for s in self.spans:
            start, end = s.start, min(s.end, len(text))
            while start < end and text[start] == " ":
                start += 1
            while end > start and text[end - 1] == " ":
                end -= 1
            if end > start:
                spans.append(Span(start, end, s.kind, s.href))
        return text, tuple(spans), self.link_chars


def is_not_text(kind: BlockType, text: str, link_chars: int) -> bool:
    """A finished run that is never text: empty, a furniture label ("Share", "Advertisement",
    "2 of 12"), a date stamp, punctuation only, or (a paragraph or list item) mostly links."""
    if not text or (len(text) < 120 and FURNITURE_TEXT.match(text)) or (len(text) < 70 and _DATE_LINE.match(text)):
        return True
    if not any(ch.isalnum() for ch in text):
        return True
    # A link list ("Read more: ...", related links), not prose.
    return kind in ("paragraph", "list_item") and link_chars > 0.6 * len(text) and len(text) < 300


def repeats_caption(text: str, key: str, caption_keys: set[str]) -> bool:
    """A run (``key``: its :func:`~reader.extract.text.same_text_key`) that prints a caption
    already filed (``caption_keys``), whole or with its credit after it: the page printed
    the caption a second time, as a paragraph."""
    if key in caption_keys:
        return True
    return bool(
        caption_keys
        and len(text) < 600
        and any(key.startswith(k) for k in caption_keys if k)
        and same_text_key(split_credit(text)[0]) in caption_keys
    )


def reads_as_bold_caption(text: str, spans: tuple[Span, ...]) -> bool:
    """A sentence set all in bold or italics (what follows a photo without caption markup).
    A bare name in bold is the writer's signature, and a question or a lead-in ("Read:")
    introduces the text: neither is a caption."""
    emphasis = sum(sp.end - sp.start for sp in spans if sp.kind in ("strong", "em"))
    sentence = len(text.split()) > 4 or text.endswith(".")
    return emphasis >= len(text) - 1 and sentence and not text.endswith(("?", ":"))
