"""assistant.text: the words questions and passages are compared in."""

import pytest

from assistant.text import terms, tokens


@pytest.mark.parametrize("text, want", [
    ("Labour's amendment", ["labour", "amendment"]),
    ("the Township\u2019s insurer", ["the", "township", "insurer"]),  # a typographic apostrophe
    ("Nipissing's", ["nipissing"]),
    ("don't", ["don't"]),  # a contraction is not a possessive
    ("O'Brien", ["o'brien"]),
    ("minute 2021/007", ["minute", "2021/007"]),
])
def test_tokens_keep_words_and_drop_possessives(text, want):
    assert tokens(text) == want


def test_a_possessive_question_word_meets_the_papers_word():
    """"the township's insurer" must share 'township' with "the Township renews …"."""
    assert set(terms("Who is the township's insurer?")) & set(terms("The Township renews its insurance"))
