"""Who holds an office, from the lists of those present in minutes (assistant.answer.offices)."""

from pathlib import Path

import pytest

from assistant.answer.offices import holds, office_asked, office_holder
from assistant.answer.records import record_answer
from assistant.retrieve.query import parse_query
from tests.assistant.answer.helpers import ask_over


@pytest.mark.parametrize("question, office", [
    ("Who is Nipissing's fire chief?", "fire chief"),
    ("Who is the township's clerk?", "clerk"),
    ("Who was the mayor of Nipissing in 2023?", "mayor"),
    ("Who is the current deputy clerk?", "deputy clerk"),
    ("Who is the Township of Nipissing's operations superintendent?", "operations superintendent"),
    ("Who is the township's insurer for 2024-25?", "insurer"),  # asked; no list will hold it
    ("Who moved the motion on the budget?", None),
    ("Which firm won the tender?", None),
])
def test_the_office_a_question_asks_about(question, office):
    assert office_asked(question) == office


@pytest.mark.parametrize("entry, office, held", [
    ("Fire Chief-MLEO-CEMC Will Bateman (staff)", "fire chief", True),
    ("Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)", "clerk", True),
    ("Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)", "treasurer", True),
    ("Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)", "municipal administrator", True),
    ("Deputy Clerk-Administrative Assistant Kristin Linklater (staff)", "clerk", False),
    ("Deputy Clerk-Administrative Assistant Kristin Linklater (staff)", "deputy clerk", True),
    ("Deputy Treasurer (staff)", "deputy treasurer", False),  # names nobody
    ("Mayor Tom Piper", "mayor", True),
    ("Deputy Mayor Dave Yemm", "mayor", False),
    ("Mr R W Gough (Chairman)", "chairman", False),
    # Kent's minutes print the office in brackets after the name
    ("Dr A Ghosh (Director of Public Health)", "director of public health", True),
    ("Mrs S Hammond (Corporate Director Children, Young People and Education)", "corporate director", True),
    ("Mrs A Beer (Chief Executive)", "chief executive", True),
    ("Mr J Betts (Interim Corporate Director Finance)", "corporate director finance", True),  # held for now
    ("Mrs A Beer (Chief Executive)", "executive", False),
    # OPCC minutes: the name, a dash, the office and its organisation
    ("Craig Guildford - Chief Constable, Nottinghamshire Police", "chief constable", True),
    ("Kevin Dennis - Chief Executive, OPCC", "chief executive", True),
    ("Katherine Cant – Head of Service, Nottinghamshire Victim CARE", "chief executive", False),
])
def test_an_entry_gives_the_office_to_a_named_person(entry, office, held):
    assert holds(entry, office) is held


def _minutes(date, *attendees):
    return {"meeting_id": f"n-{date}", "body": "Township of Nipissing Council", "date": date, "status": "minuted",
            "attendees": list(attendees), "sources": [{"document_id": f"m{date}", "file": "m.pdf", "page": 1,
                                                       "status": "minuted"}]}


HELD = [_minutes("2023-12-19", "Mayor Tom Piper", "Fire Chief-MLEO-CEMC Will Bateman (staff)"),
        _minutes("2025-03-04", "Mayor Dave Yemm", "Deputy Treasurer (staff)"),
        {**_minutes("2025-04-01", "Mayor Dave Yemm"), "status": "agenda"}]


def test_the_latest_minutes_listing_the_office_answer_or_those_of_the_period_named():
    bodies = ("Township of Nipissing Council",)
    assert office_holder(parse_query("Who is the mayor?", bodies), HELD)[1] == "Mayor Dave Yemm"
    assert office_holder(parse_query("Who was the mayor in 2023?", bodies), HELD)[1] == "Mayor Tom Piper"
    meeting, entry = office_holder(parse_query("Who is the fire chief?", bodies), HELD)
    assert (meeting["date"], entry) == ("2023-12-19", "Fire Chief-MLEO-CEMC Will Bateman")
    assert office_holder(parse_query("Who is the deputy treasurer?", bodies), HELD) is None
    assert office_holder(parse_query("Who was the fire chief in 2025?", bodies), HELD) is None
    found = record_answer(parse_query("Who is the fire chief?", bodies), HELD)
    assert found.text == ("Present at the Township of Nipissing Council meeting of 19 December 2023: "
                          "Fire Chief-MLEO-CEMC Will Bateman.")
    assert (found.document_id, found.page) == ("m2023-12-19", 1)


def test_ask_answers_who_holds_an_office_from_the_minutes(tmp_path):
    """Nipissing's minutes list staff by title; the answer quotes the entry and cites the list."""
    from tests.pdfgen import write_pdf

    text = (Path(__file__).parents[2] / "fixtures" / "minutes" / "nipissing-2024-05-14.txt").read_text()
    pdf = tmp_path / "Minutes-May-14-2024.pdf"
    write_pdf(pdf, [[ln.rstrip() for ln in text.splitlines()[:40]]])
    (reply, other), _ = ask_over(tmp_path / "s", [pdf], "Who is the township's fire chief?",
                                 "Who is the township's harbour master?")
    assert not reply["abstained"], reply.get("reason")
    assert "Fire Chief-MLEO-CEMC Will Bateman" in reply["answer"]
    assert reply["citations"][0]["file"] == "Minutes-May-14-2024.pdf"
    assert "Bateman" in reply["citations"][0]["text"]
    assert "meeting of 14 May 2024" not in other["answer"], "no list names a harbour master"


@pytest.mark.parametrize("question, phrases", [
    ("Who is Kent's Cabinet Member for Finance?", ["cabinet member for finance", "cabinet member"]),
    ("Who is the Leader of Kent County Council?", ["leader of kent county council", "leader"]),
    ("Who was the mayor in 2023?", ["mayor"]),
    # a portfolio given as users give it, read as papers print it ("Cabinet Member for Finance")
    ("Who is Kent's cabinet member responsible for finance?", ["cabinet member for finance", "cabinet member"]),
    ("Who is Kent's cabinet member in charge of education?", ["cabinet member for education", "cabinet member"]),
])
def test_the_office_with_its_qualifier_then_its_head(question, phrases):
    from assistant.answer.offices import office_phrases

    assert office_phrases(question) == phrases


FINANCE = ["cabinet member for finance", "cabinet member"]


@pytest.mark.parametrize("text, phrases, score", [
    ("1. Mr Oakford, Deputy Leader and Cabinet Member for Finance, Corporate and Traded Services, said", FINANCE, 1.0),
    ("Mrs Chandler, Cabinet Member for Integrated Children’s Services, introduced the report", FINANCE, 0.5),
    ("to the Corporate Director for Finance, in consultation with the Deputy Leader and Cabinet Member for "
     "Finance, Corporate and Traded Services.", FINANCE, 0.0),  # the office named, its holder not
    ("Leader of the Council: Roger Gough", ["leader"], 1.0),
    ("10) Mr Lehmann commended the Leader for involving district and borough council leaders", ["leader"], 0.0),
])
def test_a_name_printed_beside_the_office(text, phrases, score):
    from assistant.answer.offices import names_holder

    assert names_holder(text, phrases) == score


def test_a_signature_blocks_name_and_office_on_lines_of_their_own():
    from assistant.answer.offices import holder_near

    passage = "Roger Gough\nLeader of the Council\nSessions House\nCounty Hall, Maidstone"
    assert holder_near("Roger Gough", passage, ["leader"]) == 1.0
    assert holder_near("County Hall, Maidstone", passage, ["leader"]) == 0.0


def test_of_several_holding_an_office_the_one_whose_portfolio_is_asked_and_the_councils_own_name():
    """Kent's Cabinet minutes list three corporate directors: the question's portfolio tells
    which. "Kent County Council's …" names the council, whose officers its Cabinet lists."""
    meetings = [{"meeting_id": "c", "body": "Cabinet (Kent County Council)", "date": "2025-01-30",
                 "status": "minuted", "sources": [{"document_id": "m", "page": 1, "status": "minuted"}],
                 "attendees": ["Mr R W Gough (Chairman)", "Mr S Jones (Corporate Director of Growth, Environment and Transport)",
                               "Mrs S Hammond (Corporate Director Children, Young People and Education)"]},
                {"meeting_id": "cc", "body": "County Council", "date": "2025-02-13", "status": "minuted",
                 "sources": [{"document_id": "n", "page": 1, "status": "minuted"}], "attendees": ["Mr N Baker"]}]
    bodies = ("Cabinet (Kent County Council)", "County Council")
    q = parse_query("Who is Kent County Council's Corporate Director for Children, Young People and Education?", bodies)
    assert q.body == "County Council"
    assert office_holder(q, meetings)[1] == "Mrs S Hammond (Corporate Director Children, Young People and Education)"


def test_an_office_whose_name_holds_a_bodys_words_names_no_body():
    """"Who is the Police and Crime Commissioner?" holds every distinctive word of the stored
    body "Police and Crime Panel"; the office is read from any body's minutes, not the Panel's."""
    meetings = [{"meeting_id": "s", "body": "Strategic Resources and Performance", "date": "2021-03-10",
                 "status": "minuted", "sources": [{"document_id": "p", "page": 13, "status": "minuted"}],
                 "attendees": ["Paddy Tipping - Police and Crime Commissioner", "Kevin Dennis - Chief Executive, OPCC"]}]
    q = parse_query("Who is the Police and Crime Commissioner?", ("Police and Crime Panel", "Strategic Resources and Performance"))
    assert q.body == "Police and Crime Panel"
    assert office_holder(q, meetings)[1] == "Paddy Tipping - Police and Crime Commissioner"


def test_an_office_holder_is_cited_to_the_minutes_page_the_record_was_read_from(corpus_services):
    """The OPCC pack prints its officers on its front sheet (page 1, the next meeting's) and in
    the 10 March 2021 minutes (page 13): the record was read from page 13, whose passage prints
    the day the sentence names; page 1's does not, and the verifier dropped the sentence."""
    reply = corpus_services.answerer.ask("Who is the Chief Finance Officer of the OPCC?")
    assert not reply["abstained"] and "Charlie Radford - Chief Finance Officer" in reply["answer"]
    assert reply["citations"][0]["page"] == 13 and "10 March 2021" in reply["answer"]


def test_a_records_sentence_drops_the_meetings_day_when_its_passage_does_not_print_it():
    from assistant.answer.base import Claim
    from assistant.answer.service import _checkable
    from tests.assistant.answer.helpers import passage

    cited = [passage(1, "Charlie Radford - Chief Finance Officer, OPCC")]
    dated = Claim("Present at the meeting of 10 March 2021: Charlie Radford - Chief Finance Officer, OPCC.", [1])
    undated = "Present at the meeting: Charlie Radford - Chief Finance Officer, OPCC."
    assert _checkable(dated, undated, cited).text == undated
    printed = [passage(1, "Wednesday 10 March 2021\nCharlie Radford - Chief Finance Officer, OPCC")]
    assert _checkable(dated, undated, printed).text == dated.text


def test_the_portfolio_asked_must_be_the_entrys():
    """"Who is the Corporate Director of Finance?" was answered with the Corporate Director
    of Children, Young People and Education, the only "Corporate Director" listed; the
    owner's name ("at Kent") is no portfolio."""
    kent = [{**_minutes("2025-01-30", "Mrs S Hammond (Corporate Director Children, Young People and Education)",
                        "Dr A Ghosh (Director of Public Health)"), "body": "Cabinet (Kent County Council)"}]
    assert office_holder(parse_query("Who is the Corporate Director of Finance at Kent?"), kent) is None
    kent[0]["attendees"].append("Mr J Betts (Interim Corporate Director Finance)")
    assert office_holder(parse_query("Who is the Corporate Director of Finance at Kent?"), kent)[1] == \
        "Mr J Betts (Interim Corporate Director Finance)"
    assert office_holder(parse_query("Who is the Director of Public Health at Kent?"), kent)[1] == \
        "Dr A Ghosh (Director of Public Health)"


def test_the_chair_of_a_body_named_is_whoever_chairs_its_meetings():
    """"Who is the chairman of Kent County Council?": the minutes mark "(Chairman)" beside the
    member in the chair, which names the office only of the body the question names; a
    Cabinet's chairman is no chairman of the council, nor is any chairman of no body named."""
    meetings = [{"meeting_id": "c", "body": "Cabinet (Kent County Council)", "date": "2025-01-30",
                 "status": "minuted", "sources": [{"document_id": "m", "page": 1, "status": "minuted"}],
                 "attendees": ["Mr R W Gough (Chairman)", "Mr N Baker"]},
                {"meeting_id": "cc", "body": "County Council", "date": "2025-02-13", "status": "minuted",
                 "sources": [{"document_id": "n", "page": 1, "status": "minuted"}],
                 "attendees": ["Mr B J Sweetland (Chairman)", "Mr A M Ridgers (Vice-Chairman)", "Mr N Baker"]}]
    bodies = ("Cabinet (Kent County Council)", "County Council")
    assert office_holder(parse_query("Who is the chairman of the county council?", bodies), meetings)[1] \
        == "Mr B J Sweetland (Chairman)"
    assert office_holder(parse_query("Who is the vice-chairman of the county council?", bodies), meetings)[1] \
        == "Mr A M Ridgers (Vice-Chairman)"
    assert office_holder(parse_query("Who is the chairman?", bodies), meetings) is None
