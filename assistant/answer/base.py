"""The composer interface and the reply record every composer fills.

A composer only turns numbered passages into cited sentences. Retrieval happens
before it and verification after it, outside its control, so swapping the default
extractive composer for an LLM cannot weaken the citation guarantees.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from assistant.answer.reasons import Reason
from assistant.retrieve.hybrid import Hit

NOT_FOUND = "Not found in the documents."


@dataclass
class Passage:
    """A retrieved chunk as shown to a composer, numbered from 1."""

    n: int
    hit: Hit

    @property
    def text(self) -> str:
        return self.hit.chunk.text

    def as_prompt(self) -> dict:
        c = self.hit.chunk
        return {"n": self.n, "file": c.file, "page": c.page, "section": c.section,
                "item": c.item_number, "text": c.text}


def listed_at(passages: list[Passage], hit: Hit) -> int | None:
    """Where the passages list the hit's chunk, if they do."""
    return next((i for i, p in enumerate(passages) if p.hit.chunk.chunk_id == hit.chunk.chunk_id), None)


def added_passage(passages: list[Passage], hit: Hit) -> Passage:
    """A passage for a hit composing adds (a record's minutes, a meeting's day): numbered
    after every passage listed, so no number already cited changes."""
    return Passage(n=max(p.n for p in passages) + 1, hit=hit)


@dataclass
class Claim:
    """One answer sentence and the passage numbers it cites."""

    text: str
    cites: list[int]


@dataclass
class Draft:
    """What a composer proposes; the verifier decides what survives."""

    claims: list[Claim] = field(default_factory=list)
    abstained: bool = False
    confidence: float = 0.0
    note: str | None = None
    reason: Reason | None = None  # why it abstained, for the user (assistant.answer.reasons)


class Composer(ABC):
    name: str = "base"

    @abstractmethod
    def compose(self, question, passages: list[Passage]) -> Draft: ...  # question: str or retrieve.Query
