"""``gloss://`` links (written into Markdown exports) turned into a ``gloss`` command line.

``gloss://open/ARTICLE_ID?highlight=ID`` becomes ``["open", ARTICLE_ID, "--highlight", ID]``.
Links come from other programs (a browser, a notes app), so they are checked strictly: ids are
letters, digits and ``-`` only. Anything else becomes ``["open", "--invalid-link=<why>"]``: the
command line refuses it and prints the reason in words (never a crash, never a guess at an id).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,127}")
MAX_LINK = 2048


class GlossLinkError(ValueError):
    """A ``gloss://`` link that is not one Gloss writes."""


def _check_id(value: str, what: str) -> str:
    if not _ID.fullmatch(value):
        raise GlossLinkError(f"the {what} in the link is not a Gloss id")
    return value


def gloss_link_target(link: str) -> tuple[str, str | None]:
    """``(article_id, highlight_id or None)`` of a ``gloss://open/...`` link, or GlossLinkError."""
    if len(link) > MAX_LINK:
        raise GlossLinkError("the link is too long")
    try:
        parts = urlsplit(link.strip())
    except ValueError as exc:
        raise GlossLinkError("the link is malformed") from exc
    if parts.scheme.lower() != "gloss":
        raise GlossLinkError("it is not a gloss:// link")
    if parts.netloc.lower() != "open":
        raise GlossLinkError("Gloss links only open articles (gloss://open/...)")
    article_id = _check_id(unquote(parts.path.strip("/")), "article")
    highlight_id: str | None = None
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key != "highlight" or highlight_id is not None:
            raise GlossLinkError(f"the link has an unexpected part {key!r}")
        highlight_id = _check_id(value, "highlight")
    return article_id, highlight_id


def parse_gloss_link(link: str) -> list[str]:
    """The ``gloss`` argv for a ``gloss://`` link. A bad link gives an argv the command line
    answers with a readable error (``gloss open`` of an id that cannot exist)."""
    try:
        article_id, highlight_id = gloss_link_target(link)
    except GlossLinkError as exc:
        return ["open", f"--invalid-link=Gloss cannot open this link: {exc}."]
    argv = ["open", article_id]
    if highlight_id is not None:
        argv += ["--highlight", highlight_id]
    return argv
