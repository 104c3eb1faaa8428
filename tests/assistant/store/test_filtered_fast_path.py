"""Filtered search's fast paths give the slow paths' results, exactly.

The fast paths (what makes a filtered search fit its 50 ms at 100k chunks): the dense
lookup masks the numpy matrix instead of asking SQLite for the admitted rows; the keyword
lookup tests the filter on ``chunk_filter``'s narrow rows instead of joining ``chunk_meta``;
``Retriever`` runs the keyword lookup beside the embedding and dense lookup. The slow paths
are the plain SQL forms of the same filter, run one after another."""

from __future__ import annotations

import pytest

from assistant.embeddings import make_embedder
from assistant.retrieve.hybrid import Retriever
from assistant.settings import get_settings
from assistant.store import Store
from assistant.store.dense import _Snapshot
from assistant.store.filters import Filters
from assistant.store.keyword import _BM25, REGISTER_GLOB, fts_query

QUERIES = ["police and crime panel budget precept", "minutes of the cabinet meeting decisions",
           "revenue outturn underspend", "work programme items", "knife crime serious violence",
           "appendix table of performance indicators"]
FILTERS = [
    Filters(body="strategic"), Filters(body="PANEL"), Filters(body="cabinet", date_from="2025-01-01"),
    Filters(date_from="2021-03-01", date_to="2021-04-30"), Filters(doc_type="report", date_to="2022-12-31"),
    Filters(body="strategic", doc_type="minutes", public_only=True), Filters(item="5"),
    Filters(body="Panel", date_from="2020-07-01", date_to="2022-12-31"),  # facet years and months
    Filters(body="no such body"), Filters(date_from="2030-01-01"),
]


@pytest.fixture(scope="module")
def store(corpus_store_dir):
    s = Store(get_settings("test", store=corpus_store_dir))
    s.warm()
    yield s
    s.close()


def document_filter(store: Store) -> Filters:
    """A document filter too: it takes the chunk_meta form of the keyword query."""
    return Filters(document_id=store.documents()[0]["document_id"], date_from="2000-01-01")


def slow_keyword(store: Store, query: str, k: int, filters: Filters, records: bool = False) -> list[tuple[str, float]]:
    """The keyword lookup as it was: the filter (and the register-record test) joined on
    chunk_meta, in one query."""
    match = fts_query(query, drop=store.catalog.keywords.common_words(query))
    where, params = filters.to_sql("m")
    if records:
        where, params = f"{where} AND m.chunk_id GLOB ?", [*params, REGISTER_GLOB]
    sql = (f"SELECT m.chunk_id, {_BM25} AS score FROM chunks_fts JOIN chunk_meta m ON m.rowid = chunks_fts.rowid"
           f" WHERE chunks_fts MATCH ? AND {where} ORDER BY score LIMIT ?")
    with store.catalog.lock:
        rows = store.catalog.conn.execute(sql, [match, *params, k]).fetchall()
    return [(cid, -float(score)) for cid, score in rows]


class SlowStore:
    """The store with its filtered lookups on the slow paths."""

    def __init__(self, store: Store):
        self._store = store

    def keyword(self, query, k, filters=None):
        return slow_keyword(self._store, query, k, filters or Filters())

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_every_filter_admits_what_sql_admits_and_some_admit_rows(store):
    sizes = [len(store.catalog.filtered_rowids(f)) for f in FILTERS]
    assert sizes[-2:] == [0, 0] and min(sizes[:-2]) > 0 and max(sizes) < store.count()


def test_keyword_fast_path_equals_the_slow_path(store):
    for f in [*FILTERS, document_filter(store)]:
        for q in QUERIES:
            for k in (5, 40):
                assert store.keyword(q, k, f) == slow_keyword(store, q, k, f), (q, f, k)


def test_records_lookup_fast_path_equals_the_slow_path(store):
    """The records-only lookup of a filtered vote or decision question tests the filter on
    chunk_filter before the record test on chunk_meta: the same records, in the same order."""
    questions = [*QUERIES, "what was resolved on the victim care contract", "minutes agreed as a true record"]
    found = 0
    for f in [Filters(), *FILTERS, document_filter(store)]:
        for q in questions:
            got = store.keyword(q, 8, f, records=True)
            assert got == slow_keyword(store, q, 8, f, records=True), (q, f)
            found += len(got)
    assert found, "the corpus's minutes hold RESOLVED blocks, so some records match"


def test_dense_mask_equals_the_sql_filter(store, monkeypatch):
    embedder = make_embedder(store.settings.embedding)
    vectors = [embedder.embed_query(q) for q in QUERIES]
    fast = {(i, repr(f)): store.dense(v, 20, f) for f in FILTERS for i, v in enumerate(vectors)}
    monkeypatch.setattr(_Snapshot, "mask", lambda self, filters: None)  # admitted rows from SQL instead
    for (i, key), got in fast.items():
        f = next(f for f in FILTERS if repr(f) == key)
        assert got == store.dense(vectors[i], 20, f), key
    assert any(fast.values())


def test_filtered_search_equals_the_slow_path(store, monkeypatch):
    """Whole searches (k=60, as /api/search asks for its facets): the same hits, in the same
    order, with the same scores, as with every slow path."""
    embedder = make_embedder(store.settings.embedding)
    fast = Retriever(store, embedder, store.settings.retrieval)
    got = {(q, repr(f)): fast.search(q, f, k=60) for q in QUERIES for f in [*FILTERS, None]}
    monkeypatch.setattr(_Snapshot, "mask", lambda self, filters: None)
    slow = Retriever(SlowStore(store), embedder, store.settings.retrieval)
    slow.parallel = False
    for q in QUERIES:
        for f in [*FILTERS, None]:
            want = slow.search(q, f, k=60)
            have = got[(q, repr(f))]
            assert [h.chunk.chunk_id for h in have] == [h.chunk.chunk_id for h in want], (q, f)
            assert [(h.score, h.dense_rank, h.keyword_rank) for h in have] == \
                [(h.score, h.dense_rank, h.keyword_rank) for h in want]
            assert [h.dense for h in have] == pytest.approx([h.dense for h in want], abs=1e-9)
    assert sum(len(v) for v in got.values()) > 100


class BarrierStore:
    """The store, where a keyword lookup waits until a second one has started beside it."""

    def __init__(self, store: Store):
        import threading

        self._store, self.barrier, self.calls = store, threading.Barrier(2, timeout=10), []

    def keyword(self, query, k, filters=None, records=False, require=None):
        self.calls.append(records)
        self.barrier.wait()  # BrokenBarrierError when the two lookups run one after the other
        return self._store.keyword(query, k, filters, records=records, require=require)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_vote_questions_records_lookup_runs_beside_its_main_lookup(store):
    """At 100k chunks each is a scan of the keyword index; one after the other they made the
    slowest filtered searches. Beside each other (two read connections) they give the same
    hits as one after the other."""
    embedder = make_embedder(store.settings.embedding)
    question, f = "how many members voted for the precept", Filters(body="PANEL")
    beside = Retriever(barrier := BarrierStore(store), embedder, store.settings.retrieval)
    got = beside.search(question, f, k=20)
    assert sorted(barrier.calls) == [False, True]
    one_by_one = Retriever(store, embedder, store.settings.retrieval)
    one_by_one.parallel = False
    assert [h.chunk.chunk_id for h in got] == [h.chunk.chunk_id for h in one_by_one.search(question, f, k=20)]
