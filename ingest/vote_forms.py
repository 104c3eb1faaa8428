"""How minutes phrase a vote, as tables: tallies, results, decisions without a division,
proposers, amendments and what they amend.

Why a module of its own: ``ingest.votes`` reads minutes with these; a new house style is a
new row here, and each row's example is a parametrised test (tests/ingest/test_votes.py).
"""

from __future__ import annotations

import re

from ingest.attendance import HONORIFIC

# Count forms after a label: "For (57)", "For: 57", "For - 57", "For 57".
_COUNT = r"\s*(?:\(\s*(\d{1,3})\s*\)|[:\-–]\s*(\d{1,3})\b|(\d{1,3})\b)"

# (label, pattern, example). A tally is For … Against … Abstain, in that order.
TALLY_FORMS: list[tuple[str, str, str]] = [
    ("for", r"\b(?:For|In\s+favou?r)" + _COUNT, "For (57)"),
    ("against", r"\b(?:Against|Opposed)" + _COUNT, "Against (0)"),
    ("abstain", r"\bAbst(?:ain(?:ed|ing|s)?|entions?)" + _COUNT, "Abstentions: 3"),
]
_TALLY = {label: re.compile(p, re.I) for label, p, _ in TALLY_FORMS}

# (result, pattern, example): how minutes print the fate of the motion just voted on.
RESULT_FORMS: list[tuple[str, str, str]] = [
    ("carried", r"\b(?:(?:substantive\s+)?(?:motion|amendment|recommendations?)\s+)?(?:was\s+)?carried\b",
     "Substantive Motion carried."),
    ("lost", r"\b(?:(?:substantive\s+)?(?:motion|amendment|recommendations?)\s+)?(?:was\s+)?"
             r"(?:lost|defeated|fell|not\s+carried)\b", "Amendment lost."),
]
_RESULTS = [(name, re.compile(p, re.I)) for name, p, _ in RESULT_FORMS]

# (result, pattern, example): a vote's fate printed in the sentence that put it, when no
# division was recorded.
DECIDED_FORMS: list[tuple[str, str, str]] = [
    ("carried", r"\bto\s+the\s+vote\s+and\s+(?:it\s+)?was\s+(?:agreed|carried|approved)\b",
     "the Chairman put the amendment set out at paragraph 15 to the vote and it was agreed."),
    ("lost", r"\bto\s+the\s+vote\s+and\s+(?:it\s+)?was\s+(?:lost|defeated|not\s+carried|rejected)\b",
     "the Chairman put the motion set out in paragraph 3 to the vote and it was lost."),
]
_DECIDED = [(name, re.compile(p, re.I)) for name, p, _ in DECIDED_FORMS]

# "put the amendment set out in paragraph 17 to the vote", "the substantive motion as set out in
# Item 6, paragraph 4 above": what was voted on and where it is written.
_VOTED_ON = re.compile(
    r"\b(substantive\s+motion|amendment|motion|recommendations?)\s+(?:as\s+)?set\s+out\s+(?:in|at)\s+"
    r"(?:Item\s+\d+\w?,?\s+)?paragraph\s+(\d{1,3})\b",
    re.I,
)

_TITLE = rf"(?:{HONORIFIC}\.?|Mayor|Deputy\s+Mayor)\s+"
_NAME = rf"((?:{_TITLE})?(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]+)"
# (pattern, example): name groups are mover then seconder.
PROPOSER_FORMS: list[tuple[str, str]] = [
    (rf"{_NAME}\s+proposed,?\s+and\s+{_NAME}\s+(?i:seconded)\b", "Mr Oakford proposed, and Mr Gough seconded the motion"),
    (rf"\b(?i:moved|proposed)\s+by:?\s+{_NAME},?\s+(?:and\s+)?(?i:seconded)\s+by:?\s+{_NAME}",
     "The motion was moved by Mr P Oakford, seconded by Mr R Gough."),
]
_PROPOSERS = [re.compile(p) for p, _ in PROPOSER_FORMS]

# (pattern, example): a proposal of an amendment rather than of a motion.
AMENDMENT_FORMS: list[tuple[str, str]] = [
    (r"\bseconded\b,?\s+(?:the\s+)?(?:following\s+)?amendment\b",
     "Mr Hood proposed, and Mr Lewis seconded the following amendment:"),
    (r"\bamendment\s+was\s+(?:moved|proposed)\b", "The amendment was moved by Mr Hood, seconded by Mr Lewis."),
]
_AMENDMENT = [re.compile(p, re.I) for p, _ in AMENDMENT_FORMS]
# (pattern, example): the motion an amendment names as the one it amends; group 1 is its paragraph.
AMENDS_FORMS: list[tuple[str, str]] = [
    (r"\bamendment\s+to\s+the\s+(?:substantive\s+)?(?:motion|recommendations?)\s+(?:as\s+)?set\s+out\s+(?:in|at)\s+"
     r"(?:Item\s+\d+\w?,?\s+)?paragraph\s+(\d{1,3})\b",
     "Mr Streatfeild proposed and Mr Sole seconded the following amendment to the motion set out in paragraph 5:"),
]
_AMENDS = [re.compile(p, re.I) for p, _ in AMENDS_FORMS]
# Whose proposal a vote decides, by what was put to it: an amendment is its own proposer's; a
# motion, substantive motion (the original motion as amended) or set of recommendations is the
# original mover's, however many amendments were carried into its text.
MOVED_BY: dict[str, str] = {
    "amendment": "own", "motion": "original", "substantive motion": "original",
    "recommendation": "original", "recommendations": "original",
}

# What a proposal clause says before the motion text starts.
_PROPOSAL_HEAD = re.compile(
    r"^.*?\b(?i:seconded)\b\s*(?:by\s+\S+(?:\s+\S+)?\s*)?(?:the\s+)?(?:following\s+)?"
    r"(?:substantive\s+)?(?:motion|amendment)?\b(?:\s+to\s+the\s+[^:“\"]*?(?=[:“\"]))?\s*(?:that\b|:)?\s*",
    re.I | re.S,
)
# A numbered paragraph of a minute: "18) Following ...", "(8) Following ...", "1. The ...".
_PARAGRAPH = re.compile(r"^\(?(\d{1,3})[.)]\s+\S")
# Honours printed after a name in a list ("Sir Paul Carter, CBE"): part of the name.
_HONOUR = re.compile(r"^(?:[CMO]BE|KBE|DBE|DL|JP|QC|KC|MP)$")
_QUOTES = "“”\"'‘’"
