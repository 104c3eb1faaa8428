"""Hybrid retrieval: exact references first, then dense and keyword results fused.

No cross-encoder can be installed offline, so ranking quality comes from three
cheap signals that fail differently: embeddings catch paraphrase, BM25 catches
rare words and names, reference keys catch "2021/007" which neither handles.
Filters go into each index query (see ``Filters``), never applied afterwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.embeddings import Embedder
from assistant.store.filters import Filters
from assistant.settings import RetrievalSettings
from ingest.models import Chunk
from ingest.refs import find_refs

Ranked = list[tuple[str, float]]
MAX_REGISTER = 2
_DECISION_WORDS = re.compile(r"\b(?:resol\w*|decid\w*|decision\w*|agreed|approved?|minuted?)\b", re.I)


@dataclass
class Hit:
    """A retrieved passage with the evidence for its rank, kept for scoring answers."""

    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float = 0.0  # cosine similarity to the query (0 when unknown)
    keyword_rank: int | None = None
    dense_rank: int | None = None
    ref_match: bool = False
    signals: dict = field(default_factory=dict)


def rrf(rankings: Sequence[Ranked], k: int = 60, weights: Sequence[float] | None = None) -> Ranked:
    """Reciprocal-rank fusion: robust to the incomparable scales of BM25 and cosine."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (cid, _) in enumerate(ranking):
            fused[cid] = fused.get(cid, 0.0) + weight / (k + rank + 1)
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


def weighted(dense: Ranked, keyword: Ranked, dense_weight: float = 0.5) -> Ranked:
    """Min-max normalised linear blend; kept to compare against RRF on the gold set."""

    def norm(r: Ranked) -> dict[str, float]:
        if not r:
            return {}
        lo, hi = min(s for _, s in r), max(s for _, s in r)
        span = (hi - lo) or 1.0
        return {cid: (s - lo) / span for cid, s in r}

    d, kw = norm(dense), norm(keyword)
    ids = set(d) | set(kw)
    fused = {c: dense_weight * d.get(c, 0.0) + (1 - dense_weight) * kw.get(c, 0.0) for c in ids}
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


class Retriever:
    """Runs the three lookups against one store and fuses them."""

    def __init__(self, store, embedder: Embedder, settings: RetrievalSettings, mode: str = "hybrid"):
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.mode = mode  # hybrid | dense | keyword: the last two are evaluation baselines
        self.reranker: Callable[[str, list[Hit]], list[Hit]] | None = None

    def search(self, query: str, filters: Filters | None = None, k: int | None = None) -> list[Hit]:
        k = k or self.settings.k
        filters = filters or Filters()
        n = max(self.settings.candidates, k)
        vector = self.embedder.embed_query(query)
        dense = self.store.dense(vector, n, filters) if self.mode != "keyword" else []
        keyword = self.store.keyword(query, n, filters) if self.mode != "dense" else []
        ref_ids = self._ref_ids(query, filters) if self.mode == "hybrid" else []
        fused = self._fuse(dense, keyword)
        order = list(dict.fromkeys(ref_ids + [cid for cid, _ in fused]))
        loaded = {c.chunk_id: c for c in self.store.chunks(order[: 3 * k])}  # read each chunk once
        order = self._diversify(order, query, bool(ref_ids), loaded)[:k]
        missing = [cid for cid in order if cid not in loaded]
        loaded.update({c.chunk_id: c for c in self.store.chunks(missing)})
        chunks = [loaded[cid] for cid in order if cid in loaded]
        hits = self._hits(chunks, dict(fused), dense, keyword, set(ref_ids), vector)
        if self.reranker is not None:
            hits = self.reranker(query, hits)
        return hits

    def _diversify(self, order: list[str], query: str, by_ref: bool, loaded: dict[str, Chunk]) -> list[str]:
        """At most two decisions-register records, unless the question is about decisions.

        Register records restate minutes in few words, so they rank well for any
        question touching a meeting and could crowd out the minutes' own text."""
        if by_ref or _DECISION_WORDS.search(query):
            return order
        register = {cid for cid, c in loaded.items() if c.kind == "register"}
        kept, seen = [], 0
        for cid in order:
            if cid in register:
                seen += 1
                if seen > MAX_REGISTER:
                    continue
            kept.append(cid)
        return kept

    def _ref_ids(self, query: str, filters: Filters) -> list[str]:
        """Passages carrying a reference the question names (resolution, decision, minute)."""
        keys = [k for k in find_refs(query, query=True) if not k.startswith("item:")]
        return self.store.by_refs(keys, self.settings.k, filters) if keys else []

    def _fuse(self, dense: Ranked, keyword: Ranked) -> Ranked:
        if self.mode == "dense":
            return dense
        if self.mode == "keyword":
            return keyword
        if self.settings.fusion == "weighted":
            return weighted(dense, keyword, self.settings.dense_weight)
        w = self.settings.dense_weight
        return rrf([dense, keyword], k=self.settings.rrf_k, weights=[w, 1.0 - w])

    def _hits(self, chunks: list[Chunk], fused, dense, keyword, ref_ids, vector) -> list[Hit]:
        dense_sim = dict(dense)
        missing = [c.chunk_id for c in chunks if c.chunk_id not in dense_sim]
        if missing:  # keyword-only passages: score them against the query too
            for cid, vec in zip(missing, self.store.vectors(missing)):
                dense_sim[cid] = _cosine(vector, vec) if vec is not None else 0.0
        d_rank = {cid: i for i, (cid, _) in enumerate(dense)}
        k_rank = {cid: i for i, (cid, _) in enumerate(keyword)}
        top = max(fused.values(), default=1.0) or 1.0
        return [
            Hit(
                chunk=ch,
                score=1.0 if ch.chunk_id in ref_ids else fused.get(ch.chunk_id, 0.0) / top,
                dense=dense_sim.get(ch.chunk_id, 0.0),
                dense_rank=d_rank.get(ch.chunk_id),
                keyword_rank=k_rank.get(ch.chunk_id),
                ref_match=ch.chunk_id in ref_ids,
            )
            for ch in chunks
        ]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)
