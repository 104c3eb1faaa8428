"""The extractive writer's reading of PDF text: whole sentences only, layout left out."""

from __future__ import annotations

import pytest

from assistant.draft.extractive import clean, label_patterns, readable, units
from assistant.draft.template import evidence, load_template
from tests.assistant.answer.helpers import passage

SCORING = evidence().scoring


@pytest.mark.parametrize("raw,expected", [
    ("• 2.1 It is recommended that the report is noted.", "It is recommended that the report is noted."),
    ("Risk Management 8.1 There are no immediate organisational risks associated with this report.",
     "There are no immediate organisational risks associated with this report."),
    ("- **Growth in the NHP establishment** through Uplift has added officers.",
     "Growth in the NHP establishment through Uplift has added officers."),
])
def test_clean_strips_numbering_bullets_and_run_in_headings(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("text,ok", [
    ("The capital budget for 2020/21 is £42,431k and was approved in February.", True),
    ("Rural Crime Partnership Group", False),  # a heading
    ("The purpose of the report is to update the Commissioner with specific focus upon;", False),  # a lead-in
    ("Ashfield 120 33 58 29 348 22 56 £10k 48 149.", False),  # a table row
    ("This additional investment in Neighbourhood Policing can be seen in the below table (Table 1.).", False),
    ("17 of the Children Act 1989, KCC also has a general duty to safeguard children.", False),  # a tail
    ("Cabinet Reconsideration of Decision 24/00093 - Family Hubs (Pages 101 - 104) 8.", False),  # agenda line
    ("83 12,973.5 English National Concessionary Travel Scheme (ENCTS) 0.0 16,675.5 16,675.5 -47.0 0.0 16,628.5 A "
     "statutory concessionary travel scheme, providing free bus travel for older people, disabled people and "
     "disabled user companions.", False),  # a budget book's row run together: under the share of numbers
    ("Uptake rose by 12, 15 and 20 per cent across the three districts in 2024.", True),
    # a template's guidance left in the source report is no claim (it reached a Kent draft's section 2.5)
    ("For publication [Do not include information which is exempt from publication under schedule 12a of "
     "the Local Government Act 1972] Key decision criteria apply.", False),
    ("The fund [including the 2024 top-up] reached £4m in March.", True),  # a bracket that instructs no one
])
def test_readable(text, ok):
    assert readable(text, SCORING) is ok


def test_lead_in_keeps_its_bullets():
    p = passage(1, "1.1 The report updates the Commissioner with specific focus upon:\n"
                   "- Officer numbers\n- Progress on problem-solving\n")
    assert units(p) == ["The report updates the Commissioner with specific focus upon: "
                        "Officer numbers; Progress on problem-solving."]


def test_a_cover_block_falls_apart_at_its_labels():
    labels = label_patterns(load_template("kent-cabinet").labels())
    p = passage(1, "From: Rory Love, Cabinet Member To: Cabinet – 30 January 2025 Subject: School places "
                   "Classification: Unrestricted Summary: This report provides the Cabinet with the plan for approval.")
    assert "This report provides the Cabinet with the plan for approval." in units(p, labels)


def test_key_points_come_newest_first_and_recommendations_in_house_style():
    from assistant.draft.extractive import ExtractiveWriter
    from assistant.draft.gather import Subject

    template = load_template("opcc-notts")
    writer = ExtractiveWriter(SCORING, evidence().rewrites, template.labels())
    old, new = passage(1, "Rural crime fell by 12% in 2019/20 across the county."), \
        passage(2, "Rural crime rose by 4% in 2021/22 across the county.")
    old.hit.chunk.meeting_date, new.hit.chunk.meeting_date = "2020-05-01", "2022-05-01"
    subject = Subject("rural crime", {"rural": 1.0}, {"rural"})
    claims = writer.write(template.section("key_points"), evidence().kinds["facts"], subject, [old, new], set())
    assert [c.cites for c in claims] == [[2], [1]]
    rec = passage(3, "RESOLVED 2021/012 That the rural crime report be noted.")
    claims = writer.write(template.section("recommendations"), evidence().kinds["recommendation"], subject,
                          [rec], set())
    assert [c.text for c in claims] == ["It is recommended that the rural crime report be noted."]
