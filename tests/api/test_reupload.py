"""Document identity for uploads (issue #12): a changed file uploaded under a name already
stored replaces that document, as ``meetingpack ingest`` does for a changed file at the same path.

One store for the module, three uploads of the harbour paper under one name: v1 marked
``exempt=all``, v2 changed and sent with no marks (the saved mark must hold), then v2's bytes
again under another name (a duplicate). Each version carries a word found in no other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.ingest_service import ingest_one
from assistant.settings import get_settings
from assistant.store import Store
from tests.api.test_upload_marks import AS, HARBOUR, KEYS, finished, items, upload, write_harbour

OLD, NEW = "quillfeather", "zephyrine"  # only in v1, only in v2


def _search(client, words: str, who: str = "staff") -> list[dict]:
    return client.get("/api/search", params={"q": words, "k": 20}, headers=AS[who]).json()["results"]


def _listed(client, who: str = "staff") -> list[dict]:
    return client.get("/api/documents", headers=AS[who]).json()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reupload")
    (root / "v1").mkdir(), (root / "v2").mkdir()
    v1 = write_harbour(root / "v1", f" The {OLD} pier closes in May.")
    v2 = write_harbour(root / "v2", f" The {NEW} berth opens in June.")
    settings = get_settings("test", store=root / "store", api_keys=KEYS, server={"warm": False})
    with TestClient(create_app(settings)) as client:
        jobs = {"v1": finished(client, upload(client, HARBOUR, v1, exempt="all")),
                "v2": finished(client, upload(client, HARBOUR, v2)),
                "copy": finished(client, upload(client, "Harbour copy.pdf", v2))}
        yield client, root, jobs


def test_a_changed_file_under_the_same_name_is_a_replace(site):
    client, _, jobs = site
    first, second = jobs["v1"], jobs["v2"]
    assert first["status"] == "done" and first["outcome"] == "added", first
    assert second["status"] == "done" and second["outcome"] == "replaced", second
    assert second["replaced_id"] == first["document_id"] != second["document_id"]
    assert second["progress"].startswith("done (replaced")
    assert [(d["file"], d["document_id"]) for d in _listed(client)] == [(HARBOUR, second["document_id"])]


def test_new_content_is_searchable_and_the_old_is_gone(site):
    client, _, jobs = site
    old_id, new_id = jobs["v1"]["document_id"], jobs["v2"]["document_id"]
    hits = _search(client, f"{NEW} berth")
    assert hits and hits[0]["document_id"] == new_id and NEW in hits[0]["text"]
    for hit in _search(client, f"{OLD} pier closes"):
        assert hit["document_id"] != old_id and OLD not in hit["text"]
    assert client.get(f"/api/documents/{old_id}", headers=AS["staff"]).status_code == 404
    store = client.app.state.store
    assert store.chunk_ids(old_id) == [] and store.index.count() == store.count()  # old vectors deleted too


def test_the_files_saved_marks_hold_for_the_new_version(site):
    client, _, jobs = site
    new_id = jobs["v2"]["document_id"]
    assert jobs["v2"]["exempt"] is None  # sent without marks
    staff = items(client, new_id, "staff")
    assert staff and not any(staff.values())
    assert items(client, new_id, "public") == {} and NEW not in json.dumps(_search(client, f"{NEW} berth", "public"))


def test_the_same_bytes_under_another_name_are_a_duplicate(site):
    client, _, jobs = site
    copy = jobs["copy"]
    assert copy["status"] == "done" and copy["outcome"] == "duplicate", copy
    assert copy["reason"] == f"same bytes as {HARBOUR} (stored as {jobs['v2']['document_id']})"
    assert copy["document_id"] == jobs["v2"]["document_id"]
    assert [d["file"] for d in _listed(client)] == [HARBOUR]


def test_the_same_bytes_under_the_same_name_are_unchanged(site):
    client, root, jobs = site
    again = finished(client, upload(client, HARBOUR, (root / "v2" / HARBOUR).read_bytes()))
    assert again["status"] == "done" and again["outcome"] == "unchanged", again
    assert again["document_id"] == jobs["v2"]["document_id"] and len(_listed(client)) == 1


def test_job_records_name_files_never_server_paths(site):
    client, root, _ = site
    text = client.get("/api/jobs", headers=AS["admin"]).text
    assert str(root) not in text and "uploads/" not in text and "/tmp" not in text


def test_the_upload_page_says_it_was_a_replace(site):
    client, _, jobs = site
    page = client.get("/documents/_jobs", headers=AS["admin"]).text
    assert "replaced" in page and jobs["v1"]["document_id"] in page
    assert f"same bytes as {HARBOUR}" in page


def test_a_broken_new_version_leaves_the_stored_one(site):
    client, _, jobs = site
    bad = finished(client, upload(client, HARBOUR, b"%PDF-1.4\nnot really a pdf"))
    assert bad["status"] == "failed" and bad["reason"]
    assert [d["document_id"] for d in _listed(client)] == [jobs["v2"]["document_id"]]
    assert _search(client, f"{NEW} berth")[0]["document_id"] == jobs["v2"]["document_id"]


def test_new_marks_on_a_new_version_go_over_the_saved_ones(site, tmp_path):
    client, _, _ = site
    v3 = write_harbour(tmp_path, " The third version is public.")
    job = finished(client, upload(client, HARBOUR, v3, public="all"))
    assert job["outcome"] == "replaced" and job["public"] == ["*"], job
    assert all(items(client, job["document_id"], "public").values())
    assert len(_listed(client)) == 1


# ------------------------------------------------- the re-read runs in the parse worker

def test_reread_with_new_marks_is_parsed_in_the_worker_not_the_server(tmp_path, monkeypatch):
    """An upload of a stored file's bytes with new marks is re-read to check them: that parse
    must run under the worker's time and memory limits, like every other parse of an upload."""
    import ingest

    def in_server(*_args, **_kw):
        raise AssertionError("parsed in the server process")

    data = write_harbour(tmp_path, " The re-read is isolated.")
    settings = get_settings("test", store=tmp_path / "store", api_keys=KEYS, server={"warm": False})
    with TestClient(create_app(settings)) as client:
        first = finished(client, upload(client, HARBOUR, data))
        monkeypatch.setattr(ingest, "parse_file", in_server)  # the worker imports its own copy
        again = finished(client, upload(client, HARBOUR, data, exempt="all"))
        assert again["status"] == "done", again
        assert items(client, again["document_id"], "public") == {} and items(client, again["document_id"], "staff")
        assert first["document_id"] == again["document_id"] and len(_listed(client)) == 1


# ------------------------------------------- a store whose uploads kept their spool path

def test_an_upload_stored_before_this_is_replaced_too(tmp_path):
    """Earlier versions stored an upload under its spool path (``uploads/<job id>/NAME``), a
    new one per upload; the next upload of that name takes that document over."""
    settings = get_settings("test", store=tmp_path / "store", api_keys=KEYS, server={"warm": False})
    spooled = tmp_path / "store" / "uploads" / "0123456789ab"
    spooled.mkdir(parents=True)
    write_harbour(spooled, f" The {OLD} pier closes in May.")
    store = Store(settings)
    try:
        with store.writing():
            old = ingest_one(store, spooled / HARBOUR)
        old_id = store.document(HARBOUR)["document_id"]
    finally:
        store.close()
    (spooled / HARBOUR).unlink()
    assert old.status == "added"
    with TestClient(create_app(settings)) as client:
        job = finished(client, upload(client, HARBOUR, write_harbour(tmp_path, f" The {NEW} berth opens.")))
        assert job["outcome"] == "replaced" and job["replaced_id"] == old_id, job
        assert [d["document_id"] for d in _listed(client)] == [job["document_id"]]


def test_an_unexpected_error_names_the_file_not_its_folder(tmp_path, monkeypatch):
    import assistant.jobs

    def broken(store, path, **_kw):
        raise OSError(f"cannot read {path.resolve()} into {Path(store.root).resolve()}")

    monkeypatch.setattr(assistant.jobs, "ingest_one", broken)
    settings = get_settings("test", store=tmp_path / "store", api_keys=KEYS, server={"warm": False})
    with TestClient(create_app(settings)) as client:
        job = finished(client, upload(client, HARBOUR, write_harbour(tmp_path)))
    assert job["status"] == "failed" and job["reason"] == f"unexpected error (OSError: cannot read {HARBOUR} into store)"
