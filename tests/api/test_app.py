"""API: app factory, lifespan-built clients, /healthz and the documents pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from assistant.settings import get_settings
from assistant.store import Store
from tests.assistant.store.test_store import BUDGET, make_doc


def test_create_app_opens_nothing_until_started(tmp_path):
    create_app(get_settings("test", store=tmp_path / "store"))
    assert not (tmp_path / "store").exists()


def test_healthz_and_documents(tmp_path):
    settings = get_settings("test", store=tmp_path / "store")
    store = Store(settings)
    doc = make_doc("budget <script>.pdf", BUDGET)
    doc.title = "Budget <b>report</b>"
    store.add(doc)
    store.close()

    with TestClient(create_app(settings)) as client:
        r = client.get("/healthz")
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "documents": 1, "chunks": 3}

        r = client.get("/api/documents")
        assert r.status_code == 200 and [d["file"] for d in r.json()] == ["budget <script>.pdf"]

        r = client.get("/")
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert "Budget &lt;b&gt;report&lt;/b&gt;" in r.text and "<b>report</b>" not in r.text  # autoescape

        r = client.get(f"/documents/{doc.document_id}")
        assert r.status_code == 200 and "Item 2 title" in r.text
        assert client.get("/documents/nope").status_code == 404
        assert client.get(f"/api/documents/{doc.document_id}/pages/2").json()["text"] == BUDGET[1]
        assert client.get(f"/api/documents/{doc.document_id}/pages/99").status_code == 404


def test_empty_store_index_page(tmp_path):
    with TestClient(create_app(get_settings("test", store=tmp_path / "s"))) as client:
        assert client.get("/healthz").json()["documents"] == 0
        assert "Nothing stored yet" in client.get("/").text


def test_search_route_uses_lifespan_services(tmp_path):
    settings = get_settings("test", store=tmp_path / "store")
    store = Store(settings)
    store.add(make_doc("budget.pdf", BUDGET))
    store.close()
    with TestClient(create_app(settings)) as client:
        r = client.get("/api/search", params={"q": "capital programme custody suite", "k": 2})
        assert r.status_code == 200 and r.json()["results"]
