"""Plain words a question uses for what the papers print otherwise ("put off" → "Deferred").

Why: users rarely ask in the papers' words, and a keyword search cannot meet "put off" with
"Deferred" nor the composer's word overlap "a loss" with "a deficit". The table is data
(``plainwords.yaml``), general meeting-paper language with one example per row. It works
like the archive's abbreviations (``assistant.abbreviations``) and travels with them in
``Query.memo["abbreviations"]``: the keyword search adds the papers' words, and a passage
printing one counts as holding the plain word (``assistant.text.with_abbreviations``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from assistant.text import stem, terms, tokens


@dataclass(frozen=True)
class PlainRow:
    """One row: the plain phrases (each a tuple of words, as typed) and the papers' words."""

    plain: tuple[tuple[str, ...], ...]
    papers: tuple[str, ...]
    example: dict


def _words(text: str) -> tuple[str, ...]:
    """Lower-cased words, not stems: "hired" and "hire" (a hall's hire charge) stem alike,
    so each row lists the forms it means."""
    return tuple(tokens(text))


@lru_cache(maxsize=1)
def plain_rows() -> tuple[PlainRow, ...]:
    """The packaged table (read once)."""
    raw = yaml.safe_load(resources.files("assistant.retrieve").joinpath("plainwords.yaml").read_text())
    return tuple(PlainRow(tuple(_words(p) for p in row["plain"]), tuple(row["papers"]), row.get("example", {}))
                 for row in raw["words"])


def _holds(seq: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(seq[i:i + n] == phrase for i in range(len(seq) - n + 1))


@lru_cache(maxsize=256)
def plain_matches(question: str) -> tuple[tuple[tuple[str, ...], PlainRow], ...]:
    """The rows whose plain phrase the question says, with the phrase it said (read once a
    question: the keyword search's expansions and the word overlap's pairs both need them)."""
    seq = _words(question)
    found = []
    for row in plain_rows():
        said = next((p for p in row.plain if _holds(seq, p)), None)
        if said is not None:
            found.append((said, row))
    return tuple(found)


def plain_pairs(question: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(plain term, a papers' word's terms) pairs, read as abbreviations are: a passage
    holding all of a papers' word's terms counts as holding the plain term the question
    used, so the word overlap of ranker and composer credits "Deferred" for "put off"."""
    pairs = []
    for said, row in plain_matches(question):
        own = terms(" ".join(said)) or [stem(t) for t in said]
        for word in row.papers:
            full = frozenset(terms(word))
            pairs += [(t, full) for t in own if full and t not in full]
    return tuple(dict.fromkeys(pairs))


def plain_expansions(question: str) -> list[str]:
    """The papers' words to search beside the question's own."""
    return list(dict.fromkeys(w for _, row in plain_matches(question) for w in row.papers))
