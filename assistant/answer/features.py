"""Answer selection as features and weights: one vector per candidate unit.

Why: the composer used to weigh evidence with a dozen hand-set constants spread over
regex branches, each fitted to the 80 original questions. Here every signal a careful
reader checks is one named feature in [0, 1], and two weight sets (``weights.json``,
fitted on the dev split by ``eval/calibrate.py``) combine them: one ranks candidate
units, the other turns the best unit's evidence into a confidence for abstaining.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from assistant.answer.offices import holder_near, office_phrases
from assistant.answer.periods import (YEAR, anchors, asked_head, counts, label_asked, other_period, paired_row,
                                      period_missing, row_words, without_financial_years, years_named)
from assistant.answer.units import RESOLUTION
from assistant.heads import label_rows
from assistant.retrieve.query import Query
from assistant.retrieve.rank import amendment_unasked, in_scope, out_of_period
from assistant.text import bare_number_set, name_in, stem, terms, with_abbreviations
from ingest.dates import find_dates, without_dates
from ingest.register import split_record

# what one candidate unit is scored on
UNIT_FEATURES = (
    "cover",  # rarity-weighted share of the question's terms in the unit (a row: with its headings)
    "context",  # ... in the unit's passage (headings, item title, the rest of the passage) only
    "dense",  # MiniLM cosine of the passage to the question
    "fused",  # the passage's fused retrieval score (1 = best)
    "first",  # 1 for the top passage, falling with rank
    "sentence",  # MiniLM cosine of the unit itself to the question (top candidates only)
    "type_ok",  # the unit has the answer's shape (a new number, a date, a name ...)
    "type_best",  # ... in its best form (a titled name, "For (57)", a full date)
    "ref_resolution",  # the resolution or register record the question names by number
    "resolution",  # a minuted RESOLVED block, for a decision question
    "recommendation",  # in the report's Recommendations, for an 'asked to' question
    "focus",  # a number right before the thing counted ('38 Greens')
    "period_missing",  # the question names a year or figure this paper never mentions
    "role_missing",  # 'who chairs' / 'when is X due to open' and the passage never says so
    "scope",  # the passage is of the meeting date, period or body the question names
    "names",  # share of the question's names present in the passage
    "heading",  # the unit is a title or an agenda line ("5. Resolution: Set Council Meeting Dates.")
    "amendment_unasked",  # an amendment's vote, for a vote question naming nothing of it (rank.amendment_unasked)
    "holder",  # a who-question's office printed beside a name ("Mr Oakford, … Cabinet Member for Finance")
    "head_period",  # a table row whose column head is the period asked about ("Mar-26: 4.70" for March 2026)
    "label_row",  # the table row of the labelled thing asked about ("D 9/9 1,610.82 …" for band D; heads.label_rows)
)
# what the confidence (abstain or answer) is judged on, from the best unit
CONFIDENCE_FEATURES = (
    "rare_cover",  # archive-rarity-weighted share of question words in the best unit's passage
    "rare_cover_unit",  # ... in the unit itself
    "dense",
    "sentence",
    "type_ok",
    "ref_resolution",
    "period_missing",
    "role_missing",
    "unseen",  # the question holds a word no stored passage holds
    "names_missing",  # a name in the question that the passage lacks
    "name_absent",  # ... that the passage's whole paper never mentions ("Surrey" of Kent's minutes)
    "scope",
    "out_of_period",  # the question names a month or year; the passage is of another and never mentions it
    "other_period",  # the question names a year or month; the unit names only others ("2025/26" for "2023/24")
    "score",  # the unit score itself (logistic)
    "topic_missing",  # the question says what it is about ("… about library closures"); the passage holds none of it
)

_POINTER = re.compile(r"^\W*\d+(?:\.\d+)+\s|\b(?:table|figure|fig|appendix|section|paragraph|para|item|page|priority|"
                      r"phase|stage|step|minute|chapter)\s+\d+(?:\.\d+)*\b", re.I)
_DIGIT = re.compile(r"\d")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*[ap]\.?\s?m\b\.?", re.I)
# what is counted: the words after "how many"; none after a verb ("how much was the budget?",
# "by how much does the levy rise?" name no thing counted)
_FOCUS = re.compile(r"\b(?:how (?:many|much)(?! of\b)|what (?:percentage|proportion|share|number|amount) of)\s+"
                    r"(?!(?:is|was|were|are|did|does|do|has|have|had|will|would|can|could|should|shall|might)\b)"
                    r"((?:\w+\s+){0,3}\w+)", re.I)
_WHO_ROLE = re.compile(r"\bwho\s+(?:is|was|are|were|will be)?\s*(?:the\s+|a\s+|an\s+)?(?:new\s+)?([a-z]+)", re.I)
_POSSESSED = re.compile(r"['’]s\s+([a-z]+)")  # "the township's insurer": the role after the owner
_MULTI_PART = re.compile(r"\band (?:how|what|when|who|which|where)\b", re.I)


@dataclass(frozen=True)
class Weights:
    """A logistic model: bias plus one weight per named feature."""

    bias: float
    weights: dict[str, float]

    def logit(self, feats: dict[str, float]) -> float:
        return self.bias + sum(w * feats.get(name, 0.0) for name, w in self.weights.items())

    def prob(self, feats: dict[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(feats)))))


@dataclass(frozen=True)
class Model:
    score: Weights
    confidence: Weights
    threshold: float
    runner_up: float = 0.8  # a second unit must score this share of the best to join it
    note: str = ""


@lru_cache(maxsize=1)
def model() -> Model:
    """The packaged weights (assistant/answer/weights.json)."""
    raw = json.loads(resources.files("assistant.answer").joinpath("weights.json").read_text())
    return model_from(raw)


def model_from(raw: dict) -> Model:
    return Model(Weights(raw["score"]["bias"], raw["score"]["weights"]),
                 Weights(raw["confidence"]["bias"], raw["confidence"]["weights"]),
                 float(raw["confidence"]["threshold"]), float(raw.get("runner_up", 0.8)), raw.get("note", ""))


# --------------------------------------------------------------- question-level facts


_AGENDA_LINE = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[A-Z][\w\s/&-]{0,30}:\s")
_TITLE_WORD = re.compile(r"^[A-Z0-9]")
# the minutes' opening line, which says only which meeting this is: "A regular meeting of the
# Township of Nipissing Council was held on Tuesday, October 3, 2023 starting at 6:30 p.m."
_MEETING_HELD = re.compile(r"^\W*(?:an?|the)\s+(?:\w+\s+){0,3}meeting\s+of\b.{0,120}?\bwas\s+held\b", re.I)


def is_heading(text: str) -> bool:
    """A title, slide heading or agenda line: it names a topic and says nothing of it.
    "Township of Nipissing: 2025 Asset Management Plan", "OPERATING AND CAPITAL BUDGET",
    "10. By-Law: Confirming Proceedings of Council". Short, with nearly every longer word
    capitalised, or an agenda number and label."""
    if _AGENDA_LINE.match(text):
        return True
    words = text.split()
    long = [w for w in words if len(w.strip("(),.:;")) > 3]
    if not long or len(words) > 12 or text.rstrip().endswith((".", "?")) and not text.isupper():
        return False
    return sum(bool(_TITLE_WORD.match(w)) for w in long) / len(long) >= 0.8


def focus_terms(question: str) -> set[str]:
    """Terms naming what is counted or measured: 'how many *greens and ambers*'."""
    m = _FOCUS.search(question)
    return set(terms(m.group(1))[:3]) if m else set()


def counts_focus(text: str, focus: set[str]) -> bool:
    """A number within three words before a focus term."""
    words = text.split()
    return any(_DIGIT.search(w) and any(t in focus for t in terms(" ".join(words[i + 1:i + 4])))
               for i, w in enumerate(words))


def role_term(question: str) -> str | None:
    """The role a 'who' question asks about: 'Who chairs …' → chair, 'Who is the township's
    insurer' → insur. None when the word after "who" is no role: a stop word ("Who did …",
    "Who got …", which no passage's terms can hold, so the role always read as missing) or
    a name ("Who is Nipissing nominating")."""
    m = _WHO_ROLE.search(question)
    if not m:
        return None
    word, owner = m.group(1), _POSSESSED.match(question, m.end(1))
    if owner:  # a possessive names whose role: the next word is it
        word = owner.group(1)
    elif word[0].isupper():
        return None
    return stem(word.lower()) if terms(word) else None


@lru_cache(maxsize=1)
def role_words() -> dict[str, frozenset[str]]:
    """roles.yaml: the words minutes write for a role named by a plain verb."""
    raw = yaml.safe_load(resources.files("assistant.answer").joinpath("roles.yaml").read_text())
    return {role: frozenset(row["said"]) for role, row in raw["roles"].items()}


def role_said(role: str, context: set[str]) -> bool:
    """Does a passage (its terms) say the role, in the verb asked or in the minutes' own?"""
    return role in context or bool(role_words().get(role, frozenset()) & context)


def event_term(question: str) -> str | None:
    """What a 'when' question dates: its last content word ('… due to *open*?'); none
    for a two-part question, whose last word belongs to the second part."""
    if _MULTI_PART.search(question):
        return None
    found = [t for t in terms(question) if t.isalpha()]
    return found[-1] if found else None


def type_ok(query: Query, text: str, typed: str | None = None, body: str | None = None) -> bool:
    """Does the unit have the answer's shape? A number must be a new one: "Baseline
    (2018/19)" does not answer "what was the 2018/19 baseline?". ``typed`` is
    ``typed_text(query, text)`` when the caller has it already; ``body``, the passage's body,
    whose name is no answer to "which firm" ("Township of Nipissing")."""
    kind = query.kind
    if kind in ("number", "percent"):
        text = _POINTER.sub(" ", text)  # "see Table 1" is no quantity
        # nor is "May 22, 2024" (a date says when, not how much), nor "starting at 6:30 p.m."
        text = _CLOCK.sub(" ", without_financial_years(without_dates(text)))
        printed_as_counts = counts(text)
        fresh = {n for n in bare_number_set(text) - bare_number_set(query.text)
                 if not YEAR.match(n) or n in printed_as_counts}
        # a rate in a table row is printed under a "%" head or caption, not beside each figure
        return bool(fresh) and (kind == "number" or "%" in text or "per cent" in text.lower() or bool(paired_row(text)))
    asked = f"{query.text} {body}" if body else query.text
    return query.shape is None or query.shape.fits(typed_text(query, text) if typed is None else typed, asked)


def answers_alone(query: Query, text: str, asked: set[str], passage: str = "") -> bool:
    """A table row's cell under the period asked answers in full ("10yr PWLB — Mar-26: 4.70"):
    no runner-up joins it ("Bank Rate — Mar-26: 3.75" holds "rate" too), unless the question
    asks for several things or in two parts. ``asked``: the anchors of its asked text (``Ask.numbers``).
    So does the row of the labelled thing asked about (``heads.label_rows``: "D 9/9 1,610.82
    1,691.19 80.37" for band D), from its ``passage``: a sentence on band D joining the band B
    row would make it the answer about a sibling."""
    if query.plural or _MULTI_PART.search(query.text):
        return False
    return asked_head(query, text, asked) or (bool(passage) and text.strip() in label_rows(query.asked_text, passage))


def typed_text(query: Query, text: str) -> str:
    """What of a unit must have a date or time question's shape: the unit without the full
    dates the question itself names, nor their years alone. "When did council go into closed
    session on August 12, 2025?" is not answered by "… held August 12, 2025" or "By-Law 2025-23".
    For a firm or a person (the shape's ``lead_names_none``), a register record's resolution
    without its lead (meeting, movers); for "when will …?" too (the shape's ``lead_not_asked``):
    the day it was resolved is not the day asked."""
    if query.shape is not None and query.shape.lead_names_none:  # its movers are no firm, nor the appointee
        return split_record(text)[1]
    if query.kind not in ("date", "time"):
        return text
    if query.shape.lead_not_asked is not None and query.shape.lead_not_asked.search(query.text):
        text = split_record(text)[1]  # "when will …?": the day the record was resolved is no answer
    asked = _dates_asked(query.text)
    if not asked:
        return text
    years = {iso[:4] for iso in asked}
    return re.sub(rf"\b(?:{'|'.join(years)})\b", " ", without_dates(text, asked))


@lru_cache(maxsize=256)
def _dates_asked(question: str) -> frozenset[str]:
    """The full dates a question names (read once per question, not once per unit)."""
    return frozenset(iso for iso, _, _ in find_dates(question))


@dataclass
class Ask:
    """What every unit of one question is scored against, computed once."""

    query: Query
    weights: dict[str, float]  # question terms by rarity among the candidates
    rarity: dict[str, float]  # question terms by rarity in the whole archive
    unseen: list[str] = field(default_factory=list)
    item_numbers: dict[tuple, set[str]] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    paper_years: set[str] = field(default_factory=set)  # years the question names its papers by
    focus: set[str] = field(default_factory=set)
    role: str | None = None
    offices: list[str] = field(default_factory=list)  # a who-question's office (offices.office_phrases)

    @classmethod
    def build(cls, query: Query, unit_terms: list[set[str]], rarity: dict[str, float] | None,
              unseen: list[str], item_numbers: dict[tuple, set[str]]) -> "Ask":
        focus = focus_terms(query.text)
        n = len(unit_terms)
        weights = {t: math.log(1 + n / (1 + sum(t in ut for ut in unit_terms)))
                   * (2.0 if t in focus else 1.0) * (0.5 if t.isdigit() else 1.0) for t in query.terms}
        role = role_term(query.text) if query.kind == "person" else \
            event_term(query.text) if query.kind == "date" else None
        offices = office_phrases(query.text) if query.kind == "person" else []
        return cls(query, weights, rarity or dict(weights), unseen, item_numbers, anchors(query.asked_text),
                   years_named(" ".join(query.paper_periods)), focus, role, offices)


def own_names(query: Query) -> list[str]:
    """The names the question says itself, not those a follow-up carries over."""
    inherited = {x.lower() for x in query.inherited.get("names", [])}
    return [n for n in query.names if n.lower() not in inherited]


def names_lacking(names: list[str], chunk) -> list[str]:
    """Those of ``names`` a passage lacks, read with its header, body and item title: the
    near-miss checks ("Surrey" in Kent's minutes), the record answer's check and the rule
    that a runner-up must be about what the question names all read a passage this way."""
    if not names:
        return []
    # and its file's name: the papers a user filed as "chelsea-….pdf" are Chelsea's, whatever they print
    have = " ".join(filter(None, [chunk.context, chunk.body, chunk.item_title, chunk.text, getattr(chunk, "file", None)]))
    return [n for n in names if not name_in(n, have)]


def passage_terms(chunk, learned: tuple = ()) -> set[str]:
    """A passage's terms with its header, and the other form of each abbreviation in them
    (``learned``: the archive's own definitions the question touches)."""
    return with_abbreviations(set(terms(" ".join(filter(None, [chunk.context, chunk.section, chunk.item_title,
                                                               chunk.text])))), learned)


def unit_terms(text: str, learned) -> set[str]:
    """A unit's own terms, as the score and the confidence both read them: a paired table
    row's label and heads (``periods.row_words``), with the archive's abbreviations met."""
    return with_abbreviations(set(terms(row_words(text))), learned)


def unit_features(unit, ask: Ask, rank: int, sentence: float = 0.0) -> dict[str, float]:
    """The named features of one candidate unit (see UNIT_FEATURES)."""
    q = ask.query
    hit = unit.passage.hit
    chunk = hit.chunk
    learned = q.memo.get("abbreviations", ())
    own = unit_terms(unit.text, learned)
    context = passage_terms(chunk, learned)
    total = sum(ask.weights.values()) or 1.0
    cover = sum(w * (1.0 if t in own else 0.7) for t, w in ask.weights.items() if t in own | unit.header) / total
    ctx = sum(w for t, w in ask.weights.items() if t in context and t not in own) / total
    typed = typed_text(q, unit.text)
    ok = type_ok(q, unit.text, typed, chunk.body)
    names = own_names(q)
    text_low = " ".join(filter(None, [chunk.context, chunk.text])).lower()
    return {
        "cover": cover,
        "context": ctx,
        "dense": max(hit.dense, 0.0),
        "fused": hit.score,
        "first": 1.0 / (1 + rank),
        "sentence": max(sentence, 0.0),
        "type_ok": float(ok),
        "type_best": float(ok and q.shape is not None and q.shape.is_best(typed)),
        "ref_resolution": float(bool(set(q.refs) & set(chunk.refs))
                                and (chunk.kind == "register" or bool(RESOLUTION.search(unit.text)))),
        "resolution": float(ok and q.kind == "decision" and bool(RESOLUTION.search(unit.text))),
        "recommendation": float(ok and q.shape is not None and q.shape.name == "asked"
                                and "recommendation" in (chunk.section or "").lower()),
        "focus": float(ok and q.kind == "number" and counts_focus(unit.text, ask.focus)),
        "period_missing": float(period_missing(ask.numbers, ask.paper_years,
                                               ask.item_numbers.get((chunk.document_id, chunk.item_id), set()))),
        "role_missing": float(bool(ask.role) and not role_said(ask.role, context)),
        "scope": float(in_scope(q, chunk)),
        "names": (sum(n.lower() in text_low for n in names) / len(names)) if names else 1.0,
        # a heading can be the answer when it is a time, date or place the question asks for
        # ... or holds a figure the question does not (a table row, "the 2019 to 2021 Plan")
        "heading": float(not (ok and q.kind in ("time", "date", "place"))
                         and (is_heading(unit.clause) and (bool(_AGENDA_LINE.match(unit.clause))
                                                           or not bare_number_set(unit.clause) - bare_number_set(q.text))
                              or bool(_MEETING_HELD.search(unit.clause)))),
        "amendment_unasked": float(amendment_unasked(q, chunk)),
        "holder": holder_near(unit.clause, chunk.text, ask.offices) if ask.offices else 0.0,
        "head_period": float(ok and asked_head(q, unit.text, ask.numbers) and label_asked(q, unit.text)),
        "label_row": float(ok and unit.text.strip() in label_rows(q.asked_text, chunk.text)),
    }


def confidence_features(unit, feats: dict[str, float], ask: Ask, score: float,
                        paper: set[str] = frozenset()) -> dict[str, float]:
    """The named features of the best unit that say whether to answer at all. ``paper``: the
    terms of the other passages found of its paper, when the shape is answered by a part of
    one (a contact block): the question's topic is there, not beside the author's name."""
    chunk = unit.passage.hit.chunk
    learned = ask.query.memo.get("abbreviations", ())
    own = unit_terms(unit.text, learned)
    have = passage_terms(chunk, learned) | own | set(paper)
    total = sum(ask.rarity.values()) or 1.0
    return {
        "rare_cover": sum(w for t, w in ask.rarity.items() if t in have) / total,
        "rare_cover_unit": sum(w for t, w in ask.rarity.items() if t in own) / total,
        "dense": feats["dense"],
        "sentence": feats["sentence"],
        "type_ok": feats["type_ok"],
        "ref_resolution": feats["ref_resolution"],
        "period_missing": feats["period_missing"],
        "role_missing": feats["role_missing"],
        "unseen": float(bool(ask.unseen)),
        "names_missing": 1.0 - feats["names"],
        "scope": feats["scope"],
        "out_of_period": float(out_of_period(ask.query, chunk, " ".join(filter(None, [chunk.context, chunk.text])))),
        "other_period": float(other_period(ask.query, unit.text)),
        "score": score,
        "topic_missing": float(topic_missing(ask.query, have)),
    }


def topic_missing(query: Query, have: set[str]) -> bool:
    """The question says what it is about ("What did Kent's cabinet decide about library
    closures in January 2025?") and the passage holds none of its words (nor their plain or
    abbreviated forms): a near miss, such as that meeting's budget resolution, which matches
    the body, the date and "decide" well enough to be answered with."""
    asked = {t for t in terms(query.topic or "") if not t.isdigit()}
    return bool(asked) and not asked & have
