"""Hybrid retrieval: exact references first, then dense and keyword results fused.

No cross-encoder can be installed offline, so ranking quality comes from three
cheap signals that fail differently: embeddings catch paraphrase, BM25 catches
rare words and names, reference keys catch "2021/007" which neither handles.
Filters go into each index query (see ``Filters``), never applied afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.abbreviations import Abbreviations, expansions, relevant
from assistant.embeddings import Embedder
from assistant.store.filters import Filters
from assistant.store.page_rows import CarriedHeads
from assistant.settings import RetrievalSettings
from ingest.models import Chunk
from assistant.retrieve.papers import named_papers
from assistant.retrieve.plainwords import plain_expansions, plain_pairs
from assistant.retrieve.query import Query, parse_query
from assistant.text import same_body, terms
from assistant.retrieve.rank import Candidates, rank_model, rescore
from assistant.retrieve.rarity import rarity

Ranked = list[tuple[str, float]]
MAX_REGISTER = 2
# papers whose answering part is looked up, the passages read for it and those kept, a paper (``_paper_parts``)
PART_PAPERS, PART_LOOKUP, PART_CHUNKS = 3, 20, 2
# keyword lookups run here while the calling thread embeds the query and runs the dense one
_KEYWORD_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="keyword")


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
    # a table's period heads that the passage before printed, for a passage opening with the
    # table's rows (store.page_rows.CarriedHeads): the composer pairs the rows with them, and
    # the verifier reads them as part of the passage, so a figure's column is quoted and checked
    heads: tuple[str, ...] = ()


def rrf(rankings: Sequence[Ranked], k: int = 60, weights: Sequence[float] | None = None) -> Ranked:
    """Reciprocal-rank fusion: robust to the incomparable scales of BM25 and cosine."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (cid, _) in enumerate(ranking):
            fused[cid] = fused.get(cid, 0.0) + weight / (k + rank + 1)
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


def weighted(dense: Ranked, keyword: Ranked, dense_weight: float = 0.5) -> Ranked:
    """Linear blend of dense cosine (min-max over the candidates) and BM25 (over its best).

    BM25 has a true zero (no match), so it is divided by its best score rather than
    min-max scaled: the last keyword hit keeps a share above 0. Min-max scaling gave the
    weakest keyword-only chunk exactly 0, so a lone rare word (a name, a place, an
    operation) could never surface past the dense list."""
    d = _minmax(dense)
    best = max((s for _, s in keyword), default=0.0) or 1.0
    kw = {cid: max(s, 0.0) / best for cid, s in keyword}
    ids = dict.fromkeys([*d, *kw])  # not a set: equal scores (the same text in two papers) keep one order
    fused = {c: dense_weight * d.get(c, 0.0) + (1 - dense_weight) * kw.get(c, 0.0) for c in ids}
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)


def _minmax(ranked: Ranked) -> dict[str, float]:
    if not ranked:
        return {}
    lo, hi = min(s for _, s in ranked), max(s for _, s in ranked)
    span = (hi - lo) or 1.0
    return {cid: (s - lo) / span for cid, s in ranked}


class Retriever:
    """Runs the lookups for one ``Query`` against one store and fuses them.

    A question naming its meeting ("the County Council meeting in February 2025") or
    body gets a second, scoped lookup with that date range or body inside the index
    query: at archive scale the unscoped lists are crowded by other meetings of the
    same body, so the scoped list is what finds the right papers. It is a boost,
    not a filter: the question may be wrong about the date."""

    def __init__(self, store, embedder: Embedder, settings: RetrievalSettings, mode: str = "hybrid"):
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.mode = mode  # hybrid | dense | keyword: the last two are evaluation baselines
        self.reranker: Callable[[str, list[Hit]], list[Hit]] | None = None
        self.heads = CarriedHeads(store) if hasattr(store, "chunk_ids") else None
        self._bodies: tuple[str, ...] | None = None
        # keyword lookup beside the embedding and dense lookup (same results, less latency);
        # False runs them one after another, for a per-part timing (eval/bench_scale.py)
        self.parallel = True

    def bodies(self) -> tuple[str, ...]:
        """The bodies the store holds, for recognising them in questions. Asked of the store
        on every question (its catalogue reads them once per generation), so a paper of a new
        body uploaded to a running server is recognised at once; a store without ``bodies``
        (a test's fake) is scanned once."""
        if hasattr(self.store, "bodies"):
            return tuple(sorted(self.store.bodies()))
        if self._bodies is None:
            docs = self.store.documents() if hasattr(self.store, "documents") else []
            found = {d.get("body") for d in docs} | {it.get("body") for d in docs for it in d.get("items") or []}
            self._bodies = tuple(sorted(b for b in found if b))
        return self._bodies

    def parse(self, question: str | Query) -> Query:
        return question if isinstance(question, Query) else parse_query(question, self.bodies())

    def search(self, query: str | Query, filters: Filters | None = None, k: int | None = None) -> list[Hit]:
        q = self.parse(query)
        k = k or self.settings.k
        if q.meeting_day and hasattr(self.store, "dates"):  # a full date, given as a meeting's
            q.memo["days"] = self.store.dates(filters)  # the composer's check of a meeting no paper is of
        cands, ref_ids = self.candidates(q, filters or Filters(), k)
        scores = rescore(cands, rank_model()) if self._learned() else cands.fused
        ranked = sorted((c for c in cands.ids if c in cands.chunks), key=scores.get, reverse=True)
        order = list(dict.fromkeys(ref_ids + ranked))
        order = distinct(self._diversify(order, q, bool(ref_ids), cands.chunks), cands.chunks)[:k]
        hits = self._hits([cands.chunks[cid] for cid in order if cid in cands.chunks], cands, set(ref_ids),
                          _relative(scores) if self._learned() else None)
        if self.reranker is not None:
            hits = self.reranker(q.text, hits)
        return hits

    def _learned(self) -> bool:
        return self.mode == "hybrid" and self.settings.rank == "learned"

    def candidates(self, q: Query, filters: Filters, k: int) -> tuple[Candidates, list[str]]:
        """The fused pool of one question, with every signal the second-stage ranker
        reads, and the passages carrying a reference it names (those go first)."""
        dense, keyword, records = self._lookups(q, filters, records=True)
        keyword = _merge(keyword, records) if records else keyword
        fused = dict(self._fuse(dense, keyword))
        scope = self._scope(q, filters) if self.mode == "hybrid" else None
        if scope is not None:
            s_dense, s_keyword = self._boost(q, scope, self.settings.scope_boost, fused)
            dense, keyword = _merge(dense, s_dense), _merge(keyword, s_keyword)
        if q.documents and self.mode == "hybrid" and not filters.document_id:
            # a follow-up: "what did that cost?" shares its words with every budget in the
            # archive, and only the paper the earlier answer cited is what the user means
            self._boost(q, replace(filters, document_id=q.documents[0]), self.settings.cited_boost, fused)
        if self.mode == "hybrid" and not filters.document_id and hasattr(self.store, "titles"):
            for doc in named_papers(q.terms, self.store.titles(filters)):  # "per the investment strategy"
                self._boost(q, replace(filters, document_id=doc), self.settings.paper_boost, fused)
        if self.mode == "hybrid" and q.shape and q.shape.part_word and not filters.document_id:
            self._paper_parts(q, filters, fused)  # "who wrote the report on X?": its contact block
        ref_ids = self._ref_ids(q, filters) if self.mode == "hybrid" else []
        depth = max(3 * k, self.settings.pool, rank_model().depth if self._learned() else 0)
        pool = sorted(fused, key=fused.get, reverse=True)[:depth]
        pool += [cid for cid, _ in records if cid not in pool]
        loaded = {c.chunk_id: c for c in self.store.chunks(list(dict.fromkeys(ref_ids + pool)))}
        if self.mode == "hybrid":
            self._hints(q, fused, loaded)
        pool = sorted((c for c in pool if c in loaded), key=fused.get, reverse=True)
        best_kw = max((s for _, s in keyword), default=0.0) or 1.0
        cands = Candidates(
            query=q, ids=pool, chunks=loaded, fused=fused,
            # the whole pool only for the ranker; otherwise ``_hits`` scores the few it keeps
            dense=self._similarities(q.vector, list(loaded) if self._learned() else [], dict(dense)),
            dense_rank={cid: i for i, (cid, _) in enumerate(dense)},
            keyword={cid: max(s, 0.0) / best_kw for cid, s in keyword},
            keyword_rank={cid: i for i, (cid, _) in enumerate(keyword)},
            rarity=self._rarity(q) if self._learned() else {},
        )
        return cands, ref_ids

    def _similarities(self, vector, ids: list[str], known: dict[str, float]) -> dict[str, float]:
        """Cosine to the query for every id: the dense list's, and the stored vectors of
        keyword-only passages scored against the query too."""
        missing = [cid for cid in ids if cid not in known]
        if missing and vector is not None:
            known = {**known, **dict(zip(missing, _cosines(vector, self.store.vectors(missing))))}
        return known

    def _rarity(self, q: Query) -> dict[str, float]:
        stats = rarity(q, getattr(self.store, "doc_freq", None), getattr(self.store, "count", None))
        return stats.weights if stats else {}

    def _boost(self, q: Query, narrowed: Filters, weight: float, fused: dict[str, float]) -> tuple[Ranked, Ranked]:
        """A second lookup inside ``narrowed`` (the meeting or body the question names, or the
        paper a follow-up's earlier answer cited), added to ``fused`` at ``weight``: a boost,
        not a filter, since the question may be wrong about it. Returns its two lists."""
        s_dense, s_keyword, _ = self._lookups(q, narrowed)
        for cid, s in self._fuse(s_dense, s_keyword):
            fused[cid] = fused.get(cid, 0.0) + weight * s
        return s_dense, s_keyword

    def _paper_parts(self, q: Query, filters: Filters, fused: dict[str, float]) -> None:
        """The part of the best papers that answers the question's shape, at the score of the
        passage that found its paper: "who wrote the report on the 18-25 service transfer?" is
        answered by the report's contact block ("Report Authors: Sharon Howard …"), which shares
        no word with the transfer. Looked up in the papers of the ``PART_PAPERS`` best passages
        by the shape's ``part_word``, and kept when it holds the shape's best form."""
        shape = q.shape
        best = sorted(fused, key=fused.get, reverse=True)[:PART_PAPERS]
        papers: dict[tuple, Chunk] = {}  # each paper once, by its best passage (often all three are one report's)
        for chunk in sorted(self.store.chunks(best), key=lambda c: fused[c.chunk_id], reverse=True):
            papers.setdefault((chunk.document_id, chunk.item_number), chunk)
        for chunk in papers.values():
            # a pack's report is its agenda item, not the whole pack
            paper = replace(filters, document_id=chunk.document_id, item=chunk.item_number or filters.item)
            found = self.store.keyword(shape.part_word, PART_LOOKUP, paper)
            # the word's stem is loose ("author" finds "delegated authority"): the part holds the shape's best form
            parts = [c for c in self.store.chunks([cid for cid, _ in found]) if shape.is_best(c.text)][:PART_CHUNKS]
            for part in parts:
                fused[part.chunk_id] = max(fused.get(part.chunk_id, 0.0), fused[chunk.chunk_id])

    def _lookups(self, q: Query, filters: Filters, records: bool = False) -> tuple[Ranked, Ranked, Ranked]:
        """Dense and keyword candidates, and with ``records`` the register records (``_records``);
        embeds the query first if it has no vector yet.

        Why in parallel: at 100k chunks the keyword lookup (SQLite, which lets go of the GIL)
        and the embedding plus dense lookup (torch and numpy, likewise) each take about half
        a search, and neither needs the other's result. A vote question's records lookup (a
        second scan of the keyword index) runs here too, beside the main one."""
        n = self.settings.candidates
        pending = None
        if self.mode != "dense" and self.parallel:
            pending = _KEYWORD_POOL.submit(self.store.keyword, self._keyword_text(q), n, filters)
        try:
            if q.vector is None:
                q.vector = self.embedder.embed_query(q.text)
            dense = self.store.dense(q.vector, n, filters) if self.mode != "keyword" else []
            found = self._records(q, filters) if records else []
        except BaseException:
            if pending is not None:
                pending.cancel() or pending.exception()  # never leave a lookup running unowned
            raise
        if pending is not None:
            keyword = pending.result()
        else:
            keyword = self.store.keyword(self._keyword_text(q), n, filters) if self.mode != "dense" else []
        return dense, keyword, found

    def _keyword_text(self, q: Query) -> str:
        """The question with the other form of each abbreviation it uses, as the papers define
        them ("minimum revenue provision" also searches "MRP"), and the papers' words for its
        plain ones ("put off" also searches "deferred"): worked out once a question."""
        if "keyword_text" not in q.memo:
            table = self.store.abbreviations() if hasattr(self.store, "abbreviations") else Abbreviations()
            learned = relevant(set(terms(q.text)), table)
            q.memo["abbreviations"] = learned + plain_pairs(q.text)  # the ranker and composer read these
            q.memo["keyword_text"] = " ".join([q.text, *expansions(q.text, table, learned), *plain_expansions(q.text)])
        return q.memo["keyword_text"]

    def _records(self, q: Query, filters: Filters) -> Ranked:
        """For a question about votes, movers or decisions, the register records that match
        its words best, whatever the rest of the archive holds. Why: "how many members
        supported the Labour Group alternative budget" matched forty chunks of the budget's
        appendix tables before the one record of that vote; the ranker can only prefer what
        reaches its pool."""
        if self.mode != "hybrid" or not (q.shape and q.shape.register):
            return []
        return self.store.keyword(self._keyword_text(q), self.settings.register_candidates, filters, records=True,
                                  require=q.shape.register_word)

    def _scope(self, q: Query, filters: Filters) -> Filters | None:
        """The user's filters narrowed to the meeting date, period or body the question names."""
        span = q.date_range
        if span and not (filters.date_from or filters.date_to):
            return replace(filters, date_from=span[0], date_to=span[1])
        if q.body and not filters.body:
            return replace(filters, body=q.body)
        return None

    def _hints(self, q: Query, fused: dict[str, float], loaded: dict[str, Chunk]) -> None:
        """Soft boosts from the question's body and document-type hints."""
        for cid, chunk in loaded.items():
            if cid not in fused:
                continue
            if same_body(q.body, chunk.body):
                fused[cid] *= 1.0 + self.settings.body_boost
            if q.doc_types and str(chunk.doc_type) in q.doc_types:
                fused[cid] *= 1.0 + self.settings.doc_type_boost

    def _diversify(self, order: list[str], q: Query, by_ref: bool, loaded: dict[str, Chunk]) -> list[str]:
        """At most two decisions-register records, unless the question is about decisions.

        Register records restate minutes in few words, so they rank well for any
        question touching a meeting and could crowd out the minutes' own text."""
        if by_ref or (q.shape and q.shape.register):
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

    def _ref_ids(self, q: Query, filters: Filters) -> list[str]:
        """Passages carrying a reference the question names (resolution, decision, minute)."""
        keys = [k for k in q.refs if not k.startswith("item:")]
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

    def _hits(self, chunks: list[Chunk], cands: Candidates, ref_ids: set[str],
              ranked: dict[str, float] | None) -> list[Hit]:
        """Hits scored by the ranker's relative score when it ran, else by the fused one."""
        top = cands.fused_top
        score = ranked if ranked is not None else {cid: s / top for cid, s in cands.fused.items()}
        dense = self._similarities(cands.query.vector, [ch.chunk_id for ch in chunks], cands.dense)
        return [
            Hit(
                chunk=ch,
                score=1.0 if ch.chunk_id in ref_ids else score.get(ch.chunk_id, 0.0),
                dense=dense.get(ch.chunk_id, 0.0),
                dense_rank=cands.dense_rank.get(ch.chunk_id),
                keyword_rank=cands.keyword_rank.get(ch.chunk_id),
                ref_match=ch.chunk_id in ref_ids,
                heads=tuple(self.heads(ch)) if self.heads else (),
            )
            for ch in chunks
        ]


def distinct(order: list[str], loaded: dict[str, Chunk]) -> list[str]:
    """Each passage text of one meeting once, at its best rank.

    Why: a public reports pack repeats the reports that are also published one by one
    (the Kent archive does this), so the same paragraph could fill several of the top k
    places and push every other piece of evidence out. The first copy keeps its
    citation. The same words in another meeting's papers ("The meeting closed at 7pm")
    are another fact, so the key holds the meeting date too."""
    seen: set[tuple] = set()
    kept = []
    for cid in order:
        chunk = loaded.get(cid)
        key = (" ".join(chunk.text.split()).lower(), chunk.meeting_date) if chunk is not None else (cid, None)
        if key in seen:
            continue
        seen.add(key)
        kept.append(cid)
    return kept


def _relative(scores: dict[str, float]) -> dict[str, float]:
    """Ranking logits as shares of the best, in (0, 1]: exp(score - best score)."""
    best = max(scores.values(), default=0.0)
    return {cid: float(np.exp(s - best)) for cid, s in scores.items()}


def _merge(a: Ranked, b: Ranked) -> Ranked:
    """Two ranked lists as one, each id at its best score."""
    best: dict[str, float] = {}
    for cid, s in list(a) + list(b):
        best[cid] = max(best.get(cid, s), s)
    return sorted(best.items(), key=lambda kv: kv[1], reverse=True)


def _cosines(a: Sequence[float], rows: Sequence[Sequence[float] | None]) -> list[float]:
    """Cosine of ``a`` with each row (0.0 for a row the store lacks), in float64 as a
    Python loop would compute it; one matrix product instead of a loop per 384 numbers
    (a search scores dozens of keyword-only passages)."""
    have = [i for i, r in enumerate(rows) if r is not None]
    out = [0.0] * len(rows)
    if not have:
        return out
    m = np.asarray([rows[i] for i in have], dtype=np.float64)
    q = np.asarray(a, dtype=np.float64)
    norms = np.linalg.norm(m, axis=1)
    sims = (m @ q) / (np.where(norms > 0, norms, 1.0) * (float(np.linalg.norm(q)) or 1.0))
    for i, sim in zip(have, sims.tolist()):
        out[i] = sim
    return out
