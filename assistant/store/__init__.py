"""The one store: a SQLite catalogue (documents, items, pages, chunks, keyword index,
decisions, meetings) and the vector index, behind ``Store``.

Callers import ``Store`` and ``StoreError`` from here; the modules below are its parts.
"""

from assistant.store.store import AddStatus, Store, StoreError, chroma_metadata

__all__ = ["AddStatus", "Store", "StoreError", "chroma_metadata"]
