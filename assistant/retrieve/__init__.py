"""Retrieval: the parsed question, hybrid search over the store, and fusion."""

from assistant.retrieve.hybrid import Hit, Retriever, rrf, weighted

__all__ = ["Hit", "Retriever", "rrf", "weighted"]
