"""POST /api/draft and /api/summarise: JSON by default, Word when the client asks."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.settings import get_settings
from tests.ids import corpus_id

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PACK_ID = corpus_id("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")
BODY = {"template": "opcc-notts", "title": "Rural crime", "report_to": "Strategic Resources and Performance",
        "date": "19 May 2021", "sections": ["purpose", "recommendations", "key_points"]}


@pytest.fixture(scope="module")
def client(corpus_store_dir):
    with TestClient(create_app(get_settings("test", store=corpus_store_dir))) as c:
        yield c


def test_draft_returns_the_json_contract(client):
    r = client.post("/api/draft", json=BODY)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert {"template", "title", "cover", "sections"} <= set(data)
    assert [s["number"] for s in data["sections"]] == ["1", "2", "4"]
    for s in data["sections"]:
        assert {"number", "heading", "text", "flagged", "citations"} <= set(s)
        if not s["flagged"]:
            assert s["citations"] and {"n", "file", "page", "text", "document_id"} <= set(s["citations"][0])
    assert data["cover"]["email"] == {"label": "E-mail", "value": "[E-mail]", "supplied": False}


@pytest.mark.parametrize("how", ["accept", "field"])
def test_draft_returns_docx_when_asked(client, how):
    from docx import Document

    if how == "accept":
        r = client.post("/api/draft", json=BODY, headers={"Accept": DOCX})
    else:
        r = client.post("/api/draft", json={**BODY, "format": "docx"})
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert ".docx" in r.headers["content-disposition"]
    doc = Document(io.BytesIO(r.content))
    assert doc.tables and "Report to" in [row.cells[0].text for row in doc.tables[0].rows]
    assert "1. Purpose of the Report" in [p.text for p in doc.paragraphs]


def test_draft_bad_input_is_422_naming_the_problem(client):
    r = client.post("/api/draft", json={**BODY, "template": "nope"})
    assert r.status_code == 422 and "opcc-notts" in r.json()["detail"]
    r = client.post("/api/draft", json={**BODY, "cover": {"shoe_size": "9"}})
    assert r.status_code == 422 and "shoe_size" in r.json()["detail"]
    r = client.post("/api/draft", json={**BODY, "sections": ["purpose", "nonsense"]})
    assert r.status_code == 422 and "nonsense" in r.json()["detail"]


def test_summarise_cites_pages_inside_the_item(client):
    r = client.post("/api/summarise", json={"document_id": PACK_ID, "item_id": "item-6"})
    assert r.status_code == 200
    data = r.json()
    assert [s["heading"] for s in data["sections"]] == ["Purpose of the Report", "Recommendations",
                                                          "Summary of Key Points"]
    pages = [c["page"] for s in data["sections"] for c in s["citations"]]
    assert pages and all(55 <= p <= 59 for p in pages)
    assert client.post("/api/summarise", json={"document_id": PACK_ID, "item_id": "item-99"}).status_code == 422
