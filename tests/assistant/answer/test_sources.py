"""A claim quoting a decision record also cites the minutes' passage it was read from."""

from assistant.answer.base import Claim, Draft
from assistant.answer.sources import sources_of, with_sources

from .helpers import passage

VOTE = ("Minute 285, paragraph 17 (item 3 Devolution; County Council, 9 January 2025) [rejected]: Amendment "
        "proposed (moved) by Mr Hood, seconded by Mr Baldock. The voting was: For (14), Against (45), Abstain (4): "
        "14 in favour, 45 against and 4 abstentions; Amendment lost. Comment that the Council prefers the "
        "Foundation Strategic Authority route in the fastest possible timeframe.")
RESOLUTION = ("Resolution R2024-118 (Township of Nipissing Council, 28 May 2024) [carried]: Proposed (moved) by "
              "S. Foote, seconded by D. Yemm. RESOLVED: That we award Tender NIP-PW-2-2024 for delivery and "
              "stockpile of winter sand to Creighton Aggregates.")


def _paper(record_text: str, *others: tuple[str, int]):
    """A record passage on page 6 and the paper's other passages ((text, page) each)."""
    record = passage(1, record_text, kind="register", page=6)
    return record, [record.hit.chunk] + [passage(10 + i, t, page=p).hit.chunk for i, (t, p) in enumerate(others)]


def test_a_votes_source_is_the_passage_printing_its_count_not_the_one_with_most_of_its_words():
    record, chunks = _paper(
        VOTE,
        ("Comment that the Council prefers the Foundation Strategic Authority route in the fastest possible "
         "timeframe (moved by Mr Hood, seconded by Mr Baldock).", 6),
        ("(18) The Chairman put the amendment set out in paragraph 17 to the vote and the voting was as "
         "follows: For (14) Mr Baldock, Mr Brady Against (45)", 6),
    )
    assert "put the amendment" in sources_of(record.hit, chunks)[0].chunk.text


def test_a_vote_whose_names_carry_its_other_counts_over_cites_the_next_passage_too():
    record, chunks = _paper(
        VOTE,
        ("(18) The Chairman put the amendment set out in paragraph 17 to the vote and the voting was as "
         "follows: For (14) Mr Baldock, Mr Brady", 6),
        ("Mr Hook, Mr Lewis Against (45) Mr Baker, Mr Bond Abstain (4) Mrs Bell, Mr Sole Amendment lost", 7),
        ("Abstain (4) appears in another vote's list further on", 9),
    )
    got = [h.chunk.text[:10] for h in sources_of(record.hit, chunks)]
    assert got == ["(18) The C", "Mr Hook, M"]


def test_a_vote_put_at_the_end_of_one_passage_and_counted_in_the_next_cites_both():
    record, chunks = _paper(
        VOTE,
        ("Mr Betts explained the budget. (18) The Chairman put the amendment set out in paragraph 17 to the "
         "vote and the voting was as follows:", 6),
        ("For (14) Mr Baldock, Mr Brady Against (45) Mr Baker Abstain (4) Mrs Bell", 6),
    )
    assert [h.chunk.text[:10] for h in sources_of(record.hit, chunks)] == ["Mr Betts e", "For (14) M"]


def test_a_vote_counted_on_the_page_before_its_resolution_is_found_there():
    record, chunks = _paper(VOTE, ("(26) The Chairman put the substantive motion to the vote and the voting was as "
                                   "follows: For (14) Mr Baker Against (45) Mr Hood Abstain (4) Mrs Bell", 5))
    assert [h.chunk.text[:4] for h in sources_of(record.hit, chunks)] == ["(26)"]


def test_a_resolutions_source_holds_most_of_its_words_on_its_page_or_the_next():
    record, chunks = _paper(
        RESOLUTION,
        ("That we award Tender NIP-PW-2-2024 for delivery and stockpile of winter sand to Creighton "
         "Aggregates. Carried. R2024-118 S. Foote, D. Yemm", 9),  # the same words, pages away
        ("Council heard a delegation about road salt.", 6),
    )
    assert sources_of(record.hit, chunks) == []
    record, chunks = _paper(RESOLUTION, ("Council heard a delegation about road salt.", 6),
                            ("That we award Tender NIP-PW-2-2024 for delivery and stockpile of winter sand to "
                             "Creighton Aggregates. Carried. R2024-118", 7))
    assert "Creighton" in sources_of(record.hit, chunks)[0].chunk.text


class _Store:
    def __init__(self, chunks):
        self._chunks = chunks

    def chunk_ids(self, document_id):
        return [c.chunk_id for c in self._chunks]

    def chunks(self, ids):
        return [c for c in self._chunks if c.chunk_id in ids]


def test_the_claim_cites_the_source_next_to_its_record_and_other_claims_are_untouched():
    record, chunks = _paper(RESOLUTION, ("That we award Tender NIP-PW-2-2024 for delivery and stockpile of "
                                         "winter sand to Creighton Aggregates. Carried.", 6))
    other = passage(2, "Council adjourned at 8:15 p.m.")
    passages = [record, other]
    draft = Draft(claims=[Claim(text="the record", cites=[1]), Claim(text="adjourned", cites=[2])])
    got = with_sources(draft, passages, _Store(chunks))
    assert [p.n for p in passages] == [1, 3, 2]  # the source is read beside its record
    assert passages[1].hit.chunk.chunk_id == chunks[1].chunk_id
    assert [c.cites for c in got.claims] == [[1, 3], [2]]




def test_a_vote_answer_over_real_minutes_cites_the_passage_printing_the_vote(tmp_path):
    """Kent's minutes of 13 February 2025 (pages 1-3): the register record says "The voting
    was: For (57) …"; the answer cites it and then the minutes' own lines."""
    from pathlib import Path

    from .helpers import ask_over

    minutes = Path(__file__).resolve().parents[2] / "fixtures" / "minutes" / "kcc-county-council-2025-02-13-p1-3.txt"
    (reply,), _ = ask_over(tmp_path, [minutes], "How many members voted for noting the section 25 assurance statement?")
    cites = reply["citations"]
    assert not reply["abstained"] and cites[0]["chunk_id"].rsplit(":", 1)[1].startswith("r"), reply
    printed = [c for c in cites[1:] if c["document_id"] == cites[0]["document_id"] and "For (" in c["text"]]
    assert printed and "to the vote" in printed[0]["text"], cites


def test_sources_listed_already_are_read_beside_the_record_in_the_papers_order():
    record, chunks = _paper(
        VOTE,
        ("(18) The Chairman put the amendment set out in paragraph 17 to the vote and the voting was as follows:", 6),
        ("For (14) Mr Baldock, Mr Brady Against (45) Mr Baker Abstain (4) Mrs Bell", 6),
    )
    put, counted = (passage(n, c.text, page=6) for n, c in ((5, chunks[1]), (6, chunks[2])))
    put.hit.chunk.chunk_id, counted.hit.chunk.chunk_id = chunks[1].chunk_id, chunks[2].chunk_id
    passages = [passage(2, "Council met."), record, put, passage(3, "Other business."), counted]
    draft = with_sources(Draft(claims=[Claim(text="the record", cites=[1])]), passages, _Store(chunks))
    assert [p.n for p in passages] == [2, 1, 5, 6, 3]
    assert draft.claims[0].cites == [1, 5, 6]


