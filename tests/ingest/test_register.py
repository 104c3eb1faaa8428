"""Decisions become citable passages; meetings come with the parsed document."""

from pathlib import Path

import pytest

from ingest import parse_file
from ingest.models import Decision
from ingest.refs import find_refs
from ingest.register import register_text, split_record

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


def test_register_text_of_a_lost_amendment_carries_the_counts_in_words():
    d = Decision(ref="291(7)", text="To amend the budget in line with the Labour Group’s Alternative Budget.",
                 document_id="d", file="f.pdf", page=6, item="6", item_title="Revenue Budget 2025-26",
                 body="County Council", date="2025-02-13", outcome="rejected", mover="Mr Brady",
                 seconder="Ms Meade", votes_for=12, votes_against=42, abstentions=7, kind="amendment",
                 minute="291", paragraph="7", result="Amendment lost", abstain_names=["Mr Hook"])
    assert register_text(d) == (
        "Minute 291, paragraph 7 (item 6 Revenue Budget 2025-26; County Council, 13 February 2025) [rejected]: "
        "Amendment proposed (moved) by Mr Brady, seconded by Ms Meade. The voting was: For (12), Against (42), "
        "Abstain (7): 12 in favour, 42 against and 7 abstentions; Amendment lost. "
        "To amend the budget in line with the Labour Group’s Alternative Budget.")
    assert find_refs(register_text(d)) == ["item:6", "minute:291"]


def test_register_text_of_a_township_resolution():
    d = Decision(ref="R2024-108", text="That we authorize the Public Works Department to remove a beaver dam.",
                 document_id="d", file="f.pdf", page=2, body="Township of Nipissing Council", date="2024-05-14",
                 outcome="carried", mover="D. Yemm", seconder="S. Foote", kind="resolution", result="Carried")
    text = register_text(d)
    assert text == ("Resolution R2024-108 (Township of Nipissing Council, 14 May 2024) [carried]: Proposed (moved) "
                    "by D. Yemm, seconded by S. Foote. RESOLVED: That we authorize the Public Works Department "
                    "to remove a beaver dam.")
    assert find_refs(text) == ["res:r2024-108"]


@pytest.mark.parametrize("decision, lead_ends, body", [
    # a counted amendment: head, movers and the vote lead; the amendment is the rest
    (dict(ref="291(7)", text="To amend the budget.", item="6", item_title="Revenue Budget 2025-26 (incl. Tax)",
          body="County Council", date="2025-02-13", outcome="rejected", mover="Mr Brady", seconder="Ms Meade",
          votes_for=12, votes_against=42, abstentions=7, kind="amendment", minute="291", paragraph="7",
          result="Amendment lost", subject="Corporate Functions"),
     "Amendment lost. Subject: Corporate Functions.", "To amend the budget."),
    # movers named by initials: "D. Yemm" does not end the sentence
    (dict(ref="R2024-108", text="That we remove a beaver dam.", body="Township of Nipissing Council",
          date="2024-05-14", outcome="carried", mover="D. Yemm", seconder="S. Foote", kind="resolution"),
     "seconded by S. Foote.", "RESOLVED: That we remove a beaver dam."),
    # no movers or vote: the head alone leads
    (dict(ref="86", text="that the report be noted.", body="Cabinet", date="2025-01-30", outcome="agreed"),
     "[agreed]:", "that the report be noted."),
])
def test_a_register_record_splits_into_its_lead_and_what_was_resolved(decision, lead_ends, body):
    text = register_text(Decision(document_id="d", file="f.pdf", page=1, **decision))
    lead, rest = split_record(text)
    assert lead.endswith(lead_ends) and rest == body and f"{lead} {rest}" == text


def test_text_not_written_as_a_record_has_no_lead():
    assert split_record("The council agreed the budget.") == ("", "The council agreed the budget.")
