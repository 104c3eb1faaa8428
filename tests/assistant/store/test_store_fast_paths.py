"""Store fast paths give the answers of the slow ones: exact filtered dense search over the
in-memory matrix, the narrow keyword join, term_df doc counts, and their upkeep on writes."""

from __future__ import annotations

import math
import random
import sqlite3

import pytest

from assistant.store.keyword import _BM25, fts_query
from assistant.store.filters import Filters
from assistant.settings import get_settings
from assistant.store import Store
from ingest.models import DocType
from tests.assistant.store.test_store import BUDGET, DRUGS, make_doc

WORDS = ("budget police crime knife drugs treatment custody precept capital rural violence panel report "
         "neighbourhood villages underspend recovery services city centre unit programme").split()
BODIES = ["Police and Crime Panel", "Cabinet", "Audit Committee"]


def corpus(n_docs: int = 12, seed: int = 3) -> list:
    rng = random.Random(seed)
    docs = []
    for d in range(n_docs):
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))) for _ in range(rng.randint(2, 6))]
        doc = make_doc(
            f"doc{d}.pdf", texts, body=BODIES[d % 3], date=f"20{15 + d % 9}-0{1 + d % 9}-1{d % 10}",
            doc_type=[DocType.REPORT, DocType.MINUTES][d % 2], public=[rng.random() > 0.3 for _ in texts],
        )
        docs.append(doc)
    return docs


FILTERS = [
    Filters(body="Cabinet"),
    Filters(body="Cabinet", date_from="2016-01-01", date_to="2020-12-31"),
    Filters(date_from="2019-01-01"),
    Filters(date_to="2018-06-30", public_only=True),
    Filters(doc_type="minutes"),
    Filters(item="2"),
    Filters(document_id="doc3"),
    Filters(body="Nobody"),
    Filters(body="aBiNe"),  # any case, part of the name
    Filters(public_only=True, doc_type="report", date_from="2015-01-01", date_to="2023-12-31"),
]


@pytest.fixture
def store(tmp_path):
    s = Store(get_settings("test", store=tmp_path / "store"))
    for doc in corpus():
        s.add(doc)
    yield s
    s.close()


def sql_rowids(store: Store, f: Filters) -> list[int]:
    where, params = f.to_sql("c")
    return [r[0] for r in store.catalog.conn.execute(f"SELECT rowid FROM chunks c WHERE {where} ORDER BY rowid", params)]


def brute_dense(store: Store, vector, k: int, f: Filters) -> list[tuple[str, float]]:
    """Exact cosine over every chunk the SQL filter admits (vectors as Chroma holds them)."""
    where, params = f.to_sql("c")
    ids = [r[0] for r in store.catalog.conn.execute(f"SELECT chunk_id FROM chunks c WHERE {where}", params)]
    if not ids:
        return []
    got = store.index.collection.get(ids=ids, include=["embeddings"])
    qn = math.sqrt(sum(x * x for x in vector))
    scored = []
    for cid, vec in zip(got["ids"], got["embeddings"]):
        vn = math.sqrt(sum(float(x) * float(x) for x in vec)) or 1.0
        scored.append((cid, sum(float(a) * float(b) for a, b in zip(vector, vec)) / (qn * vn)))
    scored.sort(key=lambda cs: -cs[1])
    return scored[:k]


def check_dense(store: Store, queries=("knife crime in the city centre", "capital budget precept", "rural villages")):
    for q in queries:
        v = store.embedder.embed_query(q)
        for f in FILTERS:
            for k in (3, 40):
                got, want = store.dense(v, k, f), brute_dense(store, v, k, f)
                assert len(got) == len(want), (q, f, k)
                assert [s for _, s in got] == pytest.approx([max(0.0, min(1.0, s)) for _, s in want], abs=1e-5)
                # same rows up to ties in score
                assert {c for c, s in got if s > want[-1][1] + 1e-5} <= {c for c, _ in want}


def test_filter_mask_matches_sql(store):
    snap = store.cache.snapshot(store.generation())
    for f in FILTERS:
        mask = snap.mask(f)
        assert mask is not None
        assert sorted(int(r) for r in snap.rowids[mask]) == sql_rowids(store, f), f
        assert store.catalog.filtered_rowids(f) == sql_rowids(store, f)


def test_filtered_dense_is_exact(store):
    check_dense(store)


def test_filtered_dense_follows_writes_and_other_processes(store, tmp_path):
    v = store.embedder.embed_query("knife crime")
    store.dense(v, 5, Filters(body="Cabinet"))  # load the matrix
    docs = corpus()
    store.add(make_doc("extra.pdf", DRUGS, body="Cabinet"))  # added
    store.add(make_doc("doc1.pdf", BUDGET, body="Cabinet", version="v2"))  # replaced
    store.remove(docs[4].file)  # removed
    check_dense(store)
    assert any(c.startswith("extra:") for c, _ in store.dense(v, 3, Filters(body="Cabinet")))
    assert not any(c.startswith("doc4:") for c, _ in store.dense(v, 100, Filters(date_from="2000-01-01")))
    # another Store on the same directory writes: this one sees it on the next query
    other = Store(get_settings("test", store=tmp_path / "store"))
    other.add(make_doc("fromelsewhere.pdf", ["knife crime knife crime"], body="Cabinet"))
    other.remove("extra.pdf")
    other.close()
    got = store.dense(v, 3, Filters(body="Cabinet"))
    assert got[0][0].startswith("fromelsewhere:")
    assert not any(c.startswith("extra:") for c, _ in store.dense(v, 100, Filters(body="Cabinet")))
    assert store.count() == sum(1 for _ in store.catalog.conn.execute("SELECT 1 FROM chunks"))


def test_keyword_matches_reference_query(store):
    old = (f"SELECT c.chunk_id, {_BM25} AS score FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid"
           " WHERE chunks_fts MATCH ? AND {where} ORDER BY score, c.rowid LIMIT ?")
    for q in ("knife crime", "capital budget precept for villages", "treatment recovery", "nothing-here"):
        for f in [Filters(), *FILTERS]:
            where, params = f.to_sql("c")
            match = fts_query(q, drop=store.catalog.keywords.common_words(q))  # same words, the plain SQL
            want = store.catalog.conn.execute(old.replace("{where}", where), [match, *params, 7]).fetchall()
            got = store.keyword(q, 7, f)
            assert [s for _, s in got] == pytest.approx([-s for _, s in want])
            assert {c for c, _ in got} == {c for c, _ in want} or len(got) == 7


def match_count(store: Store, word: str) -> int:
    return store.catalog.conn.execute(
        "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [f'text:"{word}"']).fetchone()[0]


def test_doc_freq_equals_match_count_through_writes(store):
    words = [*WORDS, "budgets", "crimes", "policing", "leicestershire", "knives", "2021", "x_y", "café", "s"]

    def check():
        got = store.doc_freq(words)
        assert got == {w: match_count(store, w) for w in words}

    check()
    store.add(make_doc("doc1.pdf", BUDGET, version="v2"))
    store.add(make_doc("extra.pdf", DRUGS))
    check()
    store.remove("doc2.pdf")
    store.remove("extra.pdf")
    check()
    assert store.doc_freq(["leicestershire"]) == {"leicestershire": 0}
    assert store.doc_freq(["budgets"])["budgets"] == store.doc_freq(["budget"])["budget"] > 0


def test_old_store_is_migrated(tmp_path):
    settings = get_settings("test", store=tmp_path / "s")
    s = Store(settings)
    for doc in corpus(6):
        s.add(doc)
    v = s.embedder.embed_query("knife crime")
    before = ([s.dense(v, 5, f) for f in FILTERS], [s.keyword("knife crime", 5, f) for f in FILTERS],
              s.doc_freq(WORDS), s.vectors(["doc1:v1:0", "doc2:v1:1"]))
    s.close()
    conn = sqlite3.connect(str(tmp_path / "s" / "catalog.sqlite"))  # as written before these tables
    conn.executescript("DROP TABLE chunk_meta; DROP TABLE term_df; DROP TABLE store_meta;"
                       " CREATE TABLE chunk_vectors (rowid INTEGER PRIMARY KEY, vec BLOB NOT NULL);"
                       " ALTER TABLE documents DROP COLUMN source;"
                       " ALTER TABLE decisions DROP COLUMN kind; ALTER TABLE decisions DROP COLUMN result;")
    conn.close()
    s = Store(settings)
    after = ([s.dense(v, 5, f) for f in FILTERS], [s.keyword("knife crime", 5, f) for f in FILTERS],
             s.doc_freq(WORDS), s.vectors(["doc1:v1:0", "doc2:v1:1"]))
    for got, want in zip(after[0] + after[1], before[0] + before[1]):  # dense, keyword
        assert [c for c, _ in got] == [c for c, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-6)  # float32 sums
    assert after[2] == before[2]
    assert after[3][0] == pytest.approx(before[3][0], abs=1e-6) and after[3][1] == pytest.approx(before[3][1], abs=1e-6)
    tables = {r[0] for r in s.catalog.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "chunk_vectors" not in tables  # Chroma holds the only copy of the vectors
    assert {"kind", "result"} <= {r[1] for r in s.catalog.conn.execute("PRAGMA table_info(decisions)")}
    # a document written before sources were kept is still replaced by a new version of its file
    assert s.add(make_doc("doc1.pdf", BUDGET, version="v9")) == "replaced"
    s.close()


def test_add_reads_nothing_back_from_chroma(store, monkeypatch):
    calls = []
    real_get = store.index.collection.get

    def get(*a, **kw):
        calls.append(kw.get("where"))
        return real_get(*a, **kw)

    monkeypatch.setattr(store.index.collection, "get", get)
    store.add(make_doc("fresh.pdf", DRUGS))
    store.add(make_doc("fresh.pdf", DRUGS, version="v2"))
    assert calls == []


def test_open_removes_vectors_the_catalogue_does_not_hold(store, tmp_path):
    store.index.collection.upsert(ids=["ghost:v1:9"], embeddings=[[0.1] * 384],
                                  metadatas=[{"document_id": "ghost", "body": "Cabinet"}])
    again = Store(get_settings("test", store=tmp_path / "store"))
    assert again.repaired == {"orphan_vectors": 1}
    assert again.index.collection.get(ids=["ghost:v1:9"])["ids"] == []
    assert again.index.count() == again.count()
    again.close()


def test_keyword_drops_only_words_most_chunks_hold(tmp_path):
    store = Store(get_settings("test", store=tmp_path / "fresh"))
    store.add(make_doc("common.pdf", [f"police report {w}" for w in ("knife", "drone", "rural", "budget")]))
    assert store.catalog.keywords.common_words("police report drone budget") == {"police", "report"}
    assert store.catalog.keywords.common_words("police drone") == set()  # the two rarest words always stay
    assert [c for c, _ in store.keyword("police report drone", 5, None)][0].startswith("common:")
    store.close()


def test_a_large_cache_build_hands_freed_memory_back(tmp_path, monkeypatch):
    """Building the vector cache from many fetched vectors ends with the freed heap handed
    back (``malloc_trim``); an update of a few rows does not pay for it. The cache is the same."""
    from assistant.store import dense

    calls = []
    monkeypatch.setattr(dense, "_release_freed_memory", lambda: calls.append(1))
    monkeypatch.setattr(dense, "_TRIM_AFTER", 5)
    s = Store(get_settings("test", store=tmp_path / "s"))
    try:
        for doc in corpus(4):
            s.add(doc)
        v = s.embedder.embed_query("budget police")
        first = s.dense(v, 5)
        assert calls == [1] and first  # one build of every row
        s.add(make_doc("late.pdf", ["one more budget line"]))
        s.dense(v, 5)
        assert calls == [1]  # a refresh of one new document fetches too few to trim
    finally:
        s.close()


def test_handing_memory_back_runs_on_glibc():
    """The real trim, not a stand-in: on a glibc Linux (these machines, CI) it runs."""
    import platform

    from assistant.store import dense

    assert dense._release_freed_memory() is (platform.libc_ver()[0] == "glibc")
