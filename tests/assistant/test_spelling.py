"""The spelling table: a question's word and the paper's other spelling read alike."""

from importlib import resources

import pytest
import yaml

from assistant.spelling import canonical, spellings, variants
from assistant.store.keyword import fts_query
from assistant.text import terms

_RAW = yaml.safe_load(resources.files("assistant").joinpath("spellings.yaml").read_text())


@pytest.mark.parametrize("example", _RAW["examples"], ids=lambda e: e["question"])
def test_the_question_meets_the_papers_spelling(example):
    """Some content term of the paper is one of the question's, though spelled otherwise."""
    asked, printed = set(terms(example["question"])), set(terms(example["paper"]))
    assert asked & printed
    # ... and the keyword search asks for the paper's own spelling
    paper_words = {w.lower().strip(".,") for w in example["paper"].split()}
    assert any(f'"{w}"' in fts_query(example["question"]) for w in paper_words)


def test_words_of_other_meanings_are_not_spelled_alike():
    """A meter is no metre, a draft no draught, a check no cheque: left out of the table."""
    for word in ("meter", "meters", "draft", "check", "practice", "ton", "story", "size", "prize", "seize"):
        assert variants(word) == (), word


def test_suffixes_take_the_longest_ending():
    assert spellings("organizations") == ("organisations", "organizations")
    assert spellings("prioritisation") == ("prioritisation", "prioritization")
    assert canonical("authorized") == "authorised"
    assert canonical("program") == "programme"


def test_every_row_is_one_word_in_two_spellings():
    for row in _RAW["words"]:
        assert len(row) == 2 and row[0] != row[1] and all(w == w.lower() for w in row), row
