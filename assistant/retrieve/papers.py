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
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from assistant.text import terms

# words any paper's title or file name may hold that name no particular paper (the bodies
# whose papers the archive holds are added from the store: ``body_words``)
_GENERIC = frozenset(terms(
    "appendix annex report reports agenda minutes council county cabinet committee township final draft update "
    "updated incl including supplementary previous meeting item pdf public pack papers paper document "
    "the of and for to in on a an from january february march april may june july august september "
    "october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday"))
_LABEL = re.compile(r"^(?:appendix|annex|item)\s+\w{1,3}\s*[-–:]\s*", re.I)  # "Appendix N - Capital Strategy"
_PARENTHESES = re.compile(r"\(([^)]*)\)")
MAX_PAPERS = 3  # a question naming a kind of paper many meetings hold boosts none of them


def body_words(bodies: Iterable[str]) -> frozenset[str]:
    """The words of the bodies the archive holds papers of, with their initials: any paper
    of "Cabinet (Kent County Council)" may print "Kent", "KCC" or "Cabinet" in its title,
    so none of them names one paper."""
    words: set[str] = set()
    for body in filter(None, bodies):
        for name in [_PARENTHESES.sub(" ", body), *_PARENTHESES.findall(body)]:
            words.update(terms(name))
            initials = "".join(w[0] for w in name.split() if w[:1].isupper())
            if len(initials) >= 2:
                words.add(initials.lower())
    return frozenset(words)


@lru_cache(maxsize=4096)
def title_terms(title: str, file: str, generic: frozenset[str] = frozenset(), shared: bool = False) -> frozenset[str]:
    """The distinctive words of a paper's title: neither generic words (``_GENERIC``, and
    ``generic``: the archive's body names), numbers nor the appendix letter. "Appendix M -
    Investment Strategy" → {invest, strategy}. The file name stands in for a title many
    papers share (``shared``: "Budget Amendment Form") or one that says too little alone
    ("TOWNSHIP OF NIPISSING 2024 BUDGET DRAFT")."""
    def words(name: str) -> frozenset[str]:
        name = _LABEL.sub("", re.sub(r"\.pdf$", "", name, flags=re.I))
        return frozenset(t for t in terms(name) if t not in _GENERIC and t not in generic
                         and not any(c.isdigit() for c in t) and len(t) > 1)
    own = frozenset() if shared else words(title or "")
    return own if len(own) >= 2 else words(file)


def named_papers(question_terms: set[str], titles: list[tuple[str, str, str, str]]) -> list[str]:
    """Ids of the papers (``titles``: id, title, file, body) whose two or more distinctive
    title words the question holds all of; none when more than ``MAX_PAPERS`` do (the
    question names a kind of paper, not one)."""
    generic = body_words({body for *_, body in titles})
    copies = Counter((title or "").lower() for _, title, _, _ in titles)
    found = [doc for doc, title, file, _ in titles
             if len(words := title_terms(title, file, generic, copies[(title or "").lower()] > MAX_PAPERS)) >= 2
             and words <= question_terms]
    return found if len(found) <= MAX_PAPERS else []
