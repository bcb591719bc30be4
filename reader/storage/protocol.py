"""The storage contract the :class:`reader.library.Library` facade talks to.

Three stores with different lives, as NetNewsWire keeps them apart:

- :class:`MetadataStore`: feeds, folders and article metadata with read/starred flags.
  Re-fetchable from the network, rewritten by every refresh.
- :class:`ContentStore`: raw pages, extracted content versions and images, one file
  each. Immutable once written, re-fetchable.
- :class:`UserStore`: highlights, notes and settings. Precious and small; a refresh never
  writes it.

Every write method is durable on return (the bytes are on disk, fsynced, atomically
replaced) or raises :class:`reader.errors.StorageError`, leaving the previous data intact.
``reader.storage.tiny`` implements them on TinyDB files, the one implementation: tests run on
it too, in a temp dir (``tests/reader/storage/test_contract.py`` holds every method to this
contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from ..types import Article, ArticleFilter, ContentVersion, Feed, Highlight


class MetadataStore(Protocol):
    def get_feeds(self) -> list[Feed]:
        """All feeds, subscribed or not (unsubscribed feeds keep their annotated articles)."""

    def get_feed(self, feed_id: str) -> Feed:
        """Raises FeedNotFoundError."""

    def put_feed(self, feed: Feed) -> None:
        """Insert or replace one feed."""

    def put_feeds(self, feeds: Sequence[Feed]) -> None:
        """Insert or replace many feeds in one write (the end of a refresh)."""

    def batched_writes(self) -> AbstractContextManager[None]:
        """A block of many writes (a refresh's feeds): each is durable as always, and what the
        store derives from them may be written at intervals inside it and at its end, not once
        for each (a store that derives nothing: a block that does nothing)."""

    def update_feeds(self, updater: Callable[[Mapping[str, Feed]], Sequence[Feed]]) -> list[Feed]:
        """Read-modify-write the feed records atomically: ``updater`` gets the stored feeds by
        id and returns the ones to store (one write). No rename made meanwhile is lost."""

    def delete_feed(self, feed_id: str) -> None:
        """Remove the feed record and all its articles."""

    def get_aliases(self) -> dict[str, str]:
        """Old feed ids and the lasting ids they became (a library made before ids were derived
        from feed addresses; see :mod:`reader.storage.identities`), so old links still open."""

    def get_folders(self) -> list[str]:
        """Folder names in user order (folders may be empty)."""

    def set_folders(self, folders: Sequence[str]) -> None: ...

    def iter_articles(self, feed_id: str | None = None) -> Iterator[Article]:
        """Every article (of one feed), in no particular order."""

    def iter_records(self) -> Iterator[Mapping[str, Any]]:
        """Every article's stored record (see :meth:`records_added_before`), each shard read once
        and not kept: a walk of the whole library that makes no Article (``gloss check``)."""

    def records_added_before(self, bound: str) -> Iterator[Mapping[str, Any]]:
        """The stored records (:func:`reader.storage.records.article_from_record` reads one) of
        the articles whose ``added`` (ISO 8601, UTC) sorts before ``bound``, in no order; for
        retention, which reads only these (a record with no ``added`` is not among them)."""

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The articles of ``article_ids`` by id (those not stored are left out), each feed's
        shard read once and not kept (a notebook of 25,000 highlights reads 2,000 shards)."""

    def get_article(self, article_id: str) -> Article:
        """Raises ArticleNotFoundError."""

    def query_articles(self, flt: ArticleFilter) -> list[Article]:
        """Articles matching ``flt``, sorted, at most ``flt.limit`` (see reader.catalog.select)."""

    def article_counts(self) -> dict[str, tuple[int, int]]:
        """(unread, total) per feed id."""

    def starred_count(self) -> int:
        """How many articles are starred, in every feed."""

    def article_ids(self) -> set[str]:
        """The ids of every stored article (cheap: no Article objects are built)."""

    def articles_version(self) -> str | None:
        """Names the set of article ids stored now (it changes when one is added or removed, not
        when a flag is set), or None when the store cannot say cheaply."""

    def article_ids_added_since(self, version: str) -> set[str] | None:
        """The ids added since :meth:`articles_version` said ``version``, or None when the store
        cannot say (the caller then compares :meth:`article_ids`)."""

    def put_articles(self, feed_id: str, articles: Sequence[Article]) -> None:
        """Insert or replace articles of one feed, in one durable write."""

    def delete_articles(self, feed_id: str, article_ids: Iterable[str]) -> None: ...

    def update_articles(
        self, feed_id: str, updater: Callable[[Mapping[str, Article]], Sequence[Article]]
    ) -> list[Article]:
        """Read-modify-write one feed's articles atomically: ``updater`` gets the current
        articles by id and returns the ones to store. No flag set meanwhile is lost. Raises
        FeedNotFoundError for a feed that no longer exists (unsubscribed during a refresh)."""

    def set_flags(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> Article:
        """Change read/starred of one article; returns the updated article."""

    def set_read_many(self, article_ids: Iterable[str], read: bool) -> int:
        """Mark many articles at once (one write per feed shard); returns how many changed."""

    def list_rebuild_bytes(self) -> int:
        """How much a store that derives a list index must read before it answers a list (its
        index rebuilt, after an upgrade or a lost write): bytes; 0 when it answers at once."""

    def list_index_problems(self) -> list[str]:
        """What is wrong with the derived list index, in words (``gloss check``); a writer
        rebuilds it from the article records and says so."""


class ContentStore(Protocol):
    def put_raw(self, article_id: str, html: bytes, url: str) -> None:
        """Keep the fetched page so extraction can re-run offline (``gloss reextract``)."""

    def get_raw(self, article_id: str) -> tuple[bytes, str] | None:
        """(html, url) of the stored page, or None."""

    def put_feed_html(self, article_id: str, html: str) -> None:
        """The entry's HTML as the feed gave it ("show as the feed gave it")."""

    def put_feed_html_many(self, feed_id: str, items: Mapping[str, str]) -> None:
        """Many entries' feed HTML (article id -> html) of one feed, in one write."""

    def get_feed_html(self, article_id: str) -> str | None: ...

    def put_version(self, version: ContentVersion) -> None:
        """Store one extracted version; versions are never overwritten."""

    def get_version(self, article_id: str, version: int | None = None) -> ContentVersion | None:
        """That version, or the latest when ``version`` is None; None when there is none."""

    def list_versions(self, article_id: str) -> list[int]: ...

    def put_image(self, article_id: str, url: str, data: bytes, content_type: str) -> None: ...

    def get_image(self, article_id: str, url: str) -> tuple[bytes, str] | None:
        """(bytes, content type) of an image downloaded for the article, or None."""

    def delete_article(self, article_id: str) -> None:
        """Drop everything stored for an article (retention)."""

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Drop everything stored for many articles."""

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles that have anything stored (for consistency checks)."""


class UserStore(Protocol):
    def get_highlights(self, article_id: str | None = None) -> list[Highlight]:
        """Highlights of one article, or all of them."""

    def get_highlight(self, highlight_id: str) -> Highlight:
        """Raises HighlightNotFoundError."""

    def put_highlight(self, highlight: Highlight) -> None:
        """Insert or replace one highlight; durable on return."""

    def put_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Insert or replace many (re-anchoring, import) atomically per shard."""

    def delete_highlight(self, highlight_id: str) -> Highlight:
        """Remove and return it (so the UI can undo)."""

    def highlight_ids(self) -> set[str]:
        """The id of every highlight (without making a Highlight of each)."""

    def annotated_article_ids(self, *, from_shards: bool = False) -> set[str]:
        """Articles that have at least one highlight (the "Annotated" view; unsubscribing
        keeps them). ``from_shards``: asked of the highlights themselves, never of what is
        derived from them (before anything is deleted)."""

    def newest_highlights(self, before: tuple[str, str] | None = None) -> Iterator[Mapping[str, Any]]:
        """Highlight records, newest first by (created, id), strictly before ``before``; reads
        what the walk gets to (the notebook's first screen reads the newest month or so)."""

    def highlight_count(self) -> int:
        """How many highlights there are (without reading them all, where the store can)."""

    def warm_up(self) -> None:
        """Read now what the notebook and opening any article's highlights will read (for a
        pool thread while the user reads; a store with nothing to read does nothing)."""

    def highlight_tags(self) -> set[str]:
        """Every tag in use (without reading every highlight, where the store can)."""

    def annotated_among(self, article_ids: Iterable[str], *, from_shards: bool = False) -> set[str]:
        """Those of ``article_ids`` that have at least one highlight (retention asks about the
        articles it found, not every highlight). ``from_shards``: asked of the highlights
        themselves, never of what is derived from them (before anything is deleted)."""

    def highlight_records(self) -> list[Mapping[str, Any]]:
        """Every highlight as stored (``gloss check`` reads them without making Highlights)."""

    def timeline_problems(self, records: Iterable[Mapping[str, Any]] | None = None) -> int:
        """How many highlights a derived copy the store keeps holds otherwise than its own
        records (``records``, when just read: :meth:`highlight_records`) (``gloss check``);
        -1 when the copy cannot be read, 0 for a store without one."""

    def highlights_version(self) -> str | None:
        """A stamp that changes whenever any highlight is written or removed (by any process),
        cheap to take (the search index skips comparing every highlight while it is the same);
        None when the store cannot say."""

    def get_settings(self) -> dict[str, Any]: ...

    def put_settings(self, settings: dict[str, Any]) -> None: ...


class Storage(Protocol):
    """The three stores of one library, opened together and closed together."""

    @property
    def meta(self) -> MetadataStore: ...

    @property
    def content(self) -> ContentStore: ...

    @property
    def user(self) -> UserStore: ...

    def close(self) -> None: ...

    def temp_folders(self) -> list[Path]:
        """The folders writes keep their temporary files in (swept of a killed writer's on open)."""
        ...

    @property
    def notices(self) -> list[str]:
        """Plain-language notes about what happened on open (e.g. recovered from a backup)."""
