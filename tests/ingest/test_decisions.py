"""The decisions register: expected registers for real minutes, plus synthetic house styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest.dates import parse_date, parse_time
from ingest.decisions import outcome_of, parse_decisions
from ingest.models import DocType, Item, Page

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "eval/corpus/2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"
KENT = ROOT / "tests/fixtures/real-pdfs/kcc-cabinet-minutes-2025-01-30.pdf"
CHELSEA = ROOT / "tests/fixtures/real-pdfs/chelsea-qc-demolition-committee-pv-2023-06-20.pdf"
NOTE = "To note the report."

# The 10 March 2021 minutes inside the 19 May 2021 pack (PDF pages 13-16):
# (ref as printed, minute item, item title, text, outcome, page).
PACK_REGISTER = [
    ("2021/001", "3", "VICTIM CARE SERVICE UPDATE MARCH 2021 - PRESENTATION", NOTE, "noted", 14),
    ("2021/002", "7", "DOMESTIC ABUSE POSITION PAPER – ACTION PLAN UPDATE", NOTE, "noted", 14),
    ("2021/003", "4", "PERFORMANCE AND COMPLIANCE WITH VICTIMS CODE", NOTE, "noted", 14),
    ("2021/004", "5", "DOMESTIC HOMICIDE REVIEW/SERIOUS CASE REVIEW UPDATE", NOTE, "noted", 14),
    ("2021/005", "6", "POLICE REPOSE TO HATE CRIME", NOTE, "noted", 14),
    ("2021/006", "8", "RESPONSE TO IICSA RESPONSE PLANS", NOTE, "noted", 15),
    (
        "2021/007", "9", "UPDATE ON POLICE AND CRIME DELIVERY PLAN 2021-2022",
        "(1) to note the report (2) that the police and Crime Commissioner approve the new delivery plan; "
        "(3) that the Chief Constable agree to implementation of the strategic activities contained at "
        "Appendix A and listed within each of the four strategic themes",
        "approved", 15,
    ),
    ("2021/008", "10", "POLICE AND CRIME COMMISSIONER'S UPDATE REPORT TO DECEMBER 2020", NOTE, "noted", 15),
    ("2021/009", "11", "QUARTER 2 2020-2021 CAPITAL YEAR TO DATE POSITION", NOTE, "noted", 15),
    ("2021/010", "11", "CHIEF CONSTABLE'S UPDATE", "", None, 15),  # printed with no text
    ("2020/011", "12", "REGIONAL COLLABORATION", "To note the verbal update.", "noted", 16),
    ("2021/012", "15", "WORK PROGRAMME", "That the contents of the work programme be noted.", "noted", 16),
]

# Kent Cabinet 30 January 2025: (minute ref, agenda item, title starts, text contains, outcome, page).
KENT_REGISTER = [
    ("86", "3", "Minutes of the Meeting held on 9th January 2025",
     "were a correct record and that they be signed by the Chair", "approved", 1),
    ("88", "5", "24/00108 - Revenue and Capital Budget Monitoring Report",
     "e) Agree the Capital budget changes. f) Note the Reserves, Treasury Management and Prudential "
     "Indicators Monitoring", "agreed", 10),
    ("89", "6", "Draft Revenue Budget 2025-26, MTFP 2025-28",
     "endorsed the draft budget to be presented to County Council on 13th February", "endorsed", 13),
    ("90", "7", "24/00109 - Transfer the 18-25 section of the Strengthening Independence Service",
     "to implement the decision", "agreed", 14),
    ("91", "8", "24/00115 - Kent County Council Integrated Care Strategy (KCC ICS) Delivery Plan",
     "(a) Adopt the Integrated Care Strategy Delivery Plan", "agreed", 15),
    ("92", "9", "24/00096 - Commissioning Plan for Education Provision in Kent 2025-29",
     "that Cabinet agree the Commissioning Plan for Education Provision in Kent 2025-29", "agreed", 17),
]


def pdf_pages(path: Path) -> list[Page]:
    return [Page(number=i + 1, text=p.extract_text()) for i, p in enumerate(PdfReader(path).pages)]


@pytest.fixture(scope="module")
def pack_decisions():
    return parse_decisions(
        pdf_pages(PACK), document_id="pack", file=PACK.name,
        body="Strategic Resources and Performance", date="2021-05-19",
    )


@pytest.fixture(scope="module")
def kent_decisions():
    return parse_decisions(pdf_pages(KENT), document_id="kent", file=KENT.name, body=None, date=None)


def test_pack_register_is_complete_and_in_printed_order(pack_decisions):
    got = [(d.ref, d.item, d.item_title, d.text, d.outcome, d.page) for d in pack_decisions]
    assert got == PACK_REGISTER


def test_pack_decisions_carry_the_minuted_meeting_not_the_pack(pack_decisions):
    assert {d.date for d in pack_decisions} == {"2021-03-10"}
    assert {d.body for d in pack_decisions} == {"Strategic Resources and Performance"}
    assert {(d.document_id, d.file) for d in pack_decisions} == {("pack", PACK.name)}
    assert all(d.mover is None and d.votes_for is None for d in pack_decisions)


def test_pack_register_without_running_headers_is_the_same(pack_decisions):
    """The loader may strip 'Strategic Resources ... - 19 May 2021' / 'Page 14'; same answer."""
    stripped = [Page(p.number, "\n".join(p.text.splitlines()[2:])) for p in pdf_pages(PACK)]
    again = parse_decisions(stripped, document_id="pack", file=PACK.name, body="SRP", date=None)
    assert [(d.ref, d.text, d.page, d.item) for d in again] == [
        (d.ref, d.text, d.page, d.item) for d in pack_decisions
    ]


def test_items_limit_the_search_to_minutes(pack_decisions):
    minutes = Item("item-4", "Notes of the previous meeting", DocType.MINUTES, 13, 16, number="4")
    report = Item("item-5", "Neighbourhood Policing", DocType.REPORT, 16, 25, number="5")
    got = parse_decisions(pdf_pages(PACK), document_id="pack", file="f", body="SRP", date="2021-05-19",
                          items=[minutes, report])
    assert [d.ref for d in got] == [d.ref for d in pack_decisions]


def test_kent_register(kent_decisions):
    assert len(kent_decisions) == len(KENT_REGISTER)
    for d, (ref, item, title, text, outcome, page) in zip(kent_decisions, KENT_REGISTER):
        assert (d.ref, d.item, d.outcome, d.page) == (ref, item, outcome, page)
        assert d.item_title.startswith(title)
        assert text in d.text
        assert (d.body, d.date) == ("Cabinet", "2025-01-30")


def test_kent_sub_parts_across_a_page_break_are_kept(kent_decisions):
    plan = kent_decisions[4].text
    assert "(b) Delegate authority" in plan
    assert plan.endswith("as necessary to implement the decision.")
    budget = kent_decisions[1].text
    assert budget.startswith("that Cabinet agree to: A) Note the forecast revenue overspend of £23.3m")


def test_french_proces_verbal_resolution():
    got = parse_decisions(pdf_pages(CHELSEA), document_id="c", file="c.pdf", body="Comité de démolition",
                          date="2023-06-20")
    assert len(got) == 1
    d = got[0]
    assert (d.ref, d.item, d.outcome, d.page, d.date) == ("DM-2023-001", "4", "approved", 1, "2023-06-20")
    assert d.text.startswith("D’APPROUVER la demande de démolition partielle")
    assert "ATTENDU" not in d.text


ONTARIO = """Regular Meeting of Council
Resolution No. R2024-052
Moved by: Councillor A
Seconded by: Councillor B
THAT Council approve the award of tender T-2024-03 to Smith Paving Ltd. in the amount of $245,000.
CARRIED
Resolution No. R2024-053 Moved by: Councillor B Seconded by: Councillor C
THAT the fence application be deferred.
DEFEATED
"""


def test_ontario_numbered_resolutions():
    a, b = parse_decisions([Page(1, ONTARIO)], document_id="o", file="o.pdf", body="Council", date="2024-03-05")
    assert (a.ref, a.mover, a.seconder, a.outcome, a.date) == (
        "R2024-052", "Councillor A", "Councillor B", "carried", "2024-03-05")
    assert a.text == "THAT Council approve the award of tender T-2024-03 to Smith Paving Ltd. in the amount of $245,000."
    assert (b.ref, b.mover, b.seconder, b.outcome) == ("R2024-053", "Councillor B", "Councillor C", "rejected")
    assert b.text == "THAT the fence application be deferred."


def test_ontario_run_on_line():
    text = "Resolution No. R2024-052 Moved by: Councillor A Seconded by: Councillor B THAT the report be received. CARRIED"
    (d,) = parse_decisions([Page(1, text)], document_id="o", file="o.pdf", body=None, date=None)
    assert (d.ref, d.text, d.outcome, d.mover, d.seconder) == (
        "R2024-052", "THAT the report be received.", "carried", "Councillor A", "Councillor B")


KENT_COUNCIL = """MINUTES of a meeting of the County Council held in the Council Chamber, Sessions House,
County Hall, Maidstone on Thursday, 13th February, 2025.

299. Revenue Budget 2025-26
(Item 8)

1. The motion was moved by Mr P Oakford, seconded by Mr R Gough.

2. Following the debate the recorded vote was For (52) Against (0) Abstain (11)

3. RESOLVED that the budget be approved.

4. RESOLVED that the Treasury Management Strategy be agreed.
"""


def test_kent_council_mover_seconder_and_votes():
    a, b = parse_decisions([Page(5, KENT_COUNCIL)], document_id="k", file="k.pdf", body=None, date=None)
    assert (a.ref, a.item, a.item_title, a.page) == ("299", "8", "Revenue Budget 2025-26", 5)
    assert (a.mover, a.seconder) == ("Mr P Oakford", "Mr R Gough")
    assert (a.votes_for, a.votes_against, a.abstentions) == (52, 0, 11)
    assert (a.text, a.outcome, a.date, a.body) == (
        "that the budget be approved.", "approved", "2025-02-13", "County Council")
    assert (b.ref, b.outcome) == ("299(2)", "agreed")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("To note the report.", "noted"),
        ("that the plan be approved", "approved"),
        ("Cabinet agree to: Note the report; Agree the budget", "agreed"),
        ("that the item be deferred to the next meeting", "deferred"),
        ("that the motion be not carried", "rejected"),
        ("", None),
    ],
)
def test_outcome_of(text, outcome):
    assert outcome_of(text) == outcome


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Wednesday 19 May 2021", "2021-05-19"),
        ("HELD ON WEDNESDAY 10TH MARCH 2021", "2021-03-10"),
        ("19th May 2021", "2021-05-19"),
        ("30 January 2025", "2025-01-30"),
        ("Thursday, 30th January, 2025", "2025-01-30"),
        ("May 7, 2024", "2024-05-07"),
        ("19/05/2021", "2021-05-19"),
        ("le 7 juin 2023", "2023-06-07"),
        ("no date here", None),
    ],
)
def test_parse_date(printed, iso):
    assert parse_date(printed) == iso


def test_parse_time():
    assert parse_time("Wednesday 19 May 2021 at 10.00 am") == "10:00"
    assert parse_time("COMMENCING AT 2.30 PM") == "14:30"
    assert parse_time("tenue le 20 juin, à 16h00") == "16:00"
    assert parse_time("Item 7") is None


NIPISSING = ROOT / "tests/fixtures/minutes/nipissing-2024-05-14.txt"


@pytest.fixture(scope="module")
def nipissing():
    pages = [Page(i + 1, t) for i, t in enumerate(NIPISSING.read_text().split("\f"))]
    return parse_decisions(pages, document_id="n", file="Minutes-May-14-2024.pdf", body=None, date=None)


def test_nipissing_resolutions_by_number(nipissing):
    assert [d.ref for d in nipissing] == [f"R2024-{n}" for n in range(101, 116)]
    d = nipissing[0]
    assert (d.mover, d.seconder, d.outcome, d.result, d.kind) == ("S. Kirkey", "D. Yemm", "carried", "Carried", "resolution")
    assert (d.date, d.body, d.page) == ("2024-05-14", "Township of Nipissing Council", 1)
    assert d.text.startswith("THAT we pass By-Law Number 2024-22, being a By-Law to adopt the estimates")
    assert d.text.endswith("passed this 14th day of May, 2024.")


def test_nipissing_resolution_stops_at_its_result(nipissing):
    by_ref = {d.ref: d for d in nipissing}
    assert "Committee Reports" not in by_ref["R2024-105"].text  # printed between 105 and 106
    assert by_ref["R2024-106"].page == 2 and "Page 2" not in by_ref["R2024-106"].text
    assert by_ref["R2024-108"].text.startswith("That we authorize the Public Works Department to remove a beaver dam")
    assert (by_ref["R2024-114"].mover, by_ref["R2024-114"].seconder) == ("D. Yemm", "S. Kirkey")  # "S. Kirkey;"


TOWNSHIP = """MINUTES
TOWNSHIP OF NIPISSING
Tuesday, December 5, 2023

A regular meeting of the Township of Nipissing Council was held on Tuesday, December 5, 2023.
Present: Mayor Tom Piper.

R2023-49: S. Foote, D. Yemm:
THAT we adopt an updated Strategic Asset Management Policy replacing the Policy approved by
Resolution R2019-130.  Carried.

R2024-019B  S. Kirkey, T. Butler:
NOW THEREFORE we authorize the Delivery of the Truck per Resolution
R2022-35 and the financing of the purchase.  Carried.

R2025-194
Missing Information to be revisited at the November 18, 2025 Meeting.

R2024-237 S.Foote, J. Scott:
THAT we pass By-Law Number 2024-54, being a By-Law to establish the remuneration. Deferred.
"""


def test_township_refs_and_wrapped_citations():
    got = parse_decisions([Page(1, TOWNSHIP)], document_id="t", file="t.pdf", body=None, date=None)
    assert [d.ref for d in got] == ["R2023-49", "R2024-019B", "R2025-194", "R2024-237"]
    assert got[0].text.endswith("approved by Resolution R2019-130.") and got[0].outcome == "carried"
    assert "R2022-35 and the financing" in got[1].text
    assert (got[2].mover, got[2].text) == (None, "Missing Information to be revisited at the November 18, 2025 Meeting.")
    assert (got[3].mover, got[3].seconder, got[3].outcome) == ("S.Foote", "J. Scott", "deferred")
    assert {d.body for d in got} == {"Township of Nipissing Council"}


KENT_BUDGET = """MINUTES of a meeting of the County Council held in the Council Chamber, Sessions House,
County Hall, Maidstone on Thursday, 13 February 2025.

291.   Capital Programme 2025-35 and Revenue Budget 2025-26
(Item 6)

(1)    Mr Oakford proposed and Mr Gough Seconded the following motion:

(2)  RESOLVED that:

County Council is asked to agree the following:

2025-35 Capital Programme
(a)    The 10-year Capital programme of £1,419m.
(b)    The directorate capital programmes.

2025-26 Council Tax
(c)    To increase Council Tax band rates.

In addition:
(d)    To delegate authority to the Chief Executive.

292.   Devolution
(Item 7)

26) RESOLVED that the County Council:

(1)  Endorses the ongoing joint work
(2)  Notes the timetable.
"""


def test_kent_resolutions_with_headed_parts_and_bracket_numbers():
    budget, devolution = parse_decisions([Page(1, KENT_BUDGET)], document_id="k", file="k.pdf", body=None, date=None)
    assert budget.text == (
        "that: County Council is asked to agree the following: 2025-35 Capital Programme (a) The 10-year Capital "
        "programme of £1,419m. (b) The directorate capital programmes. 2025-26 Council Tax (c) To increase Council "
        "Tax band rates. In addition: (d) To delegate authority to the Chief Executive.")
    assert (budget.mover, budget.seconder) == ("Mr Oakford", "Mr Gough")
    assert (devolution.ref, devolution.text) == (
        "292", "that the County Council: (1) Endorses the ongoing joint work (2) Notes the timetable.")


def test_a_numbered_list_split_by_blank_lines_stays_one_resolution():
    text = ("MINUTES of a meeting of the Cabinet held on Thursday, 9 January 2025.\n\n"
            "83. Devolution\n(Item 3)\n\n7. RESOLVED that Cabinet: \n\n"
            "1. Agree to submit a request to Government; \n\n2. Note the timetable; and \n\n"
            "3. Agree to request a postponement.\n\nThe meeting closed at 11am.\n")
    (d,) = parse_decisions([Page(1, text)], document_id="c", file="c.pdf", body=None, date=None)
    assert d.text == ("that Cabinet: 1. Agree to submit a request to Government; 2. Note the timetable; and "
                      "3. Agree to request a postponement.")
