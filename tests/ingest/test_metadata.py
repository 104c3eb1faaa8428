"""Document- and item-level metadata of each corpus document and the Kent papers."""

from __future__ import annotations

import pytest

from ingest.models import DocType
from tests.ingest.conftest import NEEDS, PACK, PANEL, PLAN, corpus_doc, real_doc


def test_pack_metadata():
    doc = corpus_doc(PACK)
    assert doc.doc_type == DocType.AGENDA
    assert doc.body == "Strategic Resources and Performance"
    assert doc.meeting_date == "2021-05-19"
    assert doc.title == "Strategic Resources and Performance Meeting - 19 May 2021"
    assert doc.document_id == "2021-05-19-strategic-resources-and-performance-meeting-agenda-pack-" + doc.sha256[:10]
    assert len(doc.pages) == 91 and len(doc.sha256) == 64


def test_pack_page_labels_and_running_header_stripped():
    doc = corpus_doc(PACK)
    assert doc.pages[69].label == "Page 70"
    assert "Strategic Resources and Performance Meeting - 19 May 2021" in doc.pages[0].text
    assert not any("Meeting - 19 May 2021" in c.text for c in doc.chunks)
    assert all(c.page_label == f"Page {c.page}" for c in doc.chunks)


def test_needs_assessment_metadata():
    doc = corpus_doc(NEEDS)
    assert doc.doc_type == DocType.ASSESSMENT
    assert doc.title == "Nottinghamshire Draft Police and Crime Needs Assessment - December 2018"
    assert [i.doc_type for i in doc.items] == [DocType.ASSESSMENT]
    assert (doc.items[0].first_page, doc.items[0].last_page) == (1, 30)


def test_partnership_plan_metadata():
    doc = corpus_doc(PLAN)
    assert doc.doc_type == DocType.PLAN
    assert doc.title == "Nottingham Crime & Drugs Partnership Plan 2021-2024"
    assert [i.doc_type for i in doc.items] == [DocType.PLAN]


def test_panel_report_cover_block():
    doc = corpus_doc(PANEL)
    assert doc.doc_type == DocType.REPORT
    assert doc.title == "Make Notts Safe Plan 2021-24"
    assert (doc.body, doc.meeting_date) == ("Police and Crime Panel", "2022-02-08")
    (item,) = doc.items
    assert item.number == "8" and item.public
    assert item.report_of == "Caroline Henry Police and Crime Commissioner"
    assert item.author == "Dan Howitt"
    assert (item.first_page, item.last_page) == (1, 8)
    assert doc.pages[0].label == "Page 1"


def test_kent_cabinet_minutes():
    doc = real_doc("kcc-cabinet-minutes-2025-01-30.pdf")
    assert doc.doc_type == DocType.MINUTES
    assert doc.body == "Cabinet (Kent County Council)"
    assert doc.meeting_date == "2025-01-30"
    assert doc.pages[1].label == "2"
    assert any(c.section and c.section.startswith("86. Minutes of the Meeting") for c in doc.chunks)


def test_kent_county_council_agenda():
    doc = real_doc("kcc-county-council-agenda-2025-03-13.pdf")
    assert doc.doc_type == DocType.AGENDA
    assert doc.body == "County Council"
    assert doc.meeting_date == "2025-03-13"


def test_kent_supplementary_pack_items():
    doc = real_doc("kcc-cabinet-supplementary-pack-2025-01-30.pdf")
    types = [(i.item_id, i.doc_type, i.first_page) for i in doc.items]
    assert types[1:] == [("item-7", DocType.REPORT, 3), ("item-7-appendix-1", DocType.ASSESSMENT, 13)]
    assert doc.meeting_date == "2025-01-30"


@pytest.mark.parametrize(
    "name, doc_type",
    [
        ("kcc-cabinet-budget-monitoring-report-2025-01-30.pdf", DocType.REPORT),
        ("chelsea-qc-demolition-committee-pv-2023-06-20.pdf", DocType.MINUTES),
        ("federal-register-2020-17221.pdf", DocType.OTHER),
    ],
)
def test_other_real_pdfs_parse(name, doc_type):
    doc = real_doc(name)
    assert doc.doc_type == doc_type
    assert doc.items and doc.chunks


@pytest.mark.parametrize("head, body", [
    ("The Corporation of the Township of Nipissing 45 Beatty Street Nipissing ON *** AGENDA *** Tuesday, June 4, 2024",
     "Township of Nipissing Council"),
    ("MINUTES TOWNSHIP OF NIPISSING Tuesday, May 28, 2024 A regular meeting of the Township of Nipissing Council "
     "was held on Tuesday", "Township of Nipissing Council"),
    ("The Corporation of the City of North Bay 200 McIntyre Street Budget 2025", "City of North Bay Council"),
    ("Annual report of the Police and Crime Commissioner 2024", None),
])
def test_body_from_letterhead_and_minutes_opening(head, body):
    from ingest.parse import _body_from_text
    assert _body_from_text(head) == body
