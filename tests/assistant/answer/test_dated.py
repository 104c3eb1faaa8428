"""A "when" answered by a passage with no day in it opens with its meeting's day."""

import pytest

from assistant.answer.base import Claim, Draft
from assistant.answer.dated import dated
from assistant.retrieve.query import parse_query
from ingest.models import DocType

from .helpers import passage

PACK = "pack"
LAST_MINUTES = {"body": "Strategic Resources and Performance", "date": "2021-03-10",
                "sources": [{"document_id": PACK, "page": 13, "status": "minuted"}]}
THIS_AGENDA = {"body": "Strategic Resources and Performance", "date": "2021-05-19",
               "sources": [{"document_id": PACK, "page": 1, "status": "agenda"}]}


class _Store:
    def __init__(self, chunks, meetings=(LAST_MINUTES, THIS_AGENDA)):
        self._chunks, self._meetings = chunks, list(meetings)

    def meetings(self):
        return self._meetings

    def chunk_ids(self, document_id):
        return [c.chunk_id for c in self._chunks if c.document_id == document_id]

    def chunks(self, ids):
        return [c for c in self._chunks if c.chunk_id in ids]


def _in_pack(n: int, text: str, page: int, doc_type=DocType.MINUTES):
    p = passage(n, text, page=page)
    p.hit.chunk.document_id, p.hit.chunk.doc_type = PACK, doc_type
    return p


AGENDA_HEAD = _in_pack(7, "Strategic Resources and Performance meeting, Wednesday 19 May 2021, 10.00 am", 1,
                       DocType.AGENDA)
MINUTES_HEAD = _in_pack(8, "NOTES of the meeting held on Wednesday 10 March 2021 at 10.00 am", 13)
CONSIDERED = _in_pack(1, "The meeting considered the report, which provided an update on the delivery plan.", 15)
ASKED = "When was the delivery plan update considered?"


def _answer(question, quoted=CONSIDERED, store=None):
    passages = [quoted, passage(2, "Other business.")]
    store = store or _Store([AGENDA_HEAD.hit.chunk, MINUTES_HEAD.hit.chunk, quoted.hit.chunk])
    draft = dated(parse_query(question), Draft(claims=[Claim(text=quoted.text, cites=[1])]), passages, store)
    return draft, passages


def test_a_minuted_passage_with_no_day_opens_with_its_meetings_day_and_cites_where_it_is_printed():
    draft, passages = _answer(ASKED)
    assert draft.claims[0].text.startswith("At the Strategic Resources and Performance meeting of 10 March 2021: ")
    assert draft.claims[0].cites == [1, 3] and [p.n for p in passages] == [1, 3, 2]
    assert passages[1].hit.chunk.page == 13  # the minutes' own head, not the pack's front sheet


@pytest.mark.parametrize("question, quoted", [
    ("What was considered about the delivery plan?", CONSIDERED),  # no "when"
    (ASKED, _in_pack(1, "The delivery plan update was considered in March 2021.", 15)),  # says its month
    (ASKED, _in_pack(1, "The report provides an update on the delivery plan.", 40, DocType.REPORT)),  # a report's
])
def test_other_answers_stand_as_they_are(question, quoted):
    draft, passages = _answer(question, quoted)
    assert draft.claims[0].text == quoted.text and len(passages) == 2


def test_no_day_is_said_when_the_paper_prints_none():
    store = _Store([CONSIDERED.hit.chunk])
    draft, _ = _answer(ASKED, store=store)
    assert draft.claims[0].text == CONSIDERED.text


def test_asked_over_the_sample_pack_the_day_is_the_minutes_not_the_packs(corpus_services):
    """The 19 May 2021 pack holds the minutes of 10 March 2021: what those minutes say was
    considered happened on 10 March, cited to the minutes' first page (13)."""
    reply = corpus_services.answerer.ask("When was the police and crime delivery plan update considered?")
    assert reply["answer"].startswith("At the Strategic Resources and Performance meeting of 10 March 2021: "), reply
    assert 13 in [c["page"] for c in reply["citations"]]


def test_the_day_is_read_from_the_answering_sentence_not_a_runner_up():
    """A runner-up saying some other month ("the minutes of March 3, 2026 adopted") gives the
    first sentence no day: it is still led by its meeting's."""
    passages = [CONSIDERED, passage(2, "That the minutes of the meeting held March 3, 2026 be adopted.")]
    store = _Store([AGENDA_HEAD.hit.chunk, MINUTES_HEAD.hit.chunk, CONSIDERED.hit.chunk])
    draft = Draft(claims=[Claim(text=CONSIDERED.text, cites=[1]), Claim(text=passages[1].text, cites=[2])])
    got = dated(parse_query(ASKED), draft, passages, store)
    assert got.claims[0].text.startswith("At the Strategic Resources and Performance meeting of 10 March 2021: ")


def test_the_verb_may_says_no_day():
    """A "when" answer saying "the council may …" still needs its meeting's day to lead it."""
    from assistant.answer.dated import _DAY_SAID

    assert not _DAY_SAID.search("That the Treasurer may invest surplus funds.")
    assert _DAY_SAID.search("Deferred to May 14, 2024.") and _DAY_SAID.search("held in july")
