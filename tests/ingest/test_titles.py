"""Weak titles, body names with dates glued on, and meeting dates from file names."""

import pytest

from ingest.titles import file_title, plain_body, weak_title


@pytest.mark.parametrize("title,weak", [
    ("to add up.", True),  # the tail of a sentence
    ("Other", True),
    ("Item No", True),
    ("Appendix O", True),
    ("TABLE OF CONTENTS", True),
    ("Thursday 13 March 2025", True),  # a date names no paper
    ("Core External Total Core External Total", True),  # a column heading twice
    ("209,578.3 -9,380.7 200,197.6 TOTAL SPENDING 151,171.3", True),
    ("Kent County Council", True),  # the body's own name
    ("Reserves Policy", False),
    ("2026 Budget Report Levy Increase: 3.40%", False),
    ("Minutes of the meeting held on 4 May 2021", False),
])
def test_weak_titles(title, weak):
    assert weak_title(title, "Kent County Council") is weak


def test_file_name_titles():
    assert file_title("Appendix O - MRP.pdf") == "Appendix O - MRP"
    assert file_title("Township_of_Nipissing_2026_Budget.pdf") == "Township of Nipissing 2026 Budget"
    assert file_title("scan_0042.pdf") is None


@pytest.mark.parametrize("body,plain", [
    ("County Council 13th March 2025", "County Council"),
    ("July 11, 2023", None),
    ("Minutes", None),
    ("Cabinet", "Cabinet"),
    ("Full Council Date: 13 March 2025", "Full Council"),
    (None, None),
])
def test_plain_body(body, plain):
    assert plain_body(body) == plain


def test_a_junk_first_line_gives_way_to_the_file_name(tmp_path):
    from ingest.parse import parse_file

    path = tmp_path / "Township of Nipissing 2026 Budget Draft.txt"
    path.write_text("to add up.\n\nPolicing services cost 366,333.00 for the Township of Nipissing in 2026, and the "
                    "Township of Nipissing levy rises by 3.40 per cent in the draft budget.\n")
    doc = parse_file(path)
    assert doc.title == "Township of Nipissing 2026 Budget Draft"
    assert all("to add up" not in c.context for c in doc.chunks)


@pytest.mark.parametrize("name,iso", [
    ("Agenda-April-18-2023.pdf", "2023-04-18"),
    ("Printed minutes 13th-Feb-2025 09.30 County Council.pdf", "2025-02-13"),  # the meeting's start time
    ("Minutes of the meeting held on 9th January 2025.pdf", "2025-01-09"),
    ("2025-12-31-Township-of-Nipissing-FS-Mar-2-drafts.pdf", None),  # no meeting word: a statement date
    ("Appendix D 21.01.25.pdf", None),
])
def test_meeting_dates_from_file_names(name, iso):
    from ingest.meta import meeting_date_from_filename

    assert meeting_date_from_filename(name) == iso


def test_an_agenda_is_dated_by_its_meeting_not_by_the_minutes_it_adopts(tmp_path):
    """A township agenda opens with the previous meeting's minutes to adopt: the first dated
    line after a meeting word is May 28, but the agenda (and its file name) is for June 4."""
    from ingest.parse import parse_file

    text = ("*** AGENDA ***\n\nRegular meeting of Council\n\n"
            "1. Adoption of the minutes of the regular meeting held May 28, 2024.\n\n"
            "2. Resolution: Approve the roads tender for the township.\n")
    path = tmp_path / "June-4-2024-Agenda.txt"
    path.write_text(text)
    assert parse_file(path).meeting_date == "2024-06-04"
    undated = tmp_path / "agenda.txt"
    undated.write_text("*** AGENDA *** Tuesday, June 4, 2024\n\n" + text.split("\n\n", 1)[1])
    assert parse_file(undated).meeting_date == "2024-06-04"  # the agenda's own date comes first


def test_printed_minutes_under_a_letterhead_are_minutes_of_their_meeting():
    """Kent's printed minutes open with 'KENT COUNTY COUNCIL' alone, read as a paper of its
    own: the document was typed 'other' and left undated, so date filters never found it."""
    from pathlib import Path

    from ingest.parse import parse_file

    root = Path(__file__).resolve().parents[2]
    path = next((p / "shared/archive/kent/full_council-2025-02-13/Printed minutes 13th-Feb-2025 09.30 County Council.pdf"
                 for p in root.parents[:2]), None)
    if path is None or not path.exists():
        pytest.skip("needs ../shared/archive")
    doc = parse_file(path)
    assert (str(doc.doc_type), doc.meeting_date) == ("minutes", "2025-02-13")


def test_an_items_body_loses_the_date_its_header_glued_to_it():
    """Chunks file under their item's body: 'County Council 13th March 2025' must be the
    County Council (one facet, one scope), and a header that held only a date or 'Minutes'
    gives way to the document's body."""
    from ingest.meta import HeaderInfo
    from ingest.models import DocType, Document, Item
    from ingest.parse import _document_meta

    items = [Item(item_id="1", title="Budget", doc_type=DocType.MINUTES, first_page=1, last_page=1, body="County Council"),
             Item(item_id="2", title="Votes", doc_type=DocType.MINUTES, first_page=1, last_page=1, body="County Council 13th March 2025"),
             Item(item_id="3", title="Motion", doc_type=DocType.MINUTES, first_page=1, last_page=1, body="July 11, 2023"),
             Item(item_id="4", title="Other", doc_type=DocType.MINUTES, first_page=1, last_page=1, body="Minutes")]
    doc = Document(document_id="d", file="Minutes 13 March 2025.pdf", sha256="0", title="", doc_type=DocType.OTHER,
                   pages=[], items=items)
    _document_meta(doc, HeaderInfo(), None, "2025-03-13")
    assert [it.body for it in doc.items] == ["County Council"] * 4
