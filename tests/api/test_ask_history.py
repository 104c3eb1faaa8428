"""API: /api/ask contract, /api/search, decisions register and meetings, bad requests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.history import DECISION_KEYS
from assistant.settings import get_settings


@pytest.fixture
def client(corpus_store_dir):
    with TestClient(create_app(get_settings("test", store=corpus_store_dir))) as c:
        yield c


def test_ask_contract_and_follow_up(client):
    r = client.post("/api/ask", json={"question": "What was resolved under 2021/007?"})
    body = r.json()
    assert r.status_code == 200 and body["citations"][0]["page"] == 15 and not body["abstained"]
    r2 = client.post("/api/ask", json={"question": "and 2021/012?", "conversation_id": body["conversation_id"]})
    assert "work programme be noted" in r2.json()["answer"]


def test_ask_with_filters_inside_the_query(client):
    r = client.post("/api/ask", json={"question": "what did cabinet resolve on the budget?",
                                      "filters": {"body": "Cabinet (Kent County Council)", "type": "minutes"}})
    assert r.status_code == 200
    assert all("kcc" in c["file"] for c in r.json()["citations"])


@pytest.mark.parametrize("payload", [{}, {"question": ""}, {"question": "x", "filters": {"colour": "red"}},
                                     {"question": "x", "filters": {"from": "last May"}}, {"question": 5}])
def test_malformed_ask_is_422(client, payload):
    r = client.post("/api/ask", json=payload)
    assert r.status_code == 422 and "detail" in r.json()


def test_search(client):
    r = client.get("/api/search", params={"q": "rural crime drone", "k": 3})
    assert r.status_code == 200 and len(r.json()["results"]) == 3
    assert client.get("/api/search").status_code == 422


def test_decisions_register_filters(client):
    rows = client.get("/api/decisions", params={"body": "Strategic Resources and Performance"}).json()
    assert len(rows) == 12 and set(rows[0]) == set(DECISION_KEYS)
    assert {r["ref"] for r in rows} >= {"2021/001", "2021/007", "2020/011", "2021/012"}
    one = client.get("/api/decisions", params={"q": "2021/007"}).json()
    assert [r["page"] for r in one] == [15] and one[0]["outcome"] == "approved"
    kent = client.get("/api/decisions", params={"from": "2025-01-01", "to": "2025-12-31"}).json()
    assert kent and all(r["date"] == "2025-01-30" for r in kent)
    assert client.get("/api/decisions", params={"from": "soon"}).status_code == 422


def test_meetings(client):
    meetings = client.get("/api/meetings").json()
    ids = [m["meeting_id"] for m in meetings]
    assert "strategic-resources-and-performance-2021-03-10" in ids
    m = client.get("/api/meetings/strategic-resources-and-performance-2021-03-10").json()
    assert m["status"] == "minuted" and m["decisions"] == 12 and m["next_meeting"] == "2021-05-19"
    assert client.get("/api/meetings/nope").status_code == 404


def test_ask_page_links_each_citation_to_its_page(client):
    r = client.get("/ask", params={"q": "What was resolved under 2021/007?"})
    assert r.status_code == 200 and "approve the new delivery plan" in r.text
    doc = client.app.state.store.document("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")
    doc = doc["document_id"]  # the file name's slug plus its content hash
    assert doc.startswith("2021-05-19-strategic-resources-and-performance-meeting-agenda-pack-")
    assert f'href="/documents/{doc}/pages/15?chunk=' in r.text
    page = client.get(f"/documents/{doc}/pages/15")
    assert page.status_code == 200 and "RESOLVED 2021/007" in page.text
    assert f"/api/documents/{doc}/file#page=15" in page.text
    pdf = client.get(f"/files/{doc}")  # old links redirect to the inline file
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.headers["content-disposition"].startswith("inline")
    assert client.get(f"/documents/{doc}/pages/999").status_code == 404


def test_ask_page_escapes_the_question(client):
    r = client.get("/ask", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "<script>alert(1)</script>" not in r.text


def test_model_endpoint_down_is_502(corpus_store_dir):
    settings = get_settings("test", store=corpus_store_dir, answer={"composer": "openai"},
                            llm={"base_url": "http://127.0.0.1:9/v1"})
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/ask", json={"question": "What was resolved under 2021/007?"})
    assert r.status_code == 502 and "language model unavailable" in r.json()["detail"]


def test_a_meetings_declarations_of_interest_show_on_its_page(client):
    kent = next(m for m in client.get("/api/meetings").json()
                if m["date"] == "2025-01-30" and m["status"] == "minuted")
    assert kent["interests"] == ["No declarations of interest were received"]
    page = client.get(f"/meetings/{kent['meeting_id']}")
    assert page.status_code == 200 and "Declarations of interest" in page.text
    assert "No declarations of interest were received" in page.text


def test_a_meetings_page_shows_its_time_as_printed_and_when_it_ended(tmp_path):
    """Nipissing's minutes: "starting at 6:30 p.m." and "That the meeting be adjourned. Time: 7:19 p.m."."""
    from assistant.ingest_service import ingest_paths
    from assistant.store import Store
    from tests.pdfgen import write_pdf

    pdf = tmp_path / "Minutes-July-16-2024.pdf"
    write_pdf(pdf, [[
        "MINUTES", "TOWNSHIP OF NIPISSING", "Tuesday, July 16, 2024", "",
        "A regular meeting of the Township of Nipissing Council was held on Tuesday, July 16, 2024 starting at",
        "6:30 p.m. The meeting was held in person at the Township of Nipissing Community Centre, and",
        "livestreamed to the Township of Nipissing YouTube Channel.", "",
        "Present: Mayor Tom Piper and Councillors Stephen Kirkey and Shelly Foote.", "",
        "Disclosure of pecuniary interest: None.", "",
        "R2024-159 J. Scott, S. Kirkey:", "That the meeting be adjourned. Time: 7:19 p.m. Carried."]])
    store_dir = tmp_path / "store"
    store = Store(get_settings("test", store=store_dir))
    try:
        assert not any(r.failed for r in ingest_paths(store, [pdf], progress=False))
    finally:
        store.close()
    with TestClient(create_app(get_settings("test", store=store_dir))) as c:
        (m,) = c.get("/api/meetings").json()
        assert (m["time_text"], m["finish_text"]) == ("6:30 p.m.", "7:19 p.m.")
        page = c.get(f"/meetings/{m['meeting_id']}").text
    assert "6:30 p.m. (ended 7:19 p.m.)" in page and "Township of Nipissing Community Centre" in page
    assert "Disclosure of pecuniary interest: None." in page


def test_the_ask_page_shows_each_sources_excerpt(client):
    """Under each source, the lines of its passage the answer speaks of (``excerpt``), not its opening."""
    import html

    reply = client.post("/api/ask", json={"question": "What was resolved under 2021/007?"}).json()
    r = client.get("/ask", params={"q": "What was resolved under 2021/007?"})
    excerpts = [c["excerpt"] for c in reply["citations"]]
    assert excerpts and all(f"<blockquote>{html.escape(e, quote=True)}</blockquote>" in r.text for e in excerpts)
