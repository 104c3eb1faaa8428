"""Wiring: build the store, retriever and answerer from one Settings.

Called by the CLI per command and by the FastAPI lifespan once per process, so
nothing is constructed at import time and tests can build isolated instances.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.service import Answerer, fallback_composer, make_composer
from assistant.conversation import Conversations
from assistant.embeddings import Embedder, make_embedder
from assistant.llm import ChatModel, make_chat_model
from assistant.retrieve.hybrid import Retriever
from assistant.settings import Settings


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    store: object  # assistant.store.Store
    retriever: Retriever
    answerer: Answerer

    def close(self) -> None:
        self.store.close()

    def warm(self) -> None:
        """Pay the one-off costs (model weights, vector cache) before the first request."""
        self.embedder.embed_query("warm up")
        self.store.warm()


def build_services(settings: Settings, embedder: Embedder | None = None,
                   chat_model: ChatModel | None = None) -> Services:
    from assistant.batching import limit_blas_threads
    from assistant.retrieve.rerank import load_cross_encoder
    from assistant.store import Store  # chromadb import is slow; keep it off `--help`

    limit_blas_threads()
    path = settings.retrieval.cross_encoder_path
    reranker = load_cross_encoder(path) if path else None  # fail before anything is opened
    embedder = embedder or make_embedder(settings.embedding, settings.model_cache())
    store = Store(settings, embedder)
    retriever = Retriever(store, embedder, settings.retrieval)
    retriever.reranker = reranker
    if chat_model is None and settings.answer.composer == "openai":
        chat_model = make_chat_model("openai", settings.llm)
    answerer = Answerer(settings, retriever, make_composer(settings, chat_model, store),
                        Conversations(settings.store), rewriter=chat_model,
                        fallback=fallback_composer(settings, store))
    return Services(settings, embedder, store, retriever, answerer)
