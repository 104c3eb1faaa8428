"""The one store: a SQLite catalogue (documents, items, pages, chunks, keyword index,
decisions, meetings) and the vector index (Chroma), behind ``Store``.

Modules: ``catalog`` (SQLite), ``keyword`` (FTS5 ranking inside the catalogue), ``vectors``
(Chroma, embedded or server), ``dense`` (the numpy cache for exact filtered search),
``lock`` (one writer), ``originals`` (kept copies of files), ``faults`` (crash-test points),
``filters``, ``meetings`` (merging meeting rows), ``page_rows`` (table rows read on demand),
``embedder_record`` (which embedder built the vectors: one per store).

Callers type against ``StoreReader`` - the methods retrieval, answering and the entry
layers really use - and build a ``Store``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.store.filters import Filters
from assistant.store.lock import StoreLocked
from assistant.store.store import AddStatus, EmbedderMismatch, Store, StoreError, Verdict, chroma_metadata
from ingest.models import Chunk, Decision, Document


class StoreReader(Protocol):
    """What a reader of the store may call (the API, retrieval, composers)."""

    def documents(self) -> list[dict]: ...
    def document(self, doc_id_or_file: str) -> dict | None: ...
    def page(self, document_id: str, number: int) -> dict | None: ...
    def chunks(self, ids: Sequence[str]) -> list[Chunk]: ...
    def count(self) -> int: ...
    def dense(self, vector: Sequence[float], k: int, filters: Filters | None = None) -> list[tuple[str, float]]: ...
    def keyword(self, query: str, k: int, filters: Filters | None = None,
                records: bool = False) -> list[tuple[str, float]]: ...
    def by_refs(self, keys: Sequence[str], k: int, filters: Filters | None = None) -> list[str]: ...
    def vectors(self, ids: Sequence[str]) -> list[list[float] | None]: ...
    def doc_freq(self, words: Sequence[str]) -> dict[str, int]: ...
    def decisions(self, filters: Filters | None = None, q: str | None = None) -> list[Decision]: ...
    def meetings(self) -> list[dict]: ...
    def meeting(self, meeting_id: str) -> dict | None: ...


class StoreWriter(StoreReader, Protocol):
    """What ingest and removal call, under the one-writer lock."""

    def add(self, doc: Document, vectors: Sequence[Sequence[float]] | None = None, *,
            source=None) -> AddStatus: ...
    def remove(self, doc_id_or_file: str, wait_s: float | None = None) -> bool: ...
    def check(self, source: str, sha256: str, file: str | None = None) -> Verdict: ...


__all__ = ["AddStatus", "EmbedderMismatch", "Filters", "Store", "StoreError", "StoreLocked", "StoreReader", "StoreWriter", "Verdict",
           "chroma_metadata"]
