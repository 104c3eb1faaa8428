"""A near miss by label: the answer names "Plan 5" for a question about "Plan 4"."""

import pytest

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.siblings import labelled, sibling_label, sibling_year
from assistant.answer.reasons import Reason, explain
from assistant.settings import AnswerSettings
from tests.assistant.answer.helpers import passage


@pytest.mark.parametrize("question, things", [
    ("How many voted against Local Transport Plan 4?", [("Local Transport", "Plan", "4")]),
    ("What is the top of the KS Z pay range?", [("", "KS", "Z")]),
    ("How much did the Bear Creek culvert #3 relining cost?", [("Bear Creek", "culvert", "#3")]),
    ("How many KPIs were green at quarter 3?", [("", "quarter", "3")]),
    # a day of a month, a date or a count is no label
    ("Who chaired the meeting on 9 January 2025?", []),
    ("When is the next meeting after the May 28, 2024 one?", []),
    ("What did the 10 March 2021 meeting decide?", []),
])
def test_labelled_things_a_question_names(question, things):
    assert labelled(question) == things


@pytest.mark.parametrize("question, answer, paper, found", [
    # the answer names a sibling and the paper never names the one asked: a near miss
    ("How many voted against Local Transport Plan 4?",
     "RESOLVED that the County Council adopts Local Transport Plan 5.", "Local Transport Plan 5 ...",
     ("Local Transport Plan 4", "Local Transport Plan 5")),
    ("What is the top of the KS Z pay range?", "KS M £77,348 £79,671", "KS A ... KS M", ("KS Z", "KS M")),
    # the paper names the one asked too: the answer may be about both
    ("How many voted against Local Transport Plan 4?",
     "RESOLVED that the County Council adopts Local Transport Plan 5.", "It replaces Local Transport Plan 4.", None),
    # the answer names the one asked
    ("What is the top of the KS R pay range?", "KS R £217,528 £247,055 KS Q £168,222", "", None),
    # a letter is no sibling of a number, nor another word's label
    ("What is the top of the KS Z pay range?", "Grade 7 £77,348", "", None),
    ("How many voted against Local Transport Plan 4?", "Item 5: the plan was adopted.", "", None),
])
def test_an_answer_about_a_sibling_of_what_was_asked(question, answer, paper, found):
    assert sibling_label(question, answer, paper) == found


def test_the_composer_abstains_on_a_sibling_and_says_which():
    text = "Minute 278. RESOLVED that the County Council approves and adopts Local Transport Plan 5: " \
           "the voting was For (51), Against (6), Abstain (2)."
    question = "How many voted against Local Transport Plan 4 at the County Council?"
    near = ExtractiveComposer(AnswerSettings(abstain_threshold=0.0), document_text=lambda doc_id: text)
    draft = near.compose(question, [passage(1, text)])
    assert draft.abstained
    assert explain(draft.reason) == "The closest passage found is about Local Transport Plan 5, not Local Transport Plan 4."
    # the same passage answers the question about the plan it is about
    assert not near.compose(question.replace("Plan 4", "Plan 5"), [passage(1, text)]).abstained
    # without a store's papers to read, nothing is judged a sibling
    assert not ExtractiveComposer(AnswerSettings(abstain_threshold=0.0)).compose(question, [passage(1, text)]).abstained


def test_the_reason_row_renders():
    assert "Plan 5" in explain(Reason("other_label", {"asked": "Plan 4", "said": "Plan 5"}))


@pytest.mark.parametrize("question, answer, found", [
    # the answer names other financial years only: a near miss however the year is written
    ("What council tax requirement did Kent agree for 2023/24?",
     "Minute 291, RESOLVED (Revenue Budget 2025-26 (including Council Tax Setting 2025/26))", ("2023/24", "2025-26")),
    ("What was the policing levy in 2022-2023?", "Policing Services 2024/25 325,490", ("2022-2023", "2024/25")),
    # the answer names the asked year, in any of its forms, beside others
    ("What council tax did Kent agree for 2025/26?", "Council Tax Setting 2025-26", None),
    ("What was spent in 2023-24?", "2023/24 Actual 2024/25 Budget", None),
    # a span of years is no financial year, and a calendar year is left to the scores
    ("What does the 2025-35 capital programme hold for 2026/27?", "Capital Programme 2025-35", None),
    ("What did Kent agree in 2023?", "Council Tax Setting 2025/26", None),
    ("What council tax did Kent agree for 2023/24?", "The meeting agreed the council tax.", None),
])
def test_an_answer_about_another_financial_year(question, answer, found):
    assert sibling_year(question, answer) == found


def test_the_composer_abstains_on_another_financial_year_and_says_which():
    text = "RESOLVED that the council tax requirement for 2025/26 be £1,077,400,000."
    near = ExtractiveComposer(AnswerSettings(abstain_threshold=0.0))  # no papers needed
    draft = near.compose("What council tax requirement did Kent agree for 2023/24?", [passage(1, text)])
    assert draft.abstained
    assert explain(draft.reason) == "The closest passage found is about 2025/26, not 2023/24."
    assert not near.compose("What council tax requirement did Kent agree for 2025/26?", [passage(1, text)]).abstained


def test_a_table_rows_years_are_its_column_heads():
    row, table = "MRP | 59.4 | 59.7 | 60.1 | 60.9 | 67.9", "2026-27 | budget\n2027-28 | budget\nMRP 59.4 59.7 60.1 60.9 67.9"
    assert sibling_year("What MRP is budgeted for 2027-28?", row + " 2025-26", table) is None
    assert sibling_year("What MRP is budgeted for 2029-30?", row + " 2025-26", table) == ("2029-30", "2025-26")
