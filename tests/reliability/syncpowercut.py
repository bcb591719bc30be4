"""The sync power-cut harness, shared by tests/sync/test_sync_power_cut.py (a few kills) and
stress/stress_sync_power_cut.py (many): a library synced with a real FreshRSS account, a
child (tests/reliability/syncpowercut_child.py) that changes read and starred flags and
syncs until it is SIGKILLed at a random moment, then the proof:

1. the library opens without a notice of damage and ``gloss check`` finds no error;
2. every flag change whose call had returned is still here (a change whose call was cut by
   the kill may or may not be, and may still be made by a later sync: it was journaled
   before it was made);
3. the next sync completes, leaves no change waiting, and the server then has exactly the
   read and starred flags this library has, for every item the two share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reader.check import check_library
from reader.errors import ReaderError
from reader.feeds.http import HttpClient
from reader.library import Library
from reader.sync import greader
from reader.sync.client import GReaderClient
from tests.sync.freshrss import Account

CHILD_MODULE = "tests.reliability.syncpowercut_child"
Key = tuple[str, str]  # (article id, "read" | "starred")


def quick_http() -> HttpClient:
    return HttpClient(connect_timeout=5.0, read_timeout=10.0, total_timeout=20.0)


def make_synced_library(root: Path, account: Account, feed_urls: list[str]) -> int:
    """A library subscribed to ``feed_urls`` with ``account``, synced once; returns its articles."""
    with Library.open(root, first_run=False) as lib:
        lib.set_http(quick_http())
        lib.add_sync_account(account.url, account.user, account.password)
        for url in feed_urls:
            lib.add_feed(url)
        result = lib.sync(refresh_local=False)
        assert result.ok, result.problems
        return len(lib.articles())


def server_flags(account: Account) -> tuple[set[str], set[str]]:
    """(unread, starred) item ids, as the server has them now."""
    with GReaderClient(account.api_url, account.user, account.password) as client:
        unread = set(client.item_ids(greader.READING_LIST, exclude=greader.READ))
        starred = set(client.item_ids(greader.STARRED))
    return unread, starred


@dataclass
class SyncLedger:
    """What the children confirmed, and so what must be here and, after a sync, on the server."""

    flags: dict[Key, bool] = field(default_factory=dict)
    unsure: dict[Key, bool] = field(default_factory=dict)  # set, but the call never returned
    # An unsure change the kill cut between its journal entry and the article's write: the
    # journal holds it, so a later sync may still make it (until a newer change of that flag).
    in_flight: dict[Key, bool] = field(default_factory=dict)
    changes: int = 0
    syncs: int = 0  # syncs of the children that returned
    failed_syncs: int = 0  # ... and said they were not ok
    kills_mid_sync: int = 0  # kills after a run's last change returned, during its sync
    completing_syncs: int = 0

    def absorb(self, lines: list[str]) -> None:
        self.unsure.clear()
        last = ""
        for line in lines:
            kind, *rest = line.split(" ")
            if kind in ("E", "Q"):
                key, value = (rest[0], rest[1]), rest[2] == "1"
                if kind == "E":
                    self.unsure[key] = value
                else:
                    self.flags[key] = value
                    self.unsure.pop(key, None)
                    self.in_flight.pop(key, None)
                    self.changes += 1
            elif kind == "S":
                self.syncs += 1
                self.failed_syncs += rest[0] != "1"
            last = kind or last
        self.kills_mid_sync += last == "Q"
        self.in_flight.update(self.unsure)

    def verify(self, root: Path, account: Account, *, sync: bool = True) -> list[str]:
        """Every way the library (and, with ``sync``, the server after the next sync) falls short."""
        try:
            with Library.open(root, first_run=False) as lib:
                lib.set_http(quick_http())
                failures = self._check_here(lib)
                if sync and not failures:
                    failures += self._sync_and_compare(lib, root, account)
                return failures
        except ReaderError as exc:
            return [f"the library does not open, read or sync: {exc}"]

    def _check_here(self, lib: Library) -> list[str]:
        failures: list[str] = []
        if lib.notices:
            failures.append(f"damage noticed on open: {lib.notices}")
        errors = [p.message for p in check_library(lib) if p.severity == "error"]
        if errors:
            failures.append(f"gloss check: {errors[:5]}")
        for (aid, flag), value in list(self.flags.items()):
            actual = bool(getattr(lib.article(aid), flag))
            if actual != value and self.in_flight.get((aid, flag)) != actual:
                failures.append(f"{aid} {flag}: {actual} here, but {value} was set and returned before the kill")
            self.flags[(aid, flag)] = actual  # what is here now is what later kills must keep
        for aid, flag in self.in_flight.keys() - self.flags.keys():
            self.flags[(aid, flag)] = bool(getattr(lib.article(aid), flag))
        return failures

    def _sync_and_compare(self, lib: Library, root: Path, account: Account) -> list[str]:
        result = lib.sync(refresh_local=False)
        self.completing_syncs += 1
        if not result.ok:
            return [f"the next sync did not complete: {result.problems}"]
        failures: list[str] = []
        pending = lib.sync_status().pending_changes
        if pending:
            failures.append(f"{pending} changes still wait to be sent after a complete sync")
        # The sync dealt with the whole journal: what is here now is what was agreed.
        self.in_flight.clear()
        for key in self.flags:
            self.flags[key] = bool(getattr(lib.article(key[0]), key[1]))
        items = json.loads((root / "sync" / "state.json").read_text())["items"]
        unread, starred = server_flags(account)
        here = {a.id: a for a in lib.articles()}
        for item_id, link in items.items():
            article = here.get(link[0])
            if article is None:
                continue  # pruned here (retention); the server keeps it
            if article.read == (item_id in unread):
                failures.append(f"{article.id} read: {article.read} here, {item_id not in unread} on the server")
            if article.starred != (item_id in starred):
                failures.append(f"{article.id} starred: {article.starred} here, {item_id in starred} on the server")
        missing = {aid for aid, _ in self.flags} - {link[0] for link in items.values()}
        if missing:
            failures.append(f"{len(missing)} changed articles the server does not know: {sorted(missing)[:3]}")
        return failures
