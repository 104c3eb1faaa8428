"""Background ingest jobs: the stages a watcher sees, and how a job ends."""

from __future__ import annotations

import subprocess
import sys
import time

from assistant.ingest_service import ingest_one
from assistant.jobs import IngestJobs, Job
from assistant.settings import get_settings
from assistant.store import Store
from tests.conftest import KENT_MINUTES


def test_stages_run_parsing_embedding_n_of_n_indexing(tmp_path):
    store = Store(get_settings("test", store=tmp_path / "s", embedding={"batch_size": 8}))
    seen: list[tuple[str, int, int]] = []
    try:
        result = ingest_one(store, KENT_MINUTES, on_stage=lambda *s: seen.append(s))
    finally:
        store.close()
    assert result.status == "added"
    stages = [s for s, _, _ in seen]
    assert stages[0] == "parsing" and stages[-1] == "indexing"
    embedding = [(d, t) for s, d, t in seen if s == "embedding"]
    assert len(embedding) > 2 and embedding[-1] == (result.chunks, result.chunks)
    assert [d for d, _ in embedding] == sorted(d for d, _ in embedding)


def test_jobs_finish_done_or_failed_with_the_reason(tmp_path):
    store = Store(get_settings("test", store=tmp_path / "s"))
    jobs = IngestJobs(store)
    try:
        good = jobs.submit("minutes.pdf", KENT_MINUTES.read_bytes())
        bad = jobs.submit("broken.pdf", b"%PDF-1.4 truncated")
        assert jobs.wait(good.job_id, 120).status == "done"
        failed = jobs.wait(bad.job_id, 60)
        assert failed.status == "failed" and failed.reason
        assert [j.job_id for j in jobs.recent()] == [bad.job_id, good.job_id]
        assert store.document("minutes.pdf") is not None
        assert not any((tmp_path / "s" / "uploads").iterdir())  # the spooled copies are gone
    finally:
        jobs.close()
        store.close()


def test_an_upload_keeps_the_files_saved_marks(tmp_path):
    """A paper marked exempt by hand stays exempt when a new version comes in as an upload."""
    from assistant import overrides

    store = Store(get_settings("test", store=tmp_path / "s"))
    overrides.record(store.root, ["minutes.pdf"], {"*"}, None)
    jobs = IngestJobs(store)
    try:
        assert jobs.wait(jobs.submit("minutes.pdf", KENT_MINUTES.read_bytes()).job_id, 120).status == "done"
        items = store.document("minutes.pdf")["items"]
        assert items and not any(it["public"] for it in items)
        assert all(it["exempt_reason"] for it in items)
    finally:
        jobs.close()
        store.close()

def test_progress_lines():
    assert Job("1", "a.pdf", status="embedding", done=64, total=587).progress() == "embedding 64/587"
    assert Job("1", "a.pdf", status="failed", reason="not a PDF").progress() == "failed: not a PDF"
    assert Job("1", "a.pdf").progress() == "queued"


# holds the store's writer lock as another process's ingest would, until its stdin closes
_HOLD = ("import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire();"
         " print('held', flush=True); sys.stdin.read(); lock.release()")


def _held_by_another_process(store: Store) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(store.root / "writer.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(10)


def test_an_upload_waits_for_another_writer_then_runs(tmp_path):
    """A CLI ingest holds the store: the queued upload says it is waiting, and runs once it may."""
    store = Store(get_settings("test", store=tmp_path / "s"))
    jobs = IngestJobs(store, lock_wait_s=120)
    holder = _held_by_another_process(store)
    try:
        job = jobs.submit("minutes.pdf", KENT_MINUTES.read_bytes())
        for _ in range(200):
            if job.status == "waiting":
                break
            time.sleep(0.05)
        assert job.status == "waiting" and "another ingest is writing" in job.progress(), job.record()
        time.sleep(0.5)
        assert job.status == "waiting" and store.count() == 0
        _release(holder)
        done = jobs.wait(job.job_id, 120)
        assert done.status == "done" and done.outcome == "added", done.record()
        assert store.document("minutes.pdf") is not None
    finally:
        _release(holder)
        jobs.close()
        store.close()


def test_an_upload_that_waits_past_its_bound_fails_as_store_busy(tmp_path):
    store = Store(get_settings("test", store=tmp_path / "s"))
    jobs = IngestJobs(store, lock_wait_s=0.5)
    holder = _held_by_another_process(store)
    try:
        failed = jobs.wait(jobs.submit("minutes.pdf", KENT_MINUTES.read_bytes()).job_id, 60)
    finally:
        _release(holder)
    try:
        assert failed.status == "failed", failed.record()
        assert failed.reason.startswith("the store is busy: an ingest in another process is changing it")
        assert "waited 0.5 s" in failed.reason and "upload the file again" in failed.reason
        assert str(tmp_path) not in failed.reason and "unexpected" not in failed.reason  # no server path
        assert failed.progress().startswith("failed: the store is busy")
        assert store.count() == 0 and not any((tmp_path / "s" / "uploads").iterdir())
    finally:
        jobs.close()
        store.close()
