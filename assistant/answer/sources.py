"""The minutes' own passage behind a decision record the answer quotes.

A register record (``ingest.register.register_text``) is the parser's digest of a
resolution or a recorded vote: "Minute 285, paragraph 17 … The voting was: For (14),
Against (45) …". It is what a question about a vote finds, but it is not text the minutes
print, and a reader checking the answer wants the page's own words ("The Chairman put
the amendment set out in paragraph 17 to the vote and the voting was as follows: For
(14) …"). So a claim that cites a record also cites the passage of the same paper, on
the record's page or a page beside it (a division counted at the foot of one page is
resolved on the next), that holds most of the record's words and every count
it reports. The record stays the first citation: it is what the answer was read from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.base import Draft, Passage, added_passage, listed_at
from assistant.retrieve.hybrid import Hit
from assistant.text import squashed, terms
from ingest.register import split_record

# the counts a record reports as the minutes print them: "For (14)", "Against (45)", "Abstain (4)"
_COUNT = re.compile(r"\b(?:For|Against|Abstain)\s*\(\d+\)")
# the minutes' words putting a motion to the vote, printed just before its "For (n)"
_PUT = re.compile(r"\bto the vote\b|\bvoting was as follows\b", re.I)
# of the record's resolution terms, the share its source must hold: the parser copies the
# resolution, so its own passage holds nearly all; a neighbour on the page holds few
MIN_SHARE = 0.6


def sources_of(record: Hit, chunks: list) -> list[Hit]:
    """The passages among ``chunks`` (the record's paper) a register record was read from,
    none when no passage fits. A recorded vote's is the passage printing its "For (n)" (the
    motion put and the first side's names), the one printing most of its counts, the passage
    before it when that one only puts the motion to the vote, and when a long list of names
    carried the other counts over, the passage printing those; a
    resolution's, the one holding most of its words, one that prints its reference before
    one that does not."""
    rec = record.chunk
    near = [c for c in chunks if c.kind != "register" and {rec.page - 1, rec.page, rec.page + 1} & set(c.pages or [c.page])]
    counts = [squashed(c) for c in _COUNT.findall(rec.text)]
    found = _counted(near, counts) if counts else _worded(near, rec)
    return [Hit(chunk=c, score=record.score) for c in found]


def _counted(near: list, counts: list[str]) -> list:
    """A vote's passages: the one printing its first count, the one before it when only that
    one puts the motion to the vote, and the one printing the other counts."""
    first = _most(near, counts, lambda c: counts[0] in squashed(c.text))
    if first is None:
        return []
    rest = [n for n in counts if n not in squashed(first.text)]
    after = _most(near, rest, lambda c: c is not first) if rest else None
    at = near.index(first)
    put = near[at - 1] if at and not _PUT.search(first.text) and _PUT.search(near[at - 1].text) else None
    return [c for c in (put, first, after) if c is not None]


def _worded(near: list, rec) -> list:
    """A resolution's passage: the one holding most of its words."""
    wanted, refs = set(terms(split_record(rec.text)[1])), set(rec.refs)
    best, best_key = None, (False, MIN_SHARE)
    for chunk in near:
        share = len(wanted & set(terms(chunk.text))) / len(wanted) if wanted else 0.0
        # "To note the report." is on every page: the passage printing its number ("2021/001") first
        key = (bool(refs & set(chunk.refs)), share)
        if key > best_key:
            best, best_key = chunk, key
    return [] if best is None else [best]


def _most(chunks: list, counts: list[str], allowed) -> object | None:
    """Of the ``allowed`` chunks printing any of ``counts``, the first printing most of them."""
    held = [(sum(n in squashed(c.text) for n in counts), -i, c) for i, c in enumerate(chunks) if allowed(c)]
    best = max(((h, i, c) for h, i, c in held if h), default=None, key=lambda x: x[:2])
    return None if best is None else best[2]


def with_sources(draft: Draft, passages: list[Passage], store) -> Draft:
    """``draft`` with each claim that cites a register record citing the record's source
    passages too (put in ``passages`` after the record, as ``Answerer._from_records`` puts its own)."""
    if draft.abstained or store is None or not hasattr(store, "chunk_ids"):
        return draft
    by_n = {p.n: p for p in passages}
    added: dict[int, list[int]] = {}  # record passage n -> its source passages' n
    papers: dict[str, list] = {}  # a paper's passages, read once however many of its records are quoted
    claims = []
    for claim in draft.claims:
        extra = []
        for n in claim.cites:
            p = by_n.get(n)
            if p is None or p.hit.chunk.kind != "register":
                continue
            if n not in added:
                doc = p.hit.chunk.document_id
                if doc not in papers:
                    papers[doc] = store.chunks(store.chunk_ids(doc))
                added[n] = _add_sources(p.hit, passages, papers[doc])
            extra += [m for m in added[n] if m not in claim.cites and m not in extra]
        claims.append(replace(claim, cites=[*claim.cites, *extra]) if extra else claim)
    return replace(draft, claims=claims) if any(added.values()) else draft


def _add_sources(record: Hit, passages: list[Passage], paper: list) -> list[int]:
    """The n of each of the record's source passages (among ``paper``, its paper's passages),
    put in ``passages`` after it (a passage listed further down is moved up, one listed before
    it stays)."""
    found = []
    at = next(i for i, p in enumerate(passages) if p.hit is record) + 1  # read beside its record
    for source in sources_of(record, paper):
        listed = listed_at(passages, source)
        if listed is None:
            passages.insert(at, added_passage(passages, source))
        elif listed < at:  # listed before the record: it stays
            found.append(passages[listed].n)
            continue
        else:  # listed further down: moved up beside its record
            passages.insert(at, passages.pop(listed))
        found.append(passages[at].n)
        at += 1
    return found
