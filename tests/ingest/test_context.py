"""Contextual headers: each chunk is indexed with its title, body, date, item and section."""

from ingest.chunker import context_header, index_text
from ingest.models import Chunk, DocType
from ingest.parse import parse_file
from tests.conftest import KENT_MINUTES, PACK


def _chunk(**kw):
    base = dict(chunk_id="d:0001", document_id="d", file="f.pdf", text="Redthread | 35,000", page=3,
                body="Police and Crime Panel", meeting_date="2022-02-08", item_number="8",
                item_title="Make Notts Safe Plan", section="Funding > Grants", doc_type=DocType.REPORT)
    return Chunk(**{**base, **kw})


def test_header_names_title_body_date_item_and_section():
    header = context_header("Annual Accounts", _chunk())
    assert header == ("Annual Accounts · Police and Crime Panel · 8 February 2022 · report · "
                      "Item 8 Make Notts Safe Plan · Funding > Grants")


def test_header_does_not_repeat_a_title_the_item_title_holds():
    header = context_header("Make Notts Safe Plan", _chunk())
    assert header.count("Make Notts Safe Plan") == 1


def test_index_text_is_header_then_passage_and_the_passage_is_unchanged():
    chunk = _chunk(context="Annual Report · Funding")
    assert index_text(chunk) == "Annual Report · Funding\nRedthread | 35,000"
    assert chunk.text == "Redthread | 35,000"  # what a citation shows
    assert index_text(_chunk()) == "Redthread | 35,000"  # stored before headers: text alone


def test_parsed_chunks_carry_their_header():
    doc = parse_file(KENT_MINUTES)
    assert all(c.context for c in doc.chunks)
    assert all("Cabinet" in c.context and "30 January 2025" in c.context for c in doc.chunks)
    pack = parse_file(PACK)
    tables = [c for c in pack.chunks if c.kind == "table"]
    assert tables and all(c.section or c.item_title for c in tables)
    assert all(index_text(c).endswith(c.text) for c in pack.chunks)


def test_header_words_are_keyword_indexed(corpus_services):
    """A word only the header holds (the body's name, the month) finds the chunk."""
    hits = corpus_services.store.keyword("Cabinet January apologies", 10)
    chunks = corpus_services.store.chunks([cid for cid, _ in hits])
    assert any("apolog" in c.text.lower() and "January" not in c.text for c in chunks)


def test_the_file_name_joins_the_header_when_it_names_what_the_title_does_not():
    from ingest.chunker import titled_with_file

    assert titled_with_file("2026 Budget Report Levy Increase: 3.40%",
                            "Township-of-Nipissing-2026-Budget-Draft-presentation.pdf") == (
        "2026 Budget Report Levy Increase: 3.40% (Township of Nipissing 2026 Budget Draft presentation)")
    assert titled_with_file("Reserves Policy", "Reserves Policy.pdf") == "Reserves Policy"  # nothing new
    assert titled_with_file("Reserves Policy", "scan_0042.pdf") == "Reserves Policy"  # a name that says nothing
    assert titled_with_file(None, "Appendix O - MRP.pdf") == "Appendix O - MRP"


def test_a_long_header_ends_at_a_word():
    """Cut at CONTEXT_MAX, a header ends on a whole word: 'held on 10th March 202' would
    put a year the paper never printed into the keyword index."""
    from ingest.chunker import CONTEXT_MAX

    chunk = _chunk()
    chunk.section = "Notes of the previous meeting held on 10th March 2021 " * 6
    header = context_header("Annual Accounts", chunk)
    assert len(header) <= CONTEXT_MAX
    assert header.split()[-1] in {"Notes", "of", "the", "previous", "meeting", "held", "on", "10th", "March", "2021"}
    assert not header.endswith("202")
