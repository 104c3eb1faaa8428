"""Background ingest jobs: the stages a watcher sees, and how a job ends."""

from __future__ import annotations

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
