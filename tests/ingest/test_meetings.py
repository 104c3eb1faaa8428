"""Meeting history: the meetings a pack describes (front sheet, minutes, work programme)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.meetings import meeting_id, parse_meetings
from ingest.models import DocType, Item, Page

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "eval/corpus/2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"
KENT = ROOT / "tests/fixtures/real-pdfs/kcc-cabinet-minutes-2025-01-30.pdf"
KENT_AGENDA = ROOT / "tests/fixtures/real-pdfs/kcc-county-council-agenda-2025-03-13.pdf"
CHELSEA = ROOT / "tests/fixtures/real-pdfs/chelsea-qc-demolition-committee-pv-2023-06-20.pdf"
BODY = "Strategic Resources and Performance"

PACK_AGENDA = [
    ("1", "Introductions and Welcome"),
    ("2", "Apologies for absence"),
    ("3", "Community Safety Partnership Funding – Presentations by Safer Nottinghamshire Board and "
          "Nottingham Crime and Drugs Partnership"),
    ("4", "Notes of the previous meeting held on 10th March 2020"),
    ("5", "Neighbourhood Policing – Engaging Communities and Problem Solving"),
    ("6", "Rural Crime Update – April 2021"),
    ("7", "Integrated Offender Management"),
    ("8", "Performance Update Report"),
    ("9", "Quarter 4 2020-2021 – Capital Outturn"),
    ("10", "Quarter 4 2020-2021 – Revenue Outturn"),
    ("11", "Regional Collaboration (verbal update)"),
    ("12", "Work Programme"),
]
MARCH_ITEMS = ["1", "2", "3", "7", "4", "5", "6", "8", "9", "10", "11", "11", "12", "15"]


def pdf_pages(path: Path) -> list[Page]:
    return [Page(number=i + 1, text=p.extract_text()) for i, p in enumerate(PdfReader(path).pages)]


@pytest.fixture(scope="module")
def pack():
    items = [
        Item("item-4", "Notes of the previous meeting", DocType.MINUTES, 13, 16, number="4"),
        Item("item-5", "Neighbourhood Policing", DocType.REPORT, 16, 25, number="5",
             meeting_date="2021-05-19"),
        Item("item-12", "Work Programme", DocType.WORK_PROGRAMME, 88, 91, number="12"),
    ]
    meetings = parse_meetings(pdf_pages(PACK), items, document_id="pack", file=PACK.name,
                              body=BODY, date="2021-05-19")
    return {m.date: m for m in meetings}


def test_pack_meetings_found(pack):
    assert sorted(pack) == ["2021-03-10", "2021-05-19", "2021-07-21", "2021-09-14", "2021-11-02"]
    assert {m.meeting_id for m in pack.values()} == {meeting_id(BODY, d) for d in pack}
    assert meeting_id(BODY, "2021-05-19") == "strategic-resources-and-performance-2021-05-19"


def test_pack_front_sheet_meeting(pack):
    may = pack["2021-05-19"]
    assert (may.status, may.time, may.place, may.page) == ("agenda", "10:00", "Virtual Meeting by Microsoft Teams", 1)
    assert [(e.number, e.title) for e in may.agenda] == PACK_AGENDA
    assert may.agenda[3].papers == [{"item_id": "item-4", "title": "Notes of the previous meeting",
                                     "doc_type": "minutes", "first_page": 13, "last_page": 16}]
    assert [p["first_page"] for p in may.agenda[4].papers] == [16]
    assert [p["item_id"] for p in may.agenda[11].papers] == ["item-12"]
    assert may.agenda[0].papers == []
    # the work programme's column for 19 May joins the same meeting
    assert len(may.planned) == 10
    assert may.planned[0].title == "Neighbourhood Policing – Engaging Communities and Problem Solving"


def test_pack_minuted_meeting(pack):
    march = pack["2021-03-10"]
    assert (march.status, march.time, march.page, march.next_meeting) == ("minuted", "10:00", 13, "2021-05-19")
    assert march.attendees == [
        "Paddy Tipping - Police and Crime Commissioner",
        "Kevin Dennis - Chief Executive, OPCC",
        "Charlie Radford - Chief Finance Officer, OPCC",
        "Craig Guildford - Chief Constable, Nottinghamshire Police",
        "Katherine Cant – Head of Service, Nottinghamshire Victim CARE",
        "Nicola Wade – Head of Commissioning, Nottinghamshire Office of the Police and Crime Commissioner",
        "Noel McMenamain – Democratic Services, Nottinghamshire County Council",
    ]
    assert march.apologies == [
        "Emma Foody – Deputy Police and Crime Commissioner",
        "Rachel Barber - Deputy Chief Constable, Nottinghamshire Police",
        "Mark Kimberley - Head of Finance, Nottinghamshire Police",
    ]
    assert [e.number for e in march.agenda] == MARCH_ITEMS
    assert march.agenda[8].title == "UPDATE ON POLICE AND CRIME DELIVERY PLAN 2021-2022"
    assert all(e.papers == [] for e in march.agenda)  # the pack's papers are for 19 May


def test_pack_work_programme_future_meetings(pack):
    counts = {d: len(pack[d].planned) for d in ("2021-07-21", "2021-09-14", "2021-11-02")}
    assert counts == {"2021-07-21": 9, "2021-09-14": 15, "2021-11-02": 12}
    july = pack["2021-07-21"]
    assert (july.status, july.page, july.agenda) == ("planned", 90, [])
    titles = [e.title for e in july.planned]
    assert titles[1:5] == ["Strategic Policing Requirement (SPR)", "National Police Air Support (NPAS)",
                           "Transforming Forensics", "Chief Constable's Update"]
    assert july.planned[1].focus == "HMIC Inspection outcome. Local assessment against SPR"
    assert july.planned[1].author == "Force"
    nov = [e.title for e in pack["2021-11-02"].planned]
    assert "Violence Reduction Unit – Key Successes and Challenges" in nov
    assert nov[-1] == "Regional Collaboration (Verbal Update)"


def test_kent_cabinet_minutes():
    (m,) = parse_meetings(pdf_pages(KENT), None, document_id="kent", file=KENT.name)
    assert (m.meeting_id, m.body, m.date, m.status) == ("cabinet-2025-01-30", "Cabinet", "2025-01-30", "minuted")
    assert m.place == "Council Chamber, Sessions House, County Hall, Maidstone"
    assert m.attendees[:5] == ["Mr R W Gough (Chairman)", "Mr N Baker", "Mrs S Chandler", "Mr D Jeffrey",
                               "Mr R C Love, OBE"]
    # the officers IN ATTENDANCE are staff; those IN ATTENDANCE VIRTUALLY attended virtually
    assert "Mrs S Hammond (Corporate Director Children, Young People and Education) (staff)" in m.attendees
    assert m.attendees[-1] == "Mrs L Gannon (Director of Technology) (virtually)"
    assert len(m.attendees) == 23
    assert m.apologies == ["Mrs C Bell"]
    assert [e.number for e in m.agenda] == [str(n) for n in range(1, 10)]
    assert m.agenda[6].title.startswith("24/00109 - Transfer the 18-25 section")
    assert m.next_meeting == "2025-03-04"  # "next meeting of the Cabinet (scheduled to be held on 4th March 2025)"


def test_kent_council_agenda_front_sheet():
    (m,) = parse_meetings(pdf_pages(KENT_AGENDA), None, document_id="k", file="k.pdf", body="County Council")
    assert (m.date, m.time, m.status) == ("2025-03-13", "10:00", "agenda")
    assert m.place == "Council Chamber, County Hall, Maidstone, Kent, ME14 1XQ"
    assert len(m.agenda) == 17
    assert m.agenda[2].title == (
        "Minutes of the meeting held on 13 February 2025 and, if in order, to be approved as a correct record")


def test_french_proces_verbal_meeting():
    (m,) = parse_meetings(pdf_pages(CHELSEA), None, document_id="c", file="c.pdf",
                          body="Comité de démolition", date="2023-06-20")
    assert (m.meeting_id, m.time, m.status) == ("comite-de-demolition-2023-06-20", "16:00", "minuted")
    assert m.attendees[0] == "M. Gaëtan Gagné, conseiller municipal"
    assert len(m.attendees) == 3
    assert [e.number for e in m.agenda] == ["1", "2", "3", "4", "5"]


NIPISSING_MINUTES = ROOT / "tests/fixtures/minutes/nipissing-2024-05-14.txt"


def test_township_minutes_title_case_labels_and_next_meeting_as_written():
    """Ontario township minutes label attendance in title case ("Present:", "Staff:",
    "Regrets:"), split staff with semicolons, and print the next meeting as "May 28, 2024"."""
    text = NIPISSING_MINUTES.read_text()
    text = text.replace("Disclosure of pecuniary interest:", "Regrets:  Councillor Tom Butler.\nGuest:  Jo Bloggs\n"
                        "Disclosure of pecuniary interest:", 1)
    pages = [Page(i + 1, t) for i, t in enumerate(text.split("\f"))]
    (m,) = parse_meetings(pages, None, document_id="n", file="Minutes-May-14-2024.pdf")
    assert (m.date, m.status) == ("2024-05-14", "minuted")
    assert m.attendees[:3] == ["Mayor Tom Piper", "Councillor Stephen Kirkey", "Councillor Shelly Foote"]
    assert "Fire Chief-MLEO-CEMC Will Bateman (staff)" in m.attendees  # a wrapped "Will" / "Bateman" rejoined
    assert "Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)" in m.attendees
    assert "Jo Bloggs (guest)" in m.attendees and "Disclosure" not in " ".join(m.attendees)
    assert m.apologies == ["Councillor Tom Butler"]
    assert m.next_meeting == "2024-05-28" and m.next_meeting_text == "May 28, 2024"
    assert m.interests == ["Disclosure of pecuniary interest: None."]
    assert m.place == "Township of Nipissing Community Centre"  # "The meeting was held in person at the …, and"
    assert (m.time, m.time_text) == ("18:30", "6:30 p.m.")


@pytest.mark.parametrize("form, example", __import__("ingest.meetings", fromlist=["APOLOGY_FORMS"]).APOLOGY_FORMS)
def test_each_apology_form_matches_its_example(form, example):
    import re

    from ingest.meetings import _APOLOGIES
    assert re.search(form, example, re.I)
    assert _APOLOGIES.search(example).group(1)


def test_reported_apologies_in_running_text_are_read():
    """Kent's full council: "The Democratic Services Manager reported apologies from …",
    and a second report by the Chairman; both lists are the meeting's apologies, and a name
    broken at its hyphen over two lines is one name."""
    text = ("MINUTES of a meeting of the County Council held on Thursday, 19 December 2024.\n"
            "PRESENT: Mr G Cooke (Chairman), Mr N Baker\n"
            "270. Apologies for Absence\n"
            "The Democratic Services Manager reported apologies from Mr Baldock, Mrs Bruneau, Sir Paul Carter, "
            "Mr Crow-\nBrown and Mr Webb.\nThe Chairman reported apologies from Mr Cooke.\n271. Declarations of Interest\n")
    pages = [Page(number=1, text=text)]
    meetings = parse_meetings(pages, None, document_id="kcc", file="minutes.pdf")
    minuted = [m for m in meetings if m.status == "minuted"]
    assert minuted and minuted[0].apologies == ["Mr Baldock", "Mrs Bruneau", "Sir Paul Carter", "Mr Crow-Brown",
                                                  "Mr Webb", "Mr Cooke"]


@pytest.mark.parametrize("form, example", __import__("ingest.meetings", fromlist=["INTEREST_FORMS"]).INTEREST_FORMS)
def test_each_interest_form_matches_its_example(form, example):
    import re

    assert re.search(form, example, re.I)


def test_declarations_of_interest_are_kept_as_printed():
    """Nipissing labels the paragraph ("Disclosure of pecuniary interest:"), printed straight
    under a guest line and running over two lines; the item's own sentence adds why. Kent
    numbers each declaration, and a page break can join two into one paragraph."""
    nipissing = ("MINUTES\nTOWNSHIP OF NIPISSING\nTuesday, February 18, 2025\n"
                 "A regular meeting of the Township of Nipissing Council was held on Tuesday, February 18, 2025.\n"
                 "Present: Mayor Dave Yemm and Councillors Shelly Foote and James Scott.\nGuest: Kim Turnbull\n"
                 "Disclosure of pecuniary interest: Councillor Shelly Foote declared a Pecuniary Interest for the\n"
                 "Accounts Payable listing. Her personal business was listed.\n\nCommittee Reports:\n"
                 "R2025-040 J. Scott, S. Foote:\nThat the statement of accounts be approved. Carried.\n")
    (m,) = parse_meetings([Page(1, nipissing)], None, document_id="n", file="Minutes-February-18-2025.pdf")
    assert m.interests == ["Disclosure of pecuniary interest: Councillor Shelly Foote declared a Pecuniary Interest "
                           "for the Accounts Payable listing. Her personal business was listed."]
    kent = ("MINUTES of a meeting of the County Council held on Thursday, 19 December 2024.\n"
            "PRESENT: Mr G Cooke (Chairman), Mr N Baker\n271. Declarations of Interest\n(Item 2)\n\n"
            "1) Mr Lehmann declared an interest in item 6 - Questions - that he was a Member of Swale\n"
            "Borough Council.\n3) Mr Streatfield declared an interest in item 6.\n\n"
            "(4) The General Counsel advised that Members may wish to declare any specific interest.\n\n"
            "272. Minutes of the meeting held on 7 November 2024\n")
    minuted = [m for m in parse_meetings([Page(1, kent)], None, document_id="k", file="m.pdf") if m.status == "minuted"]
    assert minuted[0].interests == ["Mr Lehmann declared an interest in item 6 - Questions - that he was a Member "
                                    "of Swale Borough Council.", "Mr Streatfield declared an interest in item 6."]
    none = kent.replace("1) Mr Lehmann", "No declarations of interest were received.\n\nX) Mr Lehmann").split("X)")[0]
    minuted = [m for m in parse_meetings([Page(1, none)], None, document_id="k", file="m.pdf") if m.status == "minuted"]
    assert minuted[0].interests == ["No declarations of interest were received."]


def test_a_front_sheet_dated_below_its_agenda_heading():
    """ModernGov's Cabinet sheet: "AGENDA / CABINET / Thursday, 13th March, 2025, at 3.00 pm",
    its venue two lines on and split over two; Nipissing's "*** AGENDA ***" with the date it
    was amended above the meeting's and "**START TIME 6:30 p.m.**" below."""
    kent = ("AGENDA\n\nCABINET\n\nThursday, 13th March, 2025, at 3.00 pm\n(or on the rising of Full Council,\n"
            "whichever is the later)\nAsk for: Georgina Little\nCouncil Chamber, Sessions House,\n"
            "County Hall, Maidstone\nTelephone: Tel: 03000 414043\n\nUNRESTRICTED ITEMS\n"
            "1. Apologies\n2. Declarations of Interest\n3. Consideration of Decision 24/00093\nEXEMPT ITEMS\n")
    (m,) = parse_meetings([Page(1, kent)], None, document_id="k", file="Agenda frontsheet.pdf")
    assert (m.status, m.body, m.date, m.time, m.time_text) == ("agenda", "Cabinet", "2025-03-13", "15:00", "3.00 pm")
    assert m.place == "Council Chamber, Sessions House, County Hall, Maidstone"
    assert [e.title for e in m.agenda] == ["Apologies", "Declarations of Interest", "Consideration of Decision 24/00093"]
    nipissing = ("The Corporation of the Township of Nipissing\n*** AGENDA ***\nAmended March 28, 2024\n"
                 "Tuesday, April 2, 2024\n**START TIME 6:30 p.m.**\n\n1. Disclosure of pecuniary interest.\n\n"
                 "2. Committee Reports.\n")
    (m,) = parse_meetings([Page(1, nipissing)], None, document_id="n", file="April-2-2024-Agenda.pdf",
                          body="Township of Nipissing Council")
    assert (m.date, m.time, m.time_text, m.place, len(m.agenda)) == ("2024-04-02", "18:30", "6:30 p.m.", None, 2)


@pytest.mark.parametrize("sheet, contact", [
    # ModernGov's front sheet: the name beside the venue it runs into
    ("AGENDA\nCABINET\nThursday, 30th January, 2025, at 10.00 am Ask for: Georgina Little Council Chamber, "
     "Sessions House,\nCounty Hall, Maidstone\nTelephone: Tel: 03000 414043\n1. Apologies", "Ask for: Georgina Little"),
    ("AGENDA\nCABINET\nThursday, 30th January, 2025, at 10.00 am\nContact Officer: Ann Smith Telephone 01234\n"
     "1. Apologies", "Contact Officer: Ann Smith"),
    ("AGENDA\nCABINET\nThursday, 30th January, 2025, at 10.00 am\nCouncil Chamber\n1. Apologies", None),
])
def test_a_front_sheet_names_who_to_ask(sheet, contact):
    """"Who should I phone about the Cabinet papers?" is answered by the officer the front
    sheet names for enquiries, label and name as printed."""
    (m,) = parse_meetings([Page(1, sheet)], None, document_id="k", file="Agenda frontsheet.pdf", body="Cabinet")
    assert m.contact == contact


@pytest.mark.parametrize("text, times", [
    # Nipissing, 12 August 2025: the grounds run on for sentences before the time
    ("That this part of our meeting will be closed to the public as authorized by Section 239(2)(i) of the "
     "Municipal Act, 2001, c. 25. (i) a trade secret. Purpose of this Closed Session: review. Time: 6:55 p.m. "
     "Carried. That we resume to an open public meeting. Time: 7:21 p.m. Carried. That the meeting be adjourned. "
     "Time: 7:24 p.m.", ("6:55 p.m.", "7:21 p.m.")),
    # no resolution to resume: no closed session is read, rather than the adjournment's time
    ("That this part of our meeting will be closed to the public. Time: 7:01 p.m. That the meeting be adjourned. "
     "Time: 7:50 p.m.", (None, None)),
    ("That the meeting be adjourned. Time: 7:24 p.m.", (None, None)),
])
def test_a_closed_session_is_read_from_going_in_to_resuming(text, times):
    from ingest.meetings import _closed_session

    assert _closed_session(text) == times
