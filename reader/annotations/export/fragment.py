"""URL text fragments (``#:~:text=``, WICG "Text Fragments") that jump to a highlight in the
browser: ``text=[prefix-,]start[,end][,-suffix]``, each term percent-encoded with ``-``, ``&`` and
``,`` encoded too (they are the directive's syntax)."""

from __future__ import annotations

from urllib.parse import quote

_LONG = 80  # a quote longer than this is written as start,end (shorter URLs, survives small edits)
_EDGE_WORDS = 4
_CONTEXT_WORDS = 3


def encode_term(text: str) -> str:
    """Percent-encode one fragment term (``-`` too, which ``quote`` leaves alone)."""
    return quote(" ".join(text.split()), safe="").replace("-", "%2D")


def text_directive(exact: str, *, prefix: str = "", suffix: str = "", ambiguous: bool = False) -> str | None:
    """The ``text=`` directive for ``exact``; ``prefix``/``suffix`` (text of the same paragraph)
    are added when ``ambiguous`` (the quote occurs more than once). None for blank text."""
    words = exact.split()
    if not words:
        return None
    if len(exact) > _LONG and len(words) > 2 * _EDGE_WORDS:
        terms = [encode_term(" ".join(words[:_EDGE_WORDS])), encode_term(" ".join(words[-_EDGE_WORDS:]))]
    else:
        terms = [encode_term(exact)]
    if ambiguous:
        before = prefix.split()[-_CONTEXT_WORDS:]
        after = suffix.split()[:_CONTEXT_WORDS]
        if before:
            terms.insert(0, encode_term(" ".join(before)) + "-")
        if after:
            terms.append("-" + encode_term(" ".join(after)))
    return "text=" + ",".join(terms)


def fragment_url(url: str, directive: str) -> str:
    """``url`` with the directive appended (after an existing fragment, as the spec allows)."""
    if ":~:" in url:
        return f"{url}&{directive}"
    return f"{url}:~:{directive}" if "#" in url else f"{url}#:~:{directive}"


def highlight_url(url: str, exact: str, prefix: str, suffix: str, canonical_text: str | None) -> str:
    """A link to ``url`` that scrolls to ``exact``. Context is only added when the quote occurs
    more than once in the article, and only from the quote's own paragraph (a text fragment's
    context cannot cross block boundaries)."""
    ambiguous = canonical_text is not None and canonical_text.count(exact) > 1
    directive = text_directive(
        exact,
        prefix=prefix.rpartition("\n\n")[2],
        suffix=suffix.partition("\n\n")[0],
        ambiguous=ambiguous,
    )
    return fragment_url(url, directive) if directive else url
