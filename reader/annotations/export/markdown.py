"""Markdown export: YAML front matter and one blockquote per highlight, readable in Obsidian as is.

Each highlight is written as::

    > the quoted passage

    The note, as the user wrote it (Markdown).

    *From a photo caption (Photo: AP)* · yellow · 2024-05-01 · [Open the passage](url#:~:text=...)
    · [Open in Gloss](gloss://open/ARTICLE?highlight=ID)

Quoted article text is escaped (it is text, not Markdown); the note is the user's Markdown and is
kept as written, except lines that would become headings of the export (see :mod:`.obsidian`),
raw HTML and links that are not web, mail, Gloss or Obsidian links (``javascript:``), which are
made literal like quoted text (see :mod:`.mdsafe`).
Front matter tags are Obsidian tags, and file names are safe in wikilinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from ...media import describe_media
from ...types import DATE_SOURCE_WORDS, Highlight, utcnow
from ..palette import DEFAULT_PALETTE, Palette
from .context import quote_context
from .filenames import safe_filename, unique_filenames
from .fragment import highlight_url
from .item import ExportItem, gloss_link, is_web_url, sort_key
from .obsidian import note_markdown, obsidian_tag

# --- YAML ---------------------------------------------------------------------------------------

_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Everything YAML would not read back as itself: controls, NEL/LS/PS (line breaks in YAML 1.1),
# the BOM, lone surrogates.
_YAML_UNSAFE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]')


def yaml_str(value: str) -> str:
    """``value`` as a double-quoted YAML scalar (also valid JSON), whatever it contains."""

    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        return _YAML_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"

    return '"' + _YAML_UNSAFE.sub(escape, value) + '"'


def front_matter(fields: dict[str, str | Sequence[str] | None]) -> str:
    """A YAML front matter block; None values are left out, sequences become block lists."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, str):
            lines.append(f"{key}: {yaml_str(value)}")
        elif value:
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_str(v)}" for v in value)
        else:
            lines.append(f"{key}: []")
    lines.append("---")
    return "\n".join(lines) + "\n"


# --- Markdown text --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])|(==|%%)|(&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+])(?=\s)|(\d+)([.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """Article text made literal in Markdown (and in Obsidian: no #tags, ==marks==, %%comments%%)."""

    def escape(m: re.Match[str]) -> str:
        return "".join("\\" + ch for ch in m.group())

    def escape_line_start(m: re.Match[str]) -> str:
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _MD_LINE_START.sub(escape_line_start, _MD_SPECIAL.sub(escape, text))


def _blockquote(text: str) -> str:
    return "\n".join(("> " + line).rstrip() for line in md_escape(text.strip()).splitlines())


def _link(label: str, url: str) -> str:
    # Angle brackets let a URL hold spaces or parentheses; < > in it are percent-encoded.
    return f"[{label}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"


def _tags(tags: Iterable[str]) -> list[str]:
    """Front matter tags as Obsidian reads them (see :mod:`.obsidian`)."""
    return list(dict.fromkeys(obsidian_tag(t) for t in tags))


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _highlight_block(item: ExportItem, h: Highlight, palette: Palette, canonical: str | None) -> str:
    out = [_blockquote(h.quote.exact)]
    if h.note.strip():
        out.append(note_markdown(h.note.strip()))
    meta: list[str] = []
    figure = item.figure_of(h)
    if figure is not None:
        meta.append(f"*From a photo caption{f' (Photo: {md_escape(figure.credit)})' if figure.credit else ''}*")
    if h.state == "orphaned":
        meta.append(f"*No longer in the current article (highlighted on version {h.made_on_version})*")
    color = palette.get(h.color)
    meta.append(md_escape(f"{h.color} ({color.meaning})" if color and color.meaning else h.color))
    meta.append(h.created.date().isoformat())
    if h.tags:
        meta.append("tags: " + ", ".join(md_escape(t) for t in h.tags))
    url = item.url
    if is_web_url(url) and h.state != "orphaned":
        assert url is not None
        target = highlight_url(url, h.quote.exact, quote_context(item, h), canonical)
        meta.append(_link("Open the passage", target))
    meta.append(_link("Open in Gloss", gloss_link(item.article.id, h.id)))
    out.append(" · ".join(meta))
    return "\n\n".join(out)


def _article_body(item: ExportItem, palette: Palette, level: int) -> str:
    lines = [f"{'#' * level} {md_escape(' '.join(item.title.split()))}"]
    source: list[str] = []
    if item.authors:
        source.append("By " + md_escape(", ".join(item.authors)))
    source.append(f"{item.article.date.date().isoformat()} ({DATE_SOURCE_WORDS[item.article.date_source]})")
    if item.feed is not None:
        source.append(md_escape(item.feed.display_title))
    if is_web_url(item.url):
        assert item.url is not None
        source.append(_link("Original article", item.url))
    source.append(_link("Open in Gloss", gloss_link(item.article.id)))
    lines.append(" · ".join(source))
    lines.extend(_link(md_escape(m.title or describe_media(m)), m.url) + f" ({describe_media(m)})" for m in item.files)
    canonical = item.content.canonical_text() if item.content else None
    blocks = [_highlight_block(item, h, palette, canonical) for h in sorted(item.highlights, key=sort_key)]
    return "\n\n".join(lines + blocks) + "\n"


def article_markdown(item: ExportItem, *, palette: Palette = DEFAULT_PALETTE) -> str:
    """One article's highlights as a Markdown document with its own front matter."""
    fm = front_matter(
        {
            "title": item.title,
            "url": item.url if is_web_url(item.url) else None,
            "bylines": list(item.authors),
            "published": _date(item.article.date),
            "date_source": item.article.date_source,
            "feed": item.feed.display_title if item.feed else None,
            "tags": _tags(item.tags),
            "categories": list(item.article.categories) or None,
            "media": [m.url for m in item.files] or None,
            "gloss_article": item.article.id,
        }
    )
    return fm + "\n" + _article_body(item, palette, 1)


def export_markdown(
    items: Sequence[ExportItem], *, palette: Palette = DEFAULT_PALETTE, title: str = "Gloss highlights"
) -> str:
    """Everything in one Markdown file (a single article gets that article's front matter)."""
    if len(items) == 1:
        return article_markdown(items[0], palette=palette)
    tags = _tags(t for item in items for t in item.tags)
    fm = front_matter({"title": title, "exported": utcnow().isoformat(), "tags": tags})
    sections = [_article_body(item, palette, 2) for item in items]
    return fm + "\n# " + md_escape(title) + "\n\n" + "\n".join(sections)


def export_markdown_files(items: Sequence[ExportItem], *, palette: Palette = DEFAULT_PALETTE) -> list[tuple[str, str]]:
    """One ``(file name, Markdown text)`` per article; names are safe on every OS and distinct."""
    names = unique_filenames([safe_filename(item.title, fallback=f"article {item.article.id}") for item in items])
    return [(name, article_markdown(item, palette=palette)) for name, item in zip(names, items, strict=True)]
