"""One exception root, :class:`ReaderError`, with a family per subsystem.

Every error a user can fix carries a message a person understands: ``str(exc)`` is
meant to be shown as is, in the status bar or on a terminal.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Root of every error Gloss raises on purpose."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- storage ---------------------------------------------------------------------------


class StorageError(ReaderError):
    """The library on disk could not be read or written (disk full, permissions, ...)."""


class LibraryLockedError(StorageError):
    """Another Gloss process holds the library; only one may write it."""


class SchemaError(StorageError):
    """A data file was written by a newer Gloss, or its structure is not what we expect."""


class NotFoundError(ReaderError):
    """A feed, article or highlight id that the library does not know."""


class FeedNotFoundError(NotFoundError):
    pass


class ArticleNotFoundError(NotFoundError):
    pass


class HighlightNotFoundError(NotFoundError):
    pass


class ContentNotFoundError(NotFoundError):
    """The article has no stored content (never fetched, or not yet extracted)."""


# --- feeds ------------------------------------------------------------------------------


class FeedError(ReaderError):
    """Something about one feed went wrong. ``kind`` is a short machine-readable word."""

    kind = "feed"

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class FeedExistsError(FeedError):
    kind = "exists"


class FetchError(FeedError):
    """The network or the server failed us: timeout, DNS, TLS, HTTP status, size cap."""

    kind = "fetch"

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        kind: str = "fetch",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.kind = kind
        self.retry_after = retry_after


class FeedGoneError(FetchError):
    """HTTP 410: the publisher removed the feed for good; polling stops."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message, url=url, status=410, kind="gone")


class ParseError(FeedError):
    """The bytes are not a feed we can read."""

    kind = "parse"


class DiscoveryError(FeedError):
    """A site URL had no feed we could find."""

    kind = "discovery"


class OPMLError(ReaderError):
    """A malformed OPML file. ``line`` names where, when known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


# --- extraction, annotations, export ------------------------------------------------------


class ExtractionError(ReaderError):
    """The page could not be turned into an article at all."""


class AnnotationError(ReaderError):
    """A highlight could not be made or changed (e.g. the quote is not in the article)."""


class SearchError(ReaderError):
    pass


class ExportError(ReaderError):
    """An export could not be written."""


class NotesImportError(ReaderError):
    """An annotation file could not be imported; nothing was imported."""


# --- sync with a Google Reader API server (FreshRSS, Miniflux, Inoreader) ----------------------


class SyncError(ReaderError):
    """A sync could not be done; nothing was changed locally. ``kind`` is a short word."""

    kind = "sync"


class SyncAccountError(SyncError):
    """No account is set up, or its settings (server address, user) are not usable."""

    kind = "account"


class SyncAuthError(SyncError):
    """The server refused the user name or the API password."""

    kind = "auth"


class SyncServerError(SyncError):
    """The server could not be reached, timed out, asked to wait, or answered with an error."""

    kind = "server"

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class SyncFeedRefusedError(SyncError):
    """The server would not subscribe to a feed (it could not read it, or refused the address).
    Reported as a value in the sync's result: the other feeds sync all the same."""

    kind = "feed_refused"

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url
