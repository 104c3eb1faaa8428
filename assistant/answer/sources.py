"""The minutes' own passage behind a decision record the answer quotes.

A register record (``ingest.register.register_text``) is the parser's digest of a
resolution or a recorded vote: "Minute 285, paragraph 17 … The voting was: For (14),
Against (45) …". It is what a question about a vote finds, but it is not text the minutes
print, and a reader checking the answer wants the page's own words ("The Chairman put
the amendment set out in paragraph 17 to the vote and the voting was as follows: For
(14) …"). So a claim that cites a record also cites the passage of the same paper, on
the record's page or the next, that holds most of the record's words and every count
it reports. The record stays the first citation: it is what the answer was read from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.base import Draft, Passage
from assistant.retrieve.hybrid import Hit
from assistant.text import terms
from ingest.register import split_record

# the counts a record reports as the minutes print them: "For (14)", "Against (45)", "Abstain (4)"
_COUNT = re.compile(r"\b(?:For|Against|Abstain)\s*\(\d+\)")
# of the record's resolution terms, the share its source must hold: the parser copies the
# resolution, so its own passage holds nearly all; a neighbour on the page holds few
MIN_SHARE = 0.6


def source_of(record: Hit, chunks: list) -> Hit | None:
    """The passage among ``chunks`` (the record's paper) a register record was read from, or
    None. A recorded vote's is the passage printing its "For (n)" (the motion put and the
    first side's names; a long list may carry "Against" over to the next passage), the one
    printing most of its counts; a resolution's, the one holding most of its words, one
    that prints its reference before one that does not."""
    rec = record.chunk
    pages = {rec.page, rec.page + 1}
    counts = [_flat(c) for c in _COUNT.findall(rec.text)]
    wanted = set(terms(split_record(rec.text)[1]))
    refs = set(rec.refs)
    best, best_key = None, (0, False, MIN_SHARE)
    for chunk in chunks:
        if chunk.kind == "register" or not pages & set(chunk.pages or [chunk.page]):
            continue
        flat = _flat(chunk.text)
        if counts and counts[0] not in flat:
            continue
        share = len(wanted & set(terms(chunk.text))) / len(wanted) if wanted else 0.0
        # "To note the report." is on every page: the passage printing its number ("2021/001") first
        key = (sum(c in flat for c in counts), bool(refs & set(chunk.refs)), share if not counts else 1.0)
        if key > best_key or (counts and best is None):
            best, best_key = chunk, key
    return None if best is None else Hit(chunk=best, score=record.score)


def with_sources(draft: Draft, passages: list[Passage], store) -> Draft:
    """``draft`` with each claim that cites a register record citing the record's source
    passage too (put in ``passages`` after the record, as ``Answerer._from_records`` puts its own)."""
    if draft.abstained or store is None or not hasattr(store, "chunk_ids"):
        return draft
    by_n = {p.n: p for p in passages}
    added: dict[int, int] = {}  # record passage n -> its source passage n
    claims = []
    for claim in draft.claims:
        extra = []
        for n in claim.cites:
            p = by_n.get(n)
            if p is None or p.hit.chunk.kind != "register":
                continue
            if n not in added:
                added[n] = _add_source(p.hit, passages, store)
            if added[n] and added[n] not in claim.cites and added[n] not in extra:
                extra.append(added[n])
        claims.append(replace(claim, cites=[*claim.cites, *extra]) if extra else claim)
    return replace(draft, claims=claims) if any(added.values()) else draft


def _add_source(record: Hit, passages: list[Passage], store) -> int:
    """The n of the record's source passage, added to ``passages`` unless listed already; 0: none."""
    source = source_of(record, store.chunks(store.chunk_ids(record.chunk.document_id)))
    if source is None:
        return 0
    listed = next((p for p in passages if p.hit.chunk.chunk_id == source.chunk.chunk_id), None)
    if listed is not None:
        return listed.n
    at = next(i for i, p in enumerate(passages) if p.hit is record) + 1  # read beside its record
    passages.insert(at, Passage(n=max(p.n for p in passages) + 1, hit=source))
    return passages[at].n


def _flat(text: str) -> str:
    """Without spaces: "For (14)" is "For(14)" however the line broke."""
    return re.sub(r"\s+", "", text)
