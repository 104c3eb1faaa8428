"""Abbreviations the papers define themselves: "Minimum Revenue Provision (MRP)".

Why: users ask in one form and papers table the other. "What minimum revenue provision
does the capital strategy budget for 2027-28?" must find the row "MRP 59.4 … 67.9", and
"the loans CFR" the paragraph on the capital financing requirement. A fixed list in code
would fit one council; each archive defines its own hundreds (Kent's budget papers:
MRP, CFR, RSG, DSG, SEND …), so the table is read from the stored text, once per store
generation (``Catalog.abbreviations``): a derived cache, never a second source of truth.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.text import terms

# "(MRP)", "(MMFs)", "(SEND)": two to eight letters, at least two capitals, an optional plural s
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,7}?)s?\s*\)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL = frozenset({"and", "of", "the", "for", "in", "on", "to", "&", "a"})


def _spelled(words: list[str], abbr: str) -> list[str] | None:
    """The last words of ``words`` whose initials spell ``abbr`` (small words such as "and"
    may be skipped), or None: "Special Educational Needs and Disabilities" spells SEND."""
    letters = abbr.lower()
    i, j = len(words) - 1, len(letters)
    while j and i >= 0:
        word = words[i].lower()
        if word[0] == letters[j - 1]:
            j -= 1
        elif word not in _SMALL:
            return None
        i -= 1
    return words[i + 1:] if j == 0 else None


def harvest(texts: Iterable[str]) -> dict[str, str]:
    """abbreviation (lower case) → its spelled-out words, as the papers define them; where
    papers disagree, the definition printed most often."""
    seen: Counter = Counter()
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINED.finditer(text):
            abbr = m.group(1)
            if sum(c.isupper() for c in abbr) < 2:
                continue
            words = _WORD.findall(text[max(0, m.start() - 120):m.start()])[-10:]
            full = _spelled(words, abbr)
            if full and len(full) >= 2 and full[0].lower() not in _SMALL:
                seen[(abbr.lower(), " ".join(full).lower())] += 1
    table: dict[str, str] = {}
    for (abbr, full), _ in seen.most_common():
        table.setdefault(abbr, full)
    return table


@dataclass(frozen=True)
class Abbreviations:
    """An archive's abbreviations: as printed (for the keyword search) and as content terms
    (for the composer's word overlap): "mrp" → "minimum revenue provision", {minimum, revenu, provision}."""

    full: dict[str, str] = field(default_factory=dict)
    terms: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: dict[str, str]) -> "Abbreviations":
        found = {abbr: frozenset(terms(full)) for abbr, full in table.items()}
        kept = {abbr: t for abbr, t in found.items() if len(t) >= 2}
        return cls({abbr: table[abbr] for abbr in kept}, kept)


def relevant(query_terms: set[str], table: Abbreviations) -> tuple[tuple[str, frozenset[str]], ...]:
    """The definitions a question touches, in either form: a passage is read against these
    few (``assistant.text.with_abbreviations``), not the archive's hundreds."""
    return tuple((abbr, full) for abbr, full in table.terms.items() if abbr in query_terms or full <= query_terms)


def expansions(text: str, table: Abbreviations, learned: tuple | None = None) -> list[str]:
    """Words to search beside a question's own: the abbreviation of every spelled-out form
    the question holds, and the spelled-out words of every abbreviation it holds (of the
    ``relevant`` definitions, when the caller has them already)."""
    have = set(terms(text))
    learned = relevant(have, table) if learned is None else learned
    return list(dict.fromkeys(table.full[abbr] if abbr in have else abbr for abbr, _ in learned))


_CAPITALS = re.compile(r"\b[A-Z][A-Za-z&]{1,7}\b")


def spelled_out(text: str, table: Abbreviations) -> list[str]:
    """The spelled-out forms of the abbreviations ``text`` prints ("KCC" → "kent county
    council"), so a check for a name reads a paper that only abbreviates it."""
    used = {w.lower() for w in _CAPITALS.findall(text) if sum(c.isupper() for c in w) >= 2}
    return [table.full[a] for a in sorted(used & table.full.keys())]
