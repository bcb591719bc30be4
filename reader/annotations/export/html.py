"""HTML export: one standalone, printable page (CSS embedded, no scripts, no remote resources)
with each highlight shown in its colour. Every piece of text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ...media import describe_media
from ...types import DATE_SOURCE_WORDS, Highlight, utcnow
from ..palette import DEFAULT_PALETTE, Palette
from .context import quote_context
from .fragment import highlight_url
from .item import ExportItem, gloss_link, is_web_url, sort_key

_CSS = """
:root { color-scheme: light dark; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; background: #fff; }
header.page { border-bottom: 1px solid #ccc; margin-bottom: 2rem; }
article { margin-bottom: 2.5rem; break-inside: avoid-page; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; margin-bottom: .2rem; }
h2 a { color: inherit; }
.meta, .hmeta { font: 13px/1.4 system-ui, sans-serif; color: #555; }
blockquote { margin: 1rem 0 .3rem; padding: .4rem .8rem; border-left: 5px solid var(--c-edge);
             background: var(--c); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
blockquote mark { background: none; color: inherit; }
.note { white-space: pre-wrap; margin: .3rem 0 .3rem .8rem; }
.caption { font-style: italic; }
.orphan { color: #8a3b00; }
.tag { display: inline-block; border: 1px solid #999; border-radius: .6rem; padding: 0 .4rem; margin-right: .2rem; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #1b1b1d; } .meta, .hmeta { color: #aaa; }
  blockquote { background: var(--c-dark); }
}
@media print { body { max-width: none; margin: 0; } a { color: inherit; text-decoration: none; }
  .noprint { display: none; } }
"""


# Direction controls in a title or quote must not reorder the page around them ("\u202egnp.exe"
# shown as "exe.png"): user text goes in <bdi>, and the <title> (no markup there) loses them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _text(value: str) -> str:
    """Escaped and bidi-isolated: for text from a feed, a page or the user."""
    return f"<bdi>{escape(value)}</bdi>"


def _color_css(palette: Palette) -> str:
    rules = [f".hl-{c.name} {{ --c: {c.light}; --c-dark: {c.dark}; --c-edge: {c.dark}; }}" for c in palette.colors]
    return "\n".join(rules)


def _highlight(item: ExportItem, h: Highlight, palette: Palette, canonical: str | None) -> str:
    color = palette.resolve(h.color)
    out = [
        f'<section class="highlight hl-{escape(color.name)}" id="h-{escape(h.id)}">',
        f"<blockquote><mark>{_text(h.quote.exact)}</mark></blockquote>",
    ]
    if h.note.strip():
        out.append(f'<div class="note">{_text(h.note.strip())}</div>')
    meta = [escape(h.color + (f" — {color.meaning}" if color.meaning and palette.get(h.color) else ""))]
    figure = item.figure_of(h)
    if figure is not None:
        credit = f" (Photo: {escape(figure.credit)})" if figure.credit else ""
        meta.insert(0, f'<span class="caption">From a photo caption{credit}</span>')
    if h.state == "orphaned":
        meta.append(f'<span class="orphan">no longer in the article (version {h.made_on_version})</span>')
    meta.append(escape(h.created.strftime("%Y-%m-%d %H:%M UTC")))
    meta.extend(f'<span class="tag">{_text(t)}</span>' for t in h.tags)
    if is_web_url(item.url) and h.state != "orphaned":
        assert item.url is not None
        href = highlight_url(item.url, h.quote.exact, quote_context(item, h), canonical)
        meta.append(f'<a class="noprint" href="{escape(href)}">open the passage</a>')
    meta.append(f'<a class="noprint" href="{escape(gloss_link(item.article.id, h.id))}">open in Gloss</a>')
    out.append(f'<p class="hmeta">{" · ".join(meta)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _article(item: ExportItem, palette: Palette) -> str:
    title = _text(item.title)
    heading = f'<a href="{escape(item.url)}">{title}</a>' if is_web_url(item.url) and item.url else title
    meta: list[str] = []
    if item.authors:
        meta.append("By " + _text(", ".join(item.authors)))
    a = item.article
    words = DATE_SOURCE_WORDS[a.date_source]
    meta.append(
        f'<time datetime="{escape(a.date.isoformat())}" title="{escape(words)}">{a.date.date().isoformat()}</time>'
    )
    if item.feed is not None:
        meta.append(_text(item.feed.display_title))
    canonical = item.content.canonical_text() if item.content else None
    highlights = [_highlight(item, h, palette, canonical) for h in sorted(item.highlights, key=sort_key)]
    return "\n".join(
        [
            f'<article id="a-{escape(item.article.id)}">',
            f"<h2>{heading}</h2>",
            f'<p class="meta">{" · ".join(meta)}</p>',
            *(
                f'<p class="meta"><a href="{escape(m.url)}">{_text(m.title or describe_media(m))}</a>'
                f" ({escape(describe_media(m))})</p>"
                for m in item.files
            ),
            *highlights,
            "</article>",
        ]
    )


def export_html(
    items: Sequence[ExportItem], *, palette: Palette = DEFAULT_PALETTE, title: str = "Gloss highlights"
) -> str:
    """A complete HTML document for ``items``."""
    count = sum(len(item.highlights) for item in items)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # No scripts, no remote loads: a page that is only read and printed needs neither.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            f"<title>{escape(title.translate(_BIDI_CONTROLS))}</title>",
            f"<style>{_CSS}\n{_color_css(palette)}\n</style>",
            "</head>",
            "<body>",
            '<header class="page">',
            f"<h1>{_text(title)}</h1>",
            f'<p class="meta">{count} highlight{"s" if count != 1 else ""} from {len(items)} '
            f"article{'s' if len(items) != 1 else ''} · exported {utcnow().strftime('%Y-%m-%d')}</p>",
            "</header>",
            *(_article(item, palette) for item in items),
            "</body>",
            "</html>",
            "",
        ]
    )
