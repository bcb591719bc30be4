"""ArticleContent -> the HTML the reader view shows (never the page's own HTML).

Every string from a feed or a page is escaped here: titles may contain markup, and a
caption may contain ``<img src=http://...>`` as text. Each highlightable part (title,
byline, captions, body blocks; see :meth:`reader.types.ArticleContent.parts`) is written
contiguously, starts with an empty named anchor ``part-<id>`` (Qt gives that name to
the part's first character, which is how :mod:`ui.articleview.partmap` finds it), and sits
in an element with ``white-space: pre-wrap`` so the document holds exactly its text.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files

from reader import ArticleContent, Block, Enclosure, Figure, Span, describe_media

from .capping import cap_text, capped_content

SAFE_LINK_SCHEMES = ("http://", "https://")
IMAGE_SCHEME = "gloss-img"
THUMBNAIL_INDEX = 10_000  # gloss-img:<n> of a feed thumbnail (figures count from 0)
THUMBNAIL_WIDTH = 240
ANCHOR_PREFIX = "part-"

SERIF = "'Noto Serif', 'DejaVu Serif', 'Liberation Serif', Georgia, serif"
SANS = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', sans-serif"
MONO = "'DejaVu Sans Mono', 'Liberation Mono', monospace"


@dataclass(frozen=True, slots=True)
class Colors:
    fg: str
    bg: str
    muted: str
    accent: str
    rule: str


LIGHT = Colors(fg="#1d1d1f", bg="#fbfaf7", muted="#6b6b70", accent="#1f5fa8", rule="#b9b6ae")
DARK = Colors(fg="#e6e3dc", bg="#1e1f22", muted="#9d9aa2", accent="#8ab4f8", rule="#5a5a60")


def _template() -> str:
    return (files("resources") / "styles" / "article.css").read_text(encoding="utf-8")


_TEMPLATE: str | None = None


def stylesheet(colors: Colors, size: int, family: str = "") -> str:
    """The article CSS with colours and font sizes filled in."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = _template()
    serif = f"'{family}', {SERIF}" if family else SERIF
    values = {
        "serif": serif,
        "sans": SANS,
        "mono": MONO,
        "size": str(size),
        "small": str(max(size - 3, 9)),
        "tiny": str(max(size - 5, 8)),
        "title": str(round(size * 1.75)),
        "heading": str(round(size * 1.15)),
        "fg": colors.fg,
        "bg": colors.bg,
        "muted": colors.muted,
        "accent": colors.accent,
        "rule": colors.rule,
    }
    css = _TEMPLATE
    for key, value in values.items():
        css = css.replace(f"@{key}@", value)
    return css


def anchor_name(part_id: str) -> str:
    return ANCHOR_PREFIX + part_id


def _anchor(part_id: str) -> str:
    return f'<a name="{html.escape(anchor_name(part_id))}"></a>'


def format_date(value: str | datetime | None) -> str:
    """'12 March 2024' from an ISO date (or the string as given when it is not one)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value.strip()
    else:
        when = value
    return f"{when.day} {when:%B %Y}"


def is_safe_link(href: str | None) -> bool:
    return bool(href) and href.strip().lower().startswith(SAFE_LINK_SCHEMES)  # type: ignore[union-attr]


def inline_html(text: str, spans: tuple[Span, ...]) -> str:
    """Escape ``text`` and apply spans (em/strong/code/safe links), overlapping or not."""
    if not spans:
        return html.escape(text, quote=False)
    cuts = {0, len(text)}
    for s in spans:
        cuts.add(min(max(s.start, 0), len(text)))
        cuts.add(min(max(s.end, 0), len(text)))
    edges = sorted(cuts)
    out: list[str] = []
    for a, b in itertools.pairwise(edges):
        if a == b:
            continue
        piece = html.escape(text[a:b], quote=False)
        active = [s for s in spans if s.start <= a and s.end >= b]
        kinds = {s.kind for s in active}
        if "code" in kinds:
            piece = f"<code>{piece}</code>"
        if "em" in kinds:
            piece = f"<i>{piece}</i>"
        if "strong" in kinds:
            piece = f"<b>{piece}</b>"
        link = next((s.href for s in active if s.kind == "link" and is_safe_link(s.href)), None)
        if link:
            piece = f'<a href="{html.escape(link.strip(), quote=True)}">{piece}</a>'
        out.append(piece)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    images: dict[str, int]  # gloss-img key -> figure index


CAPTION_ALONE_ROOM = 18  # px above a caption shown without its image


def _figure_html(
    content: ArticleContent, index: int, fig: Figure, images: dict[int, tuple[int, int]], column: int
) -> str:
    parts: list[str] = []
    if index in images:
        width, _height = images[index]
        shown = min(width, column)
        alt = html.escape(fig.alt or fig.caption or "", quote=True)
        parts.append(
            f'<p class="figure" align="center"><img src="{IMAGE_SCHEME}:{index}" width="{shown}" alt="{alt}"></p>'
        )
    if fig.caption:
        # Without its image the caption keeps the photo's room above it, so it is not read as
        # the end of the paragraph before.
        room = "" if parts else f"margin-top: {CAPTION_ALONE_ROOM}px;"
        if not fig.credit:  # no credit line closes it off: the caption keeps the figure's room below
            room += f" margin-bottom: {CAPTION_ALONE_ROOM}px;"
        room = f' style="{room.strip()}"' if room else ""
        caption = html.escape(fig.caption, quote=False)
        parts.append(f'<p class="caption"{room}>{_anchor(f"caption:{index}")}{caption}</p>')
    if fig.credit:
        parts.append(f'<p class="credit">{html.escape(fig.credit, quote=False)}</p>')
    elif parts:
        parts.append('<p class="credit"></p>')
    return "".join(parts)


def _block_html(n: int, block: Block) -> str:
    inner = _anchor(f"block:{n}") + inline_html(block.text, block.spans)
    if block.type == "heading":
        return f'<h2 class="body">{inner}</h2>'
    if block.type == "quote":
        return f'<blockquote><p class="body">{inner}</p></blockquote>'
    if block.type == "preformatted":
        return f"<pre>{inner}</pre>"
    if block.type == "list_item":
        return f"<li>{inner}</li>"
    return f'<p class="body">{inner}</p>'


def _meta(content: ArticleContent, article_date: datetime | None, date_words: str) -> list[str]:
    """The line under the headline: byline, date (saying where it comes from), dateline."""
    meta: list[str] = []
    if content.bylines:
        byline = html.escape(", ".join(content.bylines), quote=False)
        meta.append(f'<span class="byline">{_anchor("byline")}{byline}</span>')
    # The article's one date (reader.types.Article.date), as the list and the exports give it;
    # the page's own when Gloss has no article for it (a preview).
    date = format_date(article_date) or format_date(content.published)
    if date:
        words = html.escape(date_words or "date from the article's page")
        meta.append(f'<span class="date" title="{words}">{html.escape(date, quote=False)}</span>')
    if content.dateline:
        meta.append(html.escape(content.dateline, quote=False))
    return meta


def render_article(
    content: ArticleContent,
    *,
    images: dict[int, tuple[int, int]],
    column: int,
    article_date: datetime | None = None,
    date_words: str = "",
    site_name: str = "",
    media: str = "",
    notice: str = "",
) -> str:
    """HTML for ``content``. ``images`` maps a figure index to the pixel size of its stored
    image (figures without one show their caption only); ``column`` caps image widths;
    ``notice`` is said under the headline (where the text comes from, when not the page)."""
    content = capped_content(content)  # no word or block that would freeze Qt's layout
    out: list[str] = []
    kicker = content.site_name or site_name
    if kicker:
        out.append(f'<p class="kicker">{html.escape(kicker.upper(), quote=False)}</p>')
    if content.title:
        out.append(f'<h1 class="title">{_anchor("title")}{html.escape(content.title, quote=False)}</h1>')
    meta = _meta(content, article_date, date_words)
    if meta:
        out.append('<p class="meta">' + ' <span class="sep">·</span> '.join(meta) + "</p>")
    if notice:
        out.append(f'<p class="notice">{html.escape(notice, quote=False)}</p>')
    out.append(media)
    for i, fig in enumerate(content.figures):
        if fig.position < 0:
            out.append(_figure_html(content, i, fig, images, column))
    in_list = False
    for n, block in enumerate(content.body):
        if block.type == "list_item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.type != "list_item" and in_list:
            out.append("</ul>")
            in_list = False
        out.append(_block_html(n, block))
        after = [i for i, fig in enumerate(content.figures) if fig.position == n]
        if after:
            if in_list:
                out.append("</ul>")
                in_list = False
            for i in after:
                out.append(_figure_html(content, i, content.figures[i], images, column))
    if in_list:
        out.append("</ul>")
    # Figures placed past the last block (parts() appends their captions at the end).
    for i, fig in enumerate(content.figures):
        if fig.position >= len(content.body):
            out.append(_figure_html(content, i, fig, images, column))
    return "<html><body>" + "".join(out) + "</body></html>"


def media_html(media: tuple[Enclosure, ...], thumbnail: tuple[int, int] | None = None) -> str:
    """The entry's files (each with what it is and a link the system's player or browser opens) and
    its thumbnail when one is stored (``thumbnail`` is its pixel size; it is never fetched here)."""
    out: list[str] = []
    if thumbnail is not None:
        width = min(thumbnail[0], THUMBNAIL_WIDTH)
        out.append(f'<p class="figure"><img src="{IMAGE_SCHEME}:{THUMBNAIL_INDEX}" width="{width}" alt=""></p>')
    for item in media:
        if item.kind == "thumbnail" or not is_safe_link(item.url):
            continue
        verb = "Play or save" if item.type.startswith(("audio/", "video/")) else "Open or save"
        title = f"{html.escape(item.title, quote=False)} — " if item.title else ""
        href = html.escape(item.url, quote=True)
        out.append(
            f'<p class="media">{title}{html.escape(describe_media(item), quote=False)}'
            f' <span class="sep">·</span> <a href="{href}">{verb}</a></p>'
        )
    return "".join(out)


def render_message(title: str, text: str, *, notice: str = "", media: str = "") -> str:
    """A quiet page for "no article selected", "not fetched yet" and errors (with the entry's
    files, ``media``, when it has some)."""
    title, text = cap_text(title), cap_text(text)
    body = f'<h1 class="title">{html.escape(title, quote=False)}</h1>'
    if notice:
        body += f'<p class="notice">{html.escape(notice, quote=False)}</p>'
    body += media
    for para in text.split("\n\n"):
        if para.strip():
            body += f'<p class="body">{html.escape(para.strip(), quote=False)}</p>'
    return "<html><body>" + body + "</body></html>"
