"""Verification: the guarantees that hold whichever composer wrote the answer.

Every ``[n]`` must point at a passage that was given, and every number in a
sentence must appear in a passage that sentence cites. A sentence that fails is
dropped rather than repaired; if nothing survives the reply abstains. This is what
lets an LLM be configured without making the product less honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.base import Claim, Draft, Passage
from assistant.text import unsupported_numbers

CITE = re.compile(r"\[(\d{1,3})\]")
# Between two sentences: after . ! ? or a closing [n], before what can start a sentence.
SENTENCE_BREAK = re.compile(r"(?<=[.!?\]])\s+(?=[A-Z(\"'£0-9•\-])")


@dataclass
class Verdict:
    kept: list[Claim] = field(default_factory=list)
    dropped: list[tuple[Claim, str]] = field(default_factory=list)


def parse_claims(text: str) -> list[Claim]:
    """Split model output into sentences, each with the [n] markers inside or after it."""
    claims: list[Claim] = []
    pieces = SENTENCE_BREAK.split(text.strip())
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        cites = [int(n) for n in CITE.findall(piece)]
        body = CITE.sub("", piece).strip()
        body = re.sub(r"\s+([.,;:])", r"\1", body)
        if not body:
            if claims:  # a stray "[2]" after a sentence belongs to it
                claims[-1].cites.extend(cites)
            continue
        claims.append(Claim(text=body, cites=cites))
    return claims


def check_claim(claim: Claim, passages: dict[int, Passage]) -> str | None:
    """Why this claim must be dropped, or None when it is supported."""
    if not claim.cites:
        return "cites no passage"
    missing = [n for n in claim.cites if n not in passages]
    if missing:
        return f"cites passage(s) {missing} that were not given"
    cited_text = "\n".join(passages[n].text for n in claim.cites)
    invented = unsupported_numbers(claim.text, cited_text)
    if invented:
        return f"number(s) {invented} not in the cited passage(s)"
    return None


def verify(draft: Draft, passages: list[Passage]) -> Verdict:
    by_n = {p.n: p for p in passages}
    verdict = Verdict()
    if draft.abstained:
        return verdict
    for claim in draft.claims:
        reason = check_claim(claim, by_n)
        if reason:
            verdict.dropped.append((claim, reason))
        else:
            verdict.kept.append(claim)
    return verdict
