"""The library's event bus: every write says what it changed, and what derives from it listens.

A :class:`reader.library.Library` owns one :class:`EventBus`. Its services publish an event
for every change they make, and the parts that keep derived data subscribe to the events
they need, so none of them has to be called by name from a write (and none can be forgotten):

==================  ==============================================  ==========================
event               published by                                    listened to by
==================  ==============================================  ==========================
ContentStored       a refresh, a sync, ``store_content``,           annotations (re-anchor),
                    ``reextract``                                   search (index the text)
HighlightsChanged   add, edit, restore, re-anchor, import           search
HighlightsRemoved   delete                                          search
ArticlesAdded       a refresh, a sync, an import with new articles  search (catch up)
ArticlesRemoved     prune, unsubscribe                              search (unindex)
FlagsChanging       mark read/unread, star/unstar, mark all read    the sync journal
FeedsChanging       rename a feed, move it, rename/remove a folder  the sync journal
==================  ==============================================  ==========================

``FlagsChanging`` and ``FeedsChanging`` are published *before* the write, the others after
it: the sync journal must hold a change before it is made (a crash between the two then
sends a change the server confirms; never loses one), while an index must see the data as
written. Handlers run synchronously, on the publishing thread (a refresh publishes from its
worker threads), in the order they subscribed; an event a handler publishes (a re-anchor's
``HighlightsChanged`` during ``ContentStored``) is delivered right after the one being handled.
An exception in a handler propagates to the writer.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from .types import ContentVersion, Highlight

Flag = Literal["read", "starred"]


@dataclass(frozen=True, slots=True)
class ContentStored:
    """A new extracted version of an article's text was stored."""

    article_id: str
    version: ContentVersion


@dataclass(frozen=True, slots=True)
class HighlightsChanged:
    """Highlights were saved: new, edited, restored, re-anchored on a new text, or imported."""

    highlights: tuple[Highlight, ...]


@dataclass(frozen=True, slots=True)
class HighlightsRemoved:
    """Highlights were deleted (they are in the event, for an Undo)."""

    highlights: tuple[Highlight, ...]


@dataclass(frozen=True, slots=True)
class ArticlesAdded:
    """New article records may have been stored (a refresh, a sync, notes imported onto new
    stub articles). Which ones is not said: a listener compares ids, which is cheap."""


@dataclass(frozen=True, slots=True)
class ArticlesRemoved:
    """Articles were deleted, with everything stored for them (retention, unsubscribe)."""

    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlagsChanging:
    """``flag`` is about to be set to ``value`` on these articles (published before the write)."""

    article_ids: tuple[str, ...]
    flag: Flag
    value: bool


@dataclass(frozen=True, slots=True)
class FeedsChanging:
    """These feeds are about to be renamed or moved to another folder (before the write)."""

    feed_ids: tuple[str, ...]


Event = (
    ContentStored
    | HighlightsChanged
    | HighlightsRemoved
    | ArticlesAdded
    | ArticlesRemoved
    | FlagsChanging
    | FeedsChanging
)
EVENT_TYPES: tuple[type[Event], ...] = (
    ContentStored,
    HighlightsChanged,
    HighlightsRemoved,
    ArticlesAdded,
    ArticlesRemoved,
    FlagsChanging,
    FeedsChanging,
)

E = TypeVar("E", bound=Event)


class EventBus:
    """Typed publish/subscribe, synchronous. Thread-safe: any thread may publish."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()  # the events waiting while this thread dispatches one
        # By exact event type; a handler is called only with events of the type it asked for.
        self._handlers: dict[type, list[Callable[[Any], object]]] = {}

    def subscribe(self, kind: type[E], handler: Callable[[E], object]) -> Callable[[], None]:
        """Call ``handler`` with every event of type ``kind``; returns a function that stops it."""
        if kind not in EVENT_TYPES:
            raise TypeError(f"{kind!r} is not a library event")
        with self._lock:
            self._handlers.setdefault(kind, []).append(handler)

        def unsubscribe() -> None:
            with self._lock:
                handlers = self._handlers.get(kind, [])
                if handler in handlers:
                    handlers.remove(handler)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Call every handler of the event's type, in the order they subscribed. An event a
        handler publishes is delivered when the one being handled has reached every handler
        (before this call returns), so every handler sees a cause before its effects."""
        queue: deque[Event] | None = getattr(self._local, "queue", None)
        if queue is not None:  # published by a handler, on this thread
            queue.append(event)
            return
        queue = self._local.queue = deque([event])
        try:
            while queue:
                current = queue.popleft()
                with self._lock:
                    handlers = list(self._handlers.get(type(current), ()))
                for handler in handlers:
                    handler(current)
        finally:
            self._local.queue = None
