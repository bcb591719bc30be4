"""One writer per library: a lock file in the data dir.

Two processes writing the same TinyDB files would lose each other's changes (each
rewrites whole files). The lock is an OS-level advisory lock (filelock), so it is
released by the kernel when the holder dies, even by SIGKILL: no stale lock to clear.
"""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import LibraryLockedError, StorageError

LOCK_NAME = "gloss.lock"
# The lock file is the first thing Gloss writes: a read-only or full disk shows up here first.
_REASONS = {
    errno.EACCES: "Gloss is not allowed to write there",
    errno.EPERM: "Gloss is not allowed to write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.ENOENT: "the folder does not exist",
}


class LibraryLock:
    def __init__(self, data_dir: Path) -> None:
        from filelock import FileLock  # imported by a writer only: a reading command need not pay 20 ms

        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(str(self.path), timeout=0)

    def acquire(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise LibraryLockedError(
                f"Another Gloss is already using the library in {self.path.parent}. Close it first, "
                "or start this one with --data-dir pointing at a different folder."
            ) from None
        except OSError as exc:
            reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
            raise StorageError(
                f"Could not open the library in {self.path.parent} for writing: {reason}. "
                "Nothing was changed; Gloss can still open it read-only."
            ) from exc

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)
