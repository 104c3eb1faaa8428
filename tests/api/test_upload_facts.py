"""Upload fields ``body`` and ``meeting_date``: what ``ingest --body/--meeting-date`` does, for a
paper that prints neither (an appendix filed under its meeting), kept for its later versions.
A bad value is refused with the marks' bad values, in tests/api/test_upload_marks.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant import overrides
from assistant.settings import get_settings
from tests.ingest.test_given_meeting import APPENDIX, MINUTES
from tests.pdfgen import write_pdf

BODY, DATE = "Cabinet (Kent County Council)", "2025-01-30"
ADMIN = {"X-API-Key": "ak"}


def pdf(folder, name: str, pages) -> bytes:
    return write_pdf(folder / name, pages).read_bytes()


def upload(client, name: str, data: bytes, **fields):
    return client.post("/api/documents", files=[("files", (name, data, "application/pdf"))], data=fields, headers=ADMIN)


def finished(client, reply) -> dict:
    assert reply.status_code == 202, reply.text
    job_id = reply.json()["jobs"][0]["job_id"]
    client.app.state.jobs.wait(job_id, timeout=180)
    return client.get(f"/api/jobs/{job_id}", headers=ADMIN).json()


def shelved(client, doc_id: str) -> tuple:
    doc = client.get(f"/api/documents/{doc_id}", headers=ADMIN).json()
    return doc["body"], doc["meeting_date"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("upload-facts")
    with TestClient(create_app(get_settings("test", store=root / "store", api_keys="admin:ak", server={"warm": False}))) as c:
        yield c


def test_an_upload_gives_a_paper_its_body_and_date_and_its_next_version_keeps_them(client, tmp_path):
    job = finished(client, upload(client, "Appendix A.pdf", pdf(tmp_path, "a.pdf", APPENDIX),
                                  body=BODY, meeting_date=DATE))
    assert job["status"] == "done" and (job["body"], job["meeting_date"]) == (BODY, DATE), job
    assert shelved(client, job["document_id"]) == (BODY, DATE)
    assert overrides.load(client.app.state.store.root)["Appendix A.pdf"] == {"body": BODY, "meeting_date": DATE}
    newer = pdf(tmp_path, "b.pdf", [APPENDIX[0] + ["Uptake is expected to reach 65% next year."]])
    again = finished(client, upload(client, "Appendix A.pdf", newer))  # no fields: the saved ones hold
    assert again["outcome"] == "replaced", again
    assert shelved(client, again["document_id"]) == (BODY, DATE)
    hits = client.get("/api/search", params={"q": "staff wellbeing survey", "body": "cabinet"}, headers=ADMIN).json()
    assert hits["results"] and {h["file"] for h in hits["results"]} == {"Appendix A.pdf"}


def test_a_paper_that_prints_its_own_keeps_them(client, tmp_path):
    job = finished(client, upload(client, "Minutes 13 February.pdf", pdf(tmp_path, "m.pdf", MINUTES),
                                  body=BODY, meeting_date=DATE))
    assert job["status"] == "done", job
    body, date = shelved(client, job["document_id"])
    assert date == "2025-02-13" and "Cabinet" not in (body or "")


def test_the_documents_form_offers_and_sends_them(client, tmp_path):
    page = client.get("/documents", headers=ADMIN).text
    assert 'name="body"' in page and 'name="meeting_date"' in page
    data = pdf(tmp_path, "c.pdf", [["Appendix C: Fleet replacement", "Two gritters will be replaced in 2026."]])
    r = client.post("/documents/upload", files=[("files", ("Appendix C.pdf", data, "application/pdf"))],
                    data={"mark": "", "items": "", "body": BODY, "meeting_date": DATE}, headers=ADMIN, follow_redirects=False)
    assert r.status_code == 303
    job = client.app.state.jobs.recent()[0]
    assert client.app.state.jobs.wait(job.job_id, 180).status == "done"
    assert shelved(client, job.document_id) == (BODY, DATE)
    assert f"given: {BODY}, {DATE}" in client.get("/documents/_jobs", headers=ADMIN).text
