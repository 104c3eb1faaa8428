"""Run-in minutes labels answer questions that never say the label's word (labels.yaml)."""

import pytest

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.labels import asked_labels, label_table, led_by
from assistant.settings import AnswerSettings
from tests.assistant.answer.helpers import passage

EXAMPLES = [(row.name, unit, question) for row in label_table() for unit, question in row.examples]


@pytest.mark.parametrize("name, unit, question", EXAMPLES)
def test_each_example_question_asks_for_its_label_and_the_unit_is_led_by_it(name, unit, question):
    asked = asked_labels(question)
    assert name in [row.name for row in asked]
    assert led_by(unit, asked)


@pytest.mark.parametrize("question", [
    "How much did the township pay for the grader?",
    "What did council decide about the bridge?",
    "Who seconded the motion?",
])
def test_most_questions_ask_for_no_label(question):
    assert asked_labels(question) == ()


def test_a_label_is_only_a_label_at_the_start_of_a_unit():
    guests = [row for row in label_table() if row.name == "guests"]
    assert not led_by("The Mayor welcomed the guests: residents of Bear Creek.", tuple(guests))


def test_the_unit_a_label_leads_is_the_answer():
    text = ("A Special meeting of the Township of Nipissing Council was held on Tuesday, September 2, 2025.\n"
            "Present: Mayor Dave Yemm and Councillors Lisa Chalapenko and James Scott.\n"
            "Guests: Ed Veldboom, Russell, Christie, LLP and Jamie Robinson, MHBC Planning.\n"
            "Next regular meeting to be held September 16, 2025.")
    draft = ExtractiveComposer(AnswerSettings(abstain_threshold=0.0)).compose(
        "Which lawyer and planner sat in on the special meeting of September 2, 2025?", [passage(1, text)])
    assert draft.claims[0].text.startswith("Guests: Ed Veldboom")
