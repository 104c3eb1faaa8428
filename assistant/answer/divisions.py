"""Who voted which way in a recorded vote, from the decisions register.

Why: "who abstained on the section 25 motion?" or "how did Mr Hook vote on it?" was
answered with the register record's counts ("For (57), Against (0), Abstain (2)"), which
name no one. Ingest keeps the members named per side of a division when they tally with
the printed count (``ingest.votes``) and the register stores them; this module reads the
side a question asks for (``divisions.yaml``, as data) and says the names of the vote the
retriever ranked first, citing the minutes' passage that prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from assistant.answer.base import Claim, Draft, Passage
from assistant.retrieve.hybrid import Hit
from assistant.retrieve.query import Query
from assistant.store.filters import Filters
from assistant.text import squashed
from ingest.attendance import HONORIFIC
from ingest.dates import human_date
from ingest.models import Decision
from ingest.register import vote_words

# a member as a question names one: a title and a surname ("Mr Hook", "Councillor Lehmann")
_MEMBER = re.compile(rf"\b({HONORIFIC})\.?((?:\s+[A-Z][\w'’.-]*)+)")
_POSSESSIVE = re.compile(r"['’]s$")  # "Mr Hood's amendment": the mover's, not a voter asked about


@dataclass(frozen=True)
class Side:
    name: str  # the Decision's list: for, against, abstain
    asks: re.Pattern
    said: str  # "voted against"
    label: str  # the minutes' own: "Against (19)"
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class DivisionAnswer:
    text: str
    quote: str  # what the cited minutes passage prints: the side's label and count ("Abstain (2)")
    names: tuple[str, ...]  # the members said, each of which a cited passage must hold


@lru_cache(maxsize=1)
def sides() -> tuple[tuple[Side, ...], tuple[str, ...]]:
    """divisions.yaml: the sides, and questions asking none (how one member voted)."""
    raw = yaml.safe_load(resources.files("assistant.answer").joinpath("divisions.yaml").read_text())
    rows = tuple(Side(name, re.compile(row["asks"], re.I), row["said"], row["label"], tuple(row.get("examples") or ()))
                 for name, row in raw["sides"].items())
    return rows, tuple(raw.get("none") or ())


def side_asked(question: str) -> Side | None:
    return next((s for s in sides()[0] if s.asks.search(question)), None)


def member_asked(question: str) -> tuple[str, str] | None:
    """(title, surname) of the member a text names: the last capitalised word after a title
    ("How did Mr Hook vote …" → ("Mr", "Hook"), "Sir Paul Carter, CBE" → ("Sir", "Carter"))."""
    for m in _MEMBER.finditer(question):
        surname = m.group(2).split()[-1].strip(".,")
        if not _POSSESSIVE.search(surname):
            return m.group(1), surname
    return None


def _listed(member: tuple[str, str], decision: Decision) -> tuple[str, Side] | None:
    """The member asked as a side lists them, and the side: by title and surname when any is
    ("Ms Meade", not "Mr Meade"), else by surname ("Councillor Hook" is the minutes' "Mr Hook")."""
    said = [(n, s, member_asked(n.split(",")[0])) for s in sides()[0] for n in names_of(decision, s)]
    found = [(n, s) for n, s, m in said if m == member] or [(n, s) for n, s, m in said if m and m[1] == member[1]]
    return found[0] if found else None


def names_of(decision: Decision, side: Side) -> list[str]:
    return list(getattr(decision, f"{side.name}_names") or [])


def _count(decision: Decision, side: Side) -> int | None:
    return {"for": decision.votes_for, "against": decision.votes_against, "abstain": decision.abstentions}[side.name]


def _what(decision: Decision) -> str:
    """The vote as a reader knows it: "the motion on Section 25 Report (County Council, 13
    February 2025)"; an amendment by its mover, since several are moved under one item."""
    kind = decision.kind if decision.kind in ("amendment", "substantive motion", "motion") else "motion"
    by = f" moved by {decision.mover}" if kind == "amendment" and decision.mover else ""
    about = f" on {decision.item_title}" if decision.item_title else ""
    meeting = ", ".join(x for x in (decision.body, human_date(decision.date)) if x)
    return f"the {kind}{by}{about}{f' ({meeting})' if meeting else ''}"


def division_answer(query: Query, decision: Decision) -> DivisionAnswer | None:
    """The names the question asks of this division, or None when it recorded none (the
    names did not tally, or the vote was not a division) or the member asked is on no side."""
    all_sides = sides()[0]
    if not any(names_of(decision, s) for s in all_sides):
        return None
    member = member_asked(query.text)
    if member is not None and (found := _listed(member, decision)) is not None:
        # "did Mr Lehmann vote for …?": on whichever side he is listed
        name, side = found
        return DivisionAnswer(f"{name} {side.said} {_what(decision)}.", f"{side.label} ({_count(decision, side)})",
                              (name,))
    side = side_asked(query.text)
    if side is None:  # nor a member on a side of this vote: another vote may list them
        return None
    names, count = names_of(decision, side), _count(decision, side)
    if not names:
        if count == 0:  # "Against (0)": no one, as printed
            return DivisionAnswer(f"No member {side.said} {_what(decision)}: {side.label} (0).", f"{side.label} (0)", ())
        return None
    return DivisionAnswer(f"{side.label} ({count}) on {_what(decision)}: {', '.join(names)}.",
                          f"{side.label} ({count})", tuple(names))


def decision_of(chunk, decisions: list[Decision]) -> Decision | None:
    """The recorded vote a register passage was written from: of its page, its tally and
    printed result as the passage words them (``vote_words``). Not by the whole text: the
    passage also says what an amendment changed and under which sub-heading, which the
    decisions table does not keep."""
    return next((d for d in decisions if d.page == chunk.page and d.votes_for is not None
                 and vote_words(d) in chunk.text and (d.text or "")[:80] in chunk.text), None)


def division_draft(query: Query, filters: Filters | None, passages: list[Passage], store) -> Draft | None:
    """The names a question asks of the recorded vote it is about, cited to its register
    record and to the minutes' passage printing them. The vote: the first register record
    among ``passages`` whose division named its members, else the best register record the
    keyword index finds for the question without the member's name (which fills the
    passages with every list that names him). None when no such vote names anyone the
    question asks of: the composer answers from the passages instead."""
    for record in _records(query, filters, passages, store):
        chunk = record.hit.chunk
        scope = replace(filters or Filters(), document_id=chunk.document_id)
        decision = decision_of(chunk, store.decisions(scope))
        found = division_answer(query, decision) if decision is not None else None
        printed = _printed(store, scope, decision.page, found) if found is not None else None
        if printed is None:
            continue
        if record not in passages:
            passages.append(record)
        shown = [Passage(n=len(passages) + 1 + i, hit=Hit(chunk=c, score=0.0)) for i, c in enumerate(printed)]
        passages[0:0] = shown
        return Draft(claims=[Claim(text=found.text, cites=[record.n, *(p.n for p in shown)])],
                     confidence=1.0, note="decisions register")
    return None


def _records(query: Query, filters: Filters | None, passages: list[Passage], store):
    """Register passages to try, the retrieved first; then up to ``_MORE_RECORDS`` found by
    keyword for the question less its member's name."""
    yield from (p for p in passages if p.hit.chunk.kind == "register")
    member = member_asked(query.text)
    text = query.text.replace(member[1], " ") if member else query.text
    ids = [cid for cid, _ in store.keyword(text, _MORE_RECORDS, filters, records=True, require="voting")]
    seen = {p.hit.chunk.chunk_id for p in passages}
    for n, chunk in enumerate(c for c in store.chunks(ids) if c.chunk_id not in seen):
        yield Passage(n=len(passages) + 1 + n, hit=Hit(chunk=chunk, score=0.0))


_MORE_RECORDS = 5


def _printed(store, scope: Filters, page: int, found: DivisionAnswer) -> list | None:
    """The minutes' passage printing the side's tally (from the vote's own page on), with the
    next when the names run on into it; None when no passage holds every name said. A reader
    limited to public papers is shown no passage of an exempt item."""
    chunks = [c for c in store.chunks(store.chunk_ids(scope.document_id)) if c.kind != "register"
              and max(c.pages or [c.page]) >= page and (c.public or not scope.public_only)]
    label = squashed(found.quote)
    for i, chunk in enumerate(chunks):
        if label not in squashed(chunk.text):
            continue
        for cited in (chunks[i:i + 1], chunks[i:i + 2]):
            have = "".join(squashed(c.text) for c in cited)
            if all(squashed(n) in have for n in found.names):
                return cited
    return None
