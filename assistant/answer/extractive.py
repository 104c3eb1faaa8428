"""The default composer: picks verbatim sentences or table rows, no model needed.

Each candidate unit (sentence, bullet or table row) of the top passages is scored
on what a careful reader would check: does it hold the question's words (weighted
by rarity among the candidates), is its passage close to the question, and is it
the right kind of answer ("how much" wants a number, "when" a date, "who" a name).
Below a threshold calibrated on the gold set it abstains instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.base import Claim, Composer, Draft, Passage
from assistant.settings import AnswerSettings
from assistant.text import STOPWORDS, DATE_LIKE, with_abbreviations, bare_number_set, is_bullet, paragraphs, sentences, stem, terms, tokens
from ingest.dates import find_dates
from ingest.models import Chunk
from ingest.refs import find_refs

_WANTS_PERCENT = re.compile(r"\bpercentage\b|\bper ?cent\b|%|\bproportion\b|\b\w+ rate\b", re.I)
_WANTS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|big)\b|\b(?:share|number of|amount|figure|score|total|cost|budget|value|"
    r"allocation|allocated|baseline|spend|spent|funding|grown|growth)\b", re.I)
_DECISION_FRAME = {"decid", "decision", "resolv", "resolut", "meet", "agre", "agreed"}
_ANAPHOR = re.compile(r"^(?:These|This|It|They|Those|He|She)\b")
RUNNER_UP = 0.8  # a second sentence must score this close to the best (0.9 cites tighter, answers less)
W_PASSAGE, W_UNIT, W_DENSE = 0.55, 0.15, 0.3  # confidence blend, chosen with eval/calibrate.py
_POINTER = re.compile(r"^\W*\d+(?:\.\d+)+\s|\b(?:table|figure|fig|appendix|section|paragraph|para|item|page|priority|phase|"
                      r"stage|step|minute|chapter)\s+\d+(?:\.\d+)*\b", re.I)
_WHO_ROLE = re.compile(r"\bwho\s+(?:is|was|are|were|will be)?\s*(?:the\s+|a\s+|an\s+)?(?:new\s+)?([a-z]+)", re.I)
_MULTI_PART = re.compile(r"\band (?:how|what|when|who|which|where)\b", re.I)
_FISCAL = re.compile(r"\b((?:19|20)\d{2})\s?[/-]\s?((?:19|20)?\d{2})\b")
_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_WANTS_DECISION = re.compile(r"\bresol(?:ve|ved|ution)\b|\bdecid(?:e|ed)\b|\bdecision\b|\bagreed?\b.*\bmeeting\b",
                             re.I)
_WANTS_DATE = re.compile(r"\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|year|month)\b", re.I)
_WANTS_TIME = re.compile(r"\bwhat time\b|\bat what time\b", re.I)
_WANTS_FREQUENCY = re.compile(r"\bhow often\b|\bhow frequently\b", re.I)
_WANTS_ASK = re.compile(r"\b(?:asked|invited|requested|recommended) to\b|\brecommendations?\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}\s?(?:am|pm)?\b|\b\d{1,2}\s?(?:am|pm)\b", re.I)
_FREQUENCY = re.compile(r"\b(?:\w+-)?(?:monthly|weekly|quarterly|annual(?:ly)?|yearly|daily|fortnightly)\b|"
                        r"\bevery\b|\bper (?:month|year|week)\b|\b(?:once|twice) a\b", re.I)
_ASKED = re.compile(r"\b(?:recommend\w*|invited to|asked to|requested to|is requested|be noted|to note)\b", re.I)
_WANTS_PERSON = re.compile(r"\bwho\b|\bwhose\b|\bwhich (?:officer|member|person)\b", re.I)
# "how many greens" counts greens; "how much of the grant went to X" measures a part of
# the grant, so the whole after "of" is no focus (the part, X, tells the rows apart).
_FOCUS = re.compile(r"\b(?:how (?:many|much)(?! of\b)|what (?:percentage|proportion|share|number|amount) of)\s+"
                    r"((?:\w+\s+){0,3}\w+)", re.I)
_DIGIT = re.compile(r"\d")
_NUMERIC_CELL = re.compile(r"^[+-]?\(?[-–£$€]?\s?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+\b|\b(?:Chief|Commissioner|Superintendent|Inspector|"
                   r"Officer|Director|Head|Chair|Councillor|Supt|DCC|ACC|Sergeant|Manager|Lead)\b")
_RESOLUTION = re.compile(r"\bRESOLVED\b", re.I)
_DECIDED = re.compile(r"\bRESOLVED\b|\b(?:agreed|approved|noted|decided|endorsed|deferred|carried)\b|"
                      r"\bto note\b|\bbe noted\b", re.I)
_RESOLUTION_BODY = re.compile(r"^(?:to|that)\b", re.I)


@dataclass
class Question:
    """What the scorer needs to know about the question, computed once per ask."""

    text: str
    weights: dict[str, float]
    kind: str | None
    item_numbers: dict[tuple, set[str]]
    refs: set[str]
    focus: set[str]

    @property
    def numbers(self) -> set[str]:
        return anchors(self.text)


@dataclass
class Unit:
    """A candidate answer sentence and where it came from."""

    text: str
    passage: Passage
    index: int  # position within the passage, to keep lead-ins with their lists
    header: frozenset = frozenset()  # for a table row: the words of its table that no row holds


def anchors(text: str) -> set[str]:
    """Numbers, financial years ('2020-21' = '2020/21' = '2020-2021') and full dates (ISO):
    what a passage must mention to be about the period or figure a question names."""
    found = bare_number_set(_FISCAL.sub("", text))
    found |= {f"fy{m.group(1)}/{m.group(2)[-2:]}" for m in _FISCAL.finditer(text)}
    found |= {f"date:{iso}" for iso, _, _ in find_dates(text)}
    return found


def item_numbers(passages: list[Passage]) -> dict[tuple, set[str]]:
    """Anchors mentioned anywhere in the retrieved passages of each paper (document, item):
    a year named in the question may sit in the previous chunk of the same report."""
    found: dict[tuple, set[str]] = {}
    for p in passages:
        c = p.hit.chunk
        text = " ".join(filter(None, [c.text, c.section, c.item_title]))
        extra = {f"date:{c.meeting_date}", c.meeting_date[:4]} if c.meeting_date else set()
        found.setdefault((c.document_id, c.item_id), set()).update(anchors(text) | extra)
    return found


def focus_terms(question: str) -> set[str]:
    """Terms naming what is counted or measured: 'how many *greens and ambers*'."""
    m = _FOCUS.search(question)
    return set(terms(m.group(1))[:3]) if m else set()


def counts_focus(text: str, focus: set[str]) -> bool:
    """A number within three words before a focus term."""
    words = text.split()
    for i, word in enumerate(words):
        if _DIGIT.search(word) and any(t in focus for t in terms(" ".join(words[i + 1:i + 4]))):
            return True
    return False


def role_term(question: str) -> str | None:
    """The role a 'who' question asks about: 'Who chairs …' → chair, 'Who is the contact …' → contact."""
    m = _WHO_ROLE.search(question)
    return stem(m.group(1).lower()) if m else None


def event_term(question: str) -> str | None:
    """What a 'when' question dates: its last content word ('… due to *open*?'); none for a
    two-part question, whose last word belongs to the second part."""
    if _MULTI_PART.search(question):
        return None
    found = [t for t in terms(question) if t.isalpha()]
    return found[-1] if found else None


# Answer types, tried in this order: "what percentage" also matches the number
# pattern, and "what did the meeting resolve" is no count. Each names the question
# pattern that asks for it and the pattern an answer of that shape holds.
ANSWER_TYPES: list[tuple[str, re.Pattern, re.Pattern | None]] = [
    ("time", _WANTS_TIME, _CLOCK),
    ("frequency", _WANTS_FREQUENCY, _FREQUENCY),
    ("asked", _WANTS_ASK, _ASKED),
    ("decision", _WANTS_DECISION, _DECIDED),
    ("percent", _WANTS_PERCENT, None),
    ("number", _WANTS_NUMBER, None),
    ("date", _WANTS_DATE, DATE_LIKE),
    ("person", _WANTS_PERSON, _NAME),
]
_SHAPE = {kind: shape for kind, _, shape in ANSWER_TYPES}


def answer_type(question: str) -> str | None:
    return next((kind for kind, asks, _ in ANSWER_TYPES if asks.search(question)), None)


def type_ok(kind: str | None, text: str, question: str = "") -> bool:
    """Does the unit have the answer's shape? A number must be a new one: "Baseline
    (2018/19)" does not answer "what was the 2018/19 baseline?"."""
    if kind in ("number", "percent"):
        text = _POINTER.sub(" ", text)  # "see Table 1" is no quantity
        fresh = {n for n in bare_number_set(text) - bare_number_set(question) if not _YEAR.match(n)}
        return bool(fresh) and (kind == "number" or "%" in text or "per cent" in text.lower())
    shape = _SHAPE.get(kind) if kind else None
    return shape is None or bool(shape.search(text))


def split_units(passage: Passage, rows: list[str] | None = None) -> list[Unit]:
    """Sentences of prose, whole bullets, whole table rows; the resolution block stays one unit.

    ``rows`` are the passage's table rows as laid out on the page, when known: they
    replace a table's flattened lines and are added to prose that holds a table."""
    chunk = passage.hit.chunk
    if chunk.kind == "register":  # a decisions-register record is one answer
        return [Unit(chunk.text, passage, 0)]
    if chunk.kind == "table":
        texts, row_texts = rows or table_rows(chunk.text), set(rows or table_rows(chunk.text))
    else:
        texts = [s for line in paragraphs(chunk.text) for s in sentences(line)] + list(rows or [])
        row_texts = set(rows or [])
    texts = _merge_headings(_merge_resolutions([t for t in texts if len(t) > 2]))
    header = frozenset(set(terms(" ".join(filter(None, [chunk.section, chunk.text]))))
                       - {t for r in row_texts for t in terms(r)})
    return [Unit(t, passage, i, header=header if t in row_texts else frozenset()) for i, t in enumerate(texts)]


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
                 archive_size: Callable[[], int] | None = None, rows: Callable[[Chunk], list[str]] | None = None):
        self.settings = settings
        self.rows = rows  # table rows of a passage's pages, read on demand (assistant.store.page_rows)
        self.doc_freq = doc_freq  # archive-wide rarity of words; optional so tests need no store
        self.archive_size = archive_size

    def compose(self, question: str, passages: list[Passage]) -> Draft:
        units = [u for p in passages for u in split_units(p, self.rows(p.hit.chunk) if self.rows else None)]
        if not units:
            return Draft(abstained=True, note="no passages")
        q = Question(question, self._weights(question, units), answer_type(question),
                     item_numbers(passages), set(find_refs(question, query=True)), focus_terms(question))
        scored = sorted(((self._score(u, q), u) for u in units), key=lambda su: su[0], reverse=True)
        rarity, unseen = self._rarity(question, q.weights)
        confidence = self._confidence(scored[0][1], q, rarity) * (0.75 if unseen else 1.0)
        if confidence < self.settings.abstain_threshold:
            return Draft(abstained=True, confidence=confidence, note="best evidence below threshold")
        chosen = self._select(scored, q.weights)
        claims = [Claim(text=u.text, cites=[u.passage.n]) for u in chosen]
        return Draft(claims=claims, confidence=confidence)

    def _rarity(self, question: str, fallback: dict[str, float]) -> tuple[dict[str, float], list[str]]:
        """Question terms weighted by archive-wide IDF, and the words no stored passage holds
        at all ("salary"): a question built on those is rarely answerable."""
        if self.doc_freq is None or self.archive_size is None:
            return fallback, []
        words = [w for w in tokens(question) if w not in STOPWORDS and len(w) > 1]
        df = self.doc_freq(words)
        n = max(self.archive_size(), 1)
        rarity: dict[str, float] = {}
        for word in words:
            rarity[stem(word)] = max(rarity.get(stem(word), 0.0), math.log(1 + n / (1 + df.get(word, 0))))
        unseen = [w for w in words if df.get(w, 1) == 0 and w.isalpha() and len(w) > 3]
        return rarity, unseen

    @staticmethod
    def _confidence(unit: Unit, q: "Question", rarity: dict[str, float]) -> float:
        """Absolute evidence for the best unit, comparable across questions (unlike the
        rank score): the share of the question's rare vocabulary its passage holds, and
        how close the passage is to the question."""
        chunk = unit.passage.hit.chunk
        have = with_abbreviations(set(terms(" ".join(filter(None, [unit.text, chunk.section, chunk.item_title,
                                                                   chunk.text])))))
        own = with_abbreviations(set(terms(unit.text)))
        total = sum(rarity.values()) or 1.0
        cover = sum(w for t, w in rarity.items() if t in have) / total
        cover_unit = sum(w for t, w in rarity.items() if t in own) / total
        conf = W_PASSAGE * cover + W_UNIT * cover_unit + W_DENSE * max(unit.passage.hit.dense, 0.0)
        if q.refs & set(chunk.refs) and (chunk.kind == "register" or _RESOLUTION.search(unit.text)):
            conf = max(conf, 0.9)
        if not type_ok(q.kind, unit.text, q.text):
            conf *= 0.6
        if q.numbers - q.item_numbers.get((chunk.document_id, chunk.item_id), set()):
            conf *= 0.5
        role = role_term(q.text) if q.kind == "person" else event_term(q.text) if q.kind == "date" else None
        if role and role not in have:
            conf *= 0.6  # "who chairs X?" / "when is X due to open?" and the passage never says so
        return conf

    @staticmethod
    def _weights(question: str, units: list[Unit]) -> dict[str, float]:
        """Question terms weighted by rarity across the candidate units (local IDF);
        the thing counted in "how many X" weighs double, since the answer must name it."""
        q_terms = set(terms(question))
        if answer_type(question) == "decision":
            q_terms -= _DECISION_FRAME  # "what did the meeting decide": the type, not the topic
        focus = focus_terms(question)
        n = len(units)
        unit_terms = [set(terms(u.text)) for u in units]
        return {t: math.log(1 + n / (1 + sum(t in ut for ut in unit_terms)))
                * (2.0 if t in focus else 1.0) * (0.5 if t.isdigit() else 1.0) for t in q_terms}

    def _score(self, unit: Unit, q: "Question") -> float:
        total = sum(q.weights.values()) or 1.0
        own = with_abbreviations(set(terms(unit.text)))
        chunk = unit.passage.hit.chunk
        context = with_abbreviations(set(terms(" ".join(filter(None, [chunk.section, chunk.item_title, chunk.text])))))
        header = unit.header  # a row is read with its table's headings and caption
        cover = sum(w * (1.0 if t in own else 0.7) for t, w in q.weights.items() if t in own | header) / total
        ctx = sum(w for t, w in q.weights.items() if t in context and t not in own) / total
        hit = unit.passage.hit
        score = 0.5 * cover + 0.15 * ctx + 0.2 * max(hit.dense, 0.0) + 0.15 * hit.score
        if q.refs & set(chunk.refs) and (chunk.kind == "register" or _RESOLUTION.search(unit.text)):
            score += 0.5  # the resolution the question asks for by number
        if not type_ok(q.kind, unit.text, q.text):
            score *= 0.5
        elif q.kind == "decision" and _RESOLUTION.search(unit.text):
            score += 0.15  # the minuted resolution itself, not the discussion around it
        elif q.kind == "asked" and "recommendation" in (chunk.section or "").lower():
            score += 0.15  # what a body is asked to do is in the report's Recommendations
        elif q.kind == "number" and counts_focus(unit.text, q.focus):
            score += 0.1  # "38 Greens": a number right before the thing asked about
        if q.numbers - q.item_numbers.get((chunk.document_id, chunk.item_id), set()):
            score *= 0.4  # the question names a year or figure this paper's passages never mention
        return score

    def _select(self, scored: list[tuple[float, Unit]], weights: dict[str, float]) -> list[Unit]:
        """The best unit, plus close runners-up that add question words, plus a list after a lead-in."""
        best_score, best = scored[0]
        chosen = [best]
        covered = set(terms(best.text))
        for score, unit in scored[1:]:
            if len(chosen) >= self.settings.max_sentences or score < RUNNER_UP * best_score:
                break
            new = {t for t in weights if t in set(terms(unit.text)) - covered}
            if new and unit.text not in {c.text for c in chosen}:
                chosen.append(unit)
                covered |= set(terms(unit.text))
        return self._with_continuation(chosen)

    def _with_continuation(self, chosen: list[Unit]) -> list[Unit]:
        """A lead-in ending with ':' or a bare 'RESOLVED x' says nothing alone: add what follows."""
        first = chosen[0]
        if not (first.text.rstrip().endswith(":") or _RESOLUTION.match(first.text.strip())):
            return chosen
        follow = [u for u in split_units(first.passage) if u.index == first.index + 1]
        return ([first] + follow + chosen[1:])[: max(self.settings.max_sentences, 2)]
