"""One writer inside one process too: the writer lock excludes a second thread of the same
process (a removal while an upload job writes), stays re-entrant for the thread that holds
it, and never blocks a reader."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.store.lock import StoreLocked, WriterLock


def _hold(lock: WriterLock, entered: threading.Event, release: threading.Event) -> threading.Thread:
    """A thread that takes ``lock`` (twice: re-entrant), says so, and keeps it until ``release``."""
    def run() -> None:
        with lock, lock:
            entered.set()
            release.wait(10)

    th = threading.Thread(target=run)
    th.start()
    assert entered.wait(5)
    return th


def test_a_second_thread_waits_for_the_first(tmp_path):
    lock = WriterLock(tmp_path, timeout_s=10)
    entered, release, order = threading.Event(), threading.Event(), []
    holder = _hold(lock, entered, release)

    def second() -> None:
        with lock:
            order.append("second")

    other = threading.Thread(target=second)
    other.start()
    time.sleep(0.3)
    assert order == []  # still waiting: the first thread holds the lock
    order.append("first done")
    release.set()
    holder.join(5), other.join(5)
    assert order == ["first done", "second"]
    assert not lock.held


def test_a_second_thread_past_the_timeout_hears_the_store_is_busy(tmp_path):
    lock = WriterLock(tmp_path, timeout_s=0.2)
    entered, release = threading.Event(), threading.Event()
    holder = _hold(lock, entered, release)
    try:
        with pytest.raises(StoreLocked, match="busy: another write in this process"):
            with lock:
                pass
    finally:
        release.set()
        holder.join(5)
    with lock:  # free again once the holder is done
        assert lock.held


def test_two_locks_on_one_store_in_one_process_are_one_lock(tmp_path):
    """Two ``Store`` objects on one folder (say the server's and a test's) share the writer."""
    first, second = WriterLock(tmp_path, timeout_s=0.2), WriterLock(tmp_path, timeout_s=0.2)
    entered, release = threading.Event(), threading.Event()
    holder = _hold(first, entered, release)
    try:
        assert not second.try_acquire()
        with pytest.raises(StoreLocked, match="busy"):
            with second:
                pass
    finally:
        release.set()
        holder.join(5)
    assert second.try_acquire()
    second.release()
