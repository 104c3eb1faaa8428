"""Chunk invariants on every real document: pages, item boundaries, size, tables, refs."""

from __future__ import annotations

import pytest

from ingest.config import ChunkSettings
from ingest.chunker import split_long
from tests.ingest.conftest import CORPUS_FILES, PACK, REAL_FILES, corpus_doc, real_doc

MAX = ChunkSettings().max_chars
DOCS = [("corpus", n) for n in CORPUS_FILES] + [("real", n) for n in REAL_FILES]


def _doc(kind, name):
    return corpus_doc(name) if kind == "corpus" else real_doc(name)


@pytest.mark.parametrize("kind, name", DOCS)
def test_chunk_invariants(kind, name):
    doc = _doc(kind, name)
    items = {i.item_id: i for i in doc.items}
    ids = [c.chunk_id for c in doc.chunks]
    assert len(ids) == len(set(ids))
    for c in doc.chunks:
        item = items[c.item_id]
        assert c.page >= 1 and c.pages and c.page == c.pages[0]
        assert item.first_page <= min(c.pages) and max(c.pages) <= item.last_page
        assert (c.item_number, c.item_title, c.doc_type) == (item.number, item.title, item.doc_type)
        assert (c.document_id, c.file, c.body, c.public) == (doc.document_id, doc.file, item.body, item.public)
        assert c.text.strip()
        assert len(c.text) <= MAX or _single_row(c.text), (c.chunk_id, len(c.text))


def _single_row(text: str) -> bool:
    """A table part of header + one row may exceed the limit (a row is never cut)."""
    return len(text.splitlines()) <= 2


@pytest.mark.parametrize("kind, name", DOCS)
def test_chunks_follow_item_order(kind, name):
    """Chunks come item by item: an item's chunks are contiguous (none straddles two)."""
    doc = _doc(kind, name)
    order = [c.item_id for c in doc.chunks]
    seen = []
    for item_id in order:
        if not seen or seen[-1] != item_id:
            assert item_id not in seen
            seen.append(item_id)


def test_chunk_ids_are_deterministic():
    from ingest import parse_file
    from tests.ingest.conftest import CORPUS, PANEL

    a, b = parse_file(CORPUS / PANEL), parse_file(CORPUS / PANEL)
    assert [(c.chunk_id, c.text) for c in a.chunks] == [(c.chunk_id, c.text) for c in b.chunks]


def test_tables_keep_their_header():
    doc = corpus_doc(PACK)
    tables = [c for c in doc.chunks if c.kind == "table"]
    assert tables
    by_item: dict[tuple, list] = {}
    for c in tables:
        by_item.setdefault((c.item_id, c.section), []).append(c)
    funding = next(c for c in tables if "IOM IDVA | 19,544" in c.text)
    assert funding.text.splitlines()[0] == "Services and Initiatives | £"
    assert "Total | 625,118" in funding.text


def test_long_table_is_split_by_rows_with_header_repeated():
    from ingest.layout import Line
    from ingest.tables import build_table, split_table

    cells = ["Project", "Budget"] + [x for i in range(80) for x in (f"Project number {i}", f"{i},000")]
    table = build_table([Line(1 + i // 40, c) for i, c in enumerate(cells)])
    parts = split_table(table, 300)
    assert len(parts) > 3
    for text, pages in parts:
        assert text.splitlines()[0] == "Project | Budget" and len(text) <= 300 and pages
    rows = [r for text, _ in parts for r in text.splitlines()[1:]]
    assert rows == [f"Project number {i} | {i},000" for i in range(80)]


def test_numbered_sections_become_heading_paths():
    doc = corpus_doc(PACK)
    sections = {c.section for c in doc.chunks if c.item_id == "item-5"}
    assert "1. Purpose of the Report" in sections
    assert any(s and s.startswith("4. Summary of Key Points > 4.2 Progress on Problem Solving") for s in sections)
    panel = corpus_doc("2022-02-08 Police and Crime Panel - Item 8 Make Notts Safe Plan 2021-24.pdf")
    assert "1. PURPOSE OF THE REPORT" in {c.section for c in panel.chunks}


def test_resolution_stays_with_its_minute_heading():
    doc = corpus_doc(PACK)
    (c,) = [c for c in doc.chunks if "RESOLVED 2021/007" in c.text and c.kind != "register"]
    assert c.kind == "decision" and c.refs[0] == "res:2021/007"
    assert c.section == "9. UPDATE ON POLICE AND CRIME DELIVERY PLAN 2021-2022"
    assert c.item_id == "item-4" and c.page == 15


def test_bullets_stay_with_lead_in():
    doc = corpus_doc(PACK)
    c = next(c for c in doc.chunks if "The regulations state that the Agreement must identify:" in c.text)
    assert "The county-wide community safety priorities" in c.text and c.kind == "list"


def test_split_long_never_exceeds_limit():
    text = "Word " * 1000 + "A" * 50
    assert all(len(p) <= 120 for p in split_long(text, 120))
    assert " ".join(split_long(text, 120)).split() == text.split()


def test_rows_cut_from_a_text_table_sit_under_its_caption():
    """A table printed as text lines (no table found in its layout) is cut where the chunk
    fills: the rows after the cut ("B 7/9 1,252.86 1,315.37 65.21") said nothing of which
    table, so "what would a band B home pay?" never found them. They open their chunk under
    the caption, as a split table repeats its header; prose after the table does not."""
    from ingest.blocks import Block
    from ingest.chunker import pack
    from ingest.layout import Line

    def para(text):
        return Block("text", [Line(20, text)])

    prose = "6.4 The proposed Council Tax increases and overall charge by individual bands are shown in table 6.1. " * 6
    rows = ["A 6/9 1,073.88 1,127.46 53.58", "B 7/9 1,252.86 1,315.37 65.21", "C 8/9 1,431.84 1,503.28 71.44"]
    blocks = [para(prose), para("Table 6.1 – Proposed Council Tax Increases by Band"), para(rows[0]),
              para(rows[1]), para(rows[2]), para("6.5 " + "The charge is mid-range among the counties. " * 14)]
    drafts = pack(blocks, max_chars=len(prose) + 90, min_chars=100)
    texts = ["\n".join(p.text for p in d.pieces) for d in drafts]
    opened = next(t for t in texts if rows[1] in t)
    assert rows[0] not in opened and opened.startswith("Table 6.1 – Proposed Council Tax Increases by Band …")
    assert not next(t for t in texts if "6.5 The charge" in t).startswith("Table 6.1")
