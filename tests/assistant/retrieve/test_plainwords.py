"""Plain words a question uses for the papers' own (assistant/retrieve/plainwords.yaml)."""

import pytest

from assistant.retrieve.plainwords import plain_expansions, plain_matches, plain_pairs, plain_rows
from assistant.retrieve.query import parse_query
from assistant.text import terms, with_abbreviations

ROWS = plain_rows()


@pytest.mark.parametrize("row", ROWS, ids=[" / ".join(" ".join(p) for p in r.plain[:2]) for r in ROWS])
def test_each_rows_example_meets_the_papers_words(row):
    """The example question says one of the row's plain phrases, and its passage, which
    shares no word with the question's plain phrase, then holds a term of the question."""
    question, passage = row.example["question"], row.example["passage"]
    assert any(r is row for _, r in plain_matches(question)), question
    asked = set(terms(question))
    plain = asked - set(terms(passage))
    met = with_abbreviations(set(terms(passage)), plain_pairs(question))
    assert met & plain, (question, passage)
    assert set(row.papers) <= set(plain_expansions(question))


@pytest.mark.parametrize("question", [
    "How much scrap metal did the township divert in 2024?",  # "scrap" the noun, not "scrapped"
    "What is the hire charge for the community hall?",  # "hire" the noun
    "Who chaired the meeting?",
])
def test_a_question_without_a_plain_phrase_adds_nothing(question):
    assert plain_pairs(question) == () and plain_expansions(question) == []


def test_a_phrase_matches_in_order_and_in_any_inflection():
    assert plain_expansions("Which requests were being put off?")[:1] == ["deferred"]
    assert plain_expansions("Which item was off the agenda and put in the minutes?") == []


def test_the_keyword_search_and_the_word_overlap_read_the_plain_words(corpus_services):
    """Through the retriever: the keyword text searches "deferred", and the pairs travel in
    the Query's memo, which the ranker and the composer read."""
    retriever = corpus_services.answerer.retriever
    q = parse_query("Which report did the panel put off until the next meeting?")
    text = retriever._keyword_text(q)
    assert "deferred" in text.split() and "postponed" in text.split()
    assert ("put", frozenset({"deferr"})) in q.memo["abbreviations"]


def test_a_calendar_of_meetings_is_the_papers_schedule():
    assert "schedule" in plain_expansions("In the calendar approved in October 2025, which February dates were set?")


@pytest.mark.parametrize("question, papers_word", [
    ("Who ended up taking the empty seat on Nipissing council at the May 2024 special meeting?", "vacancy"),
    ("Which hopeful for the council vacancy pulled out partway through her turn?", "withdrew"),
    ("Who did Nipissing name as its library board appointee in December 2025?", "appoint"),
    ("Which dealership won Nipissing's 2024 bid to supply a new public works pickup?", "pick up truck"),
    ("When does Nipissing's new swipe-card entry for its dumps start?", "landfill"),
    ("When does Nipissing's new swipe card entry start?", "card"),
])
def test_plain_words_of_seats_candidates_and_vehicles_meet_the_papers(question, papers_word):
    """Probes in a user's words (stop 46) found no passage: an "empty seat" is minuted as a
    vacancy, "pulled out" as withdrew, a "pickup" as a Pick Up Truck, "dumps" as landfill."""
    assert papers_word in plain_expansions(question)
