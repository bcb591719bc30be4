"""Frozen dataclasses at every boundary of the core library.

Nothing here knows about TinyDB, feedparser, lxml or Qt. Storage maps these to and from
its records itself (:mod:`reader.storage.records`), the command line to its JSON
(:mod:`reader.cli.jsonout`); the UI and the command line only ever see these types.

Article *content* (``ArticleContent``, immutable and re-fetchable) and user *state*
(read, starred, ``Highlight``) are kept apart, as NetNewsWire does, so that a
re-fetch never touches what the user made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

BlockType = Literal["paragraph", "heading", "quote", "list_item", "preformatted"]
BLOCK_TYPES: tuple[str, ...] = ("paragraph", "heading", "quote", "list_item", "preformatted")

AnchorState = Literal["anchored", "moved", "orphaned"]


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (the only kind of datetime we store)."""
    return datetime.now(UTC)


MAX_TITLE_CHARS = 1000  # a hostile page or feed can send a 1 MB title; no real one is this long


def clip(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def dt_to_str(value: datetime | None) -> str | None:
    """ISO 8601 in UTC: stored dates then sort correctly as strings."""
    if value is None:
        return None
    return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def dt_from_str(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- feeds ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedProblem:
    """The last error a feed had, for the UI's badge: what, when, and the HTTP status."""

    kind: str
    message: str
    at: datetime
    status: int | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription. ``id`` is stable for the life of the subscription, even if its URL moves."""

    id: str
    url: str
    title: str = ""
    site_url: str | None = None
    description: str = ""
    folder: str | None = None
    added: datetime = field(default_factory=utcnow)
    last_updated: datetime | None = None
    last_error: FeedProblem | None = None
    warning: str | None = None
    dead: bool = False
    subscribed: bool = True
    # HTTP caching state: an unchanged feed costs one 304 (or no parsing at all).
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    retry_after: datetime | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.url


# --- articles -------------------------------------------------------------------------------

MediaKind = Literal["enclosure", "attachment", "media", "thumbnail"]


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A file an entry carries: a podcast's audio (RSS ``enclosure``), a JSON Feed attachment,
    Media RSS ``media:content``, or a thumbnail (``media:thumbnail``, a JSON Feed ``image``).
    ``length`` in bytes and ``duration`` in seconds when the feed says; ``url`` is http(s)."""

    url: str
    type: str = ""
    length: int | None = None
    duration: int | None = None
    kind: MediaKind = "enclosure"
    title: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """Article metadata as the feed gave it, plus the user's read/starred state.

    ``id`` is ``"<feed id>-<12 hex>"``: the feed part tells storage which shard holds it.
    ``summary`` is short plain text for lists; the feed's full HTML lives in the content store.
    ``content_version`` counts the extracted versions stored (0: none yet).
    """

    id: str
    feed_id: str
    guid: str
    url: str | None = None
    title: str = ""
    summary: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    added: datetime = field(default_factory=utcnow)
    read: bool = False
    starred: bool = False
    entry_hash: str | None = None
    content_version: int = 0
    fetch_error: str | None = None
    media: tuple[Enclosure, ...] = ()
    categories: tuple[str, ...] = ()
    #: The date the article's own page gives (see :func:`with_page_date`), None until its text is stored.
    page_date: datetime | None = None

    @property
    def date(self) -> datetime:
        """The one date the list sorts and shows by, the reader shows and exports carry: the
        page's date, else the feed's (published, else updated), else when Gloss first saw it.
        :attr:`date_source` says which."""
        return self.page_date or self.published or self.updated or self.added

    @property
    def date_source(self) -> DateSource:
        """Where :attr:`date` comes from: ``"page"``, ``"feed"`` or ``"first seen"``."""
        if self.page_date is not None:
            return "page"
        return "feed" if (self.published or self.updated) else "first seen"


DateSource = Literal["page", "feed", "first seen"]
#: How the window and the exports say where an article's date comes from.
DATE_SOURCE_WORDS: dict[DateSource, str] = {
    "page": "date from the article's page",
    "feed": "date from the feed",
    "first seen": "no date given: when Gloss first saw it",
}

#: A page date this close to the feed's names the same publication: the feed's, whose time is
#: usually the exact one (pages often give a day alone, or a local time read without its zone),
#: is kept. A day-only page date is that day at noon UTC (the same day in nearly every zone).
SAME_DATE = timedelta(hours=14)
#: A page "dated" later than this after the feed or first sight is a date the page merely mentions.
FUTURE_SLACK = timedelta(days=2)


def with_page_date(article: Article, page_published: str | None) -> Article:
    """``article`` dated by its page (an ISO 8601 date or time, as extraction returns it).

    One decision for the list, the reader and the exports: the page's date wins, since feeds
    re-date old stories and aggregators stamp entries when they relay them. A page date within
    14 hours of the feed's is the same date, and the feed's exact time is kept. A date that
    cannot be read, or one after the feed's (or first-seen) date by more than two days (a date
    the page mentions, not its own), is ignored.
    """
    text = (page_published or "").strip()
    try:
        when = dt_from_str(text)
    except ValueError:
        return article
    if when is None:
        return article
    if len(text) <= 10:  # a day alone
        when = datetime(when.year, when.month, when.day, 12, tzinfo=UTC)
    feed_date = article.published or article.updated
    if when > (feed_date or article.added) + FUTURE_SLACK:
        return article
    if feed_date is not None and abs(when - feed_date) <= SAME_DATE:
        when = feed_date
    return article if when == article.page_date else replace(article, page_date=when)


ArticleOrder = Literal["newest", "oldest", "title", "feed"]


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a list shows, in what order. ``None`` means "don't care"."""

    feed_ids: frozenset[str] | None = None
    unread: bool | None = None
    starred: bool | None = None
    article_ids: frozenset[str] | None = None
    text: str = ""
    order: ArticleOrder = "newest"
    limit: int | None = None
    #: Leave out the first ``offset`` matching articles (the next page of a list).
    offset: int = 0


@dataclass(frozen=True, slots=True)
class EntryData:
    """One feed entry as the parser hands it over (feedparser's dicts never leave the parser).

    ``content_html`` is the feed's own HTML for the entry (content, else summary), kept so the
    reader can "show as the feed gave it"; it is sanitised before it is ever rendered.
    """

    guid: str | None
    url: str | None
    title: str
    summary: str = ""
    content_html: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    enclosures: tuple[str, ...] = ()
    media: tuple[Enclosure, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A whole parsed feed: its metadata and its entries, plus a warning when it was not well-formed."""

    title: str
    site_url: str | None
    description: str
    entries: tuple[EntryData, ...]
    warning: str | None = None


# --- extracted content ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Inline markup over ``Block.text[start:end]``: emphasis, strong, code or a link."""

    start: int
    end: int
    kind: Literal["em", "strong", "code", "link"]
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One body block. ``text`` is always the plain text; ``spans`` are optional inline markup."""

    type: BlockType
    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A photo with its caption and credit. ``position`` is the index of the body block the
    figure follows; the lead image is -1."""

    src: str | None
    alt: str = ""
    caption: str = ""
    credit: str = ""
    position: int = -1


@dataclass(frozen=True, slots=True)
class Part:
    """One addressable piece of the canonical text (see :meth:`ArticleContent.parts`)."""

    id: str
    kind: Literal["title", "byline", "caption", "block"]
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


PART_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """An article as structured parts: the body never holds captions, credits, bylines,
    the dateline prefix or page furniture.

    ``warnings`` says what the extractor could not do (stored beside the parts, not among them).
    """

    title: str = ""
    bylines: tuple[str, ...] = ()
    published: str | None = None
    dateline: str | None = None
    site_name: str | None = None
    lang: str | None = None
    url: str | None = None
    body: tuple[Block, ...] = ()
    figures: tuple[Figure, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def lead_figure(self) -> Figure | None:
        return next((f for f in self.figures if f.position < 0), None)

    def figures_after(self, block_index: int) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.position == block_index)

    def parts(self) -> tuple[Part, ...]:
        """The canonical plain text, as addressable parts, in reading order.

        This is **the** definition highlights anchor against (``TextPositionSelector``
        offsets count characters of :meth:`canonical_text`):

        1. ``title``: the title (omitted when empty);
        2. ``byline``: the bylines joined with ", " (omitted when there are none);
        3. ``caption:<i>`` for each lead figure (position -1) with a caption, ``i`` its index
           in ``figures``;
        4. ``block:<n>`` for each body block ``n``, each followed by ``caption:<i>`` for the
           figures placed after it (position ``n``) that have a caption.

        Parts are joined with a blank line (``"\\n\\n"``). Credits, the dateline and the date
        are metadata, not text one highlights, so they are not parts.
        """
        pieces: list[tuple[str, Literal["title", "byline", "caption", "block"], str]] = []
        if self.title:
            pieces.append(("title", "title", self.title))
        if self.bylines:
            pieces.append(("byline", "byline", ", ".join(self.bylines)))
        by_position: dict[int, list[int]] = {}
        for i, fig in enumerate(self.figures):
            if fig.caption:
                by_position.setdefault(fig.position if fig.position >= 0 else -1, []).append(i)
        for i in by_position.get(-1, []):
            pieces.append((f"caption:{i}", "caption", self.figures[i].caption))
        for n, block in enumerate(self.body):
            pieces.append((f"block:{n}", "block", block.text))
            for i in by_position.get(n, []):
                pieces.append((f"caption:{i}", "caption", self.figures[i].caption))
        # Figures placed past the last block still count (appended at the end, in order).
        for pos in sorted(p for p in by_position if p >= len(self.body)):
            for i in by_position[pos]:
                pieces.append((f"caption:{i}", "caption", self.figures[i].caption))
        parts: list[Part] = []
        offset = 0
        for part_id, kind, text in pieces:
            parts.append(Part(part_id, kind, text, offset))
            offset += len(text) + len(PART_SEPARATOR)
        return tuple(parts)

    def canonical_text(self) -> str:
        return PART_SEPARATOR.join(p.text for p in self.parts())

    def content_hash(self) -> str:
        """sha256 of the canonical text: identifies a version of the article's text."""
        return hashlib.sha256(self.canonical_text().encode("utf-8")).hexdigest()


Extractor = Callable[[bytes, str | None], ArticleContent]
"""The article extractor's signature: (page bytes, page URL) -> the article's parts."""


@dataclass(frozen=True, slots=True)
class ContentVersion:
    """One stored version of an article's extracted content."""

    article_id: str
    version: int
    content: ArticleContent
    content_hash: str
    extracted: datetime
    source: Literal["page", "feed"] = "page"


# --- annotations -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextQuote:
    """W3C ``TextQuoteSelector``: the exact text with ~32 characters of context each side."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class TextPosition:
    """W3C ``TextPositionSelector`` over :meth:`ArticleContent.canonical_text`."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlighted passage of one part of one article, with colour, note and tags.

    ``made_on_version`` / ``made_on_hash`` say which content version it was made on (an
    orphan shows it); ``anchored_hash`` is the version it is currently anchored against.
    """

    id: str
    article_id: str
    part: str
    quote: TextQuote
    position: TextPosition
    color: str = "yellow"
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    state: AnchorState = "anchored"
    made_on_version: int = 1
    made_on_hash: str | None = None
    anchored_hash: str | None = None

    def edited(self, **changes: Any) -> Highlight:
        return replace(self, updated=utcnow(), **changes)


# --- refresh -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """Progress of a batch refresh: ``done`` of ``total`` feeds, and the one being worked on.

    ``articles`` counts the new and updated articles of the feeds done so far, ``pages_done``
    of ``pages_total`` the article pages fetched. ``finished`` is the result of the feed that
    has just finished (None in the other reports). ``stored`` names the articles this report
    is about, when it says they were just stored: a feed's new and changed articles (counted
    in ``articles`` as they are stored, before the feed is done), or an article's text. Reports
    arrive in order: no count ever goes down from one report to the next.
    """

    done: int
    total: int
    current: str
    articles: int = 0
    pages_done: int = 0
    pages_total: int = 0
    finished: FeedUpdateResult | None = None
    stored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedUpdateResult:
    """What refreshing one feed did. ``error`` is a value, never raised: one broken feed
    never stops the others."""

    feed_id: str
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    skipped: str | None = None
    warning: str | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A feed found on a site page by autodiscovery."""

    url: str
    title: str = ""
    type: str = ""
