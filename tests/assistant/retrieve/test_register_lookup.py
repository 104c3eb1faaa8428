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
