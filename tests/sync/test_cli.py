"""``gloss sync`` end to end: a real library on disk, the real FreshRSS."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

from .freshrss import Account
from .site import Site

pytestmark = pytest.mark.timeout(900)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, inp=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_sync_add_status_sync_and_remove(tmp_path: Path, site: Site, account: Account) -> None:
    data = str(tmp_path / "lib")
    feed = site.feed(site.prefix(), "cli", "Command Line Times", 2)
    with Library.open(data, first_run=False) as lib:
        lib.add_feed(feed.url, folder="Terminal")

    add = ("--data-dir", data, "sync", "add", account.url, "--user", account.user, "--password-stdin")
    code, out, err = run(*add, stdin="wrong\n")
    assert code == 1 and "refused the user name" in err and "API password" in err

    code, out, err = run(*add, stdin=account.password + "\n")
    assert code == 0, err
    assert f"Signed in to {account.api_url} as {account.user}." in out
    assert "readable only by you" in err  # no keyring here: the fallback file, said in words
    assert (tmp_path / "lib" / "sync" / "password").stat().st_mode & 0o777 == 0o600
    assert "Synced: 2 new articles; 1 subscribed, 0 unsubscribed on the server." in out

    code, out, err = run("--data-dir", data, "sync", "status")
    assert code == 0
    assert f"Account: {account.user} at {account.api_url}" in out and "Synced: 1 feeds" in out

    code, out, _ = run("--data-dir", data, "sync", "--json")
    assert code == 0 and json.loads(out)["problems"] == []

    code, out, _ = run("--data-dir", data, "refresh")
    assert code == 0 and "1 feeds are read by the sync server" in out

    code, out, _ = run("--data-dir", data, "sync", "remove")
    assert code == 0 and "Forgot the account" in out
    assert not (tmp_path / "lib" / "sync" / "password").exists()
    code, out, _ = run("--data-dir", data, "sync", "status")
    assert "No sync account" in out
    with Library.open(data, first_run=False) as lib:
        assert [f.folder for f in lib.feeds()] == ["Terminal"]


def test_sync_without_an_account_says_how_to_add_one(tmp_path: Path) -> None:
    code, _, err = run("--data-dir", str(tmp_path / "lib"), "sync")
    assert code == 1 and "gloss sync add URL" in err


def test_sync_add_without_a_terminal_says_how_to_give_the_password(tmp_path: Path, account: Account) -> None:
    code, _, err = run("--data-dir", str(tmp_path / "lib"), "sync", "add", account.url, "--user", account.user)
    assert code == 1 and "--password-stdin" in err
