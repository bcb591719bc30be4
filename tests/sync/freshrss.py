"""A real FreshRSS for the sync tests and the benchmark (``../shared/servers/freshrss/start``).

:func:`start_freshrss` runs the start script (which installs PHP from Debian packages when
it is missing) in a fresh folder on a free port, and returns a :class:`FreshRSS` that can
make users (one per test: every test starts from an empty account), refresh a user's
feeds now (the server's own cron would, later) and stop the server.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START = Path(os.environ.get("GLOSS_FRESHRSS_START", ROOT.parent / "shared" / "servers" / "freshrss" / "start"))
HERE = Path(__file__).resolve().parent
START_TIMEOUT = 900  # seconds: the first start may install PHP

# Refreshes every feed of one user now, whatever its TTL and cache: FreshRSS's own
# actualize-user skips feeds refreshed less than an hour ago, and caches feeds 800 s.
_REFRESH_PHP = """<?php
declare(strict_types=1);
require($argv[1] . '/cli/_cli.php');
cliInitUser($argv[2]);
$n = 0;
foreach (FreshRSS_Factory::createFeedDao()->listFeeds() as $feed) {
    $feed->clearCache();
    FreshRSS_feed_Controller::actualizeFeedsAndCommit($feed->id());
    $n++;
}
echo $n, "\\n";
"""


class FreshRSSUnavailable(RuntimeError):
    """The server could not be started (PHP could not be installed, the script is missing)."""


@dataclass(frozen=True)
class Account:
    url: str  # the FreshRSS address, what a user types
    api_url: str
    user: str
    password: str  # the API password


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FreshRSS:
    def __init__(self, directory: Path, values: dict[str, str]) -> None:
        self.directory = directory
        self.app = directory / "freshrss"
        self.url = values["FRESHRSS_URL"]
        self.api_url = values["FRESHRSS_API"]
        self.pid = int(values["FRESHRSS_PID"])
        self._users = itertools.count(1)
        self._refresh_script = directory / "gloss-refresh.php"
        self._refresh_script.write_text(_REFRESH_PHP)

    def _php(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(["php", *args], capture_output=True, text=True, timeout=timeout, cwd=self.app)
        if done.returncode != 0:
            raise RuntimeError(f"php {shlex.join(args)} failed: {done.stdout}{done.stderr}")
        return done.stdout

    def new_user(self, *, prefix: str = "u") -> Account:
        """A fresh user with an API password, without FreshRSS's default feed."""
        name = f"{prefix}{os.getpid()}x{next(self._users)}"
        password = f"api-{name}-secret"
        self._php("cli/create-user.php", "--user", name, "--password", f"pw-{name}-12345", "--api-password", password)
        account = Account(self.url, self.api_url, name, password)
        self._drop_default_feeds(account)
        return account

    def set_api_password(self, account: Account, password: str) -> None:
        self._php("cli/update-user.php", "--user", account.user, "--api-password", password)

    def refresh(self, account: Account) -> None:
        """Make the server read its feeds now."""
        self._php(str(self._refresh_script), str(self.app), account.user)

    def _drop_default_feeds(self, account: Account) -> None:
        with httpx.Client(timeout=30) as client:
            login = client.post(
                f"{account.api_url}/accounts/ClientLogin", data={"Email": account.user, "Passwd": account.password}
            )
            auth = next(line[5:] for line in login.text.splitlines() if line.startswith("Auth="))
            headers = {"Authorization": f"GoogleLogin auth={auth}"}
            subs = client.get(f"{account.api_url}/reader/api/0/subscription/list?output=json", headers=headers).json()
            for sub in subs["subscriptions"]:
                client.post(
                    f"{account.api_url}/reader/api/0/subscription/edit",
                    data={"s": sub["id"], "ac": "unsubscribe"},
                    headers=headers,
                )

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        for _ in range(50):
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def start_freshrss(directory: Path, port: int | None = None, *, workers: int = 1) -> FreshRSS:
    """Start FreshRSS in ``directory``; raises FreshRSSUnavailable, saying why, when it cannot.
    ``workers``: PHP's built-in server answers one request at a time unless told otherwise."""
    if not START.exists():
        raise FreshRSSUnavailable(
            f"The FreshRSS start script is missing ({START}); set GLOSS_FRESHRSS_START to its path."
        )
    env = dict(os.environ)
    if workers > 1:
        env["PHP_CLI_SERVER_WORKERS"] = str(workers)
    try:
        done = subprocess.run(
            [str(START), str(directory), str(port or free_port())],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise FreshRSSUnavailable(f"FreshRSS did not start within {START_TIMEOUT} s.") from exc
    if done.returncode != 0:
        log = ""
        for name in ("apt.log", "install.log", "server.log"):
            path = directory / name
            if path.exists():
                log += f"\n--- {name} (end) ---\n" + path.read_text(errors="replace")[-2000:]
        raise FreshRSSUnavailable(f"FreshRSS could not start: {done.stderr.strip() or done.stdout.strip()}{log}")
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return FreshRSS(directory, values)
