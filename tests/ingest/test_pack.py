"""The item table of the 91-page Strategic Resources and Performance pack (19 May 2021).

Worked out by reading the PDF pages and the source text: the agenda (p1) lists
items 1-12; items 1, 2 (introductions, apologies) and 11 (verbal update) have no
paper. Several papers start part-way down a page (the pack runs papers on), so a
page can hold the end of one item and the start of the next.
"""

from __future__ import annotations

from ingest.models import DocType

# agenda number -> PDF page where that item's paper starts (None: no paper)
PAPER_STARTS = {
    "1": None, "2": None, "3": 2, "4": 13, "5": 16, "6": 55, "7": 61,
    "8": 63, "9": 81, "10": 85, "11": None, "12": 88,
}

# item_id, agenda number, type, first page, last page
ITEMS = [
    ("agenda", None, DocType.AGENDA, 1, 1),
    ("item-3-presentation-1", "3", DocType.PRESENTATION, 2, 5),   # Safer Nottinghamshire Board deck
    ("item-3-presentation-2", "3", DocType.PRESENTATION, 6, 12),  # Crime and Drugs Partnership deck
    ("item-4", "4", DocType.MINUTES, 13, 16),                     # minutes of 10 March 2021
    ("item-5", "5", DocType.REPORT, 16, 20),
    ("item-5-appendix-a", "5", DocType.APPENDIX, 21, 28),         # NHP guide for policing teams
    ("item-5-appendix-b", "5", DocType.APPENDIX, 29, 54),         # Crime Prevention Strategy
    ("item-5-appendix-c", "5", DocType.APPENDIX, 55, 55),         # College of Policing guidance
    ("item-6", "6", DocType.REPORT, 55, 59),
    ("item-6-appendix-1", "6", DocType.APPENDIX, 59, 61),         # rural crime performance
    ("item-7", "7", DocType.REPORT, 61, 63),
    ("item-8", "8", DocType.REPORT, 63, 68),
    ("item-8-appendix-a", "8", DocType.APPENDIX, 69, 81),         # Performance and Insight report
    ("item-9", "9", DocType.REPORT, 81, 84),
    ("item-9-appendix-a", "9", DocType.APPENDIX, 84, 85),         # capital projects table
    ("item-10", "10", DocType.REPORT, 85, 88),
    ("item-12", "12", DocType.WORK_PROGRAMME, 88, 89),
    ("item-12-appendix-1", "12", DocType.WORK_PROGRAMME, 89, 91),  # work plan and meetings
]


def test_item_table(pack):
    got = [(i.item_id, i.number, i.doc_type, i.first_page, i.last_page) for i in pack.items]
    assert got == ITEMS


def test_paper_start_per_agenda_item(pack):
    starts = {}
    for item in pack.items:
        if item.number:
            starts[item.number] = min(starts.get(item.number, 999), item.first_page)
    assert {n: starts.get(n) for n in PAPER_STARTS} == PAPER_STARTS


def test_titles_come_from_the_agenda(pack):
    titles = {i.item_id: i.title for i in pack.items}
    assert titles["item-6"] == "Rural Crime Update – April 2021"
    assert titles["item-8"] == "Performance Update Report"
    assert titles["item-4"].startswith("Notes of the previous meeting")
    assert titles["item-5-appendix-b"] == "Appendix B: Crime Prevention Strategy"


def test_cover_block_metadata(pack):
    by_id = {i.item_id: i for i in pack.items}
    five = by_id["item-5"]
    assert (five.report_of, five.author) == ("Chief Constable Guildford", "Supt Kev Broadhead")
    assert by_id["item-6"].author == "Chief Inspector Liz Rogers"
    assert by_id["item-12"].author == "Noel McMenamin"
    for item in pack.items:
        assert item.public and item.exempt_reason is None
        assert item.body == "Strategic Resources and Performance"
        assert item.meeting_date == "2021-05-19"


def test_items_are_ordered_and_cover_every_page(pack):
    pages = set()
    for a, b in zip(pack.items, pack.items[1:]):
        assert a.first_page <= b.first_page and a.last_page <= b.first_page
    for item in pack.items:
        pages.update(range(item.first_page, item.last_page + 1))
    assert pages == set(range(1, 92))


def test_minutes_decisions(pack):
    refs = [d.ref for d in pack.decisions]
    assert "2021/007" in refs and len(refs) == 12
    d7 = next(d for d in pack.decisions if d.ref == "2021/007")
    assert d7.page == 15 and d7.date == "2021-03-10"  # the minuted meeting, not the pack's date
