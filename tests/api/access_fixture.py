"""The leak-probe pack: a small agenda pack, written as a PDF, whose item 4 (a Non Public
report) and item 5 (exempt minutes) carry a phrase that appears nowhere else."""

from __future__ import annotations

from pathlib import Path

from tests.pdfgen import write_pdf

SECRET = "quorvane"  # in the exempt papers only; every probe looks for it
SECRET_QUESTION = "What will happen to the quorvane lighthouse depot?"
HEADER = "Police and Crime Panel - 14 March 2024"
AUTHOR_EMAIL = "jo.bloggs@notts.example.uk"
AUTHOR_PHONE = "0115 967 0999"


def _page(n: int, lines: list[str]) -> list[str]:
    return [HEADER, *lines, f"Page {n}"]


PAGES = [
    ["NOTTINGHAMSHIRE POLICE AND CRIME PANEL", "AGENDA", "1 Apologies for absence",
     "2 Minutes of the previous meeting held on 1 February 2024", "3 Revenue budget monitoring report",
     "4 Estates disposal report", "5 Exempt minutes of the previous meeting"],
    ["MINUTES of the meeting of the Police and Crime Panel held on 1 February 2024 at 10.00am",
     "Present: Councillor A Smith (Chair), Councillor B Jones", "1. Apologies for absence",
     "None were received.", "2. Budget update",
     "RESOLVED 2024/010 That the budget update on the custody suite be noted."],
    ["For Information", "Public/Non Public*", "Public", "Report to: Police and Crime Panel",
     "Date of Meeting: 14 March 2024", "Report of: Chief Finance Officer", "Report Author: Jo Bloggs",
     f"E-mail: {AUTHOR_EMAIL}", f"Other Contacts: Tel {AUTHOR_PHONE}", "Agenda Item: 3",
     "Revenue budget monitoring report", "1. Purpose of the Report",
     "1.1 The revenue budget for the custody suite is forecast to underspend by 1.2 million pounds.",
     f"1.2 Questions about this report go to Jo Bloggs at {AUTHOR_EMAIL} or on {AUTHOR_PHONE}."],
    ["For Decision", "Public/Non Public*: Non Public", "Report to: Police and Crime Panel",
     "Date of Meeting: 14 March 2024", "Report of: Head of Estates", "Agenda Item: 4",
     "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972",
     "Estates disposal report", "1. Purpose of the Report",
     f"1.1 The {SECRET} lighthouse depot will be sold to Vellacott Holdings for 2,345,678 pounds.",
     f"1.2 The custody suite budget is not affected by the {SECRET} sale."],
    ["EXEMPT", "MINUTES of the meeting of the Police and Crime Panel held on 1 February 2024 (exempt part)",
     "Present: Councillor A Smith (Chair), Mr P Vellacott (Vellacott Holdings)", "3. Estates disposal",
     f"RESOLVED 2024/011 That the sale of the {SECRET} lighthouse depot to Vellacott Holdings be approved."],
]


def write_pack(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_pdf(folder / "2024-03-14 Police and Crime Panel - Agenda Pack.pdf",
                     [_page(i + 1, lines) for i, lines in enumerate(PAGES)])


HIDDEN_NAME = "Riverside estates annex.md"  # a paper exempt as a whole: no public item at all
HIDDEN_TEXT = f"""NOT FOR PUBLICATION

# Riverside estates annex

Valuation of the {SECRET} lighthouse depot prepared for Vellacott Holdings, with the bids received.
"""
EXEMPT_MEETING = "police-and-crime-panel-2024-02-01"  # described only by the exempt minutes
MARKERS = (SECRET, "Vellacott", "Riverside estates annex", EXEMPT_MEETING)


def write_hidden(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HIDDEN_NAME
    path.write_text(HIDDEN_TEXT)
    return path


def leaks(text: str) -> list[str]:
    """The exempt-only markers found in a reply."""
    return [m for m in MARKERS if m.lower() in text.lower()]
