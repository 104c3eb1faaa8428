"""Store: idempotent re-ingest, replace-on-change, removal, filters inside queries, safe FTS."""

from __future__ import annotations

import hashlib

import pytest

from assistant.store.filters import Filters
from assistant.settings import get_settings
from assistant.store import Store, StoreError
from ingest.chunker import index_text
from ingest.meetings import meeting_id
from ingest.models import Chunk, Decision, DocType, Document, Item, Meeting, Page
from ingest.refs import find_refs


def make_doc(
    name: str,
    texts: list[str],
    *,
    body: str = "Police and Crime Panel",
    date: str | None = "2021-05-19",
    doc_type: DocType = DocType.REPORT,
    public: list[bool] | None = None,
    version: str = "v1",
) -> Document:
    """A hand-made Document: one item per chunk, one page per chunk."""
    doc_id = name.rsplit(".", 1)[0].lower().replace(" ", "-")
    public = public or [True] * len(texts)
    pages = [Page(number=i + 1, text=t, label=f"Page {i + 1}") for i, t in enumerate(texts)]
    items = [
        Item(
            item_id=f"item-{i + 1}", title=f"Item {i + 1} title", doc_type=doc_type, first_page=i + 1,
            last_page=i + 1, number=str(i + 1), body=body, meeting_date=date, public=public[i],
        )
        for i in range(len(texts))
    ]
    chunks = [
        Chunk(
            chunk_id=f"{doc_id}:{version}:{i}", document_id=doc_id, file=name, text=t, page=i + 1,
            pages=[i + 1], page_label=f"Page {i + 1}", item_id=f"item-{i + 1}", item_number=str(i + 1),
            item_title=f"Item {i + 1} title", section=f"{i + 1}. SECTION", doc_type=doc_type, body=body,
            meeting_date=date, public=public[i], refs=find_refs(t),
        )
        for i, t in enumerate(texts)
    ]
    sha = hashlib.sha256(("|".join(texts) + version).encode()).hexdigest()
    return Document(
        document_id=doc_id, file=name, sha256=sha, title=f"Title of {name}", doc_type=doc_type, pages=pages,
        items=items, chunks=chunks, body=body, meeting_date=date,
    )


@pytest.fixture
def store(tmp_path):
    s = Store(get_settings("test", store=tmp_path / "store"))
    yield s
    s.close()


def snapshot(store: Store) -> tuple:
    chroma = store.index.collection.get(include=["metadatas"])
    sql = {
        t: store.catalog.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("documents", "items", "pages", "chunks", "chunks_fts", "chunk_refs", "decisions")
    }
    docs = [{k: v for k, v in d.items() if k != "added_at"} for d in store.documents()]
    return sorted(chroma["ids"]), sql, docs


BUDGET = [
    "The revenue budget outturn shows an underspend of £1.2m against the precept.",
    "RESOLVED 2021/007 that the panel notes the capital programme for the new custody suite.",
    "Neighbourhood policing teams tackle anti-social behaviour and rural crime in villages.",
]
DRUGS = [
    "The drugs partnership plan sets priorities for treatment and recovery services.",
    "Knife crime and serious violence fell in the city centre after the violence reduction unit.",
]


def test_add_then_unchanged_is_noop(store):
    doc = make_doc("budget.pdf", BUDGET)
    assert store.add(doc) == "added"
    assert store.count() == 3 and store.index.collection.count() == 3
    before = snapshot(store)
    assert store.check("budget.pdf", doc.sha256, "budget.pdf").status == "unchanged"
    assert store.add(make_doc("budget.pdf", BUDGET)) == "unchanged"
    assert snapshot(store) == before
    got = store.chunks([doc.chunks[2].chunk_id, doc.chunks[0].chunk_id, "missing"])
    assert got == [doc.chunks[2], doc.chunks[0]]
    assert store.page(doc.document_id, 2)["text"] == BUDGET[1]


def test_replace_on_change_removes_old_version_everywhere(store):
    old = make_doc("budget.pdf", BUDGET)
    store.add(old)
    store.add(make_doc("drugs.pdf", DRUGS))
    new = make_doc("budget.pdf", ["A completely rewritten paper about firearms licensing fees."], version="v2")
    assert store.add(new) == "replaced"
    old_ids = [c.chunk_id for c in old.chunks]
    assert store.index.collection.get(ids=old_ids)["ids"] == []
    assert store.chunks(old_ids) == []
    assert store.keyword("underspend custody", 10) == []
    assert store.by_refs(["res:2021/007"], 10) == []
    assert [cid for cid, _ in store.keyword("firearms licensing", 5)] == [new.chunks[0].chunk_id]
    assert store.index.collection.get(ids=[new.chunks[0].chunk_id])["ids"] == [new.chunks[0].chunk_id]
    docs = {d["file"]: d for d in store.documents()}
    assert docs["budget.pdf"]["pages"] == 1 and len(docs["budget.pdf"]["items"]) == 1
    assert docs["budget.pdf"]["sha256"] == new.sha256
    assert store.count() == 1 + len(DRUGS) == store.index.collection.count()


@pytest.mark.parametrize("key", ["budget.pdf", "budget"])
def test_remove_deletes_from_every_index(store, key):
    doc = make_doc("budget.pdf", BUDGET)
    doc.decisions = [Decision(ref="2021/007", text="notes the capital programme", document_id="budget",
                              file="budget.pdf", page=2, item="2")]
    store.add(doc)
    store.add(make_doc("drugs.pdf", DRUGS))
    assert store.remove(key) is True
    assert store.remove(key) is False
    _, sql, docs = snapshot(store)
    assert [d["file"] for d in docs] == ["drugs.pdf"]
    assert sql == {"documents": 1, "items": 2, "pages": 2, "chunks": 2, "chunks_fts": 2, "chunk_refs": 0,
                   "decisions": 0}
    assert store.index.collection.count() == 2
    assert store.index.collection.get(where={"document_id": "budget"})["ids"] == []
    assert store.keyword("precept underspend", 10) == []
    assert store.page("budget", 1) is None


def test_filters_apply_inside_dense_and_keyword(store):
    store.add(make_doc("budget.pdf", BUDGET, body="Strategic Resources", date="2021-05-19",
                       public=[True, False, True]))
    store.add(make_doc("drugs.pdf", DRUGS + ["Budget precept budget outturn underspend."], body="Crime Panel",
                       date="2022-02-08", doc_type=DocType.PLAN))
    vec = store.embedder.embed_query("budget precept outturn underspend")
    # unfiltered, the drugs.pdf chunk is the best match; filtered, only budget.pdf may appear
    for f, expect_docs in [
        (Filters(body="Strategic Resources"), {"budget"}),
        (Filters(doc_type="plan"), {"drugs"}),
        (Filters(date_from="2022-01-01"), {"drugs"}),
        (Filters(date_to="2021-12-31"), {"budget"}),
        (Filters(document_id="budget", item="3"), {"budget"}),
    ]:
        dense = store.dense(vec, 2, f)
        kw = store.keyword("budget precept outturn underspend neighbourhood", 2, f)
        assert dense and kw, f
        assert {c.document_id for c in store.chunks([i for i, _ in dense])} == expect_docs
        assert {c.document_id for c in store.chunks([i for i, _ in kw])} == expect_docs
        assert all(0.0 <= s <= 1.0 for _, s in dense)
    assert [c.item_number for c in store.chunks([i for i, _ in store.dense(vec, 9, Filters(item="3"))])] == ["3", "3"]
    public = store.dense(vec, 10, Filters(public_only=True))
    assert "budget:v1:1" not in [i for i, _ in public] and len(public) == 5
    assert "budget:v1:1" not in [i for i, _ in store.keyword("capital custody 2021/007", 10,
                                                                  Filters(public_only=True))]


def test_dense_similarity_and_order(store):
    doc = make_doc("budget.pdf", BUDGET)
    store.add(doc)
    hits = store.dense(store.embedder.embed_query(BUDGET[2]), 3, None)
    assert hits[0][0] == doc.chunks[2].chunk_id and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND OR NOT", "foo*", "(", ")", "NEAR(a b)", "text:budget", "'; DROP TABLE chunks; --",
     "", "   ", "?!?!", "^budget", "budget -precept", "a\"b\"c", "col1 : col2", "{text section}: budget",
     "über-façade £1.2m", "*", "+", "NOT budget", "2021/007 AND (custody"],
)
def test_keyword_survives_hostile_punctuation(store, query):
    store.add(make_doc("budget.pdf", BUDGET))
    hits = store.keyword(query, 5)
    assert isinstance(hits, list)


def test_keyword_bm25_scores_and_refs(store):
    doc = make_doc("budget.pdf", BUDGET)
    store.add(doc)
    store.add(make_doc("drugs.pdf", DRUGS))
    hits = store.keyword("What was resolution 2021-007 about?", 5)
    assert hits[0][0] == doc.chunks[1].chunk_id
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True) and hits[0][1] > 0
    assert store.by_refs(["res:2021/007"], 5) == [doc.chunks[1].chunk_id]
    assert store.by_refs(["res:2021/007"], 5, Filters(body="nope")) == []
    # stemming: "budgets" meets "budget"
    assert store.keyword("budgets", 5)


def test_failed_chroma_write_changes_nothing(store, monkeypatch):
    store.add(make_doc("budget.pdf", BUDGET))
    store.add(make_doc("drugs.pdf", DRUGS))
    before = snapshot(store)

    real_upsert = store.index.collection.upsert
    calls = []

    def half_then_fail(ids, embeddings, metadatas):
        """Writes the first half of the batch, then dies (a crash mid-write)."""
        calls.append(ids)
        n = max(1, len(ids) // 2)
        real_upsert(ids=ids[:n], embeddings=embeddings[:n], metadatas=metadatas[:n])
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.index.collection, "upsert", half_then_fail)
    # a new version of a stored file (new chunk ids): its half-written vectors must go
    with pytest.raises(StoreError, match="disk full"):
        store.add(make_doc("budget.pdf", ["new text that never lands", "x", "y", "z"], version="v2"))
    with pytest.raises(StoreError, match="disk full"):
        store.add(make_doc("third.pdf", ["brand new document", "second chunk"]))
    monkeypatch.undo()
    assert snapshot(store) == before
    got = store.index.collection.get(ids=["budget:v1:0"], include=["embeddings"])
    assert list(got["embeddings"][0]) == pytest.approx(store.embedder.embed_query(BUDGET[0]), abs=1e-6)
    assert store.keyword("underspend", 5)


def test_new_version_reusing_stored_chunk_ids_is_refused(store):
    """Overwriting stored vectors in place is what made a crashed replace unrepairable."""
    store.add(make_doc("budget.pdf", BUDGET))
    with pytest.raises(StoreError, match="needs new ids"):
        store.add(make_doc("budget.pdf", ["changed text", "x", "y"]))
    assert store.count() == 3 and store.keyword("underspend", 5)


def test_duplicate_chunk_ids_are_refused(store):
    doc = make_doc("budget.pdf", BUDGET)
    doc.chunks[1].chunk_id = doc.chunks[0].chunk_id
    with pytest.raises(StoreError, match="duplicate"):
        store.add(doc)
    assert store.count() == 0 and store.index.collection.count() == 0


def test_reopen_persists(tmp_path):
    settings = get_settings("test", store=tmp_path / "s")
    s1 = Store(settings)
    s1.add(make_doc("budget.pdf", BUDGET))
    s1.close()
    s2 = Store(settings)
    assert s2.count() == 3 and s2.index.collection.count() == 3
    assert s2.add(make_doc("budget.pdf", BUDGET)) == "unchanged"
    s2.close()


def test_decisions_and_meetings(store):
    doc = make_doc("minutes.pdf", BUDGET, doc_type=DocType.MINUTES)
    doc.decisions = [Decision(ref="2021/007", text="notes the capital programme", document_id=doc.document_id,
                              file=doc.file, page=2, body=doc.body, date=doc.meeting_date, item="2",
                              mover="Mr Streatfeild", seconder="Mr Sole")]
    mid = meeting_id(doc.body, doc.meeting_date)
    doc.meetings = [Meeting(mid, doc.body, doc.meeting_date, doc.document_id, doc.file, 1, status="minuted",
                            attendees=["A Member"])]
    store.add(doc)
    assert [d.ref for d in store.decisions()] == ["2021/007"]
    assert [d.ref for d in store.decisions(q="resolution 2021/007")] == ["2021/007"]
    # who moved or seconded it finds it too
    assert [d.ref for d in store.decisions(q="Streatfeild")] == [d.ref for d in store.decisions(q="sole")] == ["2021/007"]
    assert store.decisions(Filters(date_from="2022-01-01")) == []
    (m,) = store.meetings()
    assert m["meeting_id"] == mid and m["decisions"] == 1 and m["attendees"] == ["A Member"]
    assert store.meeting(mid)["sources"][0]["file"] == "minutes.pdf"
    store.remove(doc.document_id)
    assert store.meetings() == [] and store.meeting(mid) is None


def test_a_decision_reprinted_in_a_later_pack_is_listed_once(store):
    """The next meeting's pack reprints the minutes: the register lists the resolution once,
    from the meeting's own paper, and a different resolution of the same meeting stays."""
    def minutes(name: str, date: str) -> Document:
        doc = make_doc(name, BUDGET, date=date, doc_type=DocType.MINUTES, version=name)
        doc.decisions = [Decision(ref=ref, text=text, document_id=doc.document_id, file=doc.file, page=2,
                                  body="Police and Crime Panel", date="2021-05-19", outcome="carried")
                         for ref, text in (("2021/007", "notes the capital  programme"),
                                           ("2021/008", "approves the plan"))]
        doc.meetings = [Meeting(meeting_id("Police and Crime Panel", "2021-05-19"), "Police and Crime Panel",
                                "2021-05-19", doc.document_id, doc.file, 1, status="minuted")]
        return doc

    store.add(minutes("later pack.pdf", "2021-07-14"))  # reprints the May minutes
    store.add(minutes("minutes.pdf", "2021-05-19"))
    listed = store.decisions()
    assert [(d.ref, d.file) for d in listed] == [("2021/007", "minutes.pdf"), ("2021/008", "minutes.pdf")]
    assert len(store.decisions(q="2021/007")) == 1
    (meeting,) = store.meetings()
    assert meeting["decisions"] == 2  # not 4: each decision once


def test_vectors_in_order(store):
    doc = make_doc("budget.pdf", BUDGET)
    store.add(doc)
    ids = [doc.chunks[2].chunk_id, "missing", doc.chunks[0].chunk_id]
    got = store.vectors(ids)
    assert got[1] is None
    assert got[0] == pytest.approx(store.embedder.embed_query(BUDGET[2]), abs=1e-6)
    assert got[2] == pytest.approx(store.embedder.embed_query(BUDGET[0]), abs=1e-6)


def test_dense_search_inside_chroma_gives_the_same_best_hits(tmp_path):
    """``index.dense_search = "chroma"`` (for archives too big for the in-memory matrix)."""
    settings = get_settings("test", store=tmp_path / "s", index={"dense_search": "chroma"})
    s = Store(settings)
    s.add(make_doc("budget.pdf", BUDGET, public=[True, False, True]))
    s.add(make_doc("drugs.pdf", DRUGS))
    exact = Store(get_settings("test", store=tmp_path / "s"))
    try:
        for text in (BUDGET[1], DRUGS[0]):
            v = s.embedder.embed_query(text)
            assert s.dense(v, 1)[0][0] == exact.dense(v, 1)[0][0]
            public = s.dense(v, 10, Filters(public_only=True))
            assert {c for c, _ in public} == {c for c, _ in exact.dense(v, 10, Filters(public_only=True))}
            assert "budget:v1:1" not in {c for c, _ in public}
        assert s.vectors(["budget:v1:0"])[0] == pytest.approx(exact.vectors(["budget:v1:0"])[0], abs=1e-6)
    finally:
        exact.close()
        s.close()


@pytest.mark.parametrize("header", ["pooled", "joined"])
def test_embed_chunks_follows_the_header_setting(tmp_path, header):
    s = Store(get_settings("test", store=tmp_path / "store", embedding={"header": header}))
    try:
        chunks = make_doc("Budget.pdf", BUDGET).chunks
        for c in chunks:
            c.context = "Title of Budget.pdf · Police and Crime Panel"
        want = (s.embedder.embed_headed([(c.context, c.text) for c in chunks]) if header == "pooled"
                else s.embedder.embed_chunks([index_text(c) for c in chunks]))
        assert s.embed_chunks(chunks) == want
        assert want != s.embedder.embed_chunks([c.text for c in chunks])  # the header counts either way
    finally:
        s.close()
