"""The notebook: every highlight across articles, filtered and ordered."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict

from ..errors import AnnotationError
from ..types import Article, Highlight, dt_to_str

NotebookOrder = Literal["newest", "article"]


@dataclass(frozen=True, slots=True)
class NotebookQuery:
    """Which highlights to show. Every filter given must match (``None``/empty: no filter).

    - ``colors``: the highlight has one of these colours;
    - ``tags``: the highlight has all of these tags (case-insensitive);
    - ``text``: appears in the quote or the note (case-insensitive);
    - ``since``/``until``: created in ``[since, until)``;
    - ``order``: ``"newest"`` (most recently created first) or ``"article"`` (articles newest
      first, each article's highlights in reading order).
    """

    article_id: str | None = None
    feed_id: str | None = None
    colors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    text: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    order: NotebookOrder = "newest"

    def __post_init__(self) -> None:
        if self.order not in ("newest", "article"):
            raise AnnotationError(f"Notebook order must be 'newest' or 'article', not {self.order!r}.")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _filters(articles: Mapping[str, Article], q: NotebookQuery) -> list[Callable[[Highlight], bool]]:
    """One test per criterion ``q`` sets (none for the ones it leaves open)."""
    tests: list[Callable[[Highlight], bool]] = []
    if q.article_id is not None:
        tests.append(lambda h: h.article_id == q.article_id)
    if q.feed_id is not None:
        tests.append(lambda h: (a := articles.get(h.article_id)) is not None and a.feed_id == q.feed_id)
    if q.colors:
        colors = set(q.colors)
        tests.append(lambda h: h.color in colors)
    if q.tags:
        tags = {t.casefold() for t in q.tags}
        tests.append(lambda h: tags <= {t.casefold() for t in h.tags})
    if q.text:
        text = q.text.casefold()
        tests.append(lambda h: text in h.quote.exact.casefold() or text in h.note.casefold())
    if q.since:
        since = _aware(q.since)
        tests.append(lambda h: h.created >= since)
    if q.until:
        until = _aware(q.until)
        tests.append(lambda h: h.created < until)
    return tests


def query_highlights(
    highlights: Iterable[Highlight], articles: Mapping[str, Article], q: NotebookQuery
) -> list[Highlight]:
    """The highlights matching ``q``, in its order. ``articles`` (by id) is needed for the feed
    filter and the article order; a highlight whose article is missing still shows (last), except
    when filtering by feed."""
    tests = _filters(articles, q)
    result = [h for h in highlights if all(test(h) for test in tests)]
    if q.order == "newest":
        result.sort(key=lambda h: (h.created, h.id), reverse=True)
    else:
        floor = datetime.min.replace(tzinfo=UTC)

        def article_key(h: Highlight) -> tuple[int, float, str, int, int, str]:
            article = articles.get(h.article_id)
            date = article.date if article else floor
            # Articles newest first (negated timestamp), then reading order inside each one.
            return (article is None, -date.timestamp(), h.article_id, h.position.start, h.position.end, h.id)

        result.sort(key=article_key)
    return result


NotebookCursor = tuple[str, str]  # (created as stored, id) of the last highlight of a page


@dataclass(frozen=True, slots=True)
class NotebookPage:
    """One page of the notebook, newest highlight first; ``after`` asks for the next one (None:
    this was the last)."""

    highlights: tuple[Highlight, ...]
    after: NotebookCursor | None
    total: int  # every highlight in the library, whatever the query (the store's count: cheap)


class PageArgs(TypedDict, total=False):
    """Which page :meth:`reader.library.Library.notebook_page` gives: up to ``limit`` (100)
    highlights after the page that ended at ``after`` (that page's :attr:`NotebookPage.after`)."""

    after: NotebookCursor | None
    limit: int


def record_filters(q: NotebookQuery) -> list[Callable[[Mapping[str, Any]], bool]]:
    """:func:`_filters` on stored highlight records (before any is made a Highlight). The feed
    test is the id's prefix (an article's id starts with its feed's); the page confirms it
    against the article."""
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    if q.article_id is not None:
        tests.append(lambda d: d["article_id"] == q.article_id)
    if q.feed_id is not None:
        prefix = q.feed_id + "-"
        tests.append(lambda d: str(d["article_id"]).startswith(prefix))
    if q.colors:
        colors = set(q.colors)
        tests.append(lambda d: d.get("color", "yellow") in colors)
    if q.tags:
        tags = {t.casefold() for t in q.tags}
        tests.append(lambda d: tags <= {str(t).casefold() for t in d.get("tags") or ()})
    if q.text:
        text = q.text.casefold()
        tests.append(lambda d: text in d["quote"]["exact"].casefold() or text in d.get("note", "").casefold())
    if q.until:
        until = dt_to_str(_aware(q.until)) or ""
        tests.append(lambda d: str(d.get("created") or "") < until)
    return tests


def since_bound(q: NotebookQuery) -> str | None:
    """The stored ``created`` below which a newest-first walk can stop (``q.since``)."""
    return dt_to_str(_aware(q.since)) if q.since else None


def group_by_article(highlights: Iterable[Highlight]) -> list[tuple[str, list[Highlight]]]:
    """``(article id, its highlights)`` pairs, articles in order of first appearance."""
    groups: dict[str, list[Highlight]] = {}
    for h in highlights:
        groups.setdefault(h.article_id, []).append(h)
    return list(groups.items())
