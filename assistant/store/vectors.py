"""The vector index: Chroma, embedded (a folder beside the catalogue) or a server.

Chroma holds the only copy of each chunk vector; the numpy matrix in ``dense.py`` is
built from it. We compute vectors ourselves: the collection has ``embedding_function=None``
and every call passes vectors, so Chroma's default ONNX model is never fetched.

Embedded Chroma caches its index in the process that opened it: its metadata is read live,
but its vectors are the view loaded at the client's first read. After another process
writes, queries can return deleted ids, and a read that meets a newer record fails ("Error
finding id") - including a listing without ids, which is why there is none here (``get``
takes ids). So a reader ``reopen``s its client when the catalogue's generation shows someone
else wrote. A Chroma server has no such cache (every process talks to the same server).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.settings import StoreSettings
from assistant.store.filters import date_num
from ingest.models import Chunk


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


class VectorIndex:
    """One Chroma collection of chunk vectors with their filter metadata."""

    def __init__(self, settings: StoreSettings, folder: Path,
                 checkpoint: Callable[[str], None] = lambda name: None):
        self.settings = settings
        self.folder = folder
        self.checkpoint = checkpoint  # crash-test hook between batches (see faults.py)
        self.lock = threading.RLock()
        self._open()

    @property
    def remote(self) -> bool:
        return bool(self.settings.chroma_url)

    def _open(self) -> None:
        import chromadb

        url = self.settings.chroma_url
        if url:
            parts = urlparse(url if "://" in url else f"http://{url}")
            self.client = chromadb.HttpClient(host=parts.hostname or "127.0.0.1", port=parts.port or 8000,
                                              ssl=parts.scheme == "https", settings=_chroma_settings())
        else:
            self.client = chromadb.PersistentClient(path=str(self.folder), settings=_chroma_settings())
        self.collection = self.client.get_or_create_collection(
            self.settings.collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        try:
            self.max_batch = int(self.client.get_max_batch_size())
        except Exception:  # noqa: BLE001 - older servers
            self.max_batch = 5000

    def reopen(self) -> None:
        """See other processes' writes (embedded mode): drop this process's cached Chroma system."""
        if self.remote:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        with self.lock:
            ident = getattr(self.client, "_identifier", None)
            SharedSystemClient._identifier_to_system.pop(ident, None)
            SharedSystemClient._identifier_to_refcount.pop(ident, None)
            self._open()

    def _steps(self, n: int) -> range:
        return range(0, n, max(1, min(self.max_batch, self.settings.write_batch)))

    # --- writes ----------------------------------------------------------------------

    def add(self, ids: Sequence[str], vectors: Sequence[Sequence[float]], metadatas: Sequence[dict]) -> None:
        """Add in batches (``upsert``: a retry after a crash may meet its own leftovers)."""
        with self.lock:
            for start in self._steps(len(ids)):
                if start:
                    self.checkpoint("vectors")
                end = start + self._steps(len(ids)).step
                self.collection.upsert(ids=list(ids[start:end]),
                                       embeddings=[[float(x) for x in v] for v in vectors[start:end]],
                                       metadatas=list(metadatas[start:end]))

    def delete(self, ids: Sequence[str]) -> None:
        with self.lock:
            for start in self._steps(len(ids)):
                if start:
                    self.checkpoint("delete")
                self.collection.delete(ids=list(ids[start : start + self._steps(len(ids)).step]))

    def delete_document(self, document_id: str) -> None:
        """Every vector of one document, whatever its ids (used by repair)."""
        self.delete(self.ids(where={"document_id": document_id}))

    # --- reads -----------------------------------------------------------------------

    def count(self) -> int:
        with self.lock:
            return self.collection.count()

    def ids(self, where: dict | None = None) -> list[str]:
        with self.lock:
            return list(self.collection.get(where=where, include=[])["ids"])

    def get(self, ids: Sequence[str]) -> dict[str, Any]:
        """Vectors by id (ids Chroma lacks are left out), as float32 rows.

        Each batch becomes one float32 array at once: a Chroma server sends vectors as JSON,
        and 100k of them held as Python float lists took over 1 GB of the serving process
        while the vector cache was built (memory the allocator then kept)."""
        import numpy as np

        out: dict[str, Any] = {}
        with self.lock:
            for start in range(0, len(ids), 5000):
                got = self.collection.get(ids=list(ids[start : start + 5000]), include=["embeddings"])
                if len(got["ids"]):
                    out.update(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
        return out

    def query(self, vector: Sequence[float], k: int, where: dict | None) -> list[tuple[str, float]]:
        """Chroma's own (approximate, HNSW) search with the filter as its ``where``
        (``Filters.to_chroma``)."""
        with self.lock:
            n = self.collection.count()
            if not n:
                return []
            res = self.collection.query(query_embeddings=[[float(x) for x in vector]], n_results=min(k, n),
                                        where=where, include=["distances"])
        return [(cid, max(0.0, min(1.0, 1.0 - float(d)))) for cid, d in zip(res["ids"][0], res["distances"][0])]


def chroma_metadata(chunk: Chunk) -> dict[str, Any]:
    """Filterable metadata (the columns ``Filters.to_chroma`` names); Chroma rejects None."""
    return {
        "document_id": chunk.document_id, "file": chunk.file, "item_id": chunk.item_id or "",
        "item_number": chunk.item_number or "", "doc_type": str(chunk.doc_type), "body": chunk.body or "",
        "date_num": date_num(chunk.meeting_date) or 0, "public": bool(chunk.public), "page": int(chunk.page),
    }
