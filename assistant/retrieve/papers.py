"""Papers a question names by title: "per the investment strategy", "in Kent's treasury
management strategy", "the grants appendix".

Why: in a large archive a report's own words recur in a dozen others (the budget report
quotes the capital strategy, the council's papers repeat the cabinet's), so the paper a
user names is crowded out of the pool. A title whose distinctive words the question holds
gets a lookup of its own (``Retriever.candidates``), as a follow-up's cited paper does: a
boost, never a filter, since a user may misname it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text import terms

# words any paper's title or file name may hold that name no particular paper
_GENERIC = frozenset(terms(
    "appendix annex report reports agenda minutes council county cabinet committee township final draft update "
    "updated incl including supplementary previous meeting item pdf public pack papers paper document kent kcc "
    "nipissing the of and for to in on a an from january february march april may june july august september "
    "october november december"))
_LABEL = re.compile(r"^(?:appendix|annex|item)\s+\w{1,3}\s*[-–:]\s*", re.I)  # "Appendix N - Capital Strategy"
MAX_PAPERS = 3  # a question naming a kind of paper many meetings hold boosts none of them


@lru_cache(maxsize=4096)
def title_terms(title: str, file: str) -> frozenset[str]:
    """The distinctive words of a paper's title (or, with none, its file name): neither
    generic words, numbers nor the appendix letter. "Appendix M - Investment Strategy" →
    {invest, strategy}."""
    name = title if title and not title.lower().startswith(("township of", "budget amendment")) else file
    name = _LABEL.sub("", re.sub(r"\.pdf$", "", name, flags=re.I))
    return frozenset(t for t in terms(name) if t not in _GENERIC and not any(c.isdigit() for c in t) and len(t) > 1)


def named_papers(question_terms: set[str], titles: list[tuple[str, str, str]]) -> list[str]:
    """Ids of the papers whose two or more distinctive title words the question holds all of;
    none when more than ``MAX_PAPERS`` do (the question names a kind of paper, not one)."""
    found = [doc for doc, title, file in titles
             if len(words := title_terms(title, file)) >= 2 and words <= question_terms]
    return found if len(found) <= MAX_PAPERS else []
