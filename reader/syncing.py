"""Sync in the facade: one account per library, thin methods over :mod:`reader.sync`.

With an account, the feeds the server has are read through it (``sync``): its stream brings
their new articles, so every device sees the same ones, and Gloss still fetches and
extracts each article's page itself. :meth:`Library.refresh` then reads only the feeds the
server does not have (the bundled sample, a feed the server refused). Every read, starred,
move and rename made here is queued (:class:`reader.sync.state.Journal`) before it is made,
and sent on the next sync; highlights and notes stay in Gloss and are never sent or touched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StorageError, SyncAccountError, SyncError
from .events import ArticlesAdded, EventBus, FeedsChanging, FlagsChanging
from .identity import feed_id_for
from .storage.protocol import Storage
from .sync.credentials import PasswordBox
from .sync.state import Flag, Journal, SyncFiles
from .sync.types import SyncAccount, SyncResult, SyncStatus
from .types import Feed, FeedUpdateResult, RefreshProgress, utcnow

if TYPE_CHECKING:
    from .feeds.refresh import Refresher

SYNC_DIR = "sync"


@dataclass(slots=True)
class _Loaded:
    """The account, its files, journal and password box, loaded once per process."""

    files: SyncFiles
    account: SyncAccount | None
    journal: Journal | None
    box: PasswordBox
    synced: set[str] | None = None  # the feeds the server reads, once asked


@dataclass(frozen=True, slots=True)
class LibraryParts:
    """What a sync needs of the library besides its storage (the facade passes its own methods)."""

    refresher: Callable[[], Refresher]  # the refresh engine, with the settings as they are now
    refresh: Callable[..., list[FeedUpdateResult]]  # Library.refresh, for the feeds the server lacks
    unsubscribe: Callable[[str], int]
    feeds: Callable[[], list[Feed]]
    retention_days: Callable[[], int]


class SyncService:
    """The sync account of one library; see :class:`reader.library.Library`. It journals every
    :class:`reader.events.FlagsChanging` and :class:`reader.events.FeedsChanging` (no-op
    without an account) and publishes :class:`reader.events.ArticlesAdded` after a sync."""

    def __init__(
        self, storage: Storage, bus: EventBus, parts: LibraryParts, *, data_dir: Path | None, readonly: bool
    ) -> None:
        self.storage = storage
        self.data_dir = data_dir
        self.readonly = readonly
        self._bus = bus
        self._parts = parts
        self._loaded: _Loaded | None = None
        self._loading = threading.Lock()
        self._running = threading.Lock()
        bus.subscribe(FlagsChanging, lambda e: self._journal_flags(e.article_ids, e.flag, e.value))
        bus.subscribe(FeedsChanging, lambda e: self._journal_feeds(e.feed_ids))

    # --- where things are --------------------------------------------------------------------------

    def _sync_dir(self) -> Path | None:
        return self.data_dir / SYNC_DIR if self.data_dir is not None else None

    def _journal_file(self) -> Path | None:
        directory = self._sync_dir()
        return directory / "pending.json" if directory is not None else None

    def _sync(self) -> _Loaded:
        """The account, its files and journal, loaded once per process."""
        loaded = self._loaded
        if loaded is not None:
            return loaded
        with self._loading:  # the window's thread and a sync's may ask at once: one journal only
            if self._loaded is None:
                directory = self._sync_dir()
                files = SyncFiles(directory)
                account = files.account()
                journal = Journal(self._journal_file()) if account else None
                self._loaded = _Loaded(files, account, journal, PasswordBox(directory))
            return self._loaded

    # --- the account --------------------------------------------------------------------------------

    def account(self) -> SyncAccount | None:
        """The account this library syncs with, or None."""
        return self._sync().account

    def add_account(self, server_url: str, user: str, password: str) -> tuple[SyncAccount, str | None]:
        """Sign in at ``server_url`` (its Google Reader API is found from it: FreshRSS's
        ``/api/greader.php`` too) and keep the account. Returns it and, when the password
        could not go to the system keyring, a note saying where it is kept instead.
        Nothing is synced yet; the first :meth:`sync` merges both sides (nothing is lost on
        either). Raises SyncAuthError, SyncServerError or SyncAccountError, in words."""
        from .sync.client import discover_api, normalise_server_url

        self._writable()
        user = user.strip()
        if not user:
            raise SyncAccountError("The sync account needs a user name.")
        if not password:
            raise SyncAccountError("The sync account needs its API password.")
        url = normalise_server_url(server_url)
        api_url = discover_api(url, user, password)
        loaded = self._sync()
        old = loaded.account
        if old is not None and (old.api_url, old.user) != (api_url, user):
            self.remove_account()  # another server: what was agreed with the old one means nothing
            loaded = self._sync()
        store = loaded.box.save(_key(user, api_url), password)
        account = SyncAccount(server_url=url, api_url=api_url, user=user, password_store=store, added=utcnow())
        loaded.files.save_account(account)
        self._loaded = None  # reload: the journal starts now
        return account, loaded.box.note

    def remove_account(self) -> None:
        """Forget the account, its password and what was agreed with it. Every feed, article,
        flag, highlight and note stays here; the feeds are read from this computer again."""
        self._writable()
        loaded = self._sync()
        if loaded.account is not None:
            loaded.box.delete(_key(loaded.account.user, loaded.account.api_url))
        loaded.files.forget()
        (loaded.journal or Journal(self._journal_file())).clear()
        self._loaded = None

    def status(self) -> SyncStatus:
        loaded = self._sync()
        account = loaded.account
        if account is None:
            return SyncStatus(None)
        state = loaded.files.state()
        note = None
        if account.password_store == "file":
            note = (
                f"The API password is kept in {loaded.box.file or 'memory'}, readable only by you (no system keyring)."
            )
        return SyncStatus(
            account,
            last_sync=state.last_sync,
            pending_changes=len(loaded.journal) if loaded.journal is not None else 0,
            synced_feeds=len(state.feeds),
            synced_items=len(state.items),
            password_note=note,
        )

    # --- syncing -------------------------------------------------------------------------------------

    def sync(
        self,
        *,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: threading.Event | None = None,
        refresh_local: bool = True,
    ) -> SyncResult:
        """Sync with the account's server (see :mod:`reader.sync.engine`), then, with
        ``refresh_local``, refresh the feeds the server does not have. Raises a SyncError
        (nothing changed here) when the server cannot be used; problems with single feeds
        come back as values in the result."""
        from .sync.client import GReaderClient
        from .sync.engine import LibraryHooks, SyncEngine

        self._writable()
        loaded = self._sync()
        account = loaded.account
        if account is None or loaded.journal is None:
            raise SyncAccountError("No sync account is set up: add one with `gloss sync add URL`, or in Settings.")
        password = loaded.box.load(_key(account.user, account.api_url), account.password_store)
        if not self._running.acquire(blocking=False):
            raise SyncError("A sync is already running.")
        try:
            hooks = LibraryHooks(
                storage=self.storage,
                new_feed_id=feed_id_for,
                unsubscribe=self._parts.unsubscribe,
                make_refresher=self._parts.refresher,
                retention_days=self._parts.retention_days(),
            )
            cancel = cancel or threading.Event()
            with GReaderClient(account.api_url, account.user, password) as client:
                engine = SyncEngine(hooks, loaded.files, loaded.journal, client, progress=progress, cancel=cancel)
                result = engine.run()
            loaded.synced = None
            self._bus.publish(ArticlesAdded())  # new texts are indexed for search later, as after a refresh
            if refresh_local and not result.cancelled:
                local = [f.id for f in self._parts.feeds() if f.id not in self.synced_feed_ids()]
                if local:
                    extra = self._parts.refresh(local, progress=progress, cancel=cancel)
                    result = replace(result, refresh=(*result.refresh, *extra))
            return result
        finally:
            self._running.release()

    def synced_feed_ids(self) -> set[str]:
        """The feeds read through the sync server (empty without an account)."""
        loaded = self._sync()
        if loaded.account is None:
            return set()
        if loaded.synced is None:
            loaded.synced = {link.feed_id for link in loaded.files.state().feeds.values()}
        return loaded.synced

    def not_synced(self, feeds: Sequence[Feed]) -> list[Feed]:
        """The feeds a refresh reads itself (with an account, the server reads the others)."""
        synced = self.synced_feed_ids()
        return [f for f in feeds if f.id not in synced] if synced else list(feeds)

    def _writable(self) -> None:
        if self.readonly:
            raise StorageError("This library is open read-only (another Gloss has it); sync from that one.")

    # --- the journal: events published before the library changes anything ----------------------------

    def _journal_flags(self, article_ids: Iterable[str], flag: Flag, value: bool) -> None:
        if self.readonly:  # the change will be refused; the writing Gloss keeps the journal
            return
        journal = self._sync().journal
        if journal is not None:
            journal.note_flags(list(article_ids), flag, value)

    def _journal_feeds(self, feed_ids: Iterable[str]) -> None:
        if self.readonly:
            return
        journal = self._sync().journal
        if journal is not None:
            journal.note_feeds(list(feed_ids))


def _key(user: str, api_url: str) -> str:
    return f"{user}@{api_url}"
