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
from collections.abc import Callable, Container, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .errors import StorageError, SyncAccountError, SyncError
from .storage.atomic import require_folder
from .sync.credentials import PasswordBox
from .sync.state import Flag, Journal, SyncFiles
from .sync.types import SyncAccount, SyncResult, SyncStatus
from .types import Feed, RefreshProgress, utcnow

if TYPE_CHECKING:
    from .feeds.refresh import Refresher
    from .library import Library

SYNC_DIR = "sync"
_LOADING = threading.Lock()


class Syncing:
    """See :class:`reader.library.Library`."""

    data_dir: Path | None
    readonly: bool
    _sync_cache: dict[str, Any] | None = None
    _sync_running: threading.Lock | None = None

    def _lib(self) -> Library:
        return cast("Library", self)

    # --- where things are --------------------------------------------------------------------------

    def _sync_dir(self) -> Path | None:
        return self.data_dir / SYNC_DIR if self.data_dir is not None else None

    def _sync(self) -> dict[str, Any]:
        """The account, its files and journal, loaded once per process."""
        cache = self._sync_cache
        if cache is not None:
            return cache
        with _LOADING:  # the window's thread and a sync's may ask at once: one journal only
            if self._sync_cache is not None:
                return self._sync_cache
            directory = self._sync_dir()
            files = SyncFiles(directory)
            account = files.account()
            journal = Journal(directory / "pending.json" if directory is not None else None) if account else None
            self._sync_cache = {
                "files": files,
                "account": account,
                "journal": journal,
                "box": PasswordBox(directory),
                "synced": None,
            }
            if self._sync_running is None:
                self._sync_running = threading.Lock()
            return self._sync_cache

    # --- the account --------------------------------------------------------------------------------

    def sync_account(self) -> SyncAccount | None:
        """The account this library syncs with, or None."""
        account: SyncAccount | None = self._sync()["account"]
        return account

    def add_sync_account(self, server_url: str, user: str, password: str) -> tuple[SyncAccount, str | None]:
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
        sync = self._sync()
        old: SyncAccount | None = sync["account"]
        box: PasswordBox = sync["box"]
        files: SyncFiles = sync["files"]
        if old is not None and (old.api_url, old.user) != (api_url, user):
            self.remove_sync_account()  # another server: what was agreed with the old one means nothing
            sync = self._sync()
            box, files = sync["box"], sync["files"]
        store = box.save(_key(user, api_url), password)
        account = SyncAccount(server_url=url, api_url=api_url, user=user, password_store=store, added=utcnow())
        files.save_account(account)
        self._sync_cache = None  # reload: the journal starts now
        return account, box.note

    def remove_sync_account(self) -> None:
        """Forget the account, its password and what was agreed with it. Every feed, article,
        flag, highlight and note stays here; the feeds are read from this computer again."""
        self._writable()
        sync = self._sync()
        account: SyncAccount | None = sync["account"]
        if account is not None:
            sync["box"].delete(_key(account.user, account.api_url))
        sync["files"].forget()
        directory = self._sync_dir()
        journal = sync["journal"] or Journal(directory / "pending.json" if directory is not None else None)
        journal.clear()
        self._sync_cache = None

    def sync_status(self) -> SyncStatus:
        sync = self._sync()
        account: SyncAccount | None = sync["account"]
        if account is None:
            return SyncStatus(None)
        state = sync["files"].state()
        note = None
        if account.password_store == "file":
            box: PasswordBox = sync["box"]
            note = f"The API password is kept in {box.file or 'memory'}, readable only by you (no system keyring)."
        journal: Journal | None = sync["journal"]
        return SyncStatus(
            account,
            last_sync=state.last_sync,
            pending_changes=len(journal) if journal is not None else 0,
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
        lib = self._lib()
        sync = self._sync()
        account: SyncAccount | None = sync["account"]
        if account is None:
            raise SyncAccountError("No sync account is set up: add one with `gloss sync add URL`, or in Settings.")
        password = sync["box"].load(_key(account.user, account.api_url), account.password_store)
        running = self._sync_running
        assert running is not None
        if not running.acquire(blocking=False):
            raise SyncError("A sync is already running.")
        try:
            hooks = LibraryHooks(
                storage=lib.storage,
                new_feed_id=_new_feed_id,
                unsubscribe=lib.unsubscribe,
                make_refresher=self._sync_refresher,
                retention_days=lib.settings().retention_days,
            )
            cancel = cancel or threading.Event()
            with GReaderClient(account.api_url, account.user, password) as client:
                engine = SyncEngine(hooks, sync["files"], sync["journal"], client, progress=progress, cancel=cancel)
                result = engine.run()
            sync["synced"] = None
            lib._after_refresh()  # new texts are indexed for search later, as after a refresh
            if refresh_local and not result.cancelled:
                local = [f.id for f in lib.feeds() if f.id not in self.synced_feed_ids()]
                if local:
                    extra = lib.refresh(local, progress=progress, cancel=cancel)
                    result = replace(result, refresh=(*result.refresh, *extra))
            return result
        finally:
            running.release()

    def synced_feed_ids(self) -> set[str]:
        """The feeds read through the sync server (empty without an account)."""
        sync = self._sync()
        if sync["account"] is None:
            return set()
        if sync["synced"] is None:
            sync["synced"] = {link.feed_id for link in sync["files"].state().feeds.values()}
        found: set[str] = sync["synced"]
        return found

    def _sync_refresher(self) -> Refresher:
        return self._lib()._refresher()

    def _writable(self) -> None:
        if self.readonly:
            raise StorageError("This library is open read-only (another Gloss has it); sync from that one.")
        if self.data_dir is not None:
            require_folder(self.data_dir)  # a library folder gone is said so, and not made again

    # --- the journal: the facade calls these before it changes anything ------------------------------

    def _not_synced(self, feeds: list[Feed]) -> list[Feed]:
        """The feeds a refresh reads itself (with an account, the server reads the others)."""
        synced = self.synced_feed_ids()
        return [f for f in feeds if f.id not in synced] if synced else feeds

    def _journal_flags(self, article_ids: Iterable[str], flag: Flag, value: bool) -> None:
        if self.readonly:  # the change will be refused; the writing Gloss keeps the journal
            return
        journal: Journal | None = self._sync()["journal"]
        if journal is not None:
            journal.note_flags(list(article_ids), flag, value)

    def _journal_feeds(self, feed_ids: Iterable[str]) -> None:
        if self.readonly:
            return
        journal: Journal | None = self._sync()["journal"]
        if journal is not None:
            journal.note_feeds(list(feed_ids))


def _key(user: str, api_url: str) -> str:
    return f"{user}@{api_url}"


def _new_feed_id(url: str, taken: Container[str]) -> str:
    from .library import new_feed_id

    return new_feed_id(url, taken)
