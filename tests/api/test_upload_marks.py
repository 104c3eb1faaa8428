"""Upload-time exempt/public marks: `POST /api/documents` fields `exempt` and `public`, and the
`/documents` form, mean what `ingest --exempt/--public` means and decide what the public sees.

One store, one app with keys for each role. Two uploads are made once for the module: a
paper the detector finds public, sent with ``exempt=all``, and the leak-probe pack (items 4
and 5 detected exempt), sent with ``public=4``. Each carries a phrase found nowhere else.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant import overrides
from assistant.settings import get_settings
from tests.api.access_fixture import SECRET, SECRET_QUESTION, leaks, write_pack
from tests.pdfgen import write_pdf

KEYS = "public:pk,staff:sk,admin:ak"
AS = {"public": {}, "public key": {"X-API-Key": "pk"}, "staff": {"X-API-Key": "sk"}, "admin": {"X-API-Key": "ak"}}
WORD = "brindlewick"  # only in the harbour paper, which the detector finds public
QUESTION = f"Who will lease the {WORD} ferry terminal?"
HARBOUR = "Harbour ferry terminal report.pdf"


def write_harbour(folder, extra: str = "") -> bytes:
    """A one-paper report, public by its cover block, with ``WORD`` in it."""
    lines = ["For Decision", "Public/Non Public*: Public", "Report to: Harbour Board", "Date of Meeting: 2 May 2024",
             "Agenda Item: 6", "Harbour ferry terminal report", "1. Purpose of the Report",
             f"1.1 The {WORD} ferry terminal will be leased to Osterley Marine for 1,234,567 pounds.",
             f"1.2 The lease of the {WORD} terminal runs for twenty years.{extra}"]
    return write_pdf(folder / HARBOUR, [lines]).read_bytes()


def upload(client, name: str, data: bytes, who: str = "admin", **fields):
    return client.post("/api/documents", files=[("files", (name, data, "application/pdf"))], data=fields,
                       headers=AS[who])


def finished(client, reply) -> dict:
    """Wait for the reply's one job; its final record."""
    assert reply.status_code == 202, reply.text
    job_id = reply.json()["jobs"][0]["job_id"]
    client.app.state.jobs.wait(job_id, timeout=180)
    return client.get(f"/api/jobs/{job_id}", headers=AS["admin"]).json()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("upload-marks")
    settings = get_settings("test", store=root / "store", api_keys=KEYS, server={"warm": False})
    with TestClient(create_app(settings)) as client:
        harbour = finished(client, upload(client, HARBOUR, write_harbour(root), exempt="all"))
        pack_pdf = write_pack(root / "papers")
        pack = finished(client, upload(client, pack_pdf.name, pack_pdf.read_bytes(), public="4"))
        assert harbour["status"] == pack["status"] == "done", (harbour, pack)
        yield client, root, {"harbour": harbour, "pack": pack}


def items(client, doc_id: str, who: str) -> dict[str, bool]:
    r = client.get(f"/api/documents/{doc_id}", headers=AS[who])
    return {it["item_id"]: it["public"] for it in r.json()["items"]} if r.status_code == 200 else {}


# ------------------------------------------------------------------ exempt=all

def test_exempt_all_marks_every_item_and_says_so(site):
    client, _, jobs = site
    job = jobs["harbour"]
    assert job["exempt"] == ["*"] and job["public"] is None
    doc = client.get(f"/api/documents/{job['document_id']}", headers=AS["staff"]).json()
    assert doc["items"] and all(not it["public"] for it in doc["items"])
    assert {it["exempt_reason"] for it in doc["items"]} == {"marked exempt at ingest"}
    assert doc["access"] == "exempt"


@pytest.mark.parametrize("who", ["public", "public key"])
def test_public_cannot_see_a_paper_uploaded_exempt(site, who):
    client, _, jobs = site
    doc_id = jobs["harbour"]["document_id"]
    replies = [client.post("/api/ask", json={"question": QUESTION}, headers=AS[who]),
               client.get("/api/search", params={"q": f"{WORD} ferry terminal"}, headers=AS[who]),
               client.get("/api/documents", headers=AS[who])]
    for r in replies:  # a search reply echoes its query: look at the rest
        text = r.text.replace(f"{WORD} ferry terminal", "")
        assert r.status_code == 200 and WORD not in text.lower() and HARBOUR not in text, text[:300]
    for url in (f"/api/documents/{doc_id}", f"/api/documents/{doc_id}/pages/1", f"/api/documents/{doc_id}/file"):
        assert client.get(url, headers=AS[who]).status_code == 404, url


def test_staff_sees_the_paper_uploaded_exempt(site):
    client, _, jobs = site
    doc_id = jobs["harbour"]["document_id"]
    ask = client.post("/api/ask", json={"question": QUESTION}, headers=AS["staff"])
    search = client.get("/api/search", params={"q": f"{WORD} ferry terminal"}, headers=AS["staff"])
    listing = client.get("/api/documents", headers=AS["staff"])
    assert WORD in ask.text and WORD in search.text and HARBOUR in listing.text
    for url in (f"/api/documents/{doc_id}/pages/1", f"/api/documents/{doc_id}/file"):
        assert client.get(url, headers=AS["staff"]).status_code == 200, url


def test_upload_marks_are_saved_for_later_ingests(site):
    _, root, _ = site
    saved = overrides.load(root / "store")
    assert saved[HARBOUR] == {"exempt": ["*"]}
    assert saved["2024-03-14 Police and Crime Panel - Agenda Pack.pdf"] == {"public": ["4"]}


# --------------------------------------------------------- public= on a detected paper

def test_public_mark_opens_only_the_item_named(site):
    client, _, jobs = site
    doc_id = jobs["pack"]["document_id"]
    assert items(client, doc_id, "staff") == {"agenda": True, "item-3": True, "item-4": True,
                                              "item-5": False}  # 5 is still exempt, as detected
    seen = items(client, doc_id, "public")
    assert seen.get("item-4") is True and "item-5" not in seen
    listed = {d["document_id"]: d for d in client.get("/api/documents", headers=AS["staff"]).json()}
    assert listed[doc_id]["access"] == "partly exempt (1 of 4 items)"


def test_public_sees_the_paper_the_detector_had_withheld(site):
    client, _, jobs = site
    search = client.get("/api/search", params={"q": f"{SECRET} lighthouse depot sold"}).json()
    from_item_4 = [c for c in search["results"] if c["item"] == "4"]
    assert from_item_4 and SECRET in from_item_4[0]["text"]
    ask = client.post("/api/ask", json={"question": SECRET_QUESTION})
    assert SECRET in ask.text
    assert client.get(f"/api/documents/{jobs['pack']['document_id']}/pages/4").status_code == 200
    assert "Exempt minutes" not in json.dumps(client.get("/api/documents").json())  # item 5 stays hidden


# ------------------------------------------------------------------------ refusals

@pytest.mark.parametrize("fields, field, says", [
    ({"exempt": "5; rm -rf"}, "exempt", "'5; rm -rf' is not an item id or agenda number"),
    ({"public": "../item-4"}, "public", "is not an item id or agenda number"),
    ({"exempt": "3,item-4", "public": "item-4"}, "public", "item-4 cannot be marked both exempt and public"),
    ({"exempt": "all", "public": "*"}, "public", "the whole document cannot be marked both"),
    ({"exempt": "", "public": ""}, "public", "the whole document cannot be marked both"),  # empty = every item
    ({"exempt": "x" * 2001}, "exempt", "at most 2000 characters"),
    # the body and meeting date of papers that print neither (tests/api/test_upload_facts.py)
    ({"meeting_date": "30/01/2025"}, "meeting_date", "must be a date as YYYY-MM-DD"),
    ({"meeting_date": "2025-13-01"}, "meeting_date", "must be a date as YYYY-MM-DD"),
    ({"body": "x"}, "body", "must be a name of 2 to 200 characters"),
    ({"body": "Cabinet\x07"}, "body", "without control characters"),
])
def test_bad_upload_fields_are_422_naming_the_field_and_nothing_is_queued(site, fields, field, says):
    client, _, _ = site
    before = len(client.app.state.jobs.recent(500))
    r = upload(client, "x.pdf", b"%PDF-1.4 never read", **fields)
    assert r.status_code == 422, r.text
    errors = r.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", field]] and says in errors[0]["msg"], errors
    assert len(client.app.state.jobs.recent(500)) == before


@pytest.mark.parametrize("who", ["public", "public key", "staff"])
def test_only_admin_may_upload_with_marks(site, who):
    client, _, _ = site
    r = upload(client, "x.pdf", b"%PDF-1.4", who, exempt="not valid at all")
    assert r.status_code == 403 and "only the admin role" in r.json()["detail"]  # not a 422 that says more


def test_an_item_the_file_lacks_fails_the_job_naming_the_valid_ids(site, tmp_path):
    client, _, _ = site
    data = write_harbour(tmp_path, " Item nine was withdrawn.")
    job = finished(client, upload(client, "Harbour nine.pdf", data, exempt="9"))
    assert job["status"] == "failed" and job["reason"].startswith("no item 9; items: ")
    staff_files = [d["file"] for d in client.get("/api/documents", headers=AS["staff"]).json()]
    assert "Harbour nine.pdf" not in staff_files


# --------------------------------------------- the same bytes again, with new marks

def test_new_marks_on_the_stored_bytes_reread_the_file(site, tmp_path):
    """As `ingest --exempt` on an unchanged file: the upload is not skipped as a duplicate."""
    client, _, _ = site
    data = write_harbour(tmp_path, " A second lease is planned.")
    first = finished(client, upload(client, "Harbour lease.pdf", data))
    assert first["outcome"] == "added" and all(items(client, first["document_id"], "public").values())
    again = finished(client, upload(client, "Harbour lease.pdf", data, exempt=""))  # empty: every item
    assert again["status"] == "done" and again["outcome"] == "replaced", again  # the stored copy, re-read
    assert again["document_id"] == again["replaced_id"] == first["document_id"]
    assert items(client, again["document_id"], "public") == {}
    assert not any(items(client, again["document_id"], "staff").values())
    bad = finished(client, upload(client, "Harbour lease.pdf", data, public="item-99"))
    assert bad["status"] == "failed" and "no item item-99" in bad["reason"]
    assert items(client, again["document_id"], "staff")  # a refused re-read leaves it stored


# ---------------------------------------------------------------- the /documents page

def test_documents_page_offers_the_marks_and_shows_access(site):
    client, _, _ = site
    page = client.get("/documents", headers=AS["admin"]).text
    assert '<select name="mark"' in page and 'name="items"' in page
    assert "mark exempt" in page and "mark public" in page and "detect automatically" in page
    assert "partly exempt (1 of 4 items)" in page and ">exempt<" in page
    assert "marked exempt: every item" in client.get("/documents/_jobs", headers=AS["admin"]).text


def test_the_form_without_javascript_sends_the_same_marks(site, tmp_path):
    client, _, _ = site
    data = write_harbour(tmp_path, " The form was used.")
    form = {"mark": "exempt", "items": ""}
    r = client.post("/documents/upload", files=[("files", ("Harbour form.pdf", data, "application/pdf"))],
                    data=form, headers=AS["admin"], follow_redirects=False)
    assert r.status_code == 303
    job = client.app.state.jobs.recent()[0]
    assert job.file == "Harbour form.pdf" and job.exempt == ["*"]
    assert client.app.state.jobs.wait(job.job_id, 180).status == "done"
    assert items(client, job.document_id, "public") == {} and items(client, job.document_id, "staff")
    r = client.post("/documents/upload", files=[("files", ("y.pdf", data, "application/pdf"))],
                    data={"mark": "", "items": "5"}, headers=AS["admin"])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "items"]
    r = client.post("/documents/upload", files=[("files", ("y.pdf", data, "application/pdf"))],
                    data={"mark": "public", "items": "a/b"}, headers=AS["admin"])
    assert r.status_code == 422 and "not an item id" in r.json()["detail"][0]["msg"]
