"""API additions: inline original, page image with the passage boxed, upload jobs, removal, SSE ask."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from assistant.settings import get_settings
from tests.conftest import KENT_MINUTES
from tests.ids import corpus_id

DOC = corpus_id("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")


@pytest.fixture(scope="module")
def client(corpus_store_dir):
    with TestClient(create_app(get_settings("test", store=corpus_store_dir))) as c:
        yield c


@pytest.fixture
def fresh(tmp_path):
    """An empty store of its own (uploads and removals must not touch the shared one), as admin."""
    settings = get_settings("test", store=tmp_path / "store", server={"warm": False, "upload_max_mb": 1},
                            api_keys="admin:ak")
    with TestClient(create_app(settings), headers={"X-API-Key": "ak"}) as c:
        yield c


def _highlighted(png: bytes) -> int:
    """Pixels of the highlight colour (yellow fill over white paper)."""
    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return int(((r >= 250) & (g >= 230) & (g <= 248) & (b >= 150) & (b <= 180)).sum())


def test_file_is_inline_pdf(client):
    r = client.get(f"/api/documents/{DOC}/file")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("inline") and "attachment" not in r.headers["content-disposition"]
    assert client.get("/api/documents/nope/file").status_code == 404


def test_page_image_boxes_the_cited_passage(client):
    cite = client.post("/api/ask", json={"question": "What was resolved under 2021/007?"}).json()["citations"][0]
    url = f"/api/documents/{DOC}/pages/{cite['page']}/image"
    plain, boxed = client.get(url), client.get(url, params={"chunk": cite["chunk_id"]})
    assert plain.headers["content-type"] == boxed.headers["content-type"] == "image/png"
    assert _highlighted(plain.content) == 0 and _highlighted(boxed.content) > 2000
    by_text = client.get(url, params={"hl": "RESOLVED 2021/007"})
    assert 0 < _highlighted(by_text.content) < _highlighted(boxed.content)
    assert client.get(url, params={"chunk": "nope"}).status_code == 404
    assert client.get(f"/api/documents/{DOC}/pages/999/image").status_code == 404


def test_ask_streams_sentences_then_citations(client):
    r = client.post("/api/ask", params={"stream": 1}, json={"question": "What was resolved under 2021/007?"})
    assert r.headers["content-type"].startswith("text/event-stream")
    frames = [f for f in r.text.split("\n\n") if f.strip()]
    names = [f.split("\n")[0].removeprefix("event: ") for f in frames]
    assert names[0] == "sentence" and names[-2:] == ["citations", "done"]
    done = json.loads(frames[-1].split("data: ", 1)[1])
    whole = client.post("/api/ask", json={"question": "What was resolved under 2021/007?"}).json()
    assert done["answer"] == whole["answer"] and done["citations"] == whole["citations"]


def test_upload_runs_in_the_background_then_lists_and_removes(fresh):
    data = KENT_MINUTES.read_bytes()
    r = fresh.post("/api/documents", files=[("files", ("../../etc/kcc minutes.pdf", data, "application/pdf"))])
    assert r.status_code == 202, r.text
    job = r.json()["jobs"][0]
    assert job["file"] == "kcc minutes.pdf" and job["status"] in ("queued", "parsing", "embedding", "indexing")
    fresh.app.state.jobs.wait(job["job_id"], timeout=120)
    done = fresh.get(f"/api/jobs/{job['job_id']}").json()
    assert done["status"] == "done" and done["progress"].startswith("done (added") and done["document_id"]
    docs = fresh.get("/api/documents").json()
    assert [d["file"] for d in docs] == ["kcc minutes.pdf"] and docs[0]["pages"] == 17
    assert "kcc minutes.pdf" in fresh.get("/documents").text
    gone = fresh.delete(f"/api/documents/{done['document_id']}")
    assert gone.json() == {"document_id": done["document_id"], "removed": True}
    assert fresh.get("/api/documents").json() == []
    assert fresh.delete(f"/api/documents/{done['document_id']}").status_code == 404
    assert fresh.get("/api/jobs/nope").status_code == 404


def test_upload_refusals_name_the_file_and_the_reason(fresh):
    html = fresh.post("/api/documents", files=[("files", ("notes.pdf", b"<html>hello</html>", "application/pdf"))])
    assert html.status_code == 415 and "notes.pdf: not a PDF" in html.json()["detail"]
    big = b"%PDF-1.7\n" + b"0" * (1 << 20)
    large = fresh.post("/api/documents", files=[("files", ("big.pdf", big, "application/pdf"))])
    assert large.status_code == 413 and "big.pdf" in large.json()["detail"] and "1 MB" in large.json()["detail"]
    empty = fresh.post("/api/documents", files=[("files", ("e.pdf", b"", "application/pdf"))])
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    assert fresh.app.state.jobs.recent() == []  # nothing was queued


def test_upload_job_reports_what_the_parse_left_out(fresh, tmp_path):
    """An upload takes ingest's path: its job says what the CLI prints under the file."""
    from tests.ingest import hostile_corpus as hc

    data = hc.hidden_text(tmp_path / "review.pdf").read_bytes()
    r = fresh.post("/api/documents", files=[("files", ("review.pdf", data, "application/pdf"))])
    fresh.app.state.jobs.wait(r.json()["jobs"][0]["job_id"], timeout=120)
    done = fresh.get(f"/api/jobs/{r.json()['jobs'][0]['job_id']}").json()
    assert done["status"] == "done" and done["notes"][0].startswith("kept 2 of 2 pages, ")
    assert "hidden text" in done["notes"][0] and "hidden text" in fresh.get("/documents/_jobs").text


@pytest.fixture
def small(tmp_path):
    """Uploads of at most 2 files of 1 MB each: a request body of more than 3 MB is refused."""
    settings = get_settings("test", store=tmp_path / "store", server={"warm": False, "upload_max_mb": 1,
                                                                      "upload_max_files": 2},
                            api_keys="admin:ak")
    with TestClient(create_app(settings), headers={"X-API-Key": "ak"}) as c:
        yield c


@pytest.mark.parametrize("path", ["/api/documents", "/documents/upload"])
def test_an_upload_over_the_limit_is_refused_as_it_arrives(small, path):
    """Not after the multipart parser has spooled it all to disk: by its declared length, or
    (sent in chunks, with no length) as soon as the count passes the limit."""
    sent = []

    def chunks():
        for _ in range(64):  # 8 MB in 128 KB pieces
            sent.append(1)
            yield b"0" * (128 << 10)

    headers = {"content-type": "multipart/form-data; boundary=x"}
    declared = small.post(path, content=b"--x--\r\n", headers={**headers, "content-length": str(5 << 20)})
    streamed = small.post(path, content=chunks(), headers=headers)
    assert declared.status_code == 413 and "upload limit (2 files of 1 MB)" in declared.json()["detail"]
    assert streamed.status_code == 413, streamed.text
    assert small.app.state.jobs.recent() == []


def test_more_files_than_the_limit_are_refused(small):
    pdf = b"%PDF-1.7\n..."
    r = small.post("/api/documents", files=[("files", (f"{n}.pdf", pdf, "application/pdf")) for n in range(3)])
    assert r.status_code == 413 and "at most 2 files" in r.json()["detail"]
    assert small.app.state.jobs.recent() == []


def test_broken_pdf_job_fails_with_the_reason(fresh):
    r = fresh.post("/api/documents", files=[("files", ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "application/pdf"))])
    job = fresh.app.state.jobs.wait(r.json()["jobs"][0]["job_id"], timeout=60)
    assert job.status == "failed" and job.reason and job.progress().startswith("failed: ")
    assert "failed" in fresh.get("/documents/_jobs").text


def test_upload_and_remove_forms_work_without_javascript(fresh):
    r = fresh.post("/documents/upload", files=[("files", ("k.pdf", KENT_MINUTES.read_bytes(), "application/pdf"))],
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/documents"
    job = fresh.app.state.jobs.recent()[0]
    fresh.app.state.jobs.wait(job.job_id, timeout=120)
    doc_id = fresh.app.state.jobs.get(job.job_id).document_id
    r = fresh.post(f"/documents/{doc_id}/remove", follow_redirects=False)
    assert r.status_code == 303 and fresh.get("/api/documents").json() == []


def test_openapi_lists_every_route_with_reply_models(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/documents", "/api/documents/{doc_id}/file", "/api/documents/{doc_id}/pages/{number}/image",
                 "/api/jobs/{job_id}", "/api/ask", "/api/search", "/api/decisions.csv", "/api/decisions"]:
        assert path in spec["paths"], path
    ok = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/SearchReply"}
