"""New marks on a stored file's very bytes (an upload with ``exempt``/``public``, or
``ingest --exempt/--public`` on an unchanged file) are a replace through the all-or-nothing
write path: the file is parsed once, written under new chunk ids, the catalogue switches in
one transaction and the old ids go. A failure on the way leaves the earlier version stored,
searchable and with its earlier marks; the stored document is found by its id, never by a
file name another document may share."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant import overrides
from assistant.parse_pool import ParsePool
from assistant.settings import get_settings
from tests.api.test_upload_marks import AS, HARBOUR, KEYS, WORD, finished, items, upload, write_harbour


@pytest.fixture
def site(tmp_path):
    """An app whose store holds the harbour paper, public as detected."""
    settings = get_settings("test", store=tmp_path / "store", api_keys=KEYS, server={"warm": False})
    data = write_harbour(tmp_path)
    with TestClient(create_app(settings)) as client:
        first = finished(client, upload(client, HARBOUR, data))
        assert first["outcome"] == "added" and all(items(client, first["document_id"], "public").values())
        yield client, data, first["document_id"]


def _public_hits(client) -> list[dict]:
    return client.get("/api/search", params={"q": f"{WORD} ferry terminal"}).json()["results"]


def _intact(client, doc_id: str, chunk_ids: list[str]) -> None:
    """The earlier version is stored whole: same id, same chunks, public, searchable, its file kept."""
    store = client.app.state.store
    assert [d["document_id"] for d in client.get("/api/documents", headers=AS["staff"]).json()] == [doc_id]
    assert store.chunk_ids(doc_id) == chunk_ids
    assert items(client, doc_id, "public") and all(items(client, doc_id, "public").values())
    hits = _public_hits(client)
    assert hits and hits[0]["document_id"] == doc_id and WORD in hits[0]["text"]
    assert client.get(f"/api/documents/{doc_id}/file", headers=AS["staff"]).status_code == 200
    assert store.index.count() == store.count() and not store.catalog.journal_rows()
    assert HARBOUR not in overrides.load(store.root)  # the refused marks were not saved


def test_an_embedding_failure_during_the_reread_keeps_the_earlier_version(site, monkeypatch):
    client, data, doc_id = site
    store = client.app.state.store
    before = store.chunk_ids(doc_id)

    def down(_texts):
        raise RuntimeError("embedder down")

    monkeypatch.setattr(store.embedder, "embed_chunks", down)
    job = finished(client, upload(client, HARBOUR, data, exempt="all"))
    assert job["status"] == "failed" and "embedder down" in job["reason"], job
    _intact(client, doc_id, before)


def test_a_catalogue_failure_during_the_reread_keeps_the_earlier_version(site, monkeypatch):
    client, data, doc_id = site
    store = client.app.state.store
    before = store.chunk_ids(doc_id)

    def broken(*_args, **_kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.catalog, "insert_document", broken)
    job = finished(client, upload(client, HARBOUR, data, exempt="all"))
    assert job["status"] == "failed" and "disk full" in job["reason"], job
    _intact(client, doc_id, before)


def test_new_marks_on_the_same_bytes_are_a_replace_parsed_once(site, monkeypatch):
    client, data, doc_id = site
    store = client.app.state.store
    before = store.chunk_ids(doc_id)
    parses = []
    submit = ParsePool.submit
    monkeypatch.setattr(ParsePool, "submit", lambda pool, path, facts=None: parses.append(path.name) or submit(pool, path, facts))
    job = finished(client, upload(client, HARBOUR, data, exempt="all"))
    assert job["status"] == "done" and job["outcome"] == "replaced", job
    assert job["document_id"] == job["replaced_id"] == doc_id  # the same bytes keep their id
    assert job["progress"].startswith("done (marks updated")
    assert parses == [HARBOUR]  # once, in the parse worker
    after = store.chunk_ids(doc_id)
    assert len(after) == len(before) and not set(after) & set(before)  # new chunk ids; the old are gone
    assert store.index.count() == store.count() and set(store.index.ids()) == set(after)
    assert items(client, doc_id, "public") == {} and not any(items(client, doc_id, "staff").values())
    assert WORD not in json.dumps(_public_hits(client))
    assert overrides.load(store.root)[HARBOUR] == {"exempt": ["*"]}
    page = client.get("/documents/_jobs", headers=AS["admin"]).text
    assert "re-read with the new marks" in page and "the earlier one is gone" not in page


def _by_topic(store_dir) -> dict[str, tuple[str, list[bool]]]:
    """topic word → (document id, each item's public flag), read from the store itself."""
    from assistant.store import Store

    store = Store(get_settings("test", store=store_dir))
    try:
        out = {}
        for doc in store.documents():
            text = " ".join(c.text for c in store.chunks(store.chunk_ids(doc["document_id"])))
            topic = "harbour" if "harbour" in text else "library"
            out[topic] = (doc["document_id"], [it["public"] for it in doc["items"]])
        return out
    finally:
        store.close()


def test_cli_marks_one_of_two_documents_that_share_a_file_name(tmp_path, capsys):
    """``ingest a/minutes.md --exempt`` re-reads a's document, found by its id: b's, stored
    under the same file name from another folder, is not touched (and nothing is refused)."""
    from api.cli import main

    for folder, topic in (("a", "harbour"), ("b", "library")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "minutes.md").write_text(f"# Minutes\n\nThe {topic} board met and agreed the plan.\n")
    store = ["--store", str(tmp_path / "s"), "--preset", "test"]
    assert main(["ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--no-progress", *store]) == 0
    before = _by_topic(tmp_path / "s")
    assert before["harbour"][1] == before["library"][1] == [True]
    assert main(["ingest", str(tmp_path / "a" / "minutes.md"), "--no-progress", *store, "--exempt"]) == 0
    assert "replaced" in capsys.readouterr().out
    after = _by_topic(tmp_path / "s")
    assert after == {"harbour": (before["harbour"][0], [False]), "library": before["library"]}
