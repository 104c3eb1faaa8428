"""Optional re-ranking of retrieved passages by a cross-encoder the user supplies.

No cross-encoder can be downloaded on a locked-down network, so none is bundled;
``retrieval.cross_encoder_path`` may name a sentence-transformers CrossEncoder
folder on disk, and when it does its scores reorder the fused hits.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from assistant.retrieve.hybrid import Hit

Reranker = Callable[[str, list[Hit]], list[Hit]]


class RerankError(RuntimeError):
    """The configured cross-encoder cannot be used; the message says why."""


def load_cross_encoder(path: str) -> Reranker:
    """A reranker from a local CrossEncoder folder; never reaches for a model hub."""
    folder = Path(path)
    if not folder.is_dir():
        raise RerankError(f"cross-encoder folder not found: {path} (set retrieval.cross_encoder_path to a "
                          "local sentence-transformers CrossEncoder, or leave it empty)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import CrossEncoder

    try:
        model = CrossEncoder(str(folder), device="cpu")
    except Exception as exc:  # noqa: BLE001 - report any loading failure with the path
        raise RerankError(f"cannot load cross-encoder from {path}: {exc}") from exc
    return lambda query, hits: rerank_with(lambda pairs: model.predict(pairs), query, hits)


def rerank_with(score: Callable[[list[tuple[str, str]]], list[float]], query: str, hits: list[Hit]) -> list[Hit]:
    """Reorder hits by ``score((query, passage))``, keeping each hit's other signals;
    reference matches stay first, since the question named them."""
    if not hits:
        return hits
    scores = list(score([(query, h.chunk.text) for h in hits]))
    for hit, s in zip(hits, scores):
        hit.signals["rerank"] = float(s)
    return sorted(hits, key=lambda h: (not h.ref_match, -h.signals["rerank"]))
