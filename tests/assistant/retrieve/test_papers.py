"""A paper the question names by title gets a lookup of its own."""

from __future__ import annotations

import pytest

from assistant.retrieve.papers import named_papers, title_terms
from assistant.text import terms

TITLES = [
    ("m", "INVESTMENT STRATEGY", "Appendix M - Investment Strategy.pdf"),
    ("n", "Appendix N - Capital Strategy", "Appendix N - Capital Strategy.pdf"),
    ("l", "Treasury Management Strategy", "Appendix L - Treasury Management Strategy 2025-26.pdf"),
    ("min", "Township of Nipissing Council – Minutes – 2025-09-16", "Minutes-September-16-2025.pdf"),
    ("bud", "February 2025 Kent County Council Budget Report", "February 2025 Kent County Council Budget Report.pdf"),
]


@pytest.mark.parametrize("question, papers", [
    ("What losses has KCC taken on No Use Empty lending, per the investment strategy?", ["m"]),
    ("What does Kent's capital strategy expect to borrow in 2026-27?", ["n"]),
    ("How much LOBO debt is in the 2025-26 treasury management strategy?", ["l"]),
    # a title's generic words (minutes, council, the body, a month) name no paper
    ("What did the Nipissing council minutes of September 2025 say?", []),
    ("Who chaired the February 2025 budget meeting?", []),
    ("What is the strategy for treasury?", []),  # one of the title's words is missing
])
def test_papers_named_by_title(question, papers):
    assert named_papers(set(terms(question)), TITLES) == papers


def test_a_kind_of_paper_many_meetings_hold_names_none():
    many = [(str(i), "Capital Strategy", f"Capital Strategy {i}.pdf") for i in range(5)]
    assert named_papers(set(terms("What does the capital strategy say?")), many) == []


def test_title_words():
    assert title_terms("Appendix N - Capital Strategy", "x.pdf") == frozenset({"capital", "strategy"})
