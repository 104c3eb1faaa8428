"""Table rows and heads read back from the store for the composer (assistant/store/page_rows.py)."""

from __future__ import annotations

from assistant.retrieve.query import parse_query
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


def test_the_composer_quotes_a_row_beside_its_carried_heads(tmp_path):
    from assistant.answer.base import Passage
    from assistant.answer.service import extractive_composer
    from assistant.retrieve.hybrid import Hit

    settings = get_settings("test", store=tmp_path / "store")
    store = Store(settings)
    try:
        store.add(make_doc("strategy.pdf", [HEADS, ROWS]))
        composer = extractive_composer(settings, store)
        rows = _chunks(store, "strategy")[1]
        ranking = composer.rank(parse_query("How much borrowing is budgeted for 2025-26?"),
                                [Passage(n=1, hit=Hit(chunk=rows, score=1.0))])
        assert "Borrowing — 2023-24 actual: 35.0 · 2024-25 forecast: 40.4 · 2025-26 budget: 82.9" in [
            u.text for u in ranking.units]
    finally:
        store.close()
