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
from assistant.text import DATE_LIKE, is_bullet, paragraphs, sentences, terms
from ingest.refs import find_refs

_WANTS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|often)\b|\bwhat (?:percentage|proportion|share|number|amount|"
    r"figure|rate|score|total|cost|budget|value)\b|\bpercent|\b%|\bhow big\b|\btotal\b", re.I)
_WANTS_DATE = re.compile(r"\bwhen\b|\bwhat (?:date|day|year|month)\b|\bwhich (?:date|year|month)\b", re.I)
_WANTS_PERSON = re.compile(r"\bwho\b|\bwhose\b|\bwhich (?:officer|member|person)\b", re.I)
_DIGIT = re.compile(r"\d")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+\b|\b(?:Chief|Commissioner|Superintendent|Inspector|"
                   r"Officer|Director|Head|Chair|Councillor|Supt|DCC|ACC|Sergeant|Manager|Lead)\b")
_RESOLUTION = re.compile(r"\bRESOLVED\b", re.I)
_RESOLUTION_BODY = re.compile(r"^(?:to|that)\b", re.I)


@dataclass
class Unit:
    """A candidate answer sentence and where it came from."""

    text: str
    passage: Passage
    index: int  # position within the passage, to keep lead-ins with their lists


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
    if chunk.kind == "decision":
        return [Unit(chunk.text, passage, 0)]
    lines = chunk.text.splitlines() if chunk.kind == "table" else paragraphs(chunk.text)
    texts = [s for line in lines for s in ([line] if chunk.kind == "table" else sentences(line))]
    texts = _merge_resolutions([t for t in texts if len(t) > 2])
    return [Unit(t, passage, i) for i, t in enumerate(texts)]


def _merge_resolutions(texts: list[str]) -> list[str]:
    """'RESOLVED 2021/007' and its numbered parts are one answer, never three."""
    out: list[str] = []
    open_block = False
    for text in texts:
        bare_heading = open_block and len(out[-1].split()) <= 2
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
        weights = self._weights(question, units)
        kind = answer_type(question)
        scored = sorted(((self._score(u, weights, kind, question), u) for u in units),
                        key=lambda su: su[0], reverse=True)
        best_score, best = scored[0]
        if best_score < self.settings.abstain_threshold:
            return Draft(abstained=True, confidence=best_score, note="best evidence below threshold")
        chosen = self._select(scored, weights)
        claims = [Claim(text=u.text, cites=[u.passage.n]) for u in chosen]
        return Draft(claims=claims, confidence=best_score)

    @staticmethod
    def _weights(question: str, units: list[Unit]) -> dict[str, float]:
        """Question terms weighted by rarity across the candidate units (local IDF)."""
        q_terms = set(terms(question))
        n = len(units)
        unit_terms = [set(terms(u.text)) for u in units]
        return {t: math.log(1 + n / (1 + sum(t in ut for ut in unit_terms))) for t in q_terms}

    def _score(self, unit: Unit, weights: dict[str, float], kind: str | None, question: str) -> float:
        total = sum(weights.values()) or 1.0
        own = set(terms(unit.text))
        chunk = unit.passage.hit.chunk
        context = set(terms(" ".join(filter(None, [chunk.section, chunk.item_title, chunk.text]))))
        cover = sum(w for t, w in weights.items() if t in own) / total
        ctx = sum(w for t, w in weights.items() if t in context and t not in own) / total
        hit = unit.passage.hit
        score = 0.5 * cover + 0.15 * ctx + 0.2 * max(hit.dense, 0.0) + 0.15 * hit.score
        if hit.ref_match and self._names_ref(unit, question):
            score += 0.5
        if not type_ok(kind, unit.text):
            score *= 0.5
        return score

    @staticmethod
    def _names_ref(unit: Unit, question: str) -> bool:
        """The unit is (or sits in) the resolution the question asks for by number."""
        wanted = set(find_refs(question, query=True))
        return bool(wanted & set(unit.passage.hit.chunk.refs)) and (
            unit.passage.hit.chunk.kind == "decision" or bool(_RESOLUTION.search(unit.text)) or unit.index > 0
        )

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
