"""The index: Chroma (dense vectors we compute ourselves) + SQLite (catalog, chunks, FTS5).

Write path for one document, ordered so a failure leaves what was stored untouched:

1. ``embed(doc)`` — the slow part; nothing is written yet.
2. SQLite: one transaction deletes the old version (if any) and inserts the new one.
3. Chroma: back up the old version's vectors, delete them, add the new ones.
4. Commit SQLite. If step 3 or 4 fails, Chroma is restored from the backup and SQLite
   rolls back, so the previous version (or nothing) stays in every index.

Chroma never embeds anything itself: the collection has ``embedding_function=None``
and every add/query passes vectors, so its default ONNX model is never fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.store.catalog import Catalog
from assistant.store import originals, visibility
from assistant.store.dense import FilteredDense
from assistant.embeddings import Embedder, make_embedder
from assistant.store.filters import Filters, date_num
from assistant.settings import Settings
from ingest.models import Chunk, Decision, Document

AddStatus = Literal["added", "unchanged", "replaced"]


class StoreError(Exception):
    """A write that was refused or rolled back; nothing stored changed."""


def chroma_metadata(chunk: Chunk) -> dict[str, Any]:
    """Filterable metadata; Chroma rejects None, so missing strings are ''."""
    return {
        "document_id": chunk.document_id,
        "file": chunk.file,
        "item_id": chunk.item_id or "",
        "item_number": chunk.item_number or "",
        "doc_type": str(chunk.doc_type),
        "body": chunk.body or "",
        "date_num": date_num(chunk.meeting_date) or 0,
        "public": bool(chunk.public),
        "page": int(chunk.page),
    }


class Store:
    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedding, settings.model_cache())
        self.root = Path(settings.store)
        self.root.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.root / "catalog.sqlite")
        self._client = self._make_client()
        self.collection = self._client.get_or_create_collection(
            settings.index.collection,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
        try:
            self._max_batch = int(self._client.get_max_batch_size())
        except Exception:  # noqa: BLE001 - older/remote clients
            self._max_batch = 5000
        self._filtered = FilteredDense(self.catalog, self._chroma_vectors)

    def _make_client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if self.settings.index.chroma_host:
            return chromadb.HttpClient(
                host=self.settings.index.chroma_host,
                port=self.settings.index.chroma_port,
                settings=chroma_settings,
            )
        return chromadb.PersistentClient(path=str(self.root / "chroma"), settings=chroma_settings)

    def close(self) -> None:
        self.catalog.close()

    # --- writes ----------------------------------------------------------------------

    def is_unchanged(self, file: str, sha256: str) -> bool:
        return self.catalog.is_unchanged(file, sha256)

    def embed(self, doc: Document) -> list[list[float]]:
        """Vectors for every chunk of ``doc``, in chunk order (one pass, each chunk once)."""
        return self.embedder.embed_chunks([c.text for c in doc.chunks])

    def add(self, doc: Document, vectors: Sequence[Sequence[float]] | None = None) -> AddStatus:
        """Store ``doc``; an unchanged file is a no-op, a changed one replaces its old version."""
        if self.is_unchanged(doc.file, doc.sha256) and self.catalog.find_document(doc.document_id):
            return "unchanged"
        ids = [c.chunk_id for c in doc.chunks]
        if len(set(ids)) != len(ids):
            raise StoreError(f"{doc.file}: duplicate chunk ids")
        if vectors is None:
            vectors = self.embed(doc)
        if len(vectors) != len(ids):
            raise StoreError(f"{doc.file}: {len(vectors)} vectors for {len(ids)} chunks")

        old = self.catalog.find_document(doc.document_id)
        if old is None:
            old = self.catalog.find_document(doc.file)  # same file name under another id
        old_id = old["document_id"] if old is not None else None
        matrix = np.asarray(vectors, dtype=np.float32)

        with self.catalog.lock:
            backup = self._chroma_backup(old_id) if old_id else None
            stale = set(backup["ids"]) if backup else set()
            # Chroma can only hold vectors for an id the catalog lacks after an interrupted
            # write (left marked pending); otherwise skip the costly metadata lookup.
            if doc.document_id != old_id and self.catalog.is_pending(doc.document_id):
                stale |= set(self.collection.get(where={"document_id": doc.document_id}, include=[])["ids"])
            self.catalog.mark_pending(doc.document_id)
            self.catalog.begin()
            chroma_touched = False
            try:
                removed: list[int] = []
                if old_id:
                    removed += self.catalog.delete_document(old_id)
                if doc.document_id != old_id:
                    removed += self.catalog.delete_document(doc.document_id)
                added = self.catalog.insert_document(doc, matrix)
                chroma_touched = True
                # upsert first (ids may repeat across versions), then drop the old leftovers
                self._chroma_upsert(ids, vectors, [chroma_metadata(c) for c in doc.chunks])
                leftovers = sorted(stale - set(ids))
                if leftovers:
                    self.collection.delete(ids=leftovers)
                self.catalog.commit()
            except BaseException as exc:
                self.catalog.rollback()
                if not chroma_touched or self._chroma_restore(ids, backup):
                    self.catalog.clear_pending(doc.document_id)
                if isinstance(exc, Exception) and not isinstance(exc, StoreError):
                    raise StoreError(f"{doc.file}: index write failed ({type(exc).__name__}: {exc})") from exc
                raise
            self.catalog.clear_pending(doc.document_id)
            self._filtered.apply(removed, added, matrix)
        return "replaced" if old_id else "added"

    def remove(self, doc_id_or_file: str) -> bool:
        """Delete a document (by id or file name) from Chroma, FTS and the catalog."""
        row = self.catalog.find_document(doc_id_or_file)
        if row is None:
            return False
        doc_id = row["document_id"]
        with self.catalog.lock:
            backup = self._chroma_backup(doc_id)
            self.catalog.begin()
            try:
                removed = self.catalog.delete_document(doc_id)
                self.collection.delete(where={"document_id": doc_id})
                self.catalog.commit()
            except BaseException:
                self.catalog.rollback()
                self._chroma_restore([], backup)
                raise
            self._filtered.apply(removed, [], None)
        originals.delete(self.root, doc_id)
        return True

    def _chroma_upsert(self, ids, vectors, metadatas) -> None:
        step = max(1, self._max_batch)
        for start in range(0, len(ids), step):
            end = start + step
            self.collection.upsert(
                ids=list(ids[start:end]),
                embeddings=[list(map(float, v)) for v in vectors[start:end]],
                metadatas=list(metadatas[start:end]),
            )

    def _chroma_backup(self, document_id: str) -> dict | None:
        got = self.collection.get(where={"document_id": document_id}, include=["embeddings", "metadatas"])
        if not len(got["ids"]):
            return None
        return {"ids": list(got["ids"]), "embeddings": list(got["embeddings"]), "metadatas": got["metadatas"]}

    def _chroma_restore(self, new_ids: list[str], backup: dict | None) -> bool:
        """Best effort after a failed write: drop what it added, put the old vectors back."""
        try:
            keep = set(backup["ids"]) if backup else set()
            added = [i for i in new_ids if i not in keep]
            if added:
                self.collection.delete(ids=added)
            if backup:
                self._chroma_upsert(backup["ids"], backup["embeddings"], backup["metadatas"])
            return True
        except Exception:  # noqa: BLE001 - the original error is the one to report
            return False

    def _chroma_vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """Vectors held by Chroma, by chunk id (stores written before ``chunk_vectors``)."""
        out: dict[str, list[float]] = {}
        step = max(1, min(self._max_batch, 5000))
        for start in range(0, len(ids), step):
            got = self.collection.get(ids=list(ids[start : start + step]), include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                out[cid] = vec
        return out

    # --- reads -----------------------------------------------------------------------

    def documents(self, filters: Filters | None = None) -> list[dict]:
        """Catalogue rows; with ``public_only`` exempt items and all-exempt documents are absent."""
        return self.catalog.documents(public_only=_public(filters))

    def document(self, doc_id_or_file: str, filters: Filters | None = None) -> dict | None:
        row = self.catalog.find_document(doc_id_or_file)
        found = self.catalog.documents(row["document_id"], _public(filters)) if row is not None else []
        return found[0] if found else None

    def page(self, document_id: str, number: int, filters: Filters | None = None) -> dict | None:
        """Stored text of one page (to show a cited page); None for public if an exempt item covers it."""
        return self.catalog.page(document_id, number, _public(filters))

    def source(self, document_id: str, filters: Filters | None = None) -> Path | None:
        """The stored original file, if it is on disk; for public only when no item is exempt."""
        doc = self.document(document_id, filters)
        if doc is None:
            return None
        if _public(filters):
            with self.catalog.lock:
                if visibility.has_exempt(self.catalog.conn, doc["document_id"]):
                    return None
        path = Path(doc.get("source_path") or "")
        return path if path.is_file() else None

    def count(self) -> int:
        return self.catalog.count()

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return self.catalog.chunks(list(ids))

    def warm(self) -> None:
        """Load the in-memory vectors for filtered search now, not on the first user's ask."""
        if self.count():
            self._filtered.snapshot()

    def doc_freq(self, words: Sequence[str]) -> dict[str, int]:
        return self.catalog.doc_freq(list(words))

    def vectors(self, ids: Sequence[str]) -> list[list[float] | None]:
        """Stored vectors for ``ids`` in the order asked (None where unknown)."""
        if not ids:
            return []
        unique = list(dict.fromkeys(ids))
        by_id = {cid: np.frombuffer(b, dtype=np.float32).tolist() for cid, b in self.catalog.vectors_by_chunk_id(unique).items()}
        missing = [c for c in unique if c not in by_id]
        if missing:  # a store written before chunk_vectors: ask Chroma
            by_id.update({cid: [float(x) for x in vec] for cid, vec in self._chroma_vectors(missing).items()})
        return [by_id.get(c) for c in ids]

    def dense(self, vector: Sequence[float], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first.

        Unfiltered: Chroma's HNSW. Filtered: the filter selects rows by index in the catalog and
        those rows are scored exactly (``FilteredDense``) - the filter is part of the search."""
        if k <= 0:
            return []
        filters = filters or Filters()
        if not filters.is_empty():
            ranked = self._filtered.search(vector, k, filters)
            names = self.catalog.chunk_ids_for([r for r, _ in ranked])
            return [(names[r], sim) for r, sim in ranked if r in names]
        n = self.collection.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[list(map(float, vector))],
            n_results=min(k, n),
            include=["distances"],
        )
        ids, dists = res["ids"][0], res["distances"][0]
        return [(cid, max(0.0, min(1.0, 1.0 - float(d)))) for cid, d in zip(ids, dists)]

    def keyword(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score — higher is better), best first; FTS5 over text, headings, refs."""
        return self.catalog.keyword(query, k, filters)

    def by_refs(self, keys: Sequence[str], k: int, filters: Filters | None = None) -> list[str]:
        return self.catalog.by_refs(list(keys), k, filters)

    def decisions(self, filters: Filters | None = None, q: str | None = None) -> list[Decision]:
        return self.catalog.decisions(filters, q)

    def meetings(self, filters: Filters | None = None) -> list[dict]:
        return self.catalog.meetings(public_only=_public(filters))

    def meeting(self, meeting_id: str, filters: Filters | None = None) -> dict | None:
        found = self.catalog.meetings(meeting_id, _public(filters))
        return found[0] if found else None


def _public(filters: Filters | None) -> bool:
    return bool(filters and filters.public_only)
