"""The account's API password: in the system keyring, or in a file only the user can read.

The keyring (``keyring``: the Secret Service of GNOME and KDE, macOS's Keychain, Windows's
Credential Manager) is tried first. Where there is none (a headless machine, a desktop
without a keyring daemon, or ``keyring`` not installed), the password goes to
``<library>/sync/password``, created with mode 0600 (atomically, like every file of the
library), and :attr:`PasswordBox.note` says so in words, so the user knows where it is.
A memory library keeps it in memory.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import StorageError, SyncAccountError
from ..storage.atomic import atomic_write_bytes
from .types import PasswordStore

KEYRING_SERVICE = "Gloss sync"
PASSWORD_FILE = "password"


def _keyring() -> tuple[Any, str | None]:
    """The keyring module if a usable backend is there, else (None, why not)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or broken by its own dependencies
        return None, "the keyring package is not installed"
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        return None, f"the keyring could not be opened ({exc})"
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None, "this system has no keyring service (such as GNOME Keyring, KWallet or a desktop Keychain)"
    return keyring, None


class PasswordBox:
    """Stores one account's password under ``key`` (``user@api-url``)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.note: str | None = None  # set when the file fallback was used, and why
        self._memory: dict[str, str] = {}

    @property
    def file(self) -> Path | None:
        return self.directory / PASSWORD_FILE if self.directory is not None else None

    def save(self, key: str, password: str) -> PasswordStore:
        """Keep ``password``; returns where it went (and sets :attr:`note` for the file)."""
        keyring, why_not = _keyring()
        if keyring is not None:
            try:
                keyring.set_password(KEYRING_SERVICE, key, password)
            except Exception as exc:  # locked, refused, a D-Bus error: fall back, and say why
                why_not = f"the keyring refused it ({type(exc).__name__}: {exc})"
            else:
                self._remove_file()
                self.note = None
                return "keyring"
        self._write_file(key, password)
        where = str(self.file) if self.file is not None else "memory (this library is not on disk)"
        self.note = f"The API password is kept in {where}, readable only by you: {why_not}."
        return "file"

    def load(self, key: str, store: PasswordStore) -> str:
        """The saved password; raises SyncAccountError (in words) when it is gone."""
        if store == "keyring":
            keyring, why_not = _keyring()
            if keyring is None:
                raise SyncAccountError(
                    f"The sync password was kept in the system keyring, which is not available now ({why_not}). "
                    "Add the account again (gloss sync add URL) to enter it."
                )
            try:
                found = keyring.get_password(KEYRING_SERVICE, key)
            except Exception as exc:
                raise SyncAccountError(f"The system keyring would not give the sync password: {exc}") from exc
            if found is None:
                raise SyncAccountError(
                    "The sync password is no longer in the system keyring. Add the account again to enter it."
                )
            return str(found)
        found = self._read_file(key)
        if found is None:
            raise SyncAccountError("The sync password file is missing or damaged. Add the account again to enter it.")
        return found

    def delete(self, key: str) -> None:
        """Forget the password wherever it is."""
        keyring, _ = _keyring()
        if keyring is not None:
            with contextlib.suppress(Exception):  # not there, or the keyring is locked: nothing to keep
                keyring.delete_password(KEYRING_SERVICE, key)
        self._remove_file()
        self._memory.pop(key, None)

    # --- the fallback file -----------------------------------------------------------------------

    def _write_file(self, key: str, password: str) -> None:
        if self.file is None:
            self._memory[key] = password
            return
        payload = json.dumps({"account": key, "password": password}).encode("utf-8")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Could not create {self.file.parent}: {exc.strerror}.") from exc
        atomic_write_bytes(self.file, payload, mode=0o600)

    def _read_file(self, key: str) -> str | None:
        if self.file is None:
            return self._memory.get(key)
        try:
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return None
        if os.name == "posix":
            with contextlib.suppress(OSError):  # someone widened it: narrow it again
                if self.file.stat().st_mode & 0o077:
                    os.chmod(self.file, 0o600)
        if not isinstance(data, dict) or data.get("account") != key or not isinstance(data.get("password"), str):
            return None
        return str(data["password"])

    def _remove_file(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.unlink()
