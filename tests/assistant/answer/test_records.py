"""Attendance, apologies and next-meeting questions answered from meeting records."""

from pathlib import Path

import pytest

from assistant.answer.records import record_answer
from assistant.retrieve.query import parse_query
from tests.assistant.answer.helpers import ask_over

# Kent's full council front sheet of 13 March 2025 (prints its start, 10.00 am, and its agenda)
SHEET = Path(__file__).parents[2] / "fixtures" / "real-pdfs" / "kcc-county-council-agenda-2025-03-13.pdf"

MEETINGS = [
    {"meeting_id": "cabinet-2025-01-30", "body": "Cabinet", "date": "2025-01-30", "status": "minuted",
     "attendees": ["Mr R Gough (Chairman)", "Mr N Baker"], "apologies": ["Mrs C Bell"], "next_meeting": "2025-03-04",
     "sources": [{"document_id": "kcc", "file": "m.pdf", "page": 1, "status": "minuted"}]},
    {"meeting_id": "cabinet-2025-03-04", "body": "Cabinet", "date": "2025-03-04", "status": "minuted",
     "attendees": ["Mr R Gough (Chairman)"], "apologies": ["Mr D Murphy"], "next_meeting": None,
     "sources": [{"document_id": "kcc2", "file": "m2.pdf", "page": 2, "status": "minuted"}]},
]


def _township(date: str, **fields) -> list[dict]:
    """One minuted Township of Nipissing Council meeting's record, with ``fields``."""
    return [{"meeting_id": f"t-{date}", "body": "Township of Nipissing Council", "date": date, "status": "minuted",
             "attendees": ["Mayor Tom Piper"],
             "sources": [{"document_id": "n", "file": "m.pdf", "page": 1, "status": "minuted"}], **fields}]


def test_apologies_for_the_named_meeting():
    found = record_answer(parse_query("Who sent apologies to the Cabinet meeting on 30 January 2025?",
                                      ("Cabinet",)), MEETINGS)
    assert found.text == "Apologies were received from Mrs C Bell." and found.document_id == "kcc"


def test_attendance_and_next_meeting():
    q = parse_query("Who attended the Cabinet meeting in March 2025?", ("Cabinet",))
    assert "Mr R Gough" in record_answer(q, MEETINGS).text
    q = parse_query("When is the next meeting after the Cabinet on 30 January 2025?", ("Cabinet",))
    assert record_answer(q, MEETINGS).text.endswith("4 March 2025.")


def test_no_meeting_named_or_more_than_a_few_fit():
    assert record_answer(parse_query("Who sent apologies?"), MEETINGS) is None
    many = [{**MEETINGS[0], "meeting_id": f"c-{m}", "date": f"2025-{m:02d}-30"} for m in range(1, 6)]
    assert record_answer(parse_query("Who sent apologies to Cabinet in 2025?", ("Cabinet",)), many) is None
    few = record_answer(parse_query("Who sent apologies to Cabinet in 2025?", ("Cabinet",)), MEETINGS)
    assert "30 January 2025" in few.text and "4 March 2025" in few.others[0].text


def test_ask_answers_apologies_with_a_citation(corpus_services):
    reply = corpus_services.answerer.ask("Who sent apologies to the Cabinet meeting on 30 January 2025?")
    assert not reply["abstained"] and "Bell" in reply["answer"]
    assert reply["citations"][0]["file"] == "kcc-cabinet-minutes-2025-01-30.pdf"
    assert "Bell" in reply["citations"][0]["text"]


def test_the_records_passage_leads_what_the_answer_drew_on(corpus_services):
    """``details["context"]`` is the passages the answer was composed from, the record's own
    passage first: evidence@5 (eval/systems.py) reads these, not the retriever's raw hits."""
    reply, details = corpus_services.answerer.ask_explained("Who sent apologies to the Cabinet meeting on 30 January 2025?")
    assert "Bell" in details["context"][0].chunk.text


def test_next_meeting_date_as_the_minutes_print_it_and_regrets_mean_absent():
    township = [{"meeting_id": "township-of-nipissing-council-2024-05-28", "body": "Township of Nipissing Council",
                 "date": "2024-05-28", "status": "minuted", "attendees": ["Mayor Tom Piper"],
                 "apologies": ["Councillor Shelly Foote"], "next_meeting": "2024-06-04",
                 "next_meeting_text": "June 4, 2024",
                 "sources": [{"document_id": "n", "file": "m.pdf", "page": 3, "status": "minuted"}]}]
    bodies = ("Township of Nipissing Council",)
    found = record_answer(parse_query("When is the next regular meeting after May 28, 2024?", bodies), township)
    assert found.text.endswith("on June 4, 2024.") and found.quote == "June 4, 2024"
    found = record_answer(parse_query("Who sent regrets to the May 28, 2024 meeting?", bodies), township)
    assert found.text == "Apologies were received from Councillor Shelly Foote."
    found = record_answer(parse_query("Who was missing from the May 28, 2024 meeting?", bodies), township)
    assert "Shelly Foote" in found.text


def test_a_record_of_another_council_answers_no_named_body():
    from assistant.answer.features import names_lacking
    from ingest.models import Chunk
    chunk = Chunk(chunk_id="k:1", document_id="k", file="m.pdf", page=1, body="Cabinet (Kent County Council)",
                  text="Apologies were received from Mrs C Bell.")
    kent = parse_query("Who gave apologies to Kent's Cabinet in January 2025?", ("Cabinet",))
    essex = parse_query("Which members of the Essex County Council cabinet gave apologies in January 2025?",
                        ("Cabinet",))
    assert names_lacking(kent.names, chunk) == []
    assert names_lacking(essex.names, chunk) == ["Essex"]


def test_a_body_inside_another_bodys_name_is_not_that_body():
    """"County Council" is part of "Cabinet (Kent County Council)": a question about the
    full Council's January meeting, which records no apologies, is answered from its own
    record (the service then reads its minutes for any word of an absence), not with the
    Cabinet's apologies of the same month."""
    meetings = [
        {**MEETINGS[0], "body": "Cabinet (Kent County Council)"},
        {"meeting_id": "cc-2025-01-09", "body": "County Council", "date": "2025-01-09", "status": "minuted",
         "attendees": ["Mr G Cooke"], "apologies": [], "sources": [{"document_id": "cc", "page": 1}]},
    ]
    bodies = ("Cabinet (Kent County Council)", "County Council")
    q = parse_query("Which members sent apologies to the January 2025 County Council meeting?", bodies)
    assert q.body == "County Council"
    found = record_answer(q, meetings)  # its own minutes' silence, never the Cabinet's apologies
    assert found.none_recorded and found.document_id == "cc" and "Bell" not in found.text
    meetings[1]["apologies"] = ["Mr Beaney", "Mr Campkin"]
    assert record_answer(q, meetings).text == "Apologies were received from Mr Beaney; Mr Campkin."


def test_who_chaired_is_read_from_the_chair_mark_in_those_present():
    q = parse_query("Who was in the chair at the Cabinet meeting in March 2025?", ("Cabinet",))
    found = record_answer(q, MEETINGS)
    assert found.text == "In the chair: Mr R Gough (Chairman)." and found.quote == "Mr R Gough"
    unmarked = [{**m, "attendees": ["Mr R Gough", "Mr N Baker"]} for m in MEETINGS]
    # nobody marked: "not recorded", which the service says only of minutes never wording a chair
    assert record_answer(q, unmarked).none_recorded


def test_two_meetings_that_day_and_no_body_named_gives_no_record_answer():
    council = {"meeting_id": "county-council-2025-01-30", "body": "County Council", "date": "2025-01-30",
               "status": "minuted", "attendees": ["Mr N Baker"], "apologies": [], "next_meeting": None,
               "sources": [{"document_id": "cc", "file": "c.pdf", "page": 1, "status": "minuted"}]}
    q = parse_query("Who chaired the full council meeting on 30 January 2025?", ("Cabinet", "County Council"))
    assert record_answer(q, MEETINGS + [council]) is None  # only Cabinet marks a chair: not the meeting meant


def test_ask_answers_who_chaired_with_a_citation_that_holds_the_name(corpus_services):
    reply = corpus_services.answerer.ask("Who was in the chair at the Cabinet meeting on 30 January 2025?")
    assert not reply["abstained"] and reply["answer"].startswith("In the chair: ")
    name = reply["answer"].removeprefix("In the chair: ").split("(")[0].strip()
    assert name and name in reply["citations"][0]["text"]


def test_minutes_with_no_apologies_say_so_with_those_present():
    """"Who missed the meeting?" of minutes listing everyone present and no apologies is
    answered with that, not with some other sentence of the minutes; an agenda (no
    attendance) and a meeting not named give no record answer."""
    full = [{"meeting_id": "t-2024-07-16", "body": "Township of Nipissing Council", "date": "2024-07-16",
             "status": "minuted", "attendees": ["Mayor Tom Piper", "Councillor Shelly Foote"], "apologies": [],
             "sources": [{"document_id": "n", "file": "m.pdf", "page": 1, "status": "minuted"}]}]
    bodies = ("Township of Nipissing Council",)
    found = record_answer(parse_query("Who missed the July 16, 2024 meeting?", bodies), full)
    assert found.none_recorded and found.text.startswith("The minutes list no apologies or absences.")
    assert "Mayor Tom Piper; Councillor Shelly Foote" in found.text and found.quote == "Mayor Tom Piper"
    # each entry is quoted, so a list run on into the next passage (Kent's Cabinet of 9 January
    # 2025 lists 21) cites that passage too, and the verifier finds every name
    assert found.entries == ("Mayor Tom Piper", "Shelly Foote")  # as quote_name quotes each
    agenda = [{**full[0], "status": "agenda"}]
    assert record_answer(parse_query("Who missed the July 16, 2024 meeting?", bodies), agenda) is None
    assert record_answer(parse_query("Who missed the meeting?"), full) is None


def test_no_apologies_is_not_said_of_minutes_that_speak_of_an_absence():
    """The record may miss an absence reported in running text: any word of one in the
    minutes (the attendance shape's own apologies cue) withholds the "none" answer."""
    from types import SimpleNamespace

    from assistant.answer.service import Answerer

    def store(*texts):
        return SimpleNamespace(chunk_ids=lambda doc: list(range(len(texts))),
                               chunks=lambda ids: [SimpleNamespace(text=texts[i]) for i in ids])
    asked = parse_query("Who missed the July 16, 2024 meeting?").shape.field("apologies")
    assert not Answerer._minutes_say(asked, store("Present: Mayor Tom Piper.", "That we adjourn."), "n")
    assert Answerer._minutes_say(asked, store("Present: Mayor Tom Piper.", "Regrets: Councillor Foote."), "n")
    assert Answerer._minutes_say(asked, store(), "n")  # nothing read: say nothing


def test_minutes_that_never_name_a_chair_say_so_and_the_table_words_it():
    """Nipissing's minutes list those present and never say who chaired: the record gives
    an empty answer the service turns into "the minutes do not say who was in the chair"."""
    from assistant.retrieve.shapes import shape_table
    minutes = [{"meeting_id": "t-2024-05-28", "body": "Township of Nipissing Council", "date": "2024-05-28",
                "status": "minuted", "attendees": ["Mayor Tom Piper", "Councillor Shelly Foote"], "apologies": [],
                "sources": [{"document_id": "n", "file": "m.pdf", "page": 1, "status": "minuted"}]}]
    found = record_answer(parse_query("Who chaired the May 28, 2024 meeting?", ("Township of Nipissing Council",)),
                          minutes)
    assert found.none_recorded and found.field == "chair" and found.text == ""
    chair = shape_table().by_name("chair").field("chair")
    assert chair.missing == "who was in the chair"
    assert chair.said_in("Mr Cooke was elected to Chair the meeting.") and not chair.said_in("Present: Mayor Piper.")


def test_declarations_of_interest_are_quoted_each_as_printed():
    """"Did anyone declare an interest …?" is answered from the meeting's record: its first
    declaration is the answer's first claim, each further one a claim of its own (cited to
    the passage that holds it), and the quote is the declaration's opening words."""
    kent = [{"meeting_id": "county-council-2024-12-19", "body": "County Council", "date": "2024-12-19",
             "status": "minuted", "attendees": ["Mr G Cooke (Chairman)"], "apologies": [],
             "interests": ["Mr Lehmann declared an interest in item 6 - Questions - that he was a Member of "
                           "Swale Borough Council.", "Mr Jeffrey declared an interest in item 12."],
             "sources": [{"document_id": "kcc", "file": "m.pdf", "page": 1, "status": "minuted"}]}]
    q = parse_query("Which members declared interests at the County Council meeting on 19 December 2024?",
                    ("County Council",))
    assert q.shape.name == "interests"
    found = record_answer(q, kent)
    assert found.text.startswith("Mr Lehmann declared an interest") and found.more == (
        "Mr Jeffrey declared an interest in item 12.",)
    assert found.quote == "Mr Lehmann declared an interest in item 6"
    # minutes that list those present but record no declaration do not say there were none
    bare = [{**kent[0], "interests": []}]
    assert record_answer(q, bare).none_recorded and record_answer(q, bare).text == ""


def test_ask_answers_declarations_of_interest_from_the_minutes(corpus_services):
    reply = corpus_services.answerer.ask("Did anyone declare an interest at the Cabinet meeting on 30 January 2025?")
    assert not reply["abstained"] and reply["answer"].startswith("No declarations of interest were received")
    assert reply["citations"][0]["file"] == "kcc-cabinet-minutes-2025-01-30.pdf"
    assert "No declarations of interest were received" in reply["citations"][0]["text"]


def test_the_venue_is_not_a_record_answer():
    """Where a meeting was held is answered from the passages, which print the whole
    sentence ("in person at the … Community Centre, and livestreamed to …"), not from the
    record's place alone (tried at stop 32: blind's two where-questions fell from 1 to 0)."""
    held = _township("2024-07-16", place="Township of Nipissing Community Centre")
    assert record_answer(parse_query("Where was the July 16, 2024 meeting held?", ("Township of Nipissing Council",)),
                         held) is None


@pytest.mark.parametrize("fields, questions, said", [
    ({"time_text": "6:45 p.m."}, ("What time did the July 15, 2025 meeting start?",
                                  "When did the July 15, 2025 meeting start?"), "The meeting started at 6:45 p.m."),
    ({"finish_text": "8:04 p.m."}, ("What time did the July 15, 2025 meeting finish?",
                                    "When did the July 15, 2025 meeting end?"), "The meeting ended at 8:04 p.m."),
])
def test_a_meetings_time_is_quoted_as_printed(fields, questions, said):
    held = _township("2025-07-15", **fields)
    for question in questions:
        found = record_answer(parse_query(question, ("Township of Nipissing Council",)), held)
        assert found.text == said and found.quote == said.split(" at ")[1].rstrip(".") + "."


def test_a_time_the_record_lacks():
    """No finish recorded: a "not recorded" answer, which the service turns into "the minutes do
    not say when it ended" unless they word a finish; likewise no printed start (a store built
    before it was kept), which minutes printing any clock time do not get: the service reads them."""
    bodies = ("Township of Nipissing Council",)
    finish = record_answer(parse_query("What time did the July 15, 2025 meeting finish?", bodies),
                           _township("2025-07-15", time_text="6:45 p.m."))
    assert finish.none_recorded and finish.field == "finish" and finish.text == ""
    start = record_answer(parse_query("What time did the July 15, 2025 meeting start?", bodies),
                          _township("2025-07-15", time="18:45"))
    assert start.none_recorded and start.field == "start" and start.text == ""


def test_a_follow_up_without_a_shape_of_its_own_is_not_answered_from_the_record():
    from assistant.retrieve.query import inherit
    held = [{"meeting_id": "cabinet-2025-03-13", "body": "Cabinet", "date": "2025-03-13", "status": "agenda",
             "time": "15:00", "time_text": "3.00 pm",
             "sources": [{"document_id": "k", "file": "f.pdf", "page": 1, "status": "agenda"}]}]
    first = parse_query("What time was the Cabinet due to start on 13 March 2025?", ("Cabinet",))
    assert record_answer(first, held).text == "The meeting is at 3.00 pm."
    later = inherit(first, parse_query("And what if the full council meeting that day started late?", ("Cabinet",)))
    assert "shape" in later.inherited and record_answer(later, held) is None


def test_ask_quotes_a_start_time_from_the_paper_that_prints_it(tmp_path):
    """Kent's full council front sheet: "Summons to and Agenda for a Meeting on Thursday,
    13th March, 2025 at 10.00 am"; the answer quotes the time as printed, and cites it."""
    (reply,), _ = ask_over(tmp_path, [SHEET], "What time does the County Council meeting on 13 March 2025 start?")
    assert not reply["abstained"], reply.get("reason")
    assert reply["answer"].startswith("The meeting is at 10.00 am.")
    assert reply["citations"][0]["file"] == "kcc-county-council-agenda-2025-03-13.pdf"
    assert "10.00 am" in reply["citations"][0]["text"]


def test_a_start_time_merged_from_the_front_sheet_may_be_quoted_from_it():
    """The merged record takes its start time from the front sheet when the minutes print
    none; the answer names the minutes first and the front sheet as another paper to quote."""
    held = [{"meeting_id": "cabinet-2025-01-30", "body": "Cabinet", "date": "2025-01-30", "status": "minuted",
             "time": "10:00", "time_text": "10.00 am", "attendees": ["Mr R Gough"],
             "sources": [{"document_id": "minutes", "file": "m.pdf", "page": 1, "status": "minuted"},
                         {"document_id": "sheet", "file": "s.pdf", "page": 1, "status": "agenda"}]}]
    found = record_answer(parse_query("When did the Cabinet meeting on 30 January 2025 start?", ("Cabinet",)), held)
    assert found.document_id == "minutes" and found.also == ("sheet",)


def test_minutes_say_a_finish_only_with_a_closing_word_near_a_time():
    from types import SimpleNamespace

    from assistant.answer.service import Answerer

    def store(*texts):
        return SimpleNamespace(chunk_ids=lambda doc: list(range(len(texts))),
                               chunks=lambda ids: [SimpleNamespace(text=texts[i]) for i in ids])
    asked = parse_query("What time did the February 21, 2023 meeting finish?").shape.field("finish")
    assert asked.missing == "when it ended"
    assert not Answerer._minutes_say(asked, store("The meeting went into closed session.", "RESOLVED that …"), "n")
    assert Answerer._minutes_say(asked, store("That the meeting be adjourned. Time: 8:04 p.m."), "n")
    assert Answerer._minutes_say(asked, store("The meeting closed at 12.45 pm"), "n")


def test_minutes_word_a_declaration_only_as_one_is_made_or_none_are():
    asked = parse_query("Did anyone declare an interest at the meeting on 10 March 2021?").shape.field("interests")
    assert asked.missing == "whether anyone declared an interest"
    assert not asked.said_in("A declaration of interest could involve a private or financial matter.")
    assert asked.said_in("Ms Meade declared an interest that she was a carer.")
    assert asked.said_in("No declarations of interest were received")
    assert asked.said_in("Disclosure of pecuniary interest: None.")


def test_a_reason_names_the_meeting_of_the_record_not_the_pack_its_minutes_are_in():
    """The 10 March 2021 minutes are printed in the 19 May 2021 pack: "do not say" names 10 March."""
    minutes = [{"meeting_id": "srp-2021-03-10", "body": "Strategic Resources and Performance", "date": "2021-03-10",
                "status": "minuted", "attendees": ["Paddy Tipping"], "apologies": [],
                "sources": [{"document_id": "pack", "file": "pack.pdf", "page": 13, "status": "minuted"}]}]
    q = parse_query("Did anyone declare an interest at the meeting on 10 March 2021?")
    found = record_answer(q, minutes)
    assert found.none_recorded and found.meeting == "the Strategic Resources and Performance meeting of 10 March 2021"


def test_ask_withholds_a_finish_time_no_paper_prints(tmp_path):
    """Only the front sheet is held: it prints the start (10.00 am), never the end. "What
    time did it finish?" is no more answered by the start time than by any other sentence."""
    (reply,), _ = ask_over(tmp_path, [SHEET], "What time did the County Council meeting on 13 March 2025 finish?")
    assert reply["abstained"], reply["answer"]
    assert reply["reason"] == "The passages found do not say when it ended."


@pytest.mark.parametrize("question, answer, kept", [
    ("What time did the February 21, 2023 meeting finish?", "Thursday, 13th March, 2025, at 3.00 pm", False),
    ("What time did the February 21, 2023 meeting finish?", "That the meeting be adjourned. Time: 8:04 p.m.", True),
    ("Who chaired the Nipissing council meeting on 14 May 2024?", "Present: Mayor Tom Piper, Councillor Foote", False),
    ("Who chaired the Nipissing council meeting on 14 May 2024?", "Mayor Tom Piper presided.", True),
    ("Did anyone declare an interest at the September 17, 2024 meeting?", "Accounts were approved.", False),
    ("Who sent apologies to the February cabinet meeting?", "Apologies were received from Mr Hook.", True),
    ("Who attended the Nipissing council meeting in May 2024?", "Mayor Tom Piper, Councillor Foote", True),
    ("Who attended the Cabinet on 4 March 2025?",
     "12. In the event of Cabinet confirming the decision this will be further reviewed by full Council.", False),
])
def test_an_answer_to_a_record_field_must_word_it(question, answer, kept):
    """A composed answer to a field the shape table says how minutes word (``said``) is
    withheld unless it words it."""
    from assistant.answer.base import Claim, Draft
    from assistant.answer.service import worded

    out = worded(parse_query(question), Draft(claims=[Claim(text=answer, cites=[1])], confidence=0.9))
    assert out.abstained is not kept
    if not kept:
        assert out.reason.code == "not_worded"


def test_a_record_with_no_body_is_the_meeting():
    held = [{**MEETINGS[0], "body": None, "meeting_id": "x-2025-01-30"}]
    found = record_answer(parse_query("Who attended the meeting on 30 January 2025?"), held)
    assert found.text.startswith("Present at the meeting: Mr R Gough")
    found = record_answer(parse_query("When is the next meeting after 30 January 2025?"), held)
    assert found is None or "the the" not in found.text


def test_the_next_meeting_the_papers_hold_when_the_minutes_state_none():
    """County Council 9 January 2025 minutes name no next meeting; its next stored meeting
    (13 February 2025) is said in the past, cited to its own paper. No day named, no answer."""
    held = [{"meeting_id": "cc-2025-01-09", "body": "County Council", "date": "2025-01-09", "status": "minuted",
             "attendees": ["Mr A"], "sources": [{"document_id": "jan", "file": "j.pdf", "page": 1, "status": "minuted"}]},
            {"meeting_id": "cc-2025-03-13", "body": "County Council", "date": "2025-03-13", "status": "agenda",
             "sources": [{"document_id": "mar", "file": "s.pdf", "page": 1, "status": "agenda"}]},
            {"meeting_id": "cc-2025-02-13", "body": "County Council", "date": "2025-02-13", "status": "minuted",
             "sources": [{"document_id": "feb", "file": "f.pdf", "page": 2, "status": "minuted"}]},
            {"meeting_id": "cab-2025-01-30", "body": "Cabinet", "date": "2025-01-30", "status": "minuted",
             "sources": [{"document_id": "cab", "file": "c.pdf", "page": 1, "status": "minuted"}]}]
    bodies = ("County Council", "Cabinet")
    found = record_answer(parse_query("When was the next County Council meeting after 9 January 2025?", bodies), held)
    assert found.text == "County Council met next on 13 February 2025." and (found.document_id, found.page) == ("feb", 2)
    assert record_answer(parse_query("When is the next County Council meeting?", bodies), held) is None
    assert record_answer(parse_query("When was the next Cabinet meeting after 30 January 2025?", bodies), held) is None


def test_a_meeting_of_another_body_that_day_is_no_record_answer():
    """The archive holds the 13 March 2025 Cabinet front sheet (3.00 pm) but no full Council
    paper of that day: "What time does the County Council meeting start?" has no record answer,
    though "County Council" stands in the Cabinet's authority."""
    held = [{"meeting_id": "cab-2025-03-13", "body": "Cabinet (Kent County Council)", "date": "2025-03-13",
             "status": "agenda", "time_text": "3.00 pm",
             "sources": [{"document_id": "sheet", "file": "s.pdf", "page": 1, "status": "agenda"}]}]
    bodies = ("County Council", "Cabinet (Kent County Council)")
    assert record_answer(parse_query("What time does the County Council meeting on 13 March 2025 start?", bodies),
                         held) is None
    found = record_answer(parse_query("What time does the Cabinet meeting on 13 March 2025 start?", bodies), held)
    assert found.text == "The meeting is at 3.00 pm."


@pytest.mark.parametrize("text, said", [
    ("starting at 6:45 p.m.", True), ("Thursday, 13th March, 2025, at 10.00 am", True),
    ("START TIME 18:30", True), ("at 7pm", True),
    ("embedded in paragraph 14.60 of the constitution (s14.21 and 14.22)", False),
    ("Tuesday, May 14, 2024", False),
])
def test_minutes_say_a_start_only_with_a_clock_time(text, said):
    asked = parse_query("What time did the July 15, 2025 meeting start?").shape.field("start")
    assert asked.missing == "when it started" and asked.said_in(text) is said


def test_a_meetings_agenda_is_each_item_as_its_front_sheet_lists_it():
    held = [{"meeting_id": "cab-2025-03-13", "body": "Cabinet (Kent County Council)", "date": "2025-03-13",
             "status": "agenda", "agenda": [{"number": "1", "title": "Apologies"},
                                            {"number": "2", "title": "Declarations of Interest."},
                                            {"number": "3", "title": "Consideration of Decision 24/00093 (if required)"}],
             "sources": [{"document_id": "sheet", "file": "s.pdf", "page": 1, "status": "agenda"}]}]
    bodies = ("Cabinet (Kent County Council)",)
    for question in ("What was on the agenda of the Cabinet meeting on 13 March 2025?",
                     "Which reports went to Cabinet on 13 March 2025?"):
        found = record_answer(parse_query(question, bodies), held)
        assert found.text == "On the agenda: Apologies." and found.field == "agenda"
        assert found.more == ("Declarations of Interest.", "Consideration of Decision 24/00093 (if required)")
    assert record_answer(parse_query("What was on the agenda on 14 March 2025?", bodies), held) is None


def test_ask_lists_an_agenda_from_the_front_sheet(tmp_path):
    """Kent's full council front sheet of 13 March 2025: each item a claim cited to the sheet."""
    (reply,), meetings = ask_over(tmp_path, [SHEET],
                                  "What was on the agenda of the County Council meeting on 13 March 2025?")
    entries = next(m for m in meetings if m["date"] == "2025-03-13")["agenda"]
    assert not reply["abstained"], reply.get("reason")
    assert reply["answer"].startswith(f"On the agenda: {entries[0]['title'].rstrip('.')}.")
    assert all(c["file"] == SHEET.name for c in reply["citations"])
    cited = [(c["page"], c["text"]) for c in reply["citations"]]
    assert len(cited) == len(set(cited)), "a passage holding several items is cited once"
    assert sum(e["title"] in reply["answer"] for e in entries) >= len(entries) - 1, "every item, bar one at most"


def test_the_next_meeting_asked_of_no_meeting_is_the_latest_the_minutes_state():
    held = [_township("2024-05-14", next_meeting="2024-05-28", next_meeting_text="May 28, 2024")[0],
            {**_township("2026-03-17", next_meeting="2026-04-07", next_meeting_text="April 7, 2026")[0],
             "sources": [{"document_id": "m26", "file": "m.pdf", "page": 3, "status": "minuted"}]},
            _township("2026-04-07")[0]]
    found = record_answer(parse_query("When is the next meeting?", ("Township of Nipissing Council",)), held)
    assert found.text == "The next Township of Nipissing Council meeting is on April 7, 2026."
    assert (found.document_id, found.page) == ("m26", 3)
    assert record_answer(parse_query("When is the next Cabinet meeting?", ("Cabinet",)), held) is None
    kent = {**held[0], "meeting_id": "cc", "body": "County Council", "date": "2025-02-13"}
    assert record_answer(parse_query("When is the next meeting?"), held + [kent]) is None, "two bodies: no guess"


@pytest.mark.parametrize("text, said", [
    ("Next regular meeting to be held May 28, 2024.", True),
    ("it would first be reconsidered by the next meeting of the Cabinet (scheduled to be held on 4th March 2025)", True),
    ("that the minutes of the meetings held on 19 December 2024 and 9 January 2025 be approved", False),
])
def test_minutes_announce_a_next_meeting(text, said):
    asked = parse_query("When is the next meeting?").shape.field("next_meeting")
    assert asked.missing == "when the next meeting is" and asked.said_in(text) is said


def test_who_to_ask_about_a_meetings_papers():
    """The front sheet's "Ask for:" line answers, as printed; two meetings in the month named
    whose sheets name the same officer leave no doubt who to ask, though two officers would."""
    sheet = {"status": "agenda", "contact": "Ask for: Georgina Little",
             "sources": [{"document_id": "fs", "file": "a.pdf", "page": 1, "status": "agenda"}]}
    meetings = [{**sheet, "meeting_id": "c-0304", "body": "Cabinet", "date": "2025-03-04"},
                {**sheet, "meeting_id": "c-0313", "body": "Cabinet", "date": "2025-03-13"}]
    q = parse_query("Who should I phone about Kent's mid-March 2025 Cabinet papers?", ("Cabinet",))
    found = record_answer(q, meetings)
    assert found.text == "Ask for: Georgina Little." and found.quote == "Georgina Little"
    meetings[0]["contact"] = "Ask for: Ann Smith"
    assert record_answer(q, meetings) is None


def test_a_meeting_whose_papers_name_no_one_to_ask_is_said_so():
    """"Who should I contact about the meeting on 27 May 2025?" of papers printing no contact
    is answered that they name none (citing the record's page), not with a report's lead
    officer; a question naming no day, or a day two meetings share, is left to the passages."""
    minutes = _township("2025-05-27", time_text="6:30 p.m.")
    q = parse_query("Who is the contact officer for the Nipissing council meeting on May 27, 2025?",
                    ("Township of Nipissing Council",))
    found = record_answer(q, minutes)
    assert found.none_recorded and found.field == "contact" and found.text == ""
    assert found.paper == "minutes" and found.quote == "6:30 p.m." and found.document_id == "n"
    agenda = [{**minutes[0], "status": "agenda", "sources": [{**minutes[0]["sources"][0], "status": "agenda"}]}]
    assert record_answer(q, agenda).paper == "papers"
    assert record_answer(parse_query("Who should I contact about the landfill report?"), minutes) is None
    two = minutes + [{**minutes[0], "meeting_id": "other", "body": "Recreation Committee"}]
    assert record_answer(parse_query("Who should I contact about the meeting on May 27, 2025?"), two) is None


@pytest.mark.parametrize("question, listed", [
    ("Who joined the meeting by Zoom on January 21, 2025?", ["Will Bateman (by Zoom)"]),
    ("Which staff were at the Nipissing meeting on January 21, 2025?", ["Kim Turnbull (staff)"]),
    ("Who attended the Nipissing meeting on January 21, 2025?",  # no group asked: everyone listed
     ["Mayor Dave Yemm", "Kim Turnbull (staff)", "Will Bateman (by Zoom)", "Gary Gardiner (guest)"]),
    ("Who was there online on January 21, 2025?",  # a group nobody is tagged with: the whole list
     ["Mayor Dave Yemm", "Kim Turnbull (staff)", "Will Bateman (by Zoom)", "Gary Gardiner (guest)"]),
    ("Which councillors were present on January 21, 2025?", ["Mayor Dave Yemm"]),  # the members: untagged
])
def test_a_question_naming_how_people_attended_gets_those_people(question, listed):
    """The attendance list's tags (shapes.yaml ``groups``): "who was on Zoom?" is answered
    by those the minutes list under "Zoom:", not by everyone in the room."""
    meetings = _township("2025-01-21", attendees=["Mayor Dave Yemm", "Kim Turnbull (staff)",
                                                  "Will Bateman (by Zoom)", "Gary Gardiner (guest)"])
    found = record_answer(parse_query(question, ("Township of Nipissing Council",)), meetings)
    assert found.text == f"Present at the Township of Nipissing Council meeting: {'; '.join(listed)}."


def test_a_question_fitting_a_few_meetings_is_answered_for_each():
    """Two Cabinets in the period asked: each meeting's chair, each sentence naming its meeting,
    not one left to whichever passage ranks first."""
    found = record_answer(parse_query("Who chaired the Cabinet meetings in 2025?", ("Cabinet",)), MEETINGS)
    assert found.text == "In the chair at the Cabinet meeting of 30 January 2025: Mr R Gough (Chairman)."
    assert [o.text for o in found.others] == ["In the chair at the Cabinet meeting of 4 March 2025: Mr R Gough (Chairman)."]
    assert found.others[0].document_id == "kcc2"


def test_a_named_person_is_answered_with_their_own_entry_where_it_is_listed():
    q = parse_query("Was Mr Baker at the Cabinet meeting on 30 January 2025?", ("Cabinet",))
    assert record_answer(q, MEETINGS).text == "Yes: present at the Cabinet meeting: Mr N Baker."
    q = parse_query("Did Mrs Bell attend the Cabinet meeting on 30 January 2025?", ("Cabinet",))
    assert q.names == ["Bell"]  # an honorific is no name
    assert record_answer(q, MEETINGS).text == "No: apologies were received from Mrs C Bell."
    # not a yes-or-no question: the entry alone
    q = parse_query("Who sent apologies to the Cabinet meeting on 30 January 2025, was it Mrs Bell?", ("Cabinet",))
    assert record_answer(q, MEETINGS).text == "Apologies were received from Mrs C Bell."


def test_yes_or_no_follows_what_is_asked_of_the_person():
    """"Did Mrs Bell send apologies?" is answered yes by her apologies (it was "No:", as for
    "was she there?"), and the answer has a short form for a passage not naming the meeting."""
    q = parse_query("Did Mrs Bell send apologies to the Cabinet meeting on 30 January 2025?", ("Cabinet",))
    found = record_answer(q, MEETINGS)
    assert found.text == "Yes: apologies were received from Mrs C Bell."
    assert found.undated == "Yes: Mrs C Bell sent apologies."
    q = parse_query("Did Mr Baker send apologies to the Cabinet meeting on 30 January 2025?", ("Cabinet",))
    assert record_answer(q, MEETINGS).undated == "No: Mr N Baker was present."


def test_a_person_listed_past_the_lists_first_passage_is_found_and_cited_with_its_head(corpus_services):
    """Kent's lists run on over passages that never say "present" nor name the meeting, and
    its minutes never say "Kent" beside them: "Was Mrs Gannon at Kent County Council's Cabinet
    …?" was refused."""
    for question in ("Was Mrs Gannon at the Cabinet meeting on 30 January 2025?",
                     "Was Mrs Gannon at the Kent County Council Cabinet on 30 January 2025?"):
        reply = corpus_services.answerer.ask(question)
        assert not reply["abstained"] and reply["answer"].startswith("Yes: ") and "Gannon" in reply["answer"], question
        cited = " ".join(c["text"] for c in reply["citations"])
        assert "Gannon" in cited and "Gough" in cited


def test_a_list_of_those_present_run_over_two_passages_cites_both(corpus_services):
    """Kent's PRESENT, IN ATTENDANCE and IN ATTENDANCE VIRTUALLY lists run past one passage:
    the answer lists all of them and cites each passage that holds some (it was dropped by
    the verifier, its names not all in the one passage cited)."""
    reply = corpus_services.answerer.ask("Who attended the Cabinet meeting on 30 January 2025?")
    assert not reply["abstained"] and "Mr R W Gough" in reply["answer"] and "Mrs L Gannon" in reply["answer"]
    cited = " ".join(c["text"] for c in reply["citations"])
    assert "Mr R W Gough" in cited and "Gannon" in cited


def test_a_question_asking_two_things_of_a_meeting_record_answers_both(corpus_services):
    reply = corpus_services.answerer.ask("Who sent apologies to the Cabinet meeting on 30 January 2025 and who chaired it?")
    assert not reply["abstained"]
    assert "Apologies were received from Mrs C Bell." in reply["answer"] and "In the chair: Mr R W Gough" in reply["answer"]


def test_a_place_named_only_by_the_papers_file_name_is_no_unknown_name(tmp_path):
    """Chelsea's demolition committee minutes never print "Chelsea" in their text; the user
    filed them as chelsea-….pdf. "The documents never mention Chelsea" was the reply."""
    chelsea = SHEET.parent / "chelsea-qc-demolition-committee-pv-2023-06-20.pdf"
    (reply,), _ = ask_over(tmp_path, [chelsea], "Who was present at the Chelsea demolition committee meeting in June 2023?")
    assert not reply["abstained"] and "Huggins-Daines" in reply["answer"]


def test_a_person_asked_by_full_name_is_their_entry_alone_quoted_as_the_minutes_print_it():
    """"Was Tom Butler at …?" once answered with the mayor too (both Toms); the entry ingest
    titles "Councillor Tom Butler" is printed "Councillors Tom Butler, …", so the quote the
    cited passage must hold is the name."""
    meetings = _township("2023-05-16", attendees=["Mayor Tom Piper", "Councillor Tom Butler", "Councillor Shelly Foote"])
    found = record_answer(parse_query("Was Tom Butler at the May 16, 2023 meeting?", ("Township of Nipissing Council",)),
                          meetings)
    assert found.text.startswith("Yes: ") and "Tom Butler" in found.text and "Piper" not in found.text
    assert found.entries == ("Tom Butler",)


def test_an_entry_saying_it_joined_by_zoom_answers_who_was_on_zoom():
    meetings = _township("2023-10-03", attendees=["Mayor Tom Piper", "Ed Veldboom (guest)",
                                                  "Russell Christie LLP, via Zoom (guest)"])
    found = record_answer(parse_query("Who joined by Zoom on October 3, 2023?", ("Township of Nipissing Council",)),
                          meetings)
    assert "Russell Christie LLP, via Zoom" in found.text and "Piper" not in found.text


def test_how_long_a_meeting_lasted_is_its_start_and_its_finish_as_printed():
    """No length worked out: when it started and when it ended, each quoted as the minutes
    print it; a record without a finish gives no record answer."""
    meetings = _township("2025-10-28", time_text="6:30 p.m.", finish_text="8:07 p.m.")
    q = parse_query("How long did the October 28, 2025 council meeting last?", ("Township of Nipissing Council",))
    found = record_answer(q, meetings)
    assert found.text == "The meeting started at 6:30 p.m." and [o.text for o in found.others] == \
        ["The meeting ended at 8:07 p.m."]
    assert record_answer(q, _township("2025-10-28", time_text="6:30 p.m.")) is None
    closed = parse_query("How long was council in closed session on October 28, 2025?", ("Township of Nipissing Council",))
    assert closed.shape.name != "duration"


@pytest.mark.parametrize("question, entry", [
    ("Was the mayor at the meeting on July 16, 2024?", "Mayor Tom Piper"),
    ("Did the fire chief attend the July 16, 2024 meeting?", "Fire Chief-MLEO-CEMC Will Bateman (staff)"),
    ("Was the treasurer at the meeting on July 16, 2024?",
     "Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)"),
])
def test_a_person_asked_by_office_is_their_entry_not_their_deputys(question, entry):
    """"Was the mayor at …?" was answered with the whole room; the deputy's entry holds the
    office's word too, and is not the office."""
    meetings = _township("2024-07-16", attendees=[
        "Mayor Tom Piper", "Deputy Mayor Dave Yemm", "Fire Chief-MLEO-CEMC Will Bateman (staff)",
        "Land Planning & Technology Administrator-Deputy Treasurer John-Paul Negrinotti (staff)",
        "Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins (staff)"])
    found = record_answer(parse_query(question, ("Township of Nipissing Council",)), meetings)
    assert found.text == f"Yes: present at the Township of Nipissing Council meeting: {entry}."


def test_how_long_a_closed_session_lasted_is_when_it_began_and_ended():
    """Minutes print no length: the answer is the two times, each cited, none worked out."""
    meetings = _township("2025-08-12", closed_text="6:55 p.m.", resumed_text="7:21 p.m.")
    found = record_answer(parse_query("How long was council in camera on August 12, 2025?",
                                      ("Township of Nipissing Council",)), meetings)
    assert found.text == "The meeting went into closed session at 6:55 p.m."
    assert [o.text for o in found.others] == ["The meeting resumed in open session at 7:21 p.m."]
    assert found.quote == "6:55 p.m." and found.others[0].quote == "7:21 p.m."
    # a meeting whose minutes record no closed session gives no record answer
    assert record_answer(parse_query("How long was council in camera on August 12, 2025?",
                                     ("Township of Nipissing Council",)), _township("2025-08-12")) is None


def test_the_first_or_last_meeting_of_a_period_is_its_earliest_or_latest():
    """"Who was present at the first council meeting of 2024?" named twenty meetings and was
    refused; the period's earliest (or latest) meeting answers, and two bodies meeting that
    day are still not guessed between."""
    meetings = (_township("2024-01-02", attendees=["Mayor Tom Piper"])
                + _township("2024-06-04", attendees=["Councillor Shelly Foote"])
                + _township("2024-12-17", attendees=["Councillor Dave Yemm"]))
    bodies = ("Township of Nipissing Council",)
    first = record_answer(parse_query("Who was present at the first council meeting of 2024?", bodies), meetings)
    last = record_answer(parse_query("Who was present at the last council meeting of 2024?", bodies), meetings)
    assert "Tom Piper" in first.text and "Dave Yemm" in last.text
    other = {**meetings[2], "meeting_id": "c-2024-12-17", "body": "County Council"}
    assert record_answer(parse_query("Who was present at the last meeting of 2024?", bodies),
                         meetings + [other]) is None


def test_of_a_period_the_one_meeting_recording_apologies_answers_named():
    """"Who was absent in October 2023?": council met twice; the 3 October minutes list no
    regrets, so the 17 October ones answer, the meeting named. A day is still one meeting."""
    october = _township("2023-10-03") + _township("2023-10-17", apologies=["Councillor Shelly Foote"])
    found = record_answer(parse_query("Who was absent in October 2023?", ("Township of Nipissing Council",)), october)
    assert found.text == ("Apologies for the Township of Nipissing Council meeting of 17 October 2023 were "
                          "received from Councillor Shelly Foote.") and not found.others
    day = record_answer(parse_query("Who was absent on October 3, 2023?", ("Township of Nipissing Council",)), october)
    assert day is None or "Foote" not in day.text


def test_of_a_period_the_meetings_with_someone_of_the_group_asked():
    """"Who joined by Zoom in January 2025?": of the month's meetings, the one listing someone
    by Zoom answers, named; the others (no one on Zoom) are no answer to it."""
    january = (_township("2025-01-07") + _township("2025-01-14") + _township("2025-01-17") +
               _township("2025-01-21", attendees=["Mayor Dave Yemm", "Fire Chief Will Bateman (by Zoom)"]))
    found = record_answer(parse_query("Who joined by Zoom in January 2025?", ("Township of Nipissing Council",)), january)
    assert found.text == ("Present at the Township of Nipissing Council meeting of 21 January 2025: "
                          "Fire Chief Will Bateman (by Zoom).")


def test_a_meeting_named_by_its_agenda_item():
    """"… the county council meeting on the devolution white paper" names no day, but one
    County Council had that item; the other's apologies are no answer, and a topic no agenda
    holds names no meeting."""
    council = [
        {"meeting_id": "cc-2025-01-09", "body": "County Council", "date": "2025-01-09", "status": "minuted",
         "attendees": ["Mr Cooke"], "apologies": ["Mr Beaney"],
         "agenda": [{"number": "3", "title": "English Devolution White Paper"}],
         "sources": [{"document_id": "jan", "file": "j.pdf", "page": 1, "status": "minuted"}]},
        {"meeting_id": "cc-2025-02-13", "body": "County Council", "date": "2025-02-13", "status": "minuted",
         "attendees": ["Mr Sweetland"], "apologies": ["Mr Wright"],
         "agenda": [{"number": "6", "title": "Revenue Budget 2025-26"}],
         "sources": [{"document_id": "feb", "file": "f.pdf", "page": 1, "status": "minuted"}]},
    ]
    bodies = ("County Council",)
    found = record_answer(parse_query("Who sent apologies to the county council meeting on the devolution white "
                                      "paper?", bodies), council)
    assert found.document_id == "jan" and "Mr Beaney" in found.text and not found.others
    found = record_answer(parse_query("Who sent apologies to the county council meeting on the revenue budget?",
                                      bodies), council)
    assert found.document_id == "feb" and "Mr Wright" in found.text and not found.others
    # no agenda holds the library service: both meetings' lists, each naming its meeting
    both = record_answer(parse_query("Who sent apologies to the county council meeting on the library service?",
                                     bodies), council)
    assert both.others and {both.document_id, both.others[0].document_id} == {"jan", "feb"}


@pytest.mark.parametrize("question, first", [
    # a closed session's times, not the meeting's end ("closed" is a closing word) nor its start ("open")
    ("What time did council go into closed session on August 12, 2025?",
     "The meeting went into closed session at 6:55 p.m."),
    ("What time did council return to open session on August 12, 2025?",
     "The meeting went into closed session at 6:55 p.m."),
    # when it met, sat or convened is its start, not the adjournment a passage prints
    ("What time did Nipissing council meet on August 12, 2025?", "The meeting started at 6:30 p.m."),
    ("What time was council due to sit on 12/08/2025?", "The meeting started at 6:30 p.m."),
    ("What time was the Nipissing council meeting on August 12, 2025?", "The meeting started at 6:30 p.m."),
    ("What time did the meeting end on August 12, 2025?", "The meeting ended at 7:24 p.m."),
])
def test_what_time_names_the_meetings_time_it_asks_for(question, first):
    """"What time did council go into closed session?" was answered "The meeting ended at
    7:24 p.m." and "… meet?" by a passage's adjournment; each asks for one printed time."""
    meetings = _township("2025-08-12", time_text="6:30 p.m.", finish_text="7:24 p.m.",
                         closed_text="6:55 p.m.", resumed_text="7:21 p.m.")
    found = record_answer(parse_query(question, ("Township of Nipissing Council",)), meetings)
    assert found is not None and found.text == first
