"""A question about votes, movers or decisions reaches the register records by its words."""

import pytest

from assistant.store.filters import Filters


def test_the_records_lookup_returns_register_records_only(corpus_services):
    store = corpus_services.store
    found = store.keyword("victim care contract extension", 5, records=True)
    assert found, "the corpus minutes hold RESOLVED blocks, so the register has records"
    assert all(c.kind == "register" for c in store.chunks([cid for cid, _ in found]))
    # the full lookup holds other passages too: the records lookup is a narrowing of it
    assert any(c.kind != "register" for c in store.chunks([cid for cid, _ in store.keyword(
        "victim care contract extension", 20)]))


@pytest.mark.parametrize("question, wanted", [
    ("What did the meeting decide about the victim care contract?", True),  # decision shape
    ("Who moved the motion on the victim care contract?", True),  # mover shape
    ("How much did Redthread get?", False),  # a number: no register records forced in
])
def test_register_records_join_the_pool_only_for_register_shapes(corpus_services, question, wanted):
    retriever = corpus_services.retriever
    q = retriever.parse(question)
    records = retriever._records(q, Filters())
    assert bool(records) == wanted
    cands, _ = retriever.candidates(q, Filters(), 8)
    assert {cid for cid, _ in records} <= set(cands.ids)


def _record(**kw):
    """A register record chunk of one decision, as ingest writes it."""
    from ingest.models import Decision
    from ingest.register import register_text
    from ingest.models import Chunk

    item = "Capital Programme 2025-35 and Revenue Budget 2025-26 (including Council Tax Setting 2025/26)"
    d = Decision(document_id="m", file="m.pdf", page=6, body="County Council", date="2025-02-13", item="6",
                 item_title=item, votes_for=12, votes_against=42, abstentions=7, minute="291", **kw)
    return Chunk(chunk_id="m:r001", document_id="m", file="m.pdf", text=register_text(d), page=6, pages=[6],
                 section=item, kind="register", body="County Council", meeting_date="2025-02-13")


AMENDMENT = dict(ref="291(7)", paragraph="7", kind="amendment", mover="Mr Brady", seconder="Ms Meade",
                 text="To amend the budget proposed by the Administration in line with the Labour Group’s "
                      "Alternative Budget.")


@pytest.mark.parametrize("question, unasked", [
    ("What was the vote on the budget at County Council in February 2025?", True),
    ("How did members vote on the council tax at the February 2025 County Council?", True),
    ("How many members supported the Labour Group alternative budget?", False),  # names what it moved
    ("How many voted for the amendment on the budget?", False),  # asks about an amendment
    ("What did the council decide on the budget?", True),  # a decision: the item's own, not an amendment's
    ("Who moved the motion on the budget?", True),
    ("How much is the budget for 2025-26?", False),  # no question of votes, movers or decisions
])
def test_an_amendments_vote_is_not_the_vote_asked_about(question, unasked):
    from assistant.retrieve.query import parse_query
    from assistant.retrieve.rank import amendment_unasked

    assert amendment_unasked(parse_query(question, ("County Council",)), _record(**AMENDMENT)) is unasked


def test_the_items_own_resolution_is_never_an_unasked_amendment():
    from assistant.retrieve.query import parse_query
    from assistant.retrieve.rank import amendment_unasked

    own = _record(ref="291", kind="resolution", mover="Mr Oakford", seconder="Mr Gough",
                  text="County Council agreed the 2025-26 revenue budget.")
    assert not amendment_unasked(parse_query("What was the vote on the budget?"), own)


def test_a_vote_questions_records_lookup_reads_recorded_votes_only(corpus_services):
    """The vote shape's ``register_word``: a records lookup for "how many voted …" returns
    only records that print a vote, so one long resolution with counts is not outranked by
    many short records that merely share the question's words."""
    retriever = corpus_services.retriever
    q = retriever.parse("How many members voted for the victim care contract extension?")
    assert q.shape.name == "vote_count" and q.shape.register_word == "voting"
    found = retriever._records(q, Filters())
    chunks = corpus_services.store.chunks([cid for cid, _ in found])
    assert all("The voting was" in c.text for c in chunks)
    unrestricted = corpus_services.store.keyword(q.text, 8, records=True)
    assert unrestricted and len(found) < len(unrestricted), "the sample minutes record no votes"


def test_who_wrote_a_report_brings_the_reports_cover_block_into_the_pool(corpus_services):
    """The author shape's ``part_word``: the topic (a backlog of drugs handsets) is on the
    report's second page, its author only in the cover block on the first, which shares no
    word with the question. The cover block of that report (its agenda item, not another
    report's in the pack) joins the candidates at the score of the passage that found it."""
    retriever = corpus_services.retriever
    q = retriever.parse("Who wrote the report about the backlog of drugs handsets awaiting examination?")
    assert q.shape.name == "author"
    cands, _ = retriever.candidates(q, Filters(), 6)
    covers = [cid for cid in cands.ids if "Insp Paul Harris" in cands.chunks[cid].text]
    assert covers, "the report's cover block is a candidate"
    assert all(cands.chunks[cid].item_number == "7" for cid in covers)
    assert not any("Liz Rogers" in cands.chunks[cid].text for cid in cands.ids)  # another report's author
    hits = retriever.search(q, Filters(), 6)
    assert any("Insp Paul Harris" in h.chunk.text for h in hits)
