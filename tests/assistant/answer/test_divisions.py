"""Who voted which way: the sides table, the answer a division gives, and end to end over
Kent's minutes of 13 February 2025 (the section 25 vote: 57 for, none against, 2 abstained)."""

from pathlib import Path

import pytest

from assistant.answer.divisions import decision_of, division_answer, member_asked, side_asked, sides
from assistant.retrieve.query import parse_query
from ingest.models import Chunk, Decision
from ingest.register import register_text

MINUTES = Path(__file__).resolve().parents[2] / "fixtures" / "minutes" / "kcc-county-council-2025-02-13-p1-3.txt"


@pytest.mark.parametrize("side, question", [(s.name, q) for s in sides()[0] for q in s.examples])
def test_each_side_is_read_from_its_examples(side, question):
    assert side_asked(question).name == side
    assert parse_query(question).shape.name == "vote_names"


@pytest.mark.parametrize("question", sides()[1])
def test_how_one_member_voted_asks_no_side(question):
    assert side_asked(question) is None and member_asked(question)[0] in ("Mr", "Councillor")
    assert parse_query(question).shape.name == "vote_names"


@pytest.mark.parametrize("question", ["How many members voted against the budget amendment?",
                                      "How did members vote on the amendment?", "Who seconded the motion?",
                                      # an election, not a division
                                      "Who was voted in as vice-chairman of the panel?",
                                      "Who voted to adjourn the meeting?"])
def test_counts_and_movers_stay_their_own_shapes(question):
    assert parse_query(question).shape.name != "vote_names"


def _vote(**names) -> Decision:
    return Decision(ref="minute:290", text="County Council noted the report.", document_id="m", file="m.pdf",
                    page=3, body="County Council", date="2025-02-13", item="5", item_title="Section 25 Report",
                    kind="motion", votes_for=3, votes_against=0, abstentions=2,
                    for_names=names.get("for_", ["Mr Baker", "Mr Hook", "Sir Paul Carter, CBE"]),
                    against_names=[], abstain_names=names.get("abstain", ["Mr B Lewis", "Mr D Ross"]))


def test_a_side_asked_is_answered_with_its_names_and_count():
    found = division_answer(parse_query("Who abstained on the section 25 motion?"), _vote())
    assert found.text == ("Abstain (2) on the motion on Section 25 Report (County Council, 13 February 2025): "
                          "Mr B Lewis, Mr D Ross.")
    assert found.quote == "Abstain (2)" and found.names == ("Mr B Lewis", "Mr D Ross")


def test_a_side_printed_empty_is_said_to_have_no_one():
    found = division_answer(parse_query("Who voted against the section 25 motion?"), _vote())
    assert found.text.startswith("No member voted against the motion on Section 25 Report") and not found.names


def test_one_member_is_found_on_their_side_by_surname():
    assert division_answer(parse_query("How did Mr Hook vote on the section 25 report?"), _vote()).text == \
        "Mr Hook voted for the motion on Section 25 Report (County Council, 13 February 2025)."
    assert division_answer(parse_query("Did Sir Paul Carter vote on it?"), _vote()).names == ("Sir Paul Carter, CBE",)
    # a member named is answered with their side, whichever side the question says
    assert division_answer(parse_query("Did Mr Ross vote for the section 25 motion?"), _vote()).text.startswith(
        "Mr D Ross abstained on the motion")
    assert division_answer(parse_query("How did Mr Lehmann vote on the section 25 report?"), _vote()) is None
    # two members of one surname: the title asked tells them apart
    twins = Decision(**{**_vote().__dict__, "for_names": ["Mr Meade"], "abstain_names": ["Ms Meade"]})
    assert division_answer(parse_query("How did Ms Meade vote?"), twins).text.startswith("Ms Meade abstained on")
    assert division_answer(parse_query("How did Councillor Meade vote?"), twins).text.startswith("Mr Meade voted for")


def test_a_members_amendment_names_no_voter():
    """"Mr Hood's amendment" is the mover's: the side asked is answered."""
    assert member_asked("Who voted in favour of Mr Hood's amendment?") is None
    found = division_answer(parse_query("Who voted for Mr Hood's amendment on the section 25 report?"), _vote())
    assert found.text.startswith("For (3) on the motion") and "Mr Hook" in found.names


def test_a_vote_without_names_gives_no_answer():
    assert division_answer(parse_query("Who abstained on it?"), _vote(for_=[], abstain=[])) is None


def test_a_register_passage_finds_its_decision():
    vote = _vote()
    chunk = Chunk(chunk_id="m:r000", document_id="m", file="m.pdf", text=register_text(vote), page=3)
    other = Decision(**{**vote.__dict__, "text": "County Council agreed the budget."})
    tally = Decision(**{**vote.__dict__, "abstentions": 1})
    assert decision_of(chunk, [other, tally, vote]) is vote and decision_of(chunk, [other, tally]) is None
    # what an amendment changed is in its passage, not in the table: it is still found
    amended = Decision(**{**vote.__dict__, "changes": "Recommend that the elections be held in May 2025."})
    chunk = Chunk(chunk_id="m:r001", document_id="m", file="m.pdf", text=register_text(amended), page=3)
    assert decision_of(chunk, [vote]) is vote


def test_who_voted_how_end_to_end(tmp_path):
    from tests.assistant.answer.helpers import ask_over

    (abstained, hook, against), _ = ask_over(
        tmp_path, [MINUTES], "Who abstained on the section 25 motion?",
        "How did Mr Hook vote on the section 25 report?", "Who voted against the section 25 report motion?")
    assert "Mr B Lewis, Mr D Ross" in abstained["answer"] and "Abstain (2)" in abstained["answer"]
    assert "Mr Hook voted for" in hook["answer"]
    assert "No member voted against" in against["answer"]
    for reply in (abstained, hook, against):
        assert not reply["abstained"] and reply["citations"]


def test_the_register_keeps_the_names(tmp_path):
    from tests.assistant.answer.helpers import stored

    vote = stored(tmp_path, [MINUTES], lambda store: next(d for d in store.decisions() if d.abstentions == 2))
    assert vote.abstain_names == ["Mr B Lewis", "Mr D Ross"] and len(vote.for_names) == 57
