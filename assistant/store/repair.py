"""Making Chroma and the kept originals agree with the catalogue after a crash.

Why apart from ``store.py``: the write path leaves journal notes naming the only vectors a
kill can leave stale; reading them back and settling each case is a job of its own, run
on open by whoever can take the writer lock (``Store.__init__``).
"""

from __future__ import annotations

from assistant.store import originals


def repair(store) -> dict[str, int]:
    """Make Chroma and the kept originals agree with the catalogue (the source of truth):
    vectors the journal names and the catalogue lacks go; if counts still differ, every
    id is compared; a document whose vectors are missing is taken out of the catalogue
    (its file then reads as new, so the next ingest puts it back whole)."""
    with store.writing():
        held = set(store.catalog.chunk_ids())
        report = {"stale_vectors": 0, "orphan_vectors": 0, "incomplete_documents": 0, "orphan_files": 0}
        for doc_id, state, ids in store.catalog.journal_rows():
            stale = [i for i in ids if i not in held]
            store.index.delete(stale)
            report["stale_vectors"] += len(stale)
            store.catalog.journal(doc_id, state, None)
        if store.index.count() != len(held):
            in_chroma = set(store.index.ids())
            orphans = sorted(in_chroma - held)
            store.index.delete(orphans)
            report["orphan_vectors"] = len(orphans)
            report["incomplete_documents"] = _drop_incomplete(store, held - in_chroma)
        report["orphan_files"] = originals.sweep(store.root, store.catalog.document_ids())
    return {k: v for k, v in report.items() if v}


def _drop_incomplete(store, missing: set[str]) -> int:
    """Take out of the catalogue each document whose vectors are missing."""
    if not missing:
        return 0
    docs = {c.document_id: store.catalog.chunk_ids(c.document_id) for c in store.catalog.chunks(sorted(missing))}
    with store.catalog.transaction() as conn:
        for doc_id, ids in docs.items():
            store.catalog.delete_document(conn, doc_id)
            store.catalog.journal(doc_id, "deleting", ids, conn)
        gen = store.catalog.bump_generation(conn)
    store._committed(gen)
    for doc_id, ids in docs.items():
        store._drop(doc_id, ids)
    return len(docs)
