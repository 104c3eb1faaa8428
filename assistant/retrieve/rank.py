"""Second-stage ranking: the fused candidates re-scored by named features and fitted weights.

Why: on the archive's dev questions the keyword list alone holds the evidence in its top
40 for 93% of questions, but the fused top 5 holds it for only 77%. No cross-encoder
installs offline, so the order within the pool comes from what a reader checks first:
are the question's rare words in the passage, close together (one sentence holds them),
in its headings, of the meeting or body the question names? Each is one named feature
in [0, 1]; ``rank_weights.json``, fitted on the dev split by ``eval/fit_ranker.py``,
combines them. Adding a signal is adding a row to ``RANK_FEATURES`` and refitting.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from assistant.heads import label_rows
from assistant.retrieve.query import Query
from assistant.text import same_body, terms, with_abbreviations
from ingest.dates import find_dates
from ingest.models import Chunk
from ingest.register import amendment_moved

RANK_FEATURES = (
    "fused",  # the fused score (dense and keyword blend, with scope boosts), over the best
    "keyword",  # BM25 over the best BM25 of the lookup (0: not a keyword hit)
    "keyword_rank",  # 1 / (1 + rank / 10) in the keyword list
    "dense",  # MiniLM cosine of the passage to the question
    "dense_rank",  # 1 / (1 + rank / 10) in the dense list
    "cover",  # archive-rarity-weighted share of the question's terms in the passage text
    "cover_head",  # ... found only in its header (title, body, date, item, section)
    "window",  # ... inside the best window of WINDOW terms: one sentence holds them
    "names",  # share of the question's capitalised names the passage holds
    "scope",  # the passage is of the meeting date, period or body the question names
    "cited",  # a follow-up, and the passage is of the paper the earlier answer cited
    "out_of_period",  # the question names a month or year; the passage is of another, never naming it
    "register",  # a decisions-register record (restates minutes in few words)
    "register_wanted",  # ... and the question's shape is about decisions, votes or movers
    "type_ok",  # the passage holds the shape of answer the question wants
    "length",  # log length: long table chunks match many words by chance
    "amendment_unasked",  # an amendment's vote, for a vote question naming nothing of it (amendment_unasked)
    "label_row",  # the passage prints the table row of the labelled thing asked about ("D 9/9 …" for band D)
    "worded",  # a passage of the meeting asked wording its record field as minutes do ("elected to Chair the meeting")
)
WINDOW = 24  # terms: about one long sentence


@dataclass(frozen=True)
class RankModel:
    """A linear score over ``RANK_FEATURES``, and how many fused candidates it re-scores."""

    bias: float
    weights: dict[str, float]
    depth: int = 60
    note: str = ""

    def score(self, feats: dict[str, float]) -> float:
        return self.bias + sum(w * feats.get(name, 0.0) for name, w in self.weights.items())


@lru_cache(maxsize=1)
def rank_model() -> RankModel:
    """The packaged weights (assistant/retrieve/rank_weights.json)."""
    raw = json.loads(resources.files("assistant.retrieve").joinpath("rank_weights.json").read_text())
    return rank_model_from(raw)


def rank_model_from(raw: dict) -> RankModel:
    return RankModel(float(raw["bias"]), dict(raw["weights"]), int(raw.get("depth", 60)), raw.get("note", ""))


@dataclass
class Candidates:
    """One question's fused pool and the evidence for each id, as the ranker reads it."""

    query: Query
    ids: list[str]  # fused order, best first (the re-scored depth)
    chunks: dict[str, Chunk]
    fused: dict[str, float]
    dense: dict[str, float]  # cosine: the dense list's, and every id in ``ids`` when the ranker runs
    dense_rank: dict[str, int]
    keyword: dict[str, float]  # BM25 over the lookup's best
    keyword_rank: dict[str, int]
    rarity: dict[str, float] = field(default_factory=dict)  # stemmed term -> archive IDF
    memo: dict = field(default_factory=dict, repr=False)  # derived once per pool (see fused_top)

    @property
    def fused_top(self) -> float:
        """The best fused score (1.0 when none), which every fused share is taken of."""
        if "fused_top" not in self.memo:
            self.memo["fused_top"] = max(self.fused.values(), default=1.0) or 1.0
        return self.memo["fused_top"]


def in_scope(query: Query, chunk: Chunk) -> bool:
    """Is the passage of the meeting date, period or body the question names?"""
    if query.body and chunk.body and not same_body(query.body, chunk.body):
        return False  # another body's paper of that day: the Cabinet's of 9 January is not the Council's
    span = query.date_range
    if span and _dated_within(chunk, span):
        return True
    return same_body(query.body, chunk.body)


def _dated_within(chunk: Chunk, span: tuple[str, str]) -> bool:
    """Is the passage's meeting dated inside the day or period ``span``?"""
    return bool(chunk.meeting_date) and span[0] <= chunk.meeting_date[:10] <= span[1]


def of_meeting(query: Query, chunk: Chunk) -> bool:
    """Is the passage of the meeting the question names: its day or period, and its body when
    it names one? Stricter than ``in_scope``: the County Council's questions of 13 March 2025
    are not the Cabinet's of that day."""
    span = query.date_range
    if span and not _dated_within(chunk, span):
        return False
    return bool(span or query.body) and (not query.body or same_body(query.body, chunk.body))


def out_of_period(query: Query, chunk: Chunk, text: str) -> bool:
    """The question names a month or year ("in January 2024") and the passage is dated
    outside it and never mentions that year: a near miss, about another meeting.

    A year the passage mentions ("the 2023/24 outturn" in a 2025 paper) keeps it in."""
    span = query.date_range
    day = (chunk.meeting_date or "")[:10]
    if not span or not day or span[0] <= day <= span[1]:
        return False
    if span[0][:7] == span[1][:7]:
        # a day or a month ("on June 4, 2024", "in June 2024"): its year in passing is not
        # enough, since every paper of that year has it; a date inside it, or the month by name, is
        return not _names_within(text, span)
    years = {str(y) for y in range(int(span[0][:4]), int(span[1][:4]) + 1)}
    return not any(y in text or f"{y[2:]}/" in text or f"/{y[2:]}" in text or f"-{y[2:]}" in text for y in years)


@lru_cache(maxsize=4096)
def dates_in(text: str) -> tuple[str, ...]:
    """The full dates a passage names (ISO), read once per text: the same passages come
    back question after question, and to the ranker and the composer alike."""
    return tuple(iso for iso, _, _ in find_dates(text))


def names_day_within(text: str, span: tuple[str, str]) -> bool:
    """Does a text name a full date inside ``span`` ("deferred from April 2, 2024")?"""
    return any(span[0] <= iso <= span[1] for iso in dates_in(text))


def _names_within(text: str, span: tuple[str, str]) -> bool:
    """Does a text name a day inside ``span`` (one month at most), or, for a whole month,
    the month by name with its year ("June 2024")?"""
    if names_day_within(text, span):
        return True
    whole_month = span[0].endswith("-01") and span[1][8:] >= "28"
    month = calendar.month_name[int(span[0][5:7])]
    return whole_month and bool(re.search(rf"\b{month},?\s+{span[0][:4]}\b", text, re.I))


def window_cover(seq: list[str], weights: dict[str, float], width: int = WINDOW) -> float:
    """The largest weight of distinct question terms inside any ``width`` consecutive
    terms of ``seq``: a passage that names every word in one sentence beats one that
    scatters them over a page of table cells."""
    hits = [(i, t) for i, t in enumerate(seq) if t in weights]
    counts: dict[str, int] = {}
    covered = best = 0.0
    start = 0
    for pos, term in hits:
        counts[term] = counts.get(term, 0) + 1
        covered += weights[term] if counts[term] == 1 else 0.0
        while pos - hits[start][0] >= width:
            old = hits[start][1]
            counts[old] -= 1
            covered -= weights[old] if counts[old] == 0 else 0.0
            start += 1
        best = max(best, covered)
    return best


def term_weights(cands: Candidates) -> dict[str, float]:
    """The question's topic terms by archive rarity (1.0 each without a store)."""
    return {t: cands.rarity.get(t, 1.0) for t in cands.query.terms}


@lru_cache(maxsize=1 << 15)
def _text_terms(text: str) -> tuple[list[str], frozenset]:
    """A passage's terms in order and as a set: memoised by text, since the same passages
    come back for question after question on one archive, and the same text from several
    papers (a report repeated in a pack) within one question."""
    own = terms(text)
    return own, frozenset(own)


@lru_cache(maxsize=1 << 15)
def _head_terms(head: str) -> frozenset:
    return frozenset(terms(head))


def features(cands: Candidates, cid: str, weights: dict[str, float] | None = None) -> dict[str, float]:
    """The named features of one candidate (see RANK_FEATURES)."""
    q, chunk = cands.query, cands.chunks[cid]
    weights = term_weights(cands) if weights is None else weights
    total = sum(weights.values()) or 1.0
    own, own_set = _text_terms(chunk.text)
    learned = q.memo.get("abbreviations")
    if learned:  # "MRP 59.4 …" covers "minimum revenue provision"
        own_set = frozenset(with_abbreviations(set(own_set), learned))
    head = _head_terms(" ".join(filter(None, [chunk.context, chunk.section, chunk.item_title])))
    low = " ".join(filter(None, [chunk.context, chunk.text])).lower()
    names = [n.lower() for n in q.names]
    shape = q.shape
    register = chunk.kind == "register"
    return {
        "fused": cands.fused.get(cid, 0.0) / cands.fused_top,
        "keyword": cands.keyword.get(cid, 0.0),
        "keyword_rank": _rank(cands.keyword_rank.get(cid)),
        "dense": max(cands.dense.get(cid, 0.0), 0.0),
        "dense_rank": _rank(cands.dense_rank.get(cid)),
        "cover": sum(w for t, w in weights.items() if t in own_set) / total,
        "cover_head": sum(w for t, w in weights.items() if t in head and t not in own_set) / total,
        "window": window_cover(own, weights) / total,
        "names": sum(n in low for n in names) / len(names) if names else 1.0,
        "scope": float(in_scope(q, chunk)),
        "cited": float(chunk.document_id in q.documents[:1]),
        "out_of_period": float(out_of_period(q, chunk, low)),
        "register": float(register),
        "register_wanted": float(register and bool(shape and shape.register)),
        "type_ok": float(shape is None or shape.fits(chunk.text)),
        "length": min(math.log1p(len(chunk.text)) / math.log1p(4000), 1.0),
        "amendment_unasked": float(amendment_unasked(q, chunk)),
        "label_row": float(bool(label_rows(q.asked_text, chunk.text))),
        # of the meeting asked only: another meeting's "my apologies that …" answers no apologies question
        "worded": float(q.words_field(chunk.text) and of_meeting(q, chunk)),
    }


_AMEND = re.compile(r"\bamend", re.I)


def amendment_unasked(query: Query, chunk: Chunk) -> bool:
    """An amendment's register record, for a question about votes, movers or decisions (a
    shape that reads the register) that asks about no amendment and shares no word with what
    the amendment moved beyond the item it was moved under. "What was the vote on the
    budget?" is the budget's own vote, and "who moved it?" after it the budget's mover: every
    amendment under "Revenue Budget 2025-26" names the budget too, and each has a vote of its
    own. "How many members supported the Labour Group alternative budget?" names what one
    amendment moved."""
    if not (query.shape and query.shape.register) or chunk.kind != "register" or _AMEND.search(query.text):
        return False
    key = ("amendment_unasked", chunk.chunk_id)  # read by the ranker, then by each clause of the record
    if key not in query.memo:
        moved = amendment_moved(chunk.text)
        own = set(terms(moved)) - set(terms(chunk.section or "")) if moved is not None else None
        query.memo[key] = own is not None and not (query.terms & own)
    return query.memo[key]


def _rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / (1.0 + rank / 10.0)


def rescore(cands: Candidates, model: RankModel) -> dict[str, float]:
    """Each candidate's ranking score (a logit: higher is better)."""
    weights = term_weights(cands)
    return {cid: model.score(features(cands, cid, weights)) for cid in cands.ids if cid in cands.chunks}
