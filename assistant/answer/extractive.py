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
                                       unit_features)
from assistant.answer.periods import asked_cells, item_numbers
from assistant.answer.siblings import sibling_of
from assistant.answer.reasons import Reason, from_confidence, meeting_day_missing
from assistant.retrieve.query import Query, parse_query
from assistant.retrieve.rank import in_scope, names_day_within
from assistant.retrieve.rarity import rarity
from assistant.settings import AnswerSettings
from assistant.text import is_bullet, name_in, paragraphs, sentences, terms, with_heads
from ingest.models import Chunk
from ingest.register import split_record

_ANAPHOR = re.compile(r"^(?:These|This|It|They|Those|He|She)\b")
_NUMERIC_CELL = re.compile(r"^[+-]?\(?[-–£$€]?\s?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)
_RESOLUTION = re.compile(r"\bRESOLVED\b", re.I)
_RESOLUTION_BODY = re.compile(r"^(?:to|that)\b", re.I)
# an amount opening a line: currency, a decimal, thousands or a percentage (not "5. Item")
_VALUE_START = re.compile(r"^(?:[£$€]\s?\d|\d[\d,]*\.\d+\b(?!\.)|\d{1,3}(?:,\d{3})+\b|\d+(?:\.\d+)?\s?%)")
_ENDS_DONE = re.compile(r"(?:[.!?;]|\d%?|\d\)?)\s*$")  # a finished sentence, or a label already holding its value
# a contact block's label line ("Author", "Report Author:", "Lead Officer:") and the person named on the line after
# it; another lead-in ending in ':' ("Candidates absent:") may open a list, quoted whole when chosen
# (``_with_continuation``)
_FORM_LABEL = re.compile(r"^(?:[A-Z][a-z]+\s+){0,3}(?:Author(?:s|\(s\))?|Officer|Director|Contact)\s*:?$")
_PERSON_LINE = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr|Councillor|Supt|Insp|Prof)\.?\s+)?"
                          r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-z'’-]+){1,2}\b")
LABEL_WORDS, VALUE_WORDS = 12, 8  # a label line and its value line are both short
REGISTER_WHOLE_WORDS = 250  # a register record up to this long is quoted whole (all but 1% here)
CLAUSE_MIN_WORDS = 6  # a shorter part of a long record joins the next one
# A lettered or numbered clause of a resolution: "(a) The 10-year Capital programme ...", "(iv) ..."
_CLAUSE = re.compile(r"(?:(?<=\s)|^)(?=\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s)")
SENTENCE_TOP = 6  # units whose own MiniLM cosine is computed (one small batch per question)
PLURAL_NEW_TERMS = 2  # what a runner-up must add to join a plural answer: a name and its amount
SENTENCE_CHARS = 240  # of each: the answer is near the start, and cost grows with the longest


def answer_type(question: str) -> str | None:
    """The shape a question has (see assistant/retrieve/shapes.yaml), by name."""
    shape = parse_query(question).shape
    return shape.name if shape else None


@dataclass
class Unit:
    """A candidate answer sentence and where it came from."""

    text: str
    passage: Passage
    index: int  # position within the passage, to keep lead-ins with their lists
    header: frozenset = frozenset()  # for a table row: the words of its table that no row holds
    lead: str = ""  # for a part of a long register record: the record's lead, which ``text`` starts with

    @property
    def clause(self) -> str:
        """The text without the record's lead (all of it for any other unit)."""
        return self.text[len(self.lead):].lstrip(" …") if self.lead else self.text


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


def split_units(passage: Passage, rows: list[str] | None = None) -> list[Unit]:
    """Sentences of prose, whole bullets, whole table rows; the resolution block stays one unit.

    ``rows`` are the passage's table rows as laid out on the page, when known: they
    replace a table's flattened lines and are added to prose that holds a table. Rows the
    passage opens with are paired with the heads the passage before ended with (``Hit.heads``)."""
    chunk = passage.hit.chunk
    if chunk.kind == "register":
        return register_units(passage)
    if chunk.kind == "table":
        texts, row_texts = rows or table_rows(chunk.text), set(rows or table_rows(chunk.text))
    else:
        heads = list(passage.hit.heads) or None
        texts = [s for line in with_heads(paragraphs(chunk.text), heads) for s in sentences(line)] + list(rows or [])
        row_texts = set(rows or [])
    texts = _merge_values(_merge_headings(_merge_resolutions([t for t in texts if len(t) > 2])))
    header = frozenset(set(terms(" ".join(filter(None, [chunk.section, chunk.text]))))
                       - {t for r in row_texts for t in terms(r)})
    return [Unit(t, passage, i, header=header if t in row_texts else frozenset()) for i, t in enumerate(texts)]


def register_units(passage: Passage) -> list[Unit]:
    """A decisions-register record is one answer when short. A long one (a budget's twenty
    clauses, a motion's page of reasons) is one unit per sentence or lettered clause of what
    was resolved, each led by the record's lead (reference, meeting, outcome, movers, vote),
    so the answer quotes the clause asked about with who decided it and how the vote went,
    not the whole page; ``lead ... clause``, with the elision shown."""
    text = passage.hit.chunk.text
    lead, body = split_record(text)
    if len(text.split()) <= REGISTER_WHOLE_WORDS or not lead or not body:
        return [Unit(text, passage, 0)]
    parts = [p for line in paragraphs(body) for s in sentences(line) for p in _CLAUSE.split(s) if p.strip()]
    parts = _merge_short(parts)
    if len(parts) < 2:
        return [Unit(text, passage, 0)]
    return [Unit(f"{lead} … {part.strip()}", passage, i, lead=lead) for i, part in enumerate(parts)]


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


def _wanted_first(query: Query, feats: list[dict], order: list[int]) -> list[int]:
    """A strict shape's answer is a unit of its form ("Report Author: Nick Abrahams" for "who
    wrote the report?"), however well another sentence of the paper matches the topic: the
    topic words are in the report's title, the author in its contact block. A unit of the
    shape's best form comes first ("Lead Officer: Sharon Thompson", before her telephone
    number). Without one, the order stands and the confidence judges it."""
    if not (query.shape and query.shape.strict):
        return order
    best = [i for i in order if feats[i].get("type_best")]  # its best form first: the label with its name
    wanted = [i for i in order if feats[i].get("type_ok") and not feats[i].get("type_best")]
    return best + wanted or order


def _merge_short(parts: list[str]) -> list[str]:
    """A clause letter's run-in heading ("2025-26 Council Tax") or a bare "RESOLVED: that:"
    says nothing alone: it joins the part after it."""
    out: list[str] = []
    carry = ""
    for part in parts:
        joined = f"{carry} {part}".strip() if carry else part.strip()
        if len(joined.split()) < CLAUSE_MIN_WORDS:
            carry = joined
        else:
            out.append(joined)
            carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def _merge_headings(texts: list[str]) -> list[str]:
    """'These were agreed as a true record.' means nothing without the heading before it
    ('MINUTES OF THE PREVIOUS MEETING HELD ON 4TH NOVEMBER 2020'): keep them together."""
    out: list[str] = []
    for text in texts:
        if out and _ANAPHOR.match(text) and len(out[-1].split()) <= 14 and not out[-1].endswith("."):
            out[-1] = f"{out[-1]}: {text}"
        else:
            out.append(text)
    return out


def _merge_values(texts: list[str]) -> list[str]:
    """A slide or form puts a label and its value on two lines ("Per $217,000 of
    assessment" / "$65.53 increase."): a short unfinished line followed by a short line
    that opens with an amount is one statement, or the label is quoted without its value.
    A report's contact block does the same with a person ("Author" / "Dr Mike Gogarty",
    "Lead Officer:" / "Sharon Thompson – Head of …"): a label of up to four words ending in
    a contact word, then a line opening with a name."""
    out: list[str] = []
    for text in texts:
        prev = out[-1] if out else ""
        if (prev and _VALUE_START.match(text) and len(text.split()) <= VALUE_WORDS
                and len(prev.split()) <= LABEL_WORDS and not _ENDS_DONE.search(prev)):
            out[-1] = f"{prev} {text}"
        elif prev and _FORM_LABEL.match(prev) and _PERSON_LINE.match(text) and len(text.split()) <= VALUE_WORDS:
            out[-1] = f"{prev.rstrip(' :')}: {text}"  # "Author" / "Dr Mike Gogarty": who the label names
        else:
            out.append(text)
    return out


def table_rows(text: str) -> list[str]:
    """Rows of a table chunk, rebuilt where PDF extraction put one cell per line.

    A line of only numeric cells belongs to the label row above it, so
    "PC (inc MIT)" / "136" / "172" / "+36" becomes "PC (inc MIT) | 136 | 172 | +36".
    """
    rows: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        cells = [c.strip() for c in line.split("|")]
        if rows and _all_numeric(cells) and not _all_numeric(rows[-1].split("|")):
            rows[-1] = f"{rows[-1]} | {line}"
        else:
            rows.append(line)
    return rows


def _all_numeric(cells: list[str]) -> bool:
    return all(_NUMERIC_CELL.match(c.strip()) for c in cells)


def _merge_resolutions(texts: list[str]) -> list[str]:
    """'RESOLVED 2021/007' and its numbered parts are one answer, never three."""
    out: list[str] = []
    open_block = False
    for text in texts:
        bare_heading = open_block and len(out[-1].split()) <= 3
        continues = bare_heading or is_bullet(text) or _RESOLUTION_BODY.match(text)
        if open_block and continues and not text.isupper():
            out[-1] = f"{out[-1]} {text}"
            continue
        out.append(text)
        open_block = bool(_RESOLUTION.match(text))
    return out


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
        return picked[:1] if answers_alone(query, picked[0].text, ranking.ask.numbers) else picked

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
        order = _wanted_first(query, feats, sorted(range(len(units)), key=lambda i: scores[i], reverse=True))
        best = order[0]
        conf_feats = confidence_features(units[best], feats[best], ask, _sigmoid(scores[best]))
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
            if unit.text.rstrip().endswith(":") or (unit is chosen[0] and _RESOLUTION.match(unit.text.strip())):
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


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))
