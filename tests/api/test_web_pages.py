"""Every server-rendered page over the sample corpus (fake embedder): status, content, links."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.settings import get_settings
from tests.ids import corpus_id

DOC = corpus_id("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")
MEETING = "strategic-resources-and-performance-2021-03-10"


@pytest.fixture(scope="module")
def client(tmp_path_factory, corpus_store_dir):
    with TestClient(create_app(get_settings("test", store=corpus_store_dir))) as c:
        yield c


@pytest.mark.parametrize("url, expect", [
    ("/", "Recently added papers"),
    ("/ask", "New conversation"),
    ("/search", "Search"),
    ("/decisions", "Decisions register"),
    ("/meetings", "Cabinet (Kent County Council)"),
    (f"/meetings/{MEETING}", "2021/007"),
    ("/documents", "Upload"),
    (f"/documents/{DOC}", "Agenda"),
    (f"/documents/{DOC}/pages/15", "PDF page 15"),
    ("/draft", "Draft a report"),
    ("/docs", "swagger-ui-bundle.js"),
    ("/redoc", "redoc.standalone.js"),
])
def test_every_page_renders(client, url, expect):
    r = client.get(url)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"] and expect in r.text


def test_docs_assets_are_served_by_this_server(client):
    page = client.get("/docs").text
    assert "cdn." not in page and "https://" not in page.split("<body>")[0].replace("https://fastapi", "")
    js = client.get("/static/apidocs/swagger-ui-bundle.js")
    assert js.status_code == 200 and b"SwaggerUIBundle" in js.content[:2000]
    assert client.get("/static/apidocs/swagger-ui.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200 and client.get("/static/app.css").status_code == 200


def test_ask_without_javascript_keeps_the_conversation(client):
    r = client.get("/ask", params={"q": "What was resolved under 2021/007?"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ask?cid=")
    cid = r.headers["location"].split("cid=")[1].split("&")[0]
    client.get("/ask", params={"q": "and 2021/012?", "cid": cid})
    page = client.get("/ask", params={"cid": cid}).text
    assert page.count('class="turn"') == 2 and "approve the new delivery plan" in page
    assert "work programme be noted" in page and f"/documents/{DOC}/pages/16?chunk=" in page
    fresh = client.get("/ask").text
    assert 'class="turn"' not in fresh  # a new conversation starts empty


def test_abstention_shows_closest_passages_as_not_enough_evidence(client):
    page = client.get("/ask", params={"q": "How much did knife crime fall in Leicestershire?"}).text
    assert "Not found in the documents." in page and "Not enough evidence." in page
    assert page.count('class="cite"') >= 1
    assert '<p class="reason">The documents never mention Leicestershire.</p>' in page


def test_ask_stream_page_frames(client):
    r = client.post("/ask/stream", data={"q": "What was resolved under 2021/007?"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [line.split(": ", 1)[1] for line in r.text.splitlines() if line.startswith("event: ")]
    assert events[0] == "sentence" and events[-1] == "turn"
    turn = json.loads(r.text.rsplit("data: ", 1)[1])
    assert 'class="turn"' in turn["html"] and "approve the new delivery plan" in turn["html"]
    bad = client.post("/ask/stream", data={"q": "budget", "from": "soon"})
    assert "event: error" in bad.text and "YYYY-MM-DD" in bad.text


def test_search_page_facets_and_body_in_any_case(client):
    r = client.get("/search", params={"q": "custody suite"})
    assert r.status_code == 200 and 'id="facets"' in r.text and "Document type" in r.text
    assert "<mark>" in r.text.lower() or "<mark>custody" in r.text.lower()
    narrowed = client.get("/search", params={"q": "custody suite", "body": "strategic RESOURCES"})
    assert "filtered by body strategic RESOURCES" in narrowed.text
    assert "Cabinet (Kent County Council) ·" not in narrowed.text
    assert client.get("/search", params={"q": "x", "from": "19 May"}).status_code == 422


def test_search_api_facet_counts_add_up(client):
    body = client.get("/api/search", params={"q": "custody suite", "k": 5}).json()
    assert len(body["results"]) == 5 and {"body", "meeting", "year", "type"} <= set(body["facets"])
    assert all({"value", "count"} == set(v) for v in body["facets"]["type"])
    part = client.get("/api/search", params={"q": "budget", "body": "kent county"}).json()
    assert part["results"] and all(r["body"] == "Cabinet (Kent County Council)" for r in part["results"])
    year = client.get("/api/search", params={"q": "custody", "from": "2021-01-01", "to": "2021-12-31"}).json()
    assert all(r["meeting_date"].startswith("2021") for r in year["results"])


def test_decisions_sort_filter_and_csv(client):
    page = client.get("/decisions", params={"sort": "ref", "dir": "asc", "body": "strategic"}).text
    refs = [chunk.split("</a>")[0].rsplit(">", 1)[1] for chunk in page.split("?hl=")[1:]]
    assert refs == sorted(refs) and "2021/001" in refs and not any(r.startswith("9") for r in refs)
    noted = client.get("/decisions", params={"outcome": "approved"}).text
    assert "2021/007" in noted and "2021/012" not in noted
    r = client.get("/api/decisions.csv", params={"q": "2021/007"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["ref"] for row in rows] == ["2021/007"] and rows[0]["page"] == "15"
    assert client.get("/decisions", params={"sort": "colour"}).status_code == 422


def test_meeting_page_lists_items_papers_and_decisions(client):
    page = client.get(f"/meetings/{MEETING}").text
    assert "2021/012" in page and "approve the new delivery plan" in page and 'id="papers"' in page
    agenda = client.get("/meetings/strategic-resources-and-performance-2021-05-19").text
    assert f"/documents/{DOC}/pages/2" in agenda  # item 3's presentation paper
    assert client.get("/meetings/nope").status_code == 404


def test_viewer_marks_the_cited_passage(client):
    cite = client.post("/api/ask", json={"question": "What was resolved under 2021/007?"}).json()["citations"][0]
    page = client.get(f"/documents/{DOC}/pages/{cite['page']}", params={"chunk": cite["chunk_id"]}).text
    assert "<mark>" in page and f"image?chunk={quote(cite['chunk_id'])}" in page
    assert f'/documents/{DOC}/pages/14"' in page and f'/documents/{DOC}/pages/16"' in page  # prev, next
    assert f"/api/documents/{DOC}/file#page=15" in page


def test_the_register_says_who_moved_a_decision_and_finds_it_by_them(tmp_path):
    from assistant.store import Store
    from ingest.models import Decision, DocType
    from tests.assistant.store.test_store import BUDGET, make_doc

    settings = get_settings("test", store=tmp_path)
    store = Store(settings)
    doc = make_doc("minutes.pdf", BUDGET, doc_type=DocType.MINUTES)
    doc.decisions = [Decision(ref="285(15)", text="Expects transparency.", document_id=doc.document_id,
                              file=doc.file, page=2, body=doc.body, date=doc.meeting_date, outcome="carried",
                              kind="amendment", result="Amendment carried", mover="Mr Streatfeild", seconder="Mr Sole")]
    store.add(doc)
    store.close()
    with TestClient(create_app(settings)) as c:
        page = c.get("/decisions", params={"q": "Sole"}).text
        assert "Moved by Mr Streatfeild, seconded by Mr Sole." in page and "285(15)" in page
        # what it was and how it was decided: an amendment carried without a recorded division
        assert '<strong class="kind">Amendment.</strong>' in page and "no recorded vote" in page
        (row,) = c.get("/api/decisions", params={"q": "Streatfeild"}).json()
        assert (row["kind"], row["result"], row["mover"], row["votes_for"]) == (
            "amendment", "Amendment carried", "Mr Streatfeild", None)
        assert "285(15)" not in c.get("/decisions", params={"q": "Oakford"}).text


def test_a_cited_rows_passage_shows_the_columns_printed_before_it():
    """A passage opening with a table's rows cites them with the heads the passage before
    printed, so the figure quoted ("Mar-26: 4.70") can be read against its column."""
    from api.app import make_templates

    reply = {"citations": [{"n": 1, "document_id": "d", "file": "Appendix L.pdf", "title": "Treasury", "page": 4,
                            "chunk_id": "d:1", "text": "10yr PWLB 4.80 4.70", "heads": ["Dec-25", "Mar-26"]}]}
    html = make_templates().env.get_template("_citations.html").render(reply=reply)
    assert "Columns (printed just before): Dec-25 · Mar-26" in html
    reply["citations"][0]["heads"] = []
    assert "Columns" not in make_templates().env.get_template("_citations.html").render(reply=reply)


def test_a_meeting_page_names_who_to_ask():
    """The front sheet's contact ("Ask for: Georgina Little") is shown with the meeting's time and place."""
    from api.app import make_templates

    m = {"meeting_id": "c", "body": "Cabinet", "date": "2025-03-13", "status": "agenda", "sources": [], "agenda": [],
         "planned": [], "attendees": [], "apologies": [], "decisions": 0, "contact": "Ask for: Georgina Little"}
    page = make_templates().env.get_template("meeting.html")
    assert "Ask for: Georgina Little" in page.render(m=m, request=None, decisions=[], papers=[])
    assert "Ask for" not in page.render(m={**m, "contact": None}, request=None, decisions=[], papers=[])
