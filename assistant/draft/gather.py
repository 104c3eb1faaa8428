"""Per-section retrieval: each section's own queries, kept only when on the subject.

Retrieval always returns k passages, relevant or not; a draft that wrote from
whatever came back would invent a report on any subject. So every passage must
hold most of the subject's rarity weight (in its text, item title or heading),
including one of its rarest words: a subject the archive lacks yields no passages,
and its sections are flagged rather than written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from assistant.answer.base import Passage
from assistant.draft.template import Scoring, Section, render_text
from assistant.retrieve.hybrid import Hit, Retriever
from assistant.store.filters import Filters
from assistant.text import STOPWORDS, stem, terms, tokens, with_abbreviations
from ingest.models import Chunk


@dataclass
class Subject:
    """The report's subject as weighted words: rare words say what it is about.

    The title decides what is on the subject; the ``--about`` words only widen the
    queries and help rank sentences, so saying more never filters more out."""

    text: str  # title and about: what the queries search for
    weights: dict[str, float]  # title term (stemmed) -> rarity weight
    core: set[str]  # the rarest title terms: a passage must hold one
    extra: dict[str, float] = field(default_factory=dict)  # about terms -> rarity weight

    def cover(self, text: str) -> float:
        """Share of the title's weight the text holds (the on-subject test)."""
        return _share(self.weights, text)

    def rank(self, text: str) -> float:
        """Share of the title's and the about words' weight (for ranking sentences)."""
        return _share({**self.extra, **self.weights}, text)

    def holds_core(self, text: str) -> bool:
        return not self.core or bool(self.core & with_abbreviations(set(terms(text))))


def _share(weights: dict[str, float], text: str) -> float:
    found = with_abbreviations(set(terms(text)))
    return sum(w for t, w in weights.items() if t in found) / (sum(weights.values()) or 1.0)


def make_subject(title: str, store, scoring: Scoring, about: str | None = None) -> Subject:
    """Weights from the store's document frequencies (each term's share of passages)."""
    text = " ".join(filter(None, [title, about]))
    words = list(dict.fromkeys(terms(title)))
    others = [t for t in dict.fromkeys(terms(about or "")) if t not in words]
    n = max(store.count(), 1) if store is not None else 1
    df = _doc_freq(store, text, words + others)
    weight = {t: math.log((n + 1) / (df.get(t, 0) + 1)) + 0.1 for t in words + others}
    core = {t for t in words if df.get(t, 0) / n < scoring.rare_share}
    if not core and words:  # every word common: the rarest two say most
        core = set(sorted(words, key=weight.get, reverse=True)[:2])
    return Subject(text=text, weights={t: weight[t] for t in words}, core=core,
                   extra={t: weight[t] for t in others})


def _doc_freq(store, text: str, stems: list[str]) -> dict[str, int]:
    """Document frequency per stemmed term, asked of the store by the words as typed."""
    if store is None or not hasattr(store, "doc_freq"):
        return {}
    words = [w for w in dict.fromkeys(tokens(text)) if w not in STOPWORDS and len(w) > 1]
    freq = store.doc_freq(words)
    out: dict[str, int] = {}
    for word in words:
        t = stem(word)
        out[t] = max(out.get(t, 0), freq.get(word, 0))
    return {t: out.get(t, 0) for t in stems}


_NUMBERING = re.compile(r"^[\W\d.]*")


def under_heading(chunk: Chunk, headings: list[str]) -> bool:
    """The passage sits under (or starts with) one of these headings: the last part of
    its heading path, or its first line, begins with it once numbering is stripped."""
    if not headings:
        return False
    last = (chunk.section or "").split(" > ")[-1]
    first = chunk.text.lstrip().split("\n", 1)[0]
    starts = [_NUMBERING.sub("", t).lower() for t in (last, first)]
    return any(s.startswith(h.lower()) for s in starts for h in headings)


def passage_text(chunk: Chunk) -> str:
    return " ".join(filter(None, [chunk.item_title, chunk.section, chunk.text]))


def on_subject(chunk: Chunk, subject: Subject, scoring: Scoring) -> bool:
    text = passage_text(chunk)
    return subject.holds_core(text) and subject.cover(text) >= scoring.subject_cover


class Gatherer:
    """Runs a section's queries (once per source document when sources are given)."""

    def __init__(self, retriever: Retriever, scoring: Scoring, authority: re.Pattern | None = None):
        self.retriever = retriever
        self.scoring = scoring
        self.authority = authority  # the words a paper names the template's authority by (None: any paper)
        self.papers: list[tuple] = []  # (document, item) of papers on the subject, most relevant first
        self._chunks: dict[str, list[Chunk]] = {}  # document id -> its chunks, read once
        self._own: dict[str, bool] = {}  # document id -> names the authority, read once
        self.left_out: set[str] = set()  # papers on the subject that never name the authority

    def seed(self, subject: Subject, filters: Filters | None, sources: list[str] | None = None) -> None:
        """Find the papers on the subject first. A paper whose passages are on the subject
        lends that to its other passages: its "no equality implications" or its
        recommendation is evidence for a new report on the same subject, though the
        sentence itself does not name the subject."""
        counts: dict[tuple, int] = {}
        titled: set[tuple] = set()  # papers whose own title is on the subject
        if sources or (filters is not None and filters.body):
            self.authority = None  # the user chose the papers, or the body: theirs, whoever's they are
        for f in _per_source(filters, sources):
            for hit in self.retriever.search(subject.text, f, k=2 * self.scoring.k_per_query):
                c = hit.chunk
                if on_subject(c, subject, self.scoring) and self._kept(c.document_id):
                    counts[_paper(c)] = counts.get(_paper(c), 0) + 1
                    if subject.holds_core(c.item_title or "") and \
                            subject.cover(c.item_title or "") >= self.scoring.subject_cover:
                        titled.add(_paper(c))
        kept = {p for p, n in counts.items() if n >= self.scoring.paper_hits and
                n >= self.scoring.paper_share * self._size(p)} | titled
        self.papers = sorted(kept, key=lambda p: (-(p in titled), -counts[p]))  # most on the subject first

    def _size(self, paper: tuple) -> int:
        """Passages of one paper (document, item). Why: a budget book's 88 service statements
        hold "winter maintenance" twice; that does not make its "Governance, Law & Democracy"
        paragraph evidence for a report on winter gritting."""
        doc_id, item_id = paper
        return sum(1 for c in self._doc_chunks(doc_id) if c.item_id == item_id)

    def owned(self, doc_id: str) -> bool:
        """Does the paper name the template's authority anywhere ("Kent", "KCC")? A
        township's asset plan is no source for a Kent Cabinet report, however on the subject."""
        if self.authority is None:
            return True
        if doc_id not in self._own:
            self._own[doc_id] = any(self.authority.search(c.text) or self.authority.search(c.context or "")
                                    for c in self._doc_chunks(doc_id))
        return self._own[doc_id]

    def _kept(self, doc_id: str) -> bool:
        """``owned``, remembering a paper left out, so a flagged section can say why."""
        if self.owned(doc_id):
            return True
        self.left_out.add(doc_id)
        return False

    def _doc_chunks(self, doc_id: str) -> list[Chunk]:
        """A document's chunks, read from the store once per draft."""
        if doc_id not in self._chunks:
            store = self.retriever.store
            self._chunks[doc_id] = store.chunks(store.catalog.chunk_ids(doc_id))
        return self._chunks[doc_id]

    def headed(self, section: Section) -> list[Hit]:
        """The same section of each paper on the subject: its "Financial Implications" is
        the first place to look for this report's, whatever the queries rank."""
        found: list[Hit] = []
        for rank, (doc_id, item_id) in enumerate(self.papers):
            same = [c for c in self._doc_chunks(doc_id) if c.item_id == item_id and under_heading(c, section.headings)]
            found += [Hit(chunk=c, score=1.0 - 0.01 * rank) for c in same[: self.scoring.headed_per_paper]]
        return found[: self.scoring.max_passages // 2]

    def passages(self, section: Section, subject: Subject, filters: Filters | None,
                 sources: list[str] | None = None) -> list[Passage]:
        hits: dict[str, Hit] = {h.chunk.chunk_id: h for h in self.headed(section)}
        for query in (render_text(q, subject=subject.text) for q in section.queries):
            for f in _per_source(filters, sources):
                for hit in self.retriever.search(query, f, k=self.scoring.k_per_query):
                    if _paper(hit.chunk) not in set(self.papers) and not on_subject(hit.chunk, subject, self.scoring):
                        continue
                    if not self._kept(hit.chunk.document_id):
                        continue
                    best = hits.get(hit.chunk.chunk_id)
                    if best is None or hit.score > best.score:
                        hits[hit.chunk.chunk_id] = hit
        ranked = sorted(hits.values(), key=lambda h: -h.score)[: section.passages or self.scoring.max_passages]
        return [Passage(n=i + 1, hit=h) for i, h in enumerate(ranked)]


def _paper(chunk: Chunk) -> tuple:
    return (chunk.document_id, chunk.item_id)


def _per_source(filters: Filters | None, sources: list[str] | None) -> list[Filters]:
    base = filters or Filters()
    if not sources:
        return [base]
    return [replace(base, document_id=s) for s in sources]


def item_passages(store, document_id: str, item_id: str) -> tuple[dict, list[Passage]]:
    """Every passage of one stored item, in page order, with the item's catalogue row."""
    doc = store.document(document_id)
    if doc is None:
        raise ValueError(f"no document {document_id!r} in the store (see `meetingpack documents`)")
    item = next((i for i in doc["items"] if i["item_id"] == item_id), None)
    if item is None:
        raise ValueError(f"document {document_id!r} has no item {item_id!r}; items: "
                         f"{', '.join(i['item_id'] for i in doc['items'])}")
    ids = store.catalog.chunk_ids(document_id)
    chunks = [c for c in store.chunks(ids) if c.item_id == item_id]
    return item, [Passage(n=i + 1, hit=Hit(chunk=c, score=1.0)) for i, c in enumerate(chunks)]
