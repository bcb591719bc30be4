"""Text capped before it reaches the reader's QTextDocument, so no article can freeze the window.

Qt lays out a word it cannot break in time that grows faster than its length squared: one
paragraph of 1,048,576 × "T" (a hostile page's ``<h1>``) took 343 s; 25,000 characters 0.08 s,
100,000 1.1 s. A paragraph of ordinary words is linear (100,000 characters: 0.02 s). So:

- a run of more than :data:`MAX_RUN` characters with no place to break a line gets an invisible
  break opportunity (U+200B ZERO WIDTH SPACE) every :data:`MAX_RUN` characters. Scripts written
  without spaces (Chinese, Japanese) break between their characters and are not runs;
- a block (a paragraph, a caption, the title) longer than :data:`MAX_BLOCK_CHARS` is cut there,
  with a note saying how much is not shown.

Real text never meets either bound, so real articles reach the view exactly as stored. A part
that was changed is not highlightable in the view (its text differs from the stored one), and
is still exported and searched whole.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reader import ArticleContent, Block, Figure

MAX_RUN = 1_000
MAX_BLOCK_CHARS = 100_000
BREAK = "\u200b"
# Where a line may break (Unicode line breaking, UAX 14), conservatively: breaking spaces and
# line breaks (not the no-break ones: U+00A0, U+2007, U+202F), the zero-width space, and the
# characters of scripts written without spaces that break on both sides: CJK ideographs and
# the kana that are not small. Everything else counts as part of a run, CJK punctuation and
# small kana too (no break before them: a run of 100,000 "ー" would freeze Qt like "T" does),
# and Hangul and emoji, which are written with spaces (Qt lays out 100,000 Hangul syllables in
# a row in 0.27 s).
_BREAKABLE = (
    " \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000"
    "\u3042\u3044\u3046\u3048\u304a-\u3062\u3064-\u3082\u3084\u3086\u3088-\u308d\u308f-\u3094"
    "\u30a2\u30a4\u30a6\u30a8\u30aa-\u30c2\u30c4-\u30e2\u30e4\u30e6\u30e8-\u30ed\u30ef-\u30f4\u30f7-\u30fa"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
# A run is matched from its first character only (the lookbehind), so a text of runs just
# under the bound is scanned once, not once per character.
_LONG_RUN = re.compile(f"(?<![^{_BREAKABLE}])[^{_BREAKABLE}]{{{MAX_RUN + 1},}}")


def has_long_run(text: str) -> bool:
    """Whether ``text`` holds a run of more than :data:`MAX_RUN` characters without a break."""
    return len(text) > MAX_RUN and _LONG_RUN.search(text) is not None


def needs_cap(text: str) -> bool:
    """Whether :func:`cap_text` would change ``text`` (cheap for ordinary text)."""
    return len(text) > MAX_BLOCK_CHARS or has_long_run(text)


def cap_text(text: str) -> str:
    """``text`` as the view may show it (see the module docstring); unchanged when it is ordinary."""
    if len(text) <= MAX_RUN:
        return text
    note = ""
    if len(text) > MAX_BLOCK_CHARS:
        note = f" … [{len(text) - MAX_BLOCK_CHARS:,} more characters not shown]"
        text = text[:MAX_BLOCK_CHARS]
    text = _LONG_RUN.sub(lambda m: BREAK.join(_pieces(m.group())), text)
    return text + note


def _pieces(run: str) -> list[str]:
    return [run[i : i + MAX_RUN] for i in range(0, len(run), MAX_RUN)]


def capped_content(content: ArticleContent) -> ArticleContent:
    """``content`` with every string the view shows passed through :func:`cap_text`; the same
    object when nothing needed it (every real article). A capped block loses its inline
    markup (its offsets no longer fit the text)."""
    texts = [content.title, content.dateline or "", content.site_name or "", *content.bylines]
    texts += [b.text for b in content.body]
    texts += [t for f in content.figures for t in (f.caption, f.credit, f.alt)]
    if not any(needs_cap(t) for t in texts):
        return content
    return replace(
        content,
        title=cap_text(content.title),
        bylines=tuple(cap_text(b) for b in content.bylines),
        dateline=cap_text(content.dateline) if content.dateline else content.dateline,
        site_name=cap_text(content.site_name) if content.site_name else content.site_name,
        body=tuple(_capped_block(b) for b in content.body),
        figures=tuple(_capped_figure(f) for f in content.figures),
    )


def _capped_block(block: Block) -> Block:
    return replace(block, text=cap_text(block.text), spans=()) if needs_cap(block.text) else block


def _capped_figure(figure: Figure) -> Figure:
    return replace(figure, caption=cap_text(figure.caption), credit=cap_text(figure.credit), alt=cap_text(figure.alt))
