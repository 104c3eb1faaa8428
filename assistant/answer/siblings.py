"""Near misses by label: a question about "Local Transport Plan 4" answered with Plan 5.

A thing named by a word and a short label ("Local Transport Plan 4", "KS Z", "culvert #3",
"Quarter 2") has siblings that share the word; an answer naming a sibling, from a paper that
never names the one asked, is about something else. The years and names checks cannot see it.
"""

from __future__ import annotations

import re

from assistant.text import MONTHS

# A thing named by a word and a short label: "Local Transport Plan 4", "KS Z", "culvert #3",
# "Quarter 2". Its label is one or two digits or one capital letter, not a day of a month.
_LABELLED = re.compile(r"\b((?:[A-Z][\w'’-]*\s+){0,3})([A-Za-z]{2,})\s+(#?\d{1,2}|[B-HJ-Z])\b(?![-/.,:]?\d)")
_NOT_LABEL_WORD = re.compile(rf"^(?:{MONTHS}|on|the|of|at|by|for|in|to|after|before|since|and|or|from|than|about)$", re.I)


def labelled(text: str) -> list[tuple[str, str, str]]:
    """(lead, word, label) for each labelled thing a text names; lead is the capitalised
    words before it ("Local Transport" of "Local Transport Plan 4")."""
    return [(m.group(1).strip(), m.group(2), m.group(3)) for m in _LABELLED.finditer(text)
            if not _NOT_LABEL_WORD.match(m.group(2))]


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
