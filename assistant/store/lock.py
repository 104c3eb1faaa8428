"""One writing process per store: a file lock beside the catalogue.

Chroma's embedded mode and our write path (vectors, then one catalogue transaction, then
the old vectors go) are only all-or-nothing with one writer; two ingests into one folder
would interleave their Chroma writes and each other's repair. Readers never take the lock:
SQLite WAL lets them read while the writer writes, and the generation number tells them
when to refresh. The lock is held per write (or per ingest batch), not for a process's life,
so a running server can still be written to by a CLI ingest, one at a time.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout


class StoreLocked(Exception):
    """Another process is writing to this store."""


class WriterLock:
    def __init__(self, root: Path, timeout_s: float):
        self.path = Path(root) / "writer.lock"
        self.holder = Path(root) / "writer.pid"
        self.timeout_s = timeout_s
        self._lock = FileLock(str(self.path), thread_local=False)  # re-entrant in this process

    def __enter__(self) -> "WriterLock":
        first = not self._lock.is_locked
        try:
            self._lock.acquire(timeout=self.timeout_s)
        except Timeout:
            raise StoreLocked(
                f"another process (pid {self._holder()}) is writing to the store {self.path.parent}; "
                f"waited {self.timeout_s:g} s. Wait for it to finish, or set MEETINGPACK_INDEX__LOCK_TIMEOUT_S "
                "to wait longer") from None
        if first:
            self.holder.write_text(str(os.getpid()))
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def try_acquire(self) -> bool:
        """Take the lock only if it is free now (used by start-up repair, which may be skipped)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        self._lock.release()

    def _holder(self) -> str:
        try:
            return self.holder.read_text().strip() or "?"
        except OSError:
            return "?"
