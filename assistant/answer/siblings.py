"""Near misses by label: a question about "Local Transport Plan 4" answered with Plan 5,
or about 2023/24 answered with 2025/26.

A thing named by a word and a short label ("Local Transport Plan 4", "KS Z", "culvert #3",
"Quarter 2") has siblings that share the word; an answer naming a sibling, from a paper that
never names the one asked, is about something else. The years and names checks cannot see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.periods import FISCAL
from assistant.heads import labelled


def sibling_label(question: str, unit_text: str, paper_text: str) -> tuple[str, str] | None:
    """(asked, said) when the answer unit names a sibling of a labelled thing the question
    asks about, and its whole paper never names the one asked: "how many voted against
    Local Transport Plan 4?" answered with the vote on Plan 5, or "the top of the KS Z pay
    range" with the KS M row. A near miss the years and names checks cannot see."""
    for lead, word, label in labelled(question):
        kind = label[-1].isdigit()
        said = [(ld, lb) for ld, w, lb in labelled(unit_text)
                if w.lower() == word.lower() and lb != label and lb[-1].isdigit() == kind]
        if not said:
            continue
        asked = re.compile(rf"\b{re.escape(word)}\s*{re.escape(label)}\b", re.I)
        if asked.search(paper_text) or asked.search(unit_text):
            continue
        other = " ".join(filter(None, [said[0][0], word, said[0][1]]))
        return " ".join(filter(None, [lead, word, label])), other
    return None


def fiscal_years(text: str) -> dict[str, str]:
    """Each financial year a text names, by its start year, as written ("2023/24" → 2023)."""
    found = {}
    for m in FISCAL.finditer(text):  # "2023/24", "2023-24", "2023-2024"; its siblings are the other years
        start, end = int(m.group(1)), m.group(2)
        if int(end[-2:]) == (start + 1) % 100:  # a year and the next, not a span ("2025-35")
            found.setdefault(m.group(1), m.group(0))
    return found


def sibling_year(question: str, unit_text: str, passage: str = "") -> tuple[str, str] | None:
    """(asked, said) when the question names a financial year and the answer names only
    others: "What council tax requirement did Kent agree for 2023/24?" answered with the
    2025/26 resolution. Unlike a label's, the paper is not read: budget papers name the past
    years they compare with, so the asked year's mention there says nothing of the answer.
    A calendar year is left to the scores ("the May 2025 elections" in a 2024 motion). The
    ``passage`` of a table row is read too: "MRP | 59.4 | … | 67.9" has its years in the
    column heads above it (a long record's resolution is not: it names past years in passing)."""
    asked, said = fiscal_years(question), fiscal_years(unit_text)
    if not asked or not said or set(asked) & (set(said) | set(fiscal_years(passage))):
        return None
    return next(iter(asked.values())), next(iter(said.values()))


def sibling_of(question: str, answer: list[str], heads: str,
               paper: Callable[[], str] | None) -> tuple[str, tuple[str, str]] | None:
    """(reason code, (asked, said)) when an answer (its units' texts) is about 2025/26 for a
    question about 2023/24 (``sibling_year``; ``heads``: a table row's passage, whose column
    heads carry its years), or names "Plan 5" for one about "Plan 4" and its first unit's
    ``paper`` never names "Plan 4" (``sibling_label``; not judged without the papers). The
    whole answer is read: a table's title may lead it and its "KS M" row follow."""
    text = "\n".join(answer)
    year = sibling_year(question, text, heads) if fiscal_years(question) else None
    if year:
        return "other_period", year
    if paper is None or not labelled(question):
        return None
    label = sibling_label(question, text, paper())
    return ("other_label", label) if label else None
