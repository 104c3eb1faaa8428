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
from dataclasses import dataclass

from assistant.answer.base import Claim, Composer, Draft, Passage
from assistant.settings import AnswerSettings
from assistant.text import DATE_LIKE, bare_number_set, is_bullet, paragraphs, sentences, terms
from ingest.refs import find_refs

_WANTS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|often)\b|\bwhat (?:percentage|proportion|share|number|amount|"
    r"figure|rate|score|total|cost|budget|value)\b|\bpercent|\b%|\bhow big\b|\btotal\b", re.I)
_WANTS_DATE = re.compile(r"\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|year|month)\b", re.I)
_WANTS_PERSON = re.compile(r"\bwho\b|\bwhose\b|\bwhich (?:officer|member|person)\b", re.I)
_FOCUS = re.compile(r"\b(?:how (?:many|much)|what (?:percentage|proportion|share|number|amount) of)\s+"
                    r"((?:\w+\s+){0,3}\w+)", re.I)
_DIGIT = re.compile(r"\d")
_NUMERIC_CELL = re.compile(r"^[+-]?\(?[-–£$€]?\s?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+\b|\b(?:Chief|Commissioner|Superintendent|Inspector|"
                   r"Officer|Director|Head|Chair|Councillor|Supt|DCC|ACC|Sergeant|Manager|Lead)\b")
_RESOLUTION = re.compile(r"\bRESOLVED\b", re.I)
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
        return bare_number_set(self.text)


@dataclass
class Unit:
    """A candidate answer sentence and where it came from."""

    text: str
    passage: Passage
    index: int  # position within the passage, to keep lead-ins with their lists


def item_numbers(passages: list[Passage]) -> dict[tuple, set[str]]:
    """Numbers mentioned anywhere in the retrieved passages of each paper (document, item):
    a year named in the question may sit in the previous chunk of the same report."""
    found: dict[tuple, set[str]] = {}
    for p in passages:
        c = p.hit.chunk
        text = " ".join(filter(None, [c.text, c.section, c.item_title]))
        found.setdefault((c.document_id, c.item_id), set()).update(bare_number_set(text))
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


def answer_type(question: str) -> str | None:
    if _WANTS_NUMBER.search(question):
        return "number"
    if _WANTS_DATE.search(question):
        return "date"
    if _WANTS_PERSON.search(question):
        return "person"
    return None


def type_ok(kind: str | None, text: str) -> bool:
    if kind == "number":
        return bool(_DIGIT.search(text))
    if kind == "date":
        return bool(DATE_LIKE.search(text))
    if kind == "person":
        return bool(_NAME.search(text))
    return True


def split_units(passage: Passage) -> list[Unit]:
    """Sentences of prose, whole bullets, whole table rows; the resolution block stays one unit."""
    chunk = passage.hit.chunk
    if chunk.kind == "register":  # a decisions-register record is one answer
        return [Unit(chunk.text, passage, 0)]
    if chunk.kind == "table":
        texts = table_rows(chunk.text)
    else:
        texts = [s for line in paragraphs(chunk.text) for s in sentences(line)]
    texts = _merge_resolutions([t for t in texts if len(t) > 2])
    return [Unit(t, passage, i) for i, t in enumerate(texts)]


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

    def __init__(self, settings: AnswerSettings):
        self.settings = settings

    def compose(self, question: str, passages: list[Passage]) -> Draft:
        units = [u for p in passages for u in split_units(p)]
        if not units:
            return Draft(abstained=True, note="no passages")
        q = Question(question, self._weights(question, units), answer_type(question),
                     item_numbers(passages), set(find_refs(question, query=True)), focus_terms(question))
        scored = sorted(((self._score(u, q), u) for u in units), key=lambda su: su[0], reverse=True)
        best_score, best = scored[0]
        if best_score < self.settings.abstain_threshold:
            return Draft(abstained=True, confidence=best_score, note="best evidence below threshold")
        chosen = self._select(scored, q.weights)
        claims = [Claim(text=u.text, cites=[u.passage.n]) for u in chosen]
        return Draft(claims=claims, confidence=best_score)

    @staticmethod
    def _weights(question: str, units: list[Unit]) -> dict[str, float]:
        """Question terms weighted by rarity across the candidate units (local IDF);
        the thing counted in "how many X" weighs double, since the answer must name it."""
        q_terms = set(terms(question))
        focus = focus_terms(question)
        n = len(units)
        unit_terms = [set(terms(u.text)) for u in units]
        return {t: math.log(1 + n / (1 + sum(t in ut for ut in unit_terms)))
                * (2.0 if t in focus else 1.0) * (0.5 if t.isdigit() else 1.0) for t in q_terms}

    def _score(self, unit: Unit, q: "Question") -> float:
        total = sum(q.weights.values()) or 1.0
        own = set(terms(unit.text))
        chunk = unit.passage.hit.chunk
        context = set(terms(" ".join(filter(None, [chunk.section, chunk.item_title, chunk.text]))))
        header = set(terms(chunk.text.split("\n", 1)[0])) if chunk.kind == "table" else set()
        cover = sum(w * (1.0 if t in own else 0.7) for t, w in q.weights.items() if t in own | header) / total
        ctx = sum(w for t, w in q.weights.items() if t in context and t not in own) / total
        hit = unit.passage.hit
        score = 0.5 * cover + 0.15 * ctx + 0.2 * max(hit.dense, 0.0) + 0.15 * hit.score
        if q.refs & set(chunk.refs) and (chunk.kind == "register" or _RESOLUTION.search(unit.text)):
            score += 0.5  # the resolution the question asks for by number
        if not type_ok(q.kind, unit.text):
            score *= 0.5
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
            if len(chosen) >= self.settings.max_sentences or score < 0.8 * best_score:
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
