"""Crash-safe file writes, and a TinyDB ``Storage`` built on them.

TinyDB's own ``JSONStorage`` truncates the file and writes it in place: a process killed
mid-write leaves torn JSON. Here every write goes to a temporary file in the same
directory, is fsynced, and then ``os.replace``d over the old file (atomic on POSIX and
Windows), so after a kill at any instant a file is either the old or the new version.

The previous version is kept as ``<name>.bak`` (one rolling backup). If the main file is
ever unreadable (a disk error, a hand edit), :class:`AtomicJSONStorage` falls back to the
backup, moves the damaged file aside (never deletes it) and records a notice in words.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..errors import SchemaError, StorageError
from ..pacing import disk_wait
from .encoded import EncodedDocs, dumps_sliced
from .journal import Journal

META_TABLE = "_meta"
Migration = Callable[[dict[str, Any], int], dict[str, Any]]


def describe_os_error(exc: OSError, path: Path) -> str:
    """Turn an OSError into a sentence for the user."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file would exceed the size this system allows (the disk may be full)",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "Gloss is not allowed to write there",
        errno.EPERM: "Gloss is not allowed to write there",
        # The folder of the file being written, which may be an export's, not the library's.
        errno.ENOENT: f"the folder {path.parent} does not exist",
        errno.ENOTDIR: f"{path.parent} is not a folder",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"Could not save {path.name} in {path.parent}: {reason}. Your previous data is unchanged."


def folder_gone(root: Path) -> StorageError:
    """The error for a library folder that is not there any more (moved, deleted, unmounted)."""
    return StorageError(
        f"The library folder {root} is gone (moved, deleted, or on a drive that is not mounted). "
        "Gloss created nothing in its place: put it back, or open another library folder."
    )


def require_folder(root: Path) -> None:
    """Raise :func:`folder_gone` unless ``root`` is a folder (a check before anything that would
    read a missing file as "empty", or create folders on the way to a write)."""
    if not os.path.isdir(root):
        raise folder_gone(root)


def fsync_dir(directory: Path) -> None:
    """Make a rename (or a file's creation) in ``directory`` durable."""
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# A writer's temporary file: ".<name>.<pid>.<8 hex>.tmp" (or ".baktmp"), so the files a
# killed writer left behind can be told from a live writer's by the pid in their name.
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.(?:tmp|baktmp)$")


def _temp_name(path: Path, suffix: str, staging: Path | None = None) -> Path:
    name = f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.{suffix}"
    return staging / name if staging is not None else path.with_name(name)


def stale_temp_files(folders: Iterable[Path]) -> list[Path]:
    """The temporary files in ``folders`` whose writer is not running any more (a write
    killed between creating and renaming its file). A live writer's are never listed."""
    found = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = _TEMP_NAME.match(entry.name)
            if m and not _running(int(m.group(1))):
                found.append(Path(entry.path))
    return found


def remove_stale_temp_files(folders: Iterable[Path]) -> int:
    """Remove :func:`stale_temp_files`; returns how many went."""
    removed = 0
    for path in stale_temp_files(folders):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    backup: bool = False,
    durable: bool = True,
    mode: int | None = None,
    staging: Path | None = None,
) -> None:
    """Write ``data`` to ``path`` atomically: temp file, fsync, rename.

    With ``backup`` the replaced version is kept as ``path.bak`` (hard link, so the old
    file is never absent). ``mode`` (e.g. ``0o600`` for a secret) is the new file's
    permissions from the moment it exists, never wider. ``staging`` is a folder on the same
    disk for the temporary file (a store of many folders keeps its temporary files in one
    place, where a killed write's are found). Raises :class:`StorageError` with a readable
    message; on failure ``path`` is untouched.
    """
    tmp = _temp_name(path, "tmp", staging)
    # The bytes are made: an fsync waits on the disk, and a refresh thread's turn at Python
    # work (reader.pacing.Turns) goes to another thread meanwhile.
    with disk_wait() if durable else contextlib.nullcontext():
        _write_replace(path, tmp, data, backup=backup, durable=durable, mode=mode)


def _write_replace(path: Path, tmp: Path, data: bytes, *, backup: bool, durable: bool, mode: int | None) -> None:
    try:
        # With ``mode``, the file is created so (a secret is never readable by others, not even for a moment).
        opener = None if mode is None else lambda name, flags: os.open(name, flags, mode)
        with open(tmp, "wb", opener=opener) as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if backup and path.exists():
            bak_tmp = _temp_name(path, "baktmp")
            os.link(path, bak_tmp)
            os.replace(bak_tmp, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
        if durable:
            fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(describe_os_error(exc, path)) from exc


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def set_aside(path: Path) -> Path:
    """Move a damaged file out of the way, keeping it for the user; returns its new name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    return target


class AtomicJSONStorage(Storage):
    """A TinyDB storage with atomic, durable writes, an in-memory cache, a rolling backup,
    and a schema version (``_meta`` table) with a migration hook.

    The cache is safe because a library has one writer (see :mod:`reader.storage.lock`).
    After a failed write the cache is dropped, so memory never claims what disk lacks.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        kind: str,
        schema: int,
        migrate: Migration | None = None,
        backup: bool = False,
        notices: list[str] | None = None,
        readonly: bool = False,
        root: Path | None = None,
        reuse_encoded: bool = False,
        journal: bool = False,
    ) -> None:
        self.path = Path(path)
        # The library folder: while it is gone, nothing is read from memory as if it were there.
        self.root = root if root is not None else self.path.parent
        self.kind = kind
        self.schema = schema
        self.migrate = migrate
        self.backup = backup
        self.readonly = readonly
        self.notices = notices if notices is not None else []
        self._cache: dict[str, dict[str, Any]] | None = None
        # Each document's JSON kept, so a write encodes only what changed (see .encoded): for
        # files whose documents are only ever replaced, never changed in place.
        self._encoded = EncodedDocs() if reuse_encoded and not readonly else None  # a reader never writes
        # A write appends what it changed to a journal rather than writing the file whole (see
        # .journal): for files whose documents are only ever replaced, like reuse_encoded.
        self._journal = Journal(self.path) if journal else None

    # --- reading -------------------------------------------------------------------------

    def _load(self, path: Path) -> dict[str, dict[str, Any]] | None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            raise ValueError("empty file")
        data = self._encoded.decode(raw.decode("utf-8")) if self._encoded is not None else json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._cache is not None:
            require_folder(self.root)
            return self._cache
        data = self._read_file() if self._journal is None else self._read_journaled(self._journal)
        if data is None:
            # A read-only look at a library another Gloss is creating this very moment may
            # find its subfolders not made yet: that is an empty library, not a lost one.
            require_folder(self.root)
            if not self.path.parent.is_dir() and not self.readonly:
                raise folder_gone(self.path.parent)
            return None
        data = self._check_schema(data)
        if self._journal is not None:
            self._journal.remember(data)
        self._cache = data
        return data

    def _read_file(self) -> dict[str, dict[str, Any]] | None:
        try:
            return self._load(self.path)
        except PermissionError as exc:
            raise StorageError(f"Gloss may not read {self.path}: permission denied.") from exc
        except OSError as exc:  # a disk error, a name too long, ...: in words, never a traceback
            raise StorageError(f"Gloss could not read {self.path.name} in {self.path.parent}: {exc.strerror}.") from exc
        except (ValueError, UnicodeDecodeError):
            return self._recover()

    def _read_journaled(self, journal: Journal) -> dict[str, dict[str, Any]] | None:
        """The file with its journal replayed. A reader (no lock) whose file the writer wrote
        whole meanwhile (and whose journal it removed) reads both again."""
        data = None
        for _attempt in range(5):
            before = _stamp(self.path)
            data = self._read_file()
            if data is None and not journal.path.exists():
                return None
            data = journal.replay(data if data is not None else {})
            if not self.readonly or _stamp(self.path) == before:
                break
        if journal.damaged:
            self.notices.append(
                f"{journal.path.name} had {journal.damaged} damaged line(s) (a disk error); the "
                "saves they held could not be read, and everything else was."
            )
        return data

    def _recover(self) -> dict[str, dict[str, Any]] | None:
        bak = self.path.with_name(self.path.name + ".bak")
        damaged = set_aside(self.path) if not self.readonly else self.path
        try:
            data = self._load(bak)
        except (ValueError, UnicodeDecodeError):
            data = None
        if data is not None:
            self.notices.append(
                f"{self.path.name} was damaged; Gloss restored it from its backup. "
                f"The damaged file was kept as {damaged.name}."
            )
            if not self.readonly:
                atomic_write_bytes(self.path, bak.read_bytes())
        else:
            self.notices.append(
                f"{self.path.name} was damaged and had no usable backup; it was set aside as "
                f"{damaged.name} and a new one started."
            )
        return data

    def _check_schema(self, data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        meta = data.get(META_TABLE, {}).get("1", {})
        found = int(meta.get("schema", 0))
        if found > self.schema:
            raise SchemaError(
                f"{self.path.name} was written by a newer version of Gloss (data format {found}, "
                f"this version reads up to {self.schema}). Please update Gloss."
            )
        if found < self.schema:
            if self.migrate is not None:
                data = self.migrate(data, found)
                if self._encoded is not None:
                    self._encoded.forget()  # a migration may change documents in place
            data[META_TABLE] = {"1": {"schema": self.schema, "kind": self.kind}}
            if not self.readonly:
                self._write_file(data)
        return data

    # --- writing -------------------------------------------------------------------------

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            self._cache = None
            raise StorageError("This library is open read-only (another Gloss window has it).")
        data.setdefault(META_TABLE, {"1": {"schema": self.schema, "kind": self.kind}})
        try:
            if not self._append(data):
                self._write_file(data)
        except StorageError:
            self._cache = None
            if self._encoded is not None:
                self._encoded.forget()
            raise
        self._cache = data

    def _append(self, data: dict[str, dict[str, Any]]) -> bool:
        """Append what ``data`` changed to the journal; False when the file is to be written
        whole instead (no journal, none yet, a full one, a change too big to append)."""
        journal = self._journal
        if journal is None or journal.full or not self.path.exists():
            return False
        change = journal.changes(data)
        if change is None:
            return False
        if change["put"] or change["del"]:
            journal.append(change)
        journal.remember(data)
        return True

    def _write_file(self, data: dict[str, dict[str, Any]]) -> None:
        # Sliced: the GIL is given up now and then during a big shard's encoding (a GUI waits for it).
        payload = self._encoded.encode(data) if self._encoded is not None else dumps_sliced(data).encode("utf-8")
        if self._journal is None:
            atomic_write_bytes(self.path, payload, backup=self.backup)
            return
        # The backup is a copy of this version (not the one before): a damaged file is then
        # restored from it with the journal's lines since replayed on it, and nothing is lost.
        if self.backup:
            atomic_write_bytes(self.path.with_name(self.path.name + ".bak"), payload)
        atomic_write_bytes(self.path, payload)
        self._journal.clear()  # its lines are in the file (replayed again after a kill: no change)
        self._journal.remember(data)

    @property
    def holds_cache(self) -> bool:
        """Whether the documents are held in memory (read or written since last let go)."""
        return self._cache is not None

    def forget_cached(self) -> None:
        """Let go of the documents held in memory: the file has them all, and the next read
        reads it again (a file with a journal keeps what it compares against)."""
        self._cache = None
        if self._encoded is not None:
            self._encoded.forget()

    def close(self) -> None:
        self._cache = None
