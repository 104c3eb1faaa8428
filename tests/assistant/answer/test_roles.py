"""roles.yaml: a role asked with a plain verb is said in the minutes' own words."""

import pytest
import yaml
from importlib import resources

from assistant.answer.features import role_said, role_term, role_words
from assistant.text import terms

ROWS = yaml.safe_load(resources.files("assistant.answer").joinpath("roles.yaml").read_text())["roles"]


@pytest.mark.parametrize("role,row", sorted(ROWS.items()))
def test_each_roles_example_asks_that_role_and_its_passage_says_it(role, row):
    question, passage = row["example"]["question"], row["example"]["passage"]
    assert role_term(question) == role
    assert role_said(role, set(terms(passage)))
    assert role not in terms(passage)  # said only in the minutes' own word, which is the point


def test_a_passage_without_the_role_or_its_words_does_not_say_it():
    assert not role_said("join", set(terms("The committee met on Tuesday and received the report.")))
    assert not role_said("chair", set(terms("Councillor Scott moved the motion.")))
    assert role_said("chair", set(terms("Councillor Scott chaired the meeting.")))
    assert all(words for words in role_words().values())


@pytest.mark.parametrize("question, passage", [
    ("Who bought the old grader?", "That we accept the offer to purchase the grader."),  # an irregular past
    ("Who donated to the fall fair?", "That we approve a donation of $500 to the fall fair."),  # stems apart
    ("Who insures the township?", "That we renew the township's insurance with Intact."),
    ("Who advises the council on treasury management?", "Link Group is the Council's treasury advisor."),
])
def test_a_verb_the_light_stemmer_cannot_meet_is_said_by_the_table(question, passage):
    role = role_term(question)
    assert role not in terms(passage) and role_said(role, set(terms(passage)))
