"""Table rows and heads read back from the store for the composer (assistant/store/page_rows.py)."""

from __future__ import annotations

from assistant.settings import get_settings
from assistant.store import Store
from assistant.store.page_rows import CarriedHeads
from tests.assistant.store.test_store import make_doc

HEADS = "Capital financing\n2023-24 | actual\n2024-25 | forecast\n2025-26 | budget"
ROWS = "Borrowing 35.0 40.4 82.9\nTOTAL 237.3 347.7 283.1"


def _chunks(store, doc_id):
    return store.chunks(store.chunk_ids(doc_id))


def test_a_passage_opening_with_rows_takes_the_heads_the_one_before_ended_with(tmp_path):
    """A chunk boundary fell between a table's heads and its rows; the rows still read
    against their columns, and a public passage never takes them from an exempt one."""
    store = Store(get_settings("test", store=tmp_path / "store"))
    try:
        store.add(make_doc("strategy.pdf", [HEADS, ROWS, "Prose that follows the table, with no figures."]))
        store.add(make_doc("closed.pdf", [HEADS, ROWS], public=[False, True]))
        heads = CarriedHeads(store)
        first, rows, prose = _chunks(store, "strategy")
        assert heads(rows) == ["2023-24 actual", "2024-25 forecast", "2025-26 budget"]
        assert heads(first) == [] and heads(prose) == []  # no rows to open with, or nothing before
        _, public_rows = _chunks(store, "closed")
        assert heads(public_rows) == []
    finally:
        store.close()


def test_heads_follow_exempt_marks_changed_later(tmp_path):
    """The same bytes re-read with the heads' passage marked exempt: the rows' passage, now
    stored under new ids, no longer takes them, though the old answer is remembered."""
    store = Store(get_settings("test", store=tmp_path / "store"))
    try:
        store.add(make_doc("strategy.pdf", [HEADS, ROWS]))
        heads = CarriedHeads(store)
        assert heads(_chunks(store, "strategy")[1]) == ["2023-24 actual", "2024-25 forecast", "2025-26 budget"]
        status = store.add(make_doc("strategy.pdf", [HEADS, ROWS], public=[False, True]), remark="strategy")
        assert status == "replaced"
        assert heads(_chunks(store, "strategy")[1]) == []
    finally:
        store.close()


def test_the_answer_quotes_a_row_beside_its_carried_heads_and_verifies_it(tmp_path):
    """Retrieval reads the heads into the hit (``Hit.heads``); the composer pairs the row with
    them, and the verifier reads them as part of the passage, so the quoted heads' numbers
    ("2025-26") are not taken for numbers the passage lacks and the claim is kept."""
    from dataclasses import replace

    from assistant.answer.base import Claim, Draft, Passage
    from assistant.answer.verify import verify
    from assistant.retrieve.query import parse_query
    from assistant.services import build_services

    settings = get_settings("test", store=tmp_path / "store")
    services = build_services(settings)
    try:
        services.store.add(make_doc("strategy.pdf", [HEADS, ROWS]))
        hits = services.retriever.search("How much borrowing is budgeted for 2025-26?", k=5)
        rows = next(h for h in hits if h.chunk.text.startswith("Borrowing"))
        assert rows.heads == ("2023-24 actual", "2024-25 forecast", "2025-26 budget")
        draft = Draft(claims=[Claim(text=u.text, cites=[1]) for u in services.answerer.composer.rank(
            parse_query("How much borrowing is budgeted for 2025-26?"), [Passage(n=1, hit=rows)]).units])
        quoted = "Borrowing — 2023-24 actual: 35.0 · 2024-25 forecast: 40.4 · 2025-26 budget: 82.9"
        assert quoted in [c.text for c in draft.claims]
        verdict = verify(draft, [Passage(n=1, hit=rows)])
        assert quoted in [c.text for c in verdict.kept], verdict.dropped
        assert verify(draft, [Passage(n=1, hit=replace(rows, heads=()))]).dropped  # without them, "2025-26" is unsupported
    finally:
        services.store.close()
