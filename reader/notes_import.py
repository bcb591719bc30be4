"""Bringing read notes into a library: match each to an article, anchor it, and keep everything.

:func:`merge_notes` takes the :class:`~reader.annotations.importing.NotesFile` a reader made and
decides, for each note:

- **which article**: a Gloss record's article (by id, else by its feed's URL), else the article
  whose address has the same normal form (:func:`reader.urlnorm.normalize_url`), else a new stub
  article in the hidden "Imported notes" feed, so no note is dropped for want of an article;
- **where in it**: the quote is found in the article's current text (with its context picking the
  occurrence); a note on the page as a whole goes on the title; a quote the text no longer holds
  is kept as an orphan, and one on an article with no text yet waits for it (re-anchored when the
  text comes);
- **whether it is new**: a highlight with the same id (Gloss's own, or the one derived from the
  source's identity) or the same quote and note on the same article is already present, and is
  only replaced when the file's copy was modified later.

Nothing is written until every note is decided; then feeds, articles and highlights are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .annotations import Palette, find_quote, reanchor
from .annotations.importing import IncomingNote, NotesFile
from .errors import AnnotationError, ArticleNotFoundError
from .feeds.entries import article_id as make_article_id
from .identity import feed_id_for
from .types import Article, ArticleContent, ContentVersion, Feed, Highlight, TextPosition, TextQuote, utcnow
from .urlnorm import normalize_url

if TYPE_CHECKING:
    from .storage.protocol import Storage

IMPORTED_FEED_URL = "gloss-imported:notes"
IMPORTED_FEED_TITLE = "Imported notes"


@dataclass(frozen=True, slots=True)
class NotesImportReport:
    """What an import did, to tell the user: counts, and remarks in words."""

    format: str
    imported: int = 0
    updated: int = 0
    already_present: int = 0
    new_articles: int = 0
    orphaned: int = 0
    remarks: tuple[str, ...] = field(default=())
    highlights: tuple[Highlight, ...] = field(default=(), repr=False)

    def summary(self) -> str:
        """One paragraph for a status bar or a terminal."""
        if not self.imported and not self.updated:
            said = f"Nothing new in this {self.format} file"
            said += f": {self.already_present} already present." if self.already_present else "."
        else:
            said = f"Imported {self.imported} highlight{'s' if self.imported != 1 else ''} ({self.format})"
            if self.updated:
                said += f", updated {self.updated}"
            said += "."
            if self.already_present:
                said += f" {self.already_present} already present."
        if self.new_articles:
            many = self.new_articles != 1
            said += (
                f" {self.new_articles} article{'s' if many else ''} this library did not have "
                f"{'were' if many else 'was'} added for {'them' if self.imported + self.updated != 1 else 'it'}."
            )
        if self.orphaned:
            said += f" {self.orphaned} quote{'s are' if self.orphaned != 1 else ' is'} no longer in the article's text."
        return " ".join([said, *self.remarks])


class _Merge:
    def __init__(self, storage: Storage, palette: Palette) -> None:
        self.storage = storage
        self.palette = palette
        self.now = utcnow()
        self.feeds_by_url = {f.url: f for f in storage.meta.get_feeds()}
        self.new_feeds: dict[str, Feed] = {}
        self.new_articles: dict[str, Article] = {}
        self.by_url: dict[str, str] | None = None
        self.versions: dict[str, ContentVersion | None] = {}
        self.existing = {h.id: h for h in storage.user.get_highlights()}
        self.keys = {(h.article_id, h.quote.exact.strip(), h.note.strip()) for h in self.existing.values()}
        self.out: dict[str, Highlight] = {}
        self.counts = {"imported": 0, "updated": 0, "already_present": 0, "orphaned": 0}

    # articles --------------------------------------------------------------------------------------

    def article(self, aid: str) -> Article | None:
        if aid in self.new_articles:
            return self.new_articles[aid]
        try:
            return self.storage.meta.get_article(aid)
        except ArticleNotFoundError:
            return None

    def by_address(self, url: str | None) -> str | None:
        if not url:
            return None
        if self.by_url is None:
            self.by_url = {}
            for a in self.storage.meta.iter_articles():
                if a.url:
                    self.by_url.setdefault(normalize_url(a.url), a.id)
        return self.by_url.get(normalize_url(url))

    def version(self, aid: str) -> ContentVersion | None:
        if aid not in self.versions:
            self.versions[aid] = None if aid in self.new_articles else self.storage.content.get_version(aid)
        return self.versions[aid]

    def feed(self, url: str, make: Callable[[], Feed]) -> Feed:
        feed = self.feeds_by_url.get(url)
        if feed is None:
            feed = make()
            self.new_feeds[url] = self.feeds_by_url[url] = feed
        return feed

    def stub(self, note: IncomingNote) -> str:
        feed = self.feed(
            IMPORTED_FEED_URL,
            lambda: Feed(
                id=feed_id_for(IMPORTED_FEED_URL, set(f.id for f in self.feeds_by_url.values())),
                url=IMPORTED_FEED_URL,
                title=IMPORTED_FEED_TITLE,
                subscribed=False,
            ),
        )
        key = normalize_url(note.url) if note.url else "title:" + (note.title or note.exact)
        aid = make_article_id(feed.id, key)
        if self.article(aid) is None:
            web = note.url if note.url and note.url.startswith(("http://", "https://")) else None
            self.new_articles[aid] = Article(
                id=aid,
                feed_id=feed.id,
                guid=key,
                url=web,
                title=note.title or (note.url or "Untitled article"),
                authors=note.authors,
                added=self.now,
                read=True,
            )
            if web:
                self.by_address(web)
                assert self.by_url is not None
                self.by_url[normalize_url(web)] = aid
        return aid

    # highlights ----------------------------------------------------------------------------------------

    def keep(self, h: Highlight) -> None:
        old = self.existing.get(h.id) or self.out.get(h.id)
        key = (h.article_id, h.quote.exact.strip(), h.note.strip())
        if old is None and key in self.keys:
            self.counts["already_present"] += 1
            return
        same = old is not None and (old.quote.exact, old.note, old.tags, old.color) == (
            h.quote.exact,
            h.note,
            h.tags,
            h.color,
        )
        if old is not None and (same or h.updated <= old.updated):
            self.counts["already_present"] += 1
            return
        self.counts["updated" if old is not None else "imported"] += 1
        self.counts["orphaned"] += h.state == "orphaned"
        self.keys.add(key)
        self.out[h.id] = h

    def gloss(self, note: IncomingNote) -> None:
        assert note.gloss is not None
        article, feed = note.gloss.article, note.gloss.feed
        feed_id = article.feed_id
        if feed is not None:
            feed_id = self.feed(feed.url, lambda: replace(feed, subscribed=False)).id
        aid = f"{feed_id}-{article.id.partition('-')[2]}"
        if self.article(aid) is None:
            aid = self.by_address(article.url) or aid
        if self.article(aid) is None:
            if feed is None and feed_id not in {f.id for f in self.feeds_by_url.values()}:
                self.feed(
                    f"gloss-imported:{feed_id}",
                    lambda: Feed(id=feed_id, url=f"gloss-imported:{feed_id}", title="Imported", subscribed=False),
                )
            self.new_articles[aid] = replace(article, id=aid, feed_id=aid.partition("-")[0], read=True)
        h = replace(note.gloss.highlight, article_id=aid)
        version = self.version(aid)
        if version is not None and h.anchored_hash != version.content_hash:
            h = reanchor(h, version.content, content_hash=version.content_hash)
        self.keep(h)

    def _exact(self, note: IncomingNote, article: Article | None, text: ArticleContent | None) -> str:
        """The words a note from another tool highlights: its quote, else (a note on the page as
        a whole) the article's title, else its address."""
        title = (text.title if text and text.title else "") or (article.title if article else "")
        exact = note.shown_quote or title or note.url or "Untitled article"
        if note.range_end and text is not None:
            exact = _range_text(text, note.exact, note.range_end) or exact
        return exact

    def other(self, note: IncomingNote) -> None:
        aid = self.by_address(note.url) or self.stub(note)
        version = self.version(aid)
        text = version.content if version is not None else None
        exact = self._exact(note, self.article(aid), text)
        part, quote, position, orphaned = ("title" if not note.exact else "block:0"), None, None, False
        if text is not None:
            try:
                wanted = None if note.exact else "title"
                part, quote, position = find_quote(text, exact, part_id=wanted, prefix=note.prefix, suffix=note.suffix)
            except AnnotationError:
                orphaned = True
        color = note.color if note.color and self.palette.get(note.color) else self.palette.default.name
        created = note.created or self.now
        self.keep(
            Highlight(
                id=note.highlight_id,
                article_id=aid,
                part=part,
                quote=quote or TextQuote(exact, note.prefix, note.suffix),
                position=position or TextPosition(0, len(exact)),
                color=color,
                note=note.note,
                tags=note.tags,
                created=created,
                updated=max(note.updated or created, created),
                state="orphaned" if orphaned else "anchored",
                made_on_version=version.version if version else 1,
                made_on_hash=version.content_hash if version else None,
                anchored_hash=version.content_hash if version and not orphaned else None,
            )
        )


def _range_text(content: ArticleContent, first: str, last: str) -> str | None:
    """The text of one part from ``first`` to the end of the next ``last`` after it, if any."""
    for part in content.parts():
        start = part.text.find(first)
        end = part.text.find(last, start + len(first)) if start >= 0 else -1
        if end >= 0:
            return part.text[start : end + len(last)]
    return None


def merge_notes(storage: Storage, palette: Palette, found: NotesFile) -> NotesImportReport:
    """Decide every note of ``found``, then write them (see the module docstring)."""
    merge = _Merge(storage, palette)
    for note in found.notes:
        if note.gloss is not None:
            merge.gloss(note)
        else:
            merge.other(note)
    highlights = list(merge.out.values())
    if merge.new_feeds:
        storage.meta.put_feeds(list(merge.new_feeds.values()))
    by_feed: dict[str, list[Article]] = {}
    for a in merge.new_articles.values():
        by_feed.setdefault(a.feed_id, []).append(a)
    for feed_id, articles in by_feed.items():
        storage.meta.put_articles(feed_id, articles)
    if highlights:
        storage.user.put_highlights(highlights)
    return NotesImportReport(
        format=found.format,
        new_articles=len(merge.new_articles),
        remarks=found.remarks,
        highlights=tuple(highlights),
        **merge.counts,
    )
