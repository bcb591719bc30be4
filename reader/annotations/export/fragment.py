"""URL text fragments (``#:~:text=``, WICG "URL Fragment Text Directives") that jump to a highlight
in the browser: ``text=[prefix-,]start[,end][,-suffix]``, each term percent-encoded with ``-``,
``&`` and ``,`` encoded too (they are the directive's syntax).

Browsers match a start term only at a word start, and the match must end at a word end, unless
context is given: a prefix lets the start term begin anywhere right after it, a suffix lets the
match end anywhere right before it. So context is added when:

- the quote occurs more than once in the article (else the first occurrence wins);
- it starts (or ends) inside a word ("ello" of "Hello"): the prefix then ends with the word's first
  letters, with no space, and the suffix begins with its last ones;
- it is in the title, a byline or a caption, which pages repeat (breadcrumbs, share bars, galleries,
  bylines at the top and bottom): context from the same part pins the right one.

Context comes from the quote's own part (:mod:`.context`). Each context term must begin (a prefix)
or end (a suffix) at a word boundary, so a word cut by the stored context's limit is dropped. A
quote at the very start (end) of a body paragraph may take its prefix (suffix) from the paragraph
before (after): the spec lets whitespace, element boundaries included, stand between a context term
and the match.
"""

from __future__ import annotations

from urllib.parse import quote

from .context import QuoteContext

_LONG = 80  # a quote longer than this is written as start,end (shorter URLs, survives small edits)
_EDGE_WORDS = 4
_CONTEXT_WORDS = 3
_REPEATED_PARTS = ("title", "byline", "caption")


def encode_term(text: str) -> str:
    """Percent-encode one fragment term (``-`` too, which ``quote`` leaves alone)."""
    return quote(" ".join(text.split()), safe="").replace("-", "%2D")


def _prefix_words(before: str, whole: bool, spare: str | None) -> list[str]:
    words = before.split()
    if not whole and len(words) <= _CONTEXT_WORDS:
        words = words[1:]  # the first may be the tail of a word the stored context cut
    if not words and spare:
        words = spare.split()
    return words[-_CONTEXT_WORDS:]


def _suffix_words(after: str, whole: bool, spare: str | None) -> list[str]:
    words = after.split()
    if not whole and len(words) <= _CONTEXT_WORDS:
        words = words[:-1]
    if not words and spare:
        words = spare.split()
    return words[:_CONTEXT_WORDS]


def _cut_mid_word(exact: str, context: QuoteContext) -> tuple[bool, bool]:
    """Whether the quote starts, and whether it ends, inside a word of the text around it."""
    stripped = exact.strip()
    mid_start = context.before[-1:].isalnum() and stripped[:1].isalnum() and exact[:1] == stripped[:1]
    mid_end = context.after[:1].isalnum() and stripped[-1:].isalnum() and exact[-1:] == stripped[-1:]
    return mid_start, mid_end


def _with_context(terms: list[str], exact: str, context: QuoteContext, ambiguous: bool) -> list[str]:
    """``terms`` with a prefix and a suffix term where the quote needs them to be found."""
    mid_start, mid_end = _cut_mid_word(exact, context)
    repeated = context.kind in _REPEATED_PARTS
    if ambiguous or mid_start or repeated:
        spare = context.previous_block if ambiguous and not context.before.strip() else None
        before = _prefix_words(context.before, context.whole_before, spare)
        if before:
            terms = [encode_term(" ".join(before)) + "-", *terms]
    if ambiguous or mid_end or repeated:
        spare = context.next_block if ambiguous and not context.after.strip() else None
        after = _suffix_words(context.after, context.whole_after, spare)
        if after:
            terms = [*terms, "-" + encode_term(" ".join(after))]
    return terms


def text_directive(exact: str, context: QuoteContext | None = None, *, ambiguous: bool = False) -> str | None:
    """The ``text=`` directive for ``exact`` (see the module docstring). None for blank text."""
    words = exact.split()
    if not words:
        return None
    if len(exact) > _LONG and len(words) > 2 * _EDGE_WORDS:
        terms = [encode_term(" ".join(words[:_EDGE_WORDS])), encode_term(" ".join(words[-_EDGE_WORDS:]))]
    else:
        terms = [encode_term(exact)]
    if context is not None:
        terms = _with_context(terms, exact, context, ambiguous)
    return "text=" + ",".join(terms)


def fragment_url(url: str, directive: str) -> str:
    """``url`` with the directive appended (after an existing fragment, as the spec allows)."""
    if ":~:" in url:
        return f"{url}&{directive}"
    return f"{url}:~:{directive}" if "#" in url else f"{url}#:~:{directive}"


def highlight_url(url: str, exact: str, context: QuoteContext, canonical_text: str | None) -> str:
    """A link to ``url`` that scrolls to ``exact`` (see the module docstring)."""
    ambiguous = canonical_text is not None and canonical_text.count(exact) > 1
    directive = text_directive(exact, context, ambiguous=ambiguous)
    return fragment_url(url, directive) if directive else url
