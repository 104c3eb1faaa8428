"""Document identity: two files whose names slug alike are both stored; the same bytes under
a second name are a duplicate; a changed file at the same path is a replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest_service import ingest_paths
from assistant.settings import get_settings
from assistant.store import Store, StoreError
from tests.assistant.store.helpers import paper

SAME_NAME = Path(__file__).resolve().parents[2] / "fixtures" / "same-name"  # two Kent minutes, one file name


@pytest.fixture
def store(tmp_path):
    s = Store(get_settings("test", store=tmp_path / "store"))
    yield s
    s.close()


def statuses(results) -> list[tuple[str, str]]:
    return [(r.status, Path(r.path).parent.name) for r in results]


def test_two_files_with_one_name_are_both_stored(store):
    results = ingest_paths(store, [SAME_NAME], progress=False)
    assert statuses(results) == [("added", "cabinet-2025-03-04"), ("added", "full_council-2025-03-13")]
    docs = store.documents()
    assert [d["file"] for d in docs] == ["Minutes of Previous Meeting.pdf"] * 2
    assert len({d["document_id"] for d in docs}) == 2
    assert len({d["sha256"] for d in docs}) == 2
    # each keeps its own chunks and its own kept original
    for d in docs:
        assert store.chunk_ids(d["document_id"]) and Path(d["source_path"]).is_file()
    assert len({d["source_path"] for d in docs}) == 2
    # ingesting the folder again changes nothing
    assert [r.status for r in ingest_paths(store, [SAME_NAME], progress=False)] == ["unchanged", "unchanged"]
    # the name alone no longer picks one document
    assert store.document("Minutes of Previous Meeting.pdf") is None
    with pytest.raises(StoreError, match="2 documents are named"):
        store.remove("Minutes of Previous Meeting.pdf")
    assert store.remove(docs[0]["document_id"]) and [d["document_id"] for d in store.documents()] == [docs[1]["document_id"]]


def test_same_bytes_under_a_second_name_is_a_duplicate(store, tmp_path):
    src = tmp_path / "a" / "report.md"
    src.parent.mkdir()
    src.write_text(paper("budget", "one"))
    copy = tmp_path / "b" / "budget copy.md"
    copy.parent.mkdir()
    shutil.copyfile(src, copy)
    first, second = ingest_paths(store, [src, copy], progress=False)
    assert (first.status, second.status) == ("added", "duplicate")
    stored = store.documents()[0]
    assert second.reason == f"same bytes as report.md (stored as {stored['document_id']})"
    assert second.line().startswith("duplicate  budget copy.md: same bytes as report.md")
    assert len(store.documents()) == 1


def test_changed_file_at_the_same_path_is_a_replace(store, tmp_path):
    path = tmp_path / "papers" / "alpha.md"
    path.parent.mkdir()
    path.write_text(paper("alpha", "one"))
    assert [r.status for r in ingest_paths(store, [path], progress=False)] == ["added"]
    old = store.documents()[0]
    path.write_text(paper("alpha", "two"))
    assert [r.status for r in ingest_paths(store, [path], progress=False)] == ["replaced"]
    (new,) = store.documents()
    assert new["document_id"] != old["document_id"] and new["file"] == "alpha.md"
    assert not set(store.chunk_ids(new["document_id"])) & set(store.chunk_ids(old["document_id"]) or ["-"])
    assert store.keyword("alphatwoword3", 5) and not store.keyword("alphaoneword3", 5)
    assert not Path(old["source_path"]).exists() and Path(new["source_path"]).is_file()
    assert store.index.count() == store.count()  # the old vectors went too


def test_embedder_is_warmed_while_the_first_parse_runs_and_never_for_an_unchanged_batch(store):
    """Ingest loads the model while the parse worker starts (the two start-ups overlap);
    a batch with nothing to parse must not pay for loading a model it never uses."""
    calls = []
    store.embedder.warm = lambda: calls.append("warm")
    ingest_paths(store, [SAME_NAME], progress=False)
    assert calls == ["warm"]
    calls.clear()
    assert {r.status for r in ingest_paths(store, [SAME_NAME], progress=False)} == {"unchanged"}
    assert calls == []


def test_a_moved_store_still_finds_its_originals(tmp_path):
    """A store folder copied or moved elsewhere (a backup restored, an evaluation store
    rebuilt beside the old one and swapped in) keeps serving its originals: table rows
    and page images are read from them. Rows written before kept an absolute path."""
    first = tmp_path / "built"
    s = Store(get_settings("test", store=first))
    pdf = SAME_NAME / "cabinet-2025-03-04" / "Minutes of Previous Meeting.pdf"
    (result,) = ingest_paths(s, [pdf])
    doc_id = result.document_id
    assert s.source(doc_id) == first / "originals" / f"{doc_id}.pdf"
    recorded = s.catalog.documents(doc_id)[0]["source_path"]  # the row as stored
    assert recorded == f"originals/{doc_id}.pdf"
    with s.catalog.lock, s.catalog.conn:  # a row as older stores wrote it
        s.catalog.conn.execute("UPDATE documents SET source_path=? WHERE document_id=?",
                               (str(first.resolve() / recorded), doc_id))
    s.close()
    shutil.move(first, tmp_path / "moved")
    moved = Store(get_settings("test", store=tmp_path / "moved"))
    try:
        assert moved.source(doc_id) == tmp_path / "moved" / "originals" / f"{doc_id}.pdf"
        assert moved.document(doc_id)["source_path"] == str(moved.source(doc_id).resolve())
    finally:
        moved.close()
