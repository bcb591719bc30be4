"""Frozen dataclasses at the sync package's boundary.

What the server said (:class:`ServerFeed`, :class:`ServerItem`, ...) is parsed into these
by :mod:`reader.sync.greader`, the only module that reads the Google Reader JSON; what a
sync did comes back as a :class:`SyncResult`, with each feed's problem as a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Self

from ..types import FeedUpdateResult, dt_from_str, dt_to_str

PasswordStore = Literal["keyring", "file"]


@dataclass(frozen=True, slots=True)
class SyncAccount:
    """The account a library syncs with. ``api_url`` is the Google Reader API's root (the
    address under which ``accounts/ClientLogin`` and ``reader/api/0/...`` live), found from
    ``server_url`` (what the user typed) when the account was added. The password is not
    here: it is in the keyring or the fallback file (``password_store`` says which)."""

    server_url: str
    api_url: str
    user: str
    password_store: PasswordStore = "keyring"
    added: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "server_url": self.server_url,
            "api_url": self.api_url,
            "user": self.user,
            "password_store": self.password_store,
            "added": dt_to_str(self.added),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        store = d.get("password_store")
        return cls(
            server_url=str(d["server_url"]),
            api_url=str(d["api_url"]),
            user=str(d["user"]),
            password_store="file" if store == "file" else "keyring",
            added=dt_from_str(d.get("added")),
        )


@dataclass(frozen=True, slots=True)
class ServerFeed:
    """One subscription on the server. ``stream_id`` is the server's id (``feed/...``);
    ``folders`` the labels it is filed under (a Gloss feed has at most one folder: the first)."""

    stream_id: str
    url: str
    title: str = ""
    site_url: str | None = None
    folders: tuple[str, ...] = ()

    @property
    def folder(self) -> str | None:
        return self.folders[0] if self.folders else None


@dataclass(frozen=True, slots=True)
class ServerTag:
    """A label from ``tag/list``: a folder (of feeds) or a tag (of items); states are left out."""

    name: str
    kind: Literal["folder", "tag", "unknown"] = "unknown"


@dataclass(frozen=True, slots=True)
class ItemRefsPage:
    """One page of ``stream/items/ids``: item ids (decimal strings) and the continuation, if any."""

    ids: tuple[str, ...]
    continuation: str | None = None


@dataclass(frozen=True, slots=True)
class ServerItem:
    """One item from ``stream/items/contents``. ``id`` is its decimal id (what ``items/ids``
    gives); ``crawled_usec`` is when the server first saw it (microseconds since the epoch)."""

    id: str
    stream_id: str
    url: str | None
    title: str = ""
    content_html: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    crawled_usec: int = 0
    read: bool = False
    starred: bool = False
    enclosures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuickAddResult:
    """What ``subscription/quickadd`` answered: the new stream id, or the server's reason."""

    stream_id: str | None
    url: str | None = None
    title: str = ""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What ``gloss sync status`` and the Settings show."""

    account: SyncAccount | None
    last_sync: datetime | None = None
    pending_changes: int = 0
    synced_feeds: int = 0
    synced_items: int = 0
    password_note: str | None = None


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one sync did. ``problems`` are errors as values (a feed the server refused, a
    feed whose items could not be stored); ``refresh`` is the page fetching of the new
    articles, one result per feed, as a refresh reports it."""

    feeds_added: int = 0
    feeds_removed: int = 0
    feeds_pushed: int = 0
    feeds_unsubscribed_on_server: int = 0
    feeds_changed: int = 0
    new_articles: int = 0
    flags_pulled: int = 0
    flags_pushed: int = 0
    conflicts: int = 0
    requests: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    problems: tuple[Exception, ...] = ()
    refresh: tuple[FeedUpdateResult, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled

    def summary(self) -> str:
        """One sentence for a status bar or a terminal."""
        if self.cancelled:
            return "Sync cancelled; nothing was lost (the next sync carries on)."
        parts = [f"{self.new_articles} new article{'s' if self.new_articles != 1 else ''}"]
        if self.feeds_added or self.feeds_removed:
            parts.append(f"{self.feeds_added} feed(s) added, {self.feeds_removed} removed here")
        if self.feeds_pushed or self.feeds_unsubscribed_on_server:
            parts.append(
                f"{self.feeds_pushed} subscribed, {self.feeds_unsubscribed_on_server} unsubscribed on the server"
            )
        if self.flags_pulled or self.flags_pushed:
            parts.append(f"{self.flags_pushed} read/star change(s) sent, {self.flags_pulled} received")
        text = "Synced: " + "; ".join(parts)
        if self.problems:
            text += f"; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return text + "."
