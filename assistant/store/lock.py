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
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

_SHARED: dict[str, tuple[threading.RLock, FileLock]] = {}  # lock file → (thread lock, file lock)
_SHARED_GUARD = threading.Lock()


class StoreLocked(Exception):
    """Another writer (another process, or another thread of this one) holds the store."""

    busy_here = False  # True: the writer is another thread of this process (a server's upload job)

    def plain(self) -> str:
        """The reason in words a web user may read: who holds the store, no server path (the
        message itself names the store folder, for the CLI user who owns it)."""
        who = "another write in this server" if self.busy_here else "an ingest in another process"
        return f"the store is busy: {who} is changing it"


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
        return self.acquire()

    def acquire(self, timeout_s: float | None = None) -> "WriterLock":
        """Take the lock, waiting up to ``timeout_s`` (default: this lock's); ``StoreLocked`` past it.
        Why a wait per call: a queued upload may wait long for a CLI ingest, while a removal
        asked for over HTTP holds a server thread and must give up soon (503, retry later)."""
        wait = self.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + wait
        if not self._thread.acquire(timeout=max(wait, 0)):
            raise self._busy_here(wait)
        try:
            self._lock.acquire(timeout=max(deadline - time.monotonic(), 0))
        except Timeout:
            self._thread.release()
            raise self._busy_elsewhere(wait) from None
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

    def _busy_here(self, waited: float) -> StoreLocked:
        exc = StoreLocked(
            f"the store {self.path.parent} is busy: another write in this process (an upload or a removal) "
            f"holds it; waited {waited:g} s. Try again when it has finished, or set "
            "MEETINGPACK_INDEX__LOCK_TIMEOUT_S to wait longer")
        exc.busy_here = True
        return exc

    def _busy_elsewhere(self, waited: float) -> StoreLocked:
        return StoreLocked(
            f"another process (pid {self._holder()}) is writing to the store {self.path.parent}; "
            f"waited {waited:g} s. Wait for it to finish, or set MEETINGPACK_INDEX__LOCK_TIMEOUT_S "
            "to wait longer")

    def _holder(self) -> str:
        try:
            return self.holder.read_text().strip() or "?"
        except OSError:
            return "?"


class Holding:
    """``with`` the writer lock for one write (or batch): waits up to ``wait_s``, tells
    ``on_wait`` first if it must wait at all (an upload's record then says so), and calls
    ``entered`` once held (the store brings its Chroma view up to other processes' writes)."""

    def __init__(self, lock: WriterLock, wait_s: float | None = None, on_wait: Callable[[], None] | None = None,
                 entered: Callable[[], object] = lambda: None):
        self.lock, self.wait_s, self.on_wait, self.entered = lock, wait_s, on_wait, entered

    def __enter__(self) -> WriterLock:
        if self.on_wait is None or not self.lock.try_acquire():
            if self.on_wait is not None:
                self.on_wait()
            self.lock.acquire(self.wait_s)
        try:
            self.entered()
        except BaseException:
            self.lock.release()
            raise
        return self.lock

    def __exit__(self, *exc) -> None:
        self.lock.release()
