"""The default composer: picks verbatim sentences or table rows, no model needed.

Each candidate unit (sentence, bullet or table row) of the top passages gets one
feature vector (``assistant.answer.features``: question words by rarity, closeness of
passage and sentence to the question, answer-type match from the shape table, rank,
period and names); fitted weights rank the units and a second weight set turns the
best unit's evidence into a confidence. Below the fitted threshold it abstains.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.base import Claim, Composer, Draft, Passage
from assistant.answer.features import (Ask, Model, answers_alone, confidence_features, model, names_lacking, own_names,
                                       passage_terms, unit_features)
from assistant.answer.periods import asked_cells, item_numbers
from assistant.answer.siblings import sibling_of
from assistant.answer.reasons import Reason, from_confidence, meeting_day_missing
from assistant.answer.units import RESOLUTION, Unit, split_units
from assistant.retrieve.query import Query, parse_query
from assistant.retrieve.rank import in_scope, names_day_within, of_meeting
from assistant.retrieve.rarity import rarity
from assistant.settings import AnswerSettings
from assistant.text import name_in, terms
from ingest.layout import is_running_head
from ingest.models import Chunk

SENTENCE_TOP = 6  # units whose own MiniLM cosine is computed (one small batch per question)
PLURAL_NEW_TERMS = 2  # what a runner-up must add to join a plural answer: a name and its amount
SENTENCE_CHARS = 240  # of each: the answer is near the start, and cost grows with the longest


def answer_type(question: str) -> str | None:
    """The shape a question has (see assistant/retrieve/shapes.yaml), by name."""
    shape = parse_query(question).shape
    return shape.name if shape else None


@dataclass
class Ranking:
    """The composer's view of one question: units, their features and scores, best first."""

    units: list[Unit]
    feats: list[dict]
    scores: list[float]
    order: list[int]
    ask: Ask
    confidence_feats: dict
    confidence: float


def _lead_ins_joined(claims: list[Claim]) -> list[Claim]:
    """A lead-in and the line it introduces, from one passage, read as one claim
    ("Report Author: Nick Abrahams [1]", not "Report Author: [1] Nick Abrahams [1]")."""
    out: list[Claim] = []
    for claim in claims:
        if out and out[-1].text.endswith(":") and out[-1].cites == claim.cites:
            out[-1] = Claim(text=f"{out[-1].text} {claim.text}", cites=claim.cites)
        else:
            out.append(claim)
    return out


def _wanted_first(query: Query, feats: list[dict], order: list[int], units: list[Unit]) -> list[int]:
    """A strict shape's answer is a unit of its form ("Report Author: Nick Abrahams" for "who
    wrote the report?"), however well another sentence of the paper matches the topic: the
    topic words are in the report's title, the author in its contact block. A unit of the
    shape's best form comes first ("Lead Officer: Sharon Thompson", before her telephone
    number). Without one, the order stands and the confidence judges it. So, for a meeting
    record's field that minutes word in known ways (``said``), do units wording it: the
    answer must word it (``service.worded``), and "Chair of the meeting was handed to
    Councillor Stephen Kirkey" shares no topic word with "who chaired the September 2 meeting?";
    of the meeting asked only (another's "my apologies that …" is no apology for it)."""
    said = [i for i in order if query.words_field(units[i].text) and of_meeting(query, units[i].passage.hit.chunk)]
    first = set(said)
    order = said + [i for i in order if i not in first]
    if not (query.shape and query.shape.strict):
        return order
    best = [i for i in order if feats[i].get("type_best")]  # its best form first: the label with its name
    wanted = [i for i in order if feats[i].get("type_ok") and not feats[i].get("type_best")]
    return best + wanted or order


def _paper_terms(query: Query, unit: Unit, passages: list[Passage]) -> set[str]:
    """For a shape answered by a part of a paper (``Shape.part_word``: a report's contact
    block), the terms of every passage found of that paper (its agenda item): "who wrote the
    report about the backlog of drugs handsets?" finds the report by its second page, and its
    author in a cover block that never says "handsets". Empty for any other shape."""
    if not (query.shape and query.shape.part_word):
        return set()
    learned = query.memo.get("abbreviations", ())
    chunk = unit.passage.hit.chunk
    same = [p.hit.chunk for p in passages
            if (p.hit.chunk.document_id, p.hit.chunk.item_id) == (chunk.document_id, chunk.item_id)]
    return set().union(*(passage_terms(c, learned) for c in same))


class ExtractiveComposer(Composer):
    name = "extractive"

    def __init__(self, settings: AnswerSettings, doc_freq: Callable[[list[str]], dict[str, int]] | None = None,
                 archive_size: Callable[[], int] | None = None, rows: Callable[[Chunk], list[str]] | None = None,
                 embed: Callable[[Sequence[str]], list[list[float]]] | None = None, weights: Model | None = None,
                 document_text: Callable[[str], str] | None = None):
        self.settings = settings
        self.model = weights or model()  # the fitted weights (answer/weights.json) unless given
        self.rows = rows  # table rows of a passage's pages, read on demand (assistant.store.page_rows)
        self.doc_freq = doc_freq  # archive-wide rarity of words; optional so tests need no store
        self.archive_size = archive_size
        self.embed = embed  # sentence vectors for the top candidates; optional (tests, baselines)
        self.document_text = document_text  # a paper's whole text by id, read only to look for a name

    def compose(self, question: str | Query, passages: list[Passage]) -> Draft:
        query = question if isinstance(question, Query) else parse_query(question)
        ranking = self.rank(query, passages)
        if ranking is None:
            return Draft(abstained=True, note="no passages", reason=Reason("no_passages"))
        m = self.model
        threshold = self.settings.abstain_threshold if self.settings.abstain_threshold is not None else m.threshold
        if ranking.confidence < threshold:  # a meeting the archive lacks is the more useful reason
            best = [ranking.units[ranking.order[0]]]
            return Draft(abstained=True, confidence=ranking.confidence, note="best evidence below threshold",
                         reason=meeting_day_missing(query, best) or replace(self._reason(ranking),
                                                                            passage=best[0].passage.n))
        chosen = self.chosen(ranking)
        sibling = self._sibling(ranking.ask.query, chosen)
        if sibling:
            code, (asked, said) = sibling
            return Draft(abstained=True, confidence=ranking.confidence, note="a sibling of what was asked",
                         reason=Reason(code, {"asked": asked, "said": said}, passage=chosen[0].passage.n))
        other_day = meeting_day_missing(query, chosen)
        if other_day:
            return Draft(abstained=True, confidence=ranking.confidence, note="no paper of the day asked",
                         reason=other_day)
        asked = ranking.ask.numbers  # a table row is quoted at the period asked
        return Draft(claims=_lead_ins_joined([Claim(text=asked_cells(query, text, asked) or text, cites=[u.passage.n])
                                              for u, text in _without_repeated_leads(chosen)]),
                     confidence=ranking.confidence)

    def chosen(self, ranking: "Ranking") -> list[Unit]:
        """The units an answer would quote: eval/calibrate.py labels confidence by these,
        so the fitted threshold judges the answer a user sees, not only its best unit."""
        scored = [(_sigmoid(ranking.scores[i]), ranking.units[i]) for i in ranking.order]
        # a section's own heading, or a page's running head ("Minutes – June 10, 2025 – Page 2"), says nothing
        scored = [(sc, u) for sc, u in scored if not (_own_heading(u) or is_running_head(u.text))] or scored
        query, names = ranking.ask.query, own_names(ranking.ask.query)
        # the best is about what the question names, so must be what joins it (read once a passage)
        passages = {u.passage.n: u.passage for _, u in scored} if names else {}
        holds = {n: not names_lacking(names, p.hit.chunk) for n, p in passages.items()}
        if names and holds[scored[0][1].passage.n]:
            scored = scored[:1] + [(sc, u) for sc, u in scored[1:] if holds[u.passage.n]]
        # likewise of the meeting, period or body it names, or naming its day: "what time did the
        # County Council meeting on 9 January 2025 start?" takes no start time from another
        # council's agenda, but a later agenda's "deferred from April 2, 2024" is about that meeting
        if (query.date_range or query.body) and _about_scope(query, scored[0][1].passage.hit.chunk):
            scored = scored[:1] + [(sc, u) for sc, u in scored[1:] if _about_scope(query, u.passage.hit.chunk)]
        picked = self._select(scored, ranking.ask.weights, self.model.runner_up, query.plural)
        return picked[:1] if answers_alone(query, picked[0].text, ranking.ask.numbers,
                                           picked[0].passage.hit.chunk.text) else picked

    def rank(self, query: Query, passages: list[Passage]) -> "Ranking | None":
        """Every candidate unit with its features and score, best first, and the confidence
        of the best; eval/calibrate.py fits the weights from these same features."""
        units = [u for p in passages for u in split_units(p, self.rows(p.hit.chunk) if self.rows else None)]
        if not units:
            return None
        stats = rarity(query, self.doc_freq, self.archive_size)
        ask = Ask.build(query, [set(terms(u.text)) for u in units], stats.weights if stats else None,
                        stats.unseen if stats else [], item_numbers(passages))
        m = self.model
        rank = {p.n: i for i, p in enumerate(passages)}
        feats = [unit_features(u, ask, rank.get(u.passage.n, len(passages))) for u in units]
        scores = [m.score.logit(f) for f in feats]
        self._sentence_scores(query, units, feats, scores)
        order = _wanted_first(query, feats, sorted(range(len(units)), key=lambda i: scores[i], reverse=True), units)
        best = order[0]
        conf_feats = confidence_features(units[best], feats[best], ask, _sigmoid(scores[best]),
                                         _paper_terms(query, units[best], passages))
        conf_feats["name_absent"] = float(self._name_absent(query, units[best].passage.hit.chunk))
        return Ranking(units, feats, scores, order, ask, conf_feats, m.confidence.prob(conf_feats))

    def _reason(self, ranking: "Ranking") -> Reason:
        """Why the best evidence fell short, from the confidence features that weighed on it."""
        best = ranking.units[ranking.order[0]]
        missing = names_lacking(own_names(ranking.ask.query), best.passage.hit.chunk)
        return from_confidence(ranking.confidence_feats, self.model.confidence.weights, ranking.ask.query.text,
                               best.clause, missing)

    def _sibling(self, query: Query, chosen: list[Unit]) -> tuple[str, tuple[str, str]] | None:
        """(reason code, (asked, said)) when the answer is about a sibling of what was asked
        (``siblings.sibling_of``); the first unit's paper is read only for a labelled thing."""
        first = chosen[0].passage.hit.chunk
        paper = (lambda: self.document_text(first.document_id)) if self.document_text else None
        heads = first.text if chosen[0].header or first.kind == "table" else ""  # a table row's years
        return sibling_of(query.asked_text, [u.text for u in chosen], heads, paper)

    def _name_absent(self, query: Query, chunk: Chunk) -> bool:
        """A name the question holds that the best passage lacks and its whole paper never
        mentions: "Surrey County Council's band D" answered from Kent's budget minutes is a
        near miss. A name only elsewhere in the paper ("Redthread" in the section's
        opening) is no sign of one; the paper is read only when the passage lacks a name."""
        if self.document_text is None:
            return False
        missing = names_lacking(own_names(query), chunk)
        if not missing:
            return False
        paper = self.document_text(chunk.document_id)
        return any(not name_in(n, paper) for n in missing)

    def _sentence_scores(self, query: Query, units: list[Unit], feats: list[dict], scores: list[float]) -> None:
        """MiniLM cosine of the few best units to the question, added as a feature in place:
        paraphrase ("how far did burglaries drop") rarely shares the answer's words."""
        weight = self.model.score.weights.get("sentence", 0.0)
        if self.embed is None or query.vector is None or not (weight or self.model.confidence.weights.get("sentence")):
            return
        top = sorted(range(len(units)), key=lambda i: scores[i], reverse=True)[:SENTENCE_TOP]
        # a clause of a long record is compared by itself: its record's lead, the same in every
        # clause, would fill the characters read and make them all alike
        texts = [units[i].clause[:SENTENCE_CHARS] for i in top]
        # each distinct text once: a report repeated in a pack (and every copy in a large
        # archive) brings the same sentence back from several papers
        distinct = list(dict.fromkeys(texts))
        vectors = np.asarray(self.embed(distinct), dtype=np.float32)
        qv = np.asarray(query.vector, dtype=np.float32)
        sims = vectors @ qv / ((np.linalg.norm(vectors, axis=1) * (np.linalg.norm(qv) or 1.0)) + 1e-9)
        by_text = dict(zip(distinct, sims.tolist()))
        for i, text in zip(top, texts):
            feats[i]["sentence"] = max(by_text[text], 0.0)
            scores[i] += weight * feats[i]["sentence"]

    def _select(self, scored: list[tuple[float, Unit]], weights: dict[str, float], runner_up: float,
                plural: bool = False) -> list[Unit]:
        """The best unit, plus close runners-up that add question words, plus a list after a lead-in.

        When the answer is several things (``Query.plural``: "which two bills"), a close
        runner-up that says something new joins even if it repeats the question's words:
        two donations are minuted as two resolutions worded alike."""
        best_score, best = scored[0]
        chosen = [best]
        covered = set(terms(best.text))
        asked = len(covered & set(weights))  # question words the best unit holds
        for score, unit in scored[1:]:
            if len(chosen) >= self.settings.max_sentences or score < runner_up * best_score:
                break
            own = set(terms(unit.text))
            fresh = own - covered
            # another answer of the same kind: as much of the question as the best, and news
            alike = plural and len(fresh) >= PLURAL_NEW_TERMS and len(own & set(weights)) >= asked - 1
            new = {t for t in weights if t in fresh} or alike
            if new and unit.text not in {c.text for c in chosen}:
                chosen.append(unit)
                covered |= set(terms(unit.text))
        return self._with_continuation(chosen)

    def _with_continuation(self, chosen: list[Unit]) -> list[Unit]:
        """A lead-in ending with ':' or a bare 'RESOLVED x' says nothing alone: add what
        follows it, whether it is the best unit or a runner-up ("Certified Candidates
        absent:" then "Shawn Mills" on the next line)."""
        out: list[Unit] = []
        quoted = {c.text for c in chosen}
        for unit in chosen:
            out.append(unit)
            if unit.text.rstrip().endswith(":") or (unit is chosen[0] and RESOLUTION.match(unit.text.strip())):
                out += [u for u in split_units(unit.passage) if u.index == unit.index + 1 and u.text not in quoted]
        if len(out) == len(chosen):
            return out
        out = out[: max(self.settings.max_sentences, 2)]
        while len(out) > 1 and out[-1].text.rstrip().endswith(":"):
            out.pop()  # the cut left a runner-up's lead-in without its line: it says nothing alone
        return out


def _without_repeated_leads(chosen: list[Unit]) -> list[tuple[Unit, str]]:
    """Each unit with the text to quote: a second clause of the same register record is
    quoted without the record's lead, which the first one already gave."""
    seen: set[tuple[int, str]] = set()
    out = []
    for u in chosen:
        key = (u.passage.n, u.lead)
        text = u.clause if key in seen else u.text
        seen.add(key)
        out.append((u, text))
    return out


def _about_scope(query: Query, chunk: Chunk) -> bool:
    """Is a passage of the meeting, period or body the question names, or does it name a
    day inside the named period ("deferred from April 2, 2024")?"""
    if in_scope(query, chunk):
        return True
    span = query.date_range
    return bool(span) and names_day_within(chunk.text, span)


def _own_heading(unit: Unit) -> bool:
    """Is the unit only the heading of its own passage ("5. Financial Implications" atop the
    section it heads)? Quoted beside the section's sentences it says nothing."""
    chunk = unit.passage.hit.chunk
    heads = [h for h in (chunk.section, chunk.item_title) if h]
    own = _bare(unit.text)
    return bool(own) and any(own == _bare(h.split(" > ")[-1]) for h in heads)


def _bare(text: str) -> str:
    """Words only, lower case, without a heading's number: "5. Financial Implications" → "financial implications"."""
    return " ".join(re.findall(r"[a-z]+", text.lower()))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))
