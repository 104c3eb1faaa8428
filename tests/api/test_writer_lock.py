"""One writer inside the server process (issue #12): a removal asked for while an upload job
is writing the store waits for the job (or, past its short wait, is refused as "store busy":
JSON 503 with Retry-After for the API, an HTML page for the documents page's form), and the
store stays consistent either way. Readers are never held up by the writer."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.settings import get_settings
from tests.api.test_upload_marks import AS, KEYS, finished, upload, write_harbour
from tests.conftest import KENT_MINUTES


@pytest.fixture
def site(tmp_path, request):
    """An app with one stored paper; a removal waits ``request.param`` seconds for another writer."""
    wait = getattr(request, "param", 60.0)
    settings = get_settings("test", store=tmp_path / "store", api_keys=KEYS,
                            server={"warm": False, "remove_lock_wait_s": wait})
    with TestClient(create_app(settings)) as client:
        first = finished(client, upload(client, "Harbour.pdf", write_harbour(tmp_path)))
        assert first["status"] == "done", first
        yield client, first["document_id"]


def _stalled_upload(client, go: threading.Event, monkeypatch) -> str:
    """Queue an upload whose embedding waits for ``go``; returns its job id once it holds the lock."""
    store = client.app.state.store
    embed = store.embedder.embed_chunks

    def slow(texts):
        go.wait(30)
        return embed(texts)

    monkeypatch.setattr(store.embedder, "embed_chunks", slow)
    job_id = upload(client, "minutes.pdf", KENT_MINUTES.read_bytes()).json()["jobs"][0]["job_id"]
    jobs = client.app.state.jobs
    for _ in range(600):
        if jobs.get(job_id).status == "embedding":
            return job_id
        time.sleep(0.05)
    raise AssertionError(f"the job never started embedding: {jobs.get(job_id).record()}")


def _consistent(client) -> list[str]:
    store = client.app.state.store
    assert store.index.count() == store.count() == len(store.catalog.chunk_ids())
    assert not store.catalog.journal_rows()
    return sorted(d["file"] for d in client.get("/api/documents", headers=AS["staff"]).json())


def test_a_removal_during_an_upload_waits_for_it(site, monkeypatch):
    client, doc_id = site
    go, replies = threading.Event(), []
    job_id = _stalled_upload(client, go, monkeypatch)
    remover = threading.Thread(target=lambda: replies.append(
        client.delete(f"/api/documents/{doc_id}", headers=AS["admin"])))
    remover.start()
    time.sleep(1.0)
    try:
        assert replies == [], "the removal ran while the upload job held the writer lock"
        listed = client.get("/api/documents", headers=AS["staff"])  # a reader is not held up
        assert listed.status_code == 200 and len(listed.json()) == 1
    finally:
        go.set()
    remover.join(60)
    job = client.app.state.jobs.wait(job_id, 120)
    assert job.status == "done" and job.outcome == "added", job.record()
    assert replies and replies[0].status_code == 200 and replies[0].json()["removed"] is True
    assert _consistent(client) == ["minutes.pdf"]


@pytest.mark.parametrize("site", [0.3], indirect=True)
def test_past_its_short_wait_a_removal_hears_the_store_is_busy(site, monkeypatch):
    client, doc_id = site
    go = threading.Event()
    job_id = _stalled_upload(client, go, monkeypatch)
    try:
        r = client.delete(f"/api/documents/{doc_id}", headers=AS["admin"])
    finally:
        go.set()
    assert r.status_code == 503, r.text
    assert "busy" in r.json()["detail"] and str(client.app.state.store.root) not in r.text  # no server path
    assert r.headers.get("retry-after")
    assert client.app.state.jobs.wait(job_id, 120).status == "done"
    assert _consistent(client) == ["Harbour.pdf", "minutes.pdf"]  # the refused removal changed nothing


@pytest.mark.parametrize("site", [0.3], indirect=True)
def test_the_remove_button_on_a_busy_store_gets_a_readable_page_not_json(site, monkeypatch):
    """The documents page's form posts; a busy store answers with an HTML page that says so."""
    client, doc_id = site
    go = threading.Event()
    job_id = _stalled_upload(client, go, monkeypatch)
    try:
        r = client.post(f"/documents/{doc_id}/remove", headers=AS["admin"], follow_redirects=False)
    finally:
        go.set()
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html"), r.text
    assert r.headers.get("retry-after")
    assert "The store is busy" in r.text and "another write in this server is changing it" in r.text
    assert "Nothing was changed" in r.text and 'href="/documents"' in r.text
    assert '"detail"' not in r.text and str(client.app.state.store.root) not in r.text  # not JSON, no server path
    assert client.app.state.jobs.wait(job_id, 120).status == "done"
    assert _consistent(client) == ["Harbour.pdf", "minutes.pdf"]
