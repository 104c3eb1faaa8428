"""A paper the question names by title gets a lookup of its own."""

from __future__ import annotations

import pytest

from assistant.retrieve.papers import body_words, named_papers, title_terms
from assistant.text import terms

TITLES = [
    ("m", "INVESTMENT STRATEGY", "Appendix M - Investment Strategy.pdf", ""),
    ("n", "Appendix N - Capital Strategy", "Appendix N - Capital Strategy.pdf", ""),
    ("l", "Treasury Management Strategy", "Appendix L - Treasury Management Strategy 2025-26.pdf", ""),
    ("min", "Township of Nipissing Council – Minutes – 2025-09-16", "Minutes-September-16-2025.pdf",
     "Township of Nipissing Council"),
    ("bud", "February 2025 Kent County Council Budget Report", "February 2025 Kent County Council Budget Report.pdf", ""),
    ("cab", "Cabinet (Kent County Council) – Minutes – 2025-01-30", "Minutes of Previous Meeting.pdf",
     "Cabinet (Kent County Council)"),
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
    many = [(str(i), "Capital Strategy", f"Capital Strategy {i}.pdf", "") for i in range(5)]
    assert named_papers(set(terms("What does the capital strategy say?")), many) == []


def test_title_words():
    assert title_terms("Appendix N - Capital Strategy", "x.pdf") == frozenset({"capital", "strategy"})


def test_the_archives_body_names_and_their_initials_name_no_paper():
    """Which words are a body's comes from the store's bodies, not from a list of the
    archive's councils in the code: "Kent", "KCC" and "Nipissing" title many papers."""
    assert {"kent", "kcc", "nipiss", "township", "cabinet"} <= body_words(
        ["Cabinet (Kent County Council)", "Township of Nipissing Council"])
    # "the KCC budget report" names no more than "the budget report" does: one word is no title
    assert named_papers(set(terms("What does the KCC budget report say about reserves?")), TITLES) == []


def test_a_title_many_papers_share_or_that_says_too_little_gives_way_to_the_file_name():
    shared = [(str(i), "Budget Amendment Form", f"{i} - Amendment - Fly Tipping {i}.pdf", "") for i in range(5)]
    assert named_papers(set(terms("What did the fly tipping amendment propose?")), shared[:1] + [
        (f"x{i}", "Budget Amendment Form", f"Amendment {i}.pdf", "") for i in range(4)]) == ["0"]
    vague = [("sup", "COUNTY COUNCIL - THURSDAY, 9 JANUARY 2025", "Item 3 Supplement - English Devolution White Paper.pdf",
              "County Council")]
    assert named_papers(set(terms("What does the English devolution white paper supplement say?")), vague) == ["sup"]
