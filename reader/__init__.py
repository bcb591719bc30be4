"""Gloss's core library: feeds, extraction, storage, annotations. Never imports Qt.

This package's namespace is the core's public API: what the desktop window (``ui``) and the
command line use, and all they may use. :class:`Library` is the facade; everything it takes
and returns is a frozen dataclass named here, and everything it raises is a
:class:`ReaderError` named here. Subscribe to :attr:`Library.events` (see :mod:`reader.events`)
to follow what changed.

The names are loaded on first use (PEP 562), so ``import reader.feeds.pool`` in a parsing
process, or ``gloss --version``, does not load the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the module (under reader) that defines it, or "module:attribute" for another name
_EXPORTS: dict[str, str] = {
    "ReaderError": "errors",
    "StorageError": "errors",
    "LibraryLockedError": "errors",
    "SchemaError": "errors",
    "NotFoundError": "errors",
    "FeedNotFoundError": "errors",
    "ArticleNotFoundError": "errors",
    "HighlightNotFoundError": "errors",
    "ContentNotFoundError": "errors",
    "FeedError": "errors",
    "FeedExistsError": "errors",
    "FetchError": "errors",
    "FeedGoneError": "errors",
    "ParseError": "errors",
    "DiscoveryError": "errors",
    "OPMLError": "errors",
    "ExtractionError": "errors",
    "AnnotationError": "errors",
    "SearchError": "errors",
    "ExportError": "errors",
    "NotesImportError": "errors",
    "SyncError": "errors",
    "SyncAccountError": "errors",
    "SyncAuthError": "errors",
    "SyncServerError": "errors",
    "SyncFeedRefusedError": "errors",
    "Article": "types",
    "ArticleContent": "types",
    "ArticleFilter": "types",
    "ArticleOrder": "types",
    "Block": "types",
    "DATE_SOURCE_WORDS": "types",
    "ContentVersion": "types",
    "DiscoveredFeed": "types",
    "Enclosure": "types",
    "Feed": "types",
    "FeedProblem": "types",
    "FeedUpdateResult": "types",
    "Figure": "types",
    "Highlight": "types",
    "Part": "types",
    "RefreshProgress": "types",
    "Span": "types",
    "TextPosition": "types",
    "TextQuote": "types",
    "dt_to_str": "types",
    "utcnow": "types",
    "Library": "library",
    "OpmlImport": "library",
    "SAMPLE_FEED_URL": "library",
    "ArticlesAdded": "events",
    "ArticlesRemoved": "events",
    "ContentStored": "events",
    "Event": "events",
    "EventBus": "events",
    "FeedsChanging": "events",
    "FlagsChanging": "events",
    "HighlightsChanged": "events",
    "HighlightsRemoved": "events",
    "DEFAULT_PALETTE": "annotations",
    "NotebookPage": "annotations",
    "NotebookQuery": "annotations",
    "Palette": "annotations",
    "PaletteColor": "annotations",
    "group_by_article": "annotations",
    "query_highlights": "annotations",
    "EXPORT_FORMATS": "annotations.formats",
    "ExportFormat": "annotations.formats",
    "ExportItem": "annotations.export",
    "NotesImportReport": "notes_import",
    "SearchHit": "search",
    "Settings": "settings",
    "IMAGES_PER_ARTICLE_MAX": "settings",
    "SyncAccount": "sync.types",
    "SyncResult": "sync.types",
    "SyncStatus": "sync.types",
    "resolve_data_dir": "paths",
    "plural": "wording",
    "paced_thread": "pacing",
    "describe_media": "media",
    # The shipped files (resources/), for the window: reader.bundled is the one module reading them.
    "bundled_styles": "bundled:styles",
    "bundled_icons": "bundled:icons",
    # The command line, for the window's entry point and its second-instance forwarding.
    "run_cli": "cli:main",
    "run_in_library": "cli.remote",
    "socket_name": "cli.remote",
}


if TYPE_CHECKING:
    from .annotations import (
        DEFAULT_PALETTE,
        NotebookPage,
        NotebookQuery,
        Palette,
        PaletteColor,
        group_by_article,
        query_highlights,
    )
    from .annotations.export import ExportItem
    from .annotations.formats import EXPORT_FORMATS, ExportFormat
    from .bundled import icons as bundled_icons
    from .bundled import styles as bundled_styles
    from .cli import main as run_cli
    from .cli.remote import run_in_library, socket_name
    from .errors import (
        AnnotationError,
        ArticleNotFoundError,
        ContentNotFoundError,
        DiscoveryError,
        ExportError,
        ExtractionError,
        FeedError,
        FeedExistsError,
        FeedGoneError,
        FeedNotFoundError,
        FetchError,
        HighlightNotFoundError,
        LibraryLockedError,
        NotesImportError,
        NotFoundError,
        OPMLError,
        ParseError,
        ReaderError,
        SchemaError,
        SearchError,
        StorageError,
        SyncAccountError,
        SyncAuthError,
        SyncError,
        SyncFeedRefusedError,
        SyncServerError,
    )
    from .events import (
        ArticlesAdded,
        ArticlesRemoved,
        ContentStored,
        Event,
        EventBus,
        FeedsChanging,
        FlagsChanging,
        HighlightsChanged,
        HighlightsRemoved,
    )
    from .library import SAMPLE_FEED_URL, Library, OpmlImport
    from .media import describe_media
    from .notes_import import NotesImportReport
    from .pacing import paced_thread
    from .paths import resolve_data_dir
    from .search import SearchHit
    from .settings import IMAGES_PER_ARTICLE_MAX, Settings
    from .sync.types import SyncAccount, SyncResult, SyncStatus
    from .types import (
        DATE_SOURCE_WORDS,
        Article,
        ArticleContent,
        ArticleFilter,
        ArticleOrder,
        Block,
        ContentVersion,
        DiscoveredFeed,
        Enclosure,
        Feed,
        FeedProblem,
        FeedUpdateResult,
        Figure,
        Highlight,
        Part,
        RefreshProgress,
        Span,
        TextPosition,
        TextQuote,
        dt_to_str,
        utcnow,
    )
    from .wording import plural

__all__ = [
    "DATE_SOURCE_WORDS",
    "DEFAULT_PALETTE",
    "EXPORT_FORMATS",
    "IMAGES_PER_ARTICLE_MAX",
    "SAMPLE_FEED_URL",
    "AnnotationError",
    "Article",
    "ArticleContent",
    "ArticleFilter",
    "ArticleNotFoundError",
    "ArticleOrder",
    "ArticlesAdded",
    "ArticlesRemoved",
    "Block",
    "ContentNotFoundError",
    "ContentStored",
    "ContentVersion",
    "DiscoveredFeed",
    "DiscoveryError",
    "Enclosure",
    "Event",
    "EventBus",
    "ExportError",
    "ExportFormat",
    "ExportItem",
    "ExtractionError",
    "Feed",
    "FeedError",
    "FeedExistsError",
    "FeedGoneError",
    "FeedNotFoundError",
    "FeedProblem",
    "FeedUpdateResult",
    "FeedsChanging",
    "FetchError",
    "Figure",
    "FlagsChanging",
    "Highlight",
    "HighlightNotFoundError",
    "HighlightsChanged",
    "HighlightsRemoved",
    "Library",
    "LibraryLockedError",
    "NotFoundError",
    "NotebookPage",
    "NotebookQuery",
    "NotesImportError",
    "NotesImportReport",
    "OPMLError",
    "OpmlImport",
    "Palette",
    "PaletteColor",
    "ParseError",
    "Part",
    "ReaderError",
    "RefreshProgress",
    "SchemaError",
    "SearchError",
    "SearchHit",
    "Settings",
    "Span",
    "StorageError",
    "SyncAccount",
    "SyncAccountError",
    "SyncAuthError",
    "SyncError",
    "SyncFeedRefusedError",
    "SyncResult",
    "SyncServerError",
    "SyncStatus",
    "TextPosition",
    "TextQuote",
    "bundled_icons",
    "bundled_styles",
    "describe_media",
    "dt_to_str",
    "group_by_article",
    "paced_thread",
    "plural",
    "query_highlights",
    "resolve_data_dir",
    "run_cli",
    "run_in_library",
    "socket_name",
    "utcnow",
]


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module 'reader' has no attribute {name!r}")
    module, _, attribute = where.partition(":")  # "module:attribute" when exported under another name
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value  # once: the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
