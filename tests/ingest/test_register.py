"""Decisions become citable passages; meetings come with the parsed document."""

from pathlib import Path

import pytest

from ingest import parse_file
from ingest.models import Decision
from ingest.register import register_text

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "eval/corpus/2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"
KENT = ROOT / "tests/fixtures/real-pdfs/kcc-cabinet-minutes-2025-01-30.pdf"


@pytest.fixture(scope="module")
def pack():
    return parse_file(PACK)


def test_every_decision_is_a_register_chunk(pack):
    reg = [c for c in pack.chunks if c.kind == "register"]
    assert len(reg) == len(pack.decisions) == 12
    by_ref = {c.refs[0]: c for c in reg}
    c = by_ref["res:2021/007"]
    assert c.page == 15 and c.meeting_date == "2021-03-10" and c.doc_type == "minutes"
    assert "approve the new delivery plan" in c.text and "10 March 2021" in c.text
    assert by_ref["res:2020/011"].page == 16  # the printed oddity is kept


def test_register_chunks_never_cross_items(pack):
    items = {it.item_id: it for it in pack.items}
    for c in (c for c in pack.chunks if c.kind == "register"):
        assert items[c.item_id].first_page <= c.page <= items[c.item_id].last_page


def test_kent_minute_numbers_are_references():
    doc = parse_file(KENT)
    reg = [c for c in doc.chunks if c.kind == "register"]
    assert reg and all(any(r.startswith("minute:") for r in c.refs) for c in reg)
    assert any("dec:24/00109" in c.refs for c in reg)


def test_register_text_without_resolution_text():
    d = Decision(ref="2021/010", text="", document_id="d", file="f.pdf", page=15, item="11",
                 item_title="CHIEF CONSTABLE'S UPDATE", body="SRP", date="2021-03-10")
    assert register_text(d) == ("RESOLVED 2021/010 (item 11 CHIEF CONSTABLE'S UPDATE; SRP, 10 March 2021): "
                                "(no resolution text minuted)")


def test_meetings_come_with_the_document(pack):
    ids = {m.meeting_id: m for m in pack.meetings}
    assert ids["strategic-resources-and-performance-2021-03-10"].status == "minuted"
    assert len(ids["strategic-resources-and-performance-2021-05-19"].agenda) == 12
    assert "strategic-resources-and-performance-2021-07-21" in ids
