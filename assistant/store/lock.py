"""One writer per store: a thread lock inside the process, and a file lock beside the catalogue
between processes.

Chroma's embedded mode and our write path (vectors, then one catalogue transaction, then
the old vectors go) are only all-or-nothing with one writer; two ingests into one folder
would interleave their Chroma writes and each other's repair. Readers never take the lock:
SQLite WAL lets them read while the writer writes, and the generation number tells them
when to refresh. The lock is held per write (or per ingest batch), not for a process's life,
so a running server can still be written to by a CLI ingest, one at a time.

Why two locks: the file lock is per process (``thread_local=False``, so the thread that
holds it can take it again), which alone would let a second thread of the server - a
``DELETE`` while the upload job writes - walk straight in. A re-entrant thread lock in
front of it admits one thread at a time. Both are shared by every ``WriterLock`` on one
folder in this process, so two ``Store`` objects on one store are still one writer.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout

_SHARED: dict[str, tuple[threading.RLock, FileLock]] = {}  # lock file → (thread lock, file lock)
_SHARED_GUARD = threading.Lock()


class StoreLocked(Exception):
    """Another writer (another process, or another thread of this one) holds the store."""

    busy_here = False  # True: the writer is another thread of this process (a server's upload job)


def _shared(path: Path) -> tuple[threading.RLock, FileLock]:
    """The one thread lock and file lock of this lock file in this process."""
    key = str(path.resolve())
    with _SHARED_GUARD:
        if key not in _SHARED:
            _SHARED[key] = (threading.RLock(), FileLock(key, thread_local=False))
        return _SHARED[key]


class WriterLock:
    def __init__(self, root: Path, timeout_s: float):
        self.path = Path(root) / "writer.lock"
        self.holder = Path(root) / "writer.pid"
        self.timeout_s = timeout_s
        self._thread, self._lock = _shared(self.path)

    def __enter__(self) -> "WriterLock":
        deadline = time.monotonic() + self.timeout_s
        if not self._thread.acquire(timeout=max(self.timeout_s, 0)):
            raise self._busy_here()
        try:
            self._lock.acquire(timeout=max(deadline - time.monotonic(), 0))
        except Timeout:
            self._thread.release()
            raise self._busy_elsewhere() from None
        except BaseException:
            self._thread.release()
            raise
        self._entered()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    @property
    def held(self) -> bool:
        """Whether this process holds the store (in any thread)."""
        return self._lock.is_locked

    def try_acquire(self) -> bool:
        """Take the lock only if it is free now (used by start-up repair, which may be skipped)."""
        if not self._thread.acquire(blocking=False):
            return False
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            self._thread.release()
            return False
        self._entered()
        return True

    def release(self) -> None:
        self._lock.release()
        self._thread.release()

    def _entered(self) -> None:
        """On the first hold, note the pid for a waiting process's message."""
        if self._lock.lock_counter == 1:
            self.holder.write_text(str(os.getpid()))

    def _busy_here(self) -> StoreLocked:
        exc = StoreLocked(
            f"the store {self.path.parent} is busy: another write in this process (an upload or a removal) "
            f"holds it; waited {self.timeout_s:g} s. Try again when it has finished, or set "
            "MEETINGPACK_INDEX__LOCK_TIMEOUT_S to wait longer")
        exc.busy_here = True
        return exc

    def _busy_elsewhere(self) -> StoreLocked:
        return StoreLocked(
            f"another process (pid {self._holder()}) is writing to the store {self.path.parent}; "
            f"waited {self.timeout_s:g} s. Wait for it to finish, or set MEETINGPACK_INDEX__LOCK_TIMEOUT_S "
            "to wait longer")

    def _holder(self) -> str:
        try:
            return self.holder.read_text().strip() or "?"
        except OSError:
            return "?"
