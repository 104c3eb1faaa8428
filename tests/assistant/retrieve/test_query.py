"""The question parsed once: refs, shape, names, body, date or period, document types."""

import pytest

from assistant.retrieve.query import inherit, parse_query

BODIES = ("Cabinet", "County Council", "Cabinet (Kent County Council)", "Police and Crime Panel")


def test_references_and_shape():
    q = parse_query("What was resolved under 2021/007?")
    assert "res:2021/007" in q.refs and q.shape.name == "decision" and q.resolution_refs()


def test_body_is_one_the_store_holds():
    assert parse_query("What did the County Council decide on the budget?", BODIES).body == "County Council"
    assert parse_query("What did the Police and Crime Panel note?", BODIES).body == "Police and Crime Panel"
    assert parse_query("What did the panel note?", BODIES).body is None  # generic words name no body
    assert parse_query("What did Cabinet agree?", ()).body is None


def test_a_body_is_named_by_its_own_name_less_its_kind_or_by_its_kind_alone():
    """Residents say "Nipissing council" or "the township" for the Township of Nipissing
    Council, the only stored body of that kind."""
    bodies = BODIES + ("Township of Nipissing Council",)
    assert parse_query("What did Nipissing council decide on the sand tender?", bodies).body == \
        "Township of Nipissing Council"
    assert parse_query("Which company insures the township?", bodies).body == "Township of Nipissing Council"
    assert parse_query("What did Kent decide?", bodies).body is None  # "Cabinet" is part of that name
    assert parse_query("What did Kent's Cabinet agree?", bodies).body == "Cabinet"  # a full name beats a partial one
    assert parse_query("What did Kent County Council agree?", bodies).body == "County Council"


def test_meeting_date_month_and_year():
    assert parse_query("Who attended the meeting on 30 January 2025?").meeting_date == "2025-01-30"
    q = parse_query("What did the County Council agree in February 2025?", BODIES)
    assert q.period == ("2025-02-01", "2025-02-28") and q.date_range == q.period
    assert parse_query("How many permits were issued in 2024?").period == ("2024-01-01", "2024-12-31")


def test_a_day_with_its_year_apart_is_the_meetings_day():
    """"The June 20th meeting in 2023" names one day; two years, or none, leave it a day of no year."""
    assert parse_query("Which members were absent at the June 20th meeting in 2023?").meeting_date == "2023-06-20"
    q = parse_query("What did the 9 January meeting decide about 2024 and 2025?")
    assert q.meeting_date is None and q.period is None
    assert parse_query("What was decided in May 2024?").period == ("2024-05-01", "2024-05-31")


def test_a_financial_year_is_no_meeting_period():
    assert parse_query("What was the SNB grant for 2020-21?").period is None
    assert parse_query("What was the total for 2020/21?").period is None


def test_doc_type_hints_and_names():
    q = parse_query("What do the minutes say about Redthread in Mansfield?")
    assert q.doc_types == ["minutes"]
    assert q.names == ["Redthread", "Mansfield"]


def test_topic_terms_leave_out_the_shape_words():
    q = parse_query("Who sent apologies to the Cabinet meeting?")
    assert q.shape.name == "attendance" and "apology" not in q.terms and "cabinet" in q.terms


def test_inherit_takes_only_what_the_new_turn_does_not_name():
    first = parse_query("What did Cabinet decide on 30 January 2025 about schools?", BODIES)
    second = inherit(first, parse_query("and who moved it?", BODIES))
    assert second.body == "Cabinet" and second.meeting_date == "2025-01-30"
    assert set(second.inherited) >= {"body", "meeting_date"}
    third = inherit(first, parse_query("what about March 2025?", BODIES))
    assert third.meeting_date is None and third.period == ("2025-03-01", "2025-03-31")
    assert third.shape.name == "decision" and third.inherited["shape"] == "decision"


def test_months_weekdays_and_generic_body_words_are_no_names():
    q = parse_query("Which members of the Essex County Council cabinet gave apologies on Tuesday in January 2025?")
    assert q.names == ["Essex"]
    assert parse_query("What did the Police and Crime Commissioner say in November?").names == ["Police", "Crime"]


def test_a_quoted_title_names_no_small_words_and_keeps_no_quote():
    """"the Mansfield 'Have Your Say' event": a name "Say'" (quote kept) or "Your" is a
    name no paper holds, which reads as a near miss."""
    assert parse_query("When was the Mansfield 'Have Your Say' event held?").names == ["Mansfield"]
    assert parse_query("How many councillors backed Labour's amendment?").names == ["Labour"]


@pytest.mark.parametrize("question, parts", [
    ("What time did the February 6, 2024 meeting start and when did it end?",
     ["What time did the February 6, 2024 meeting start", "when did it end?"]),
    ("Who chaired the County Council on 13 February 2025, and who sent apologies?",
     ["Who chaired the County Council on 13 February 2025", "who sent apologies?"]),
    # one question: "and" joins its words, not two questions
    ("Who moved and seconded the motion?", ["Who moved and seconded the motion?"]),
    ("What were the apologies and declarations of interest?", ["What were the apologies and declarations of interest?"]),
])
def test_a_question_asking_two_things_is_read_as_its_parts(question, parts):
    from assistant.retrieve.query import question_parts

    assert question_parts(question) == parts


def test_a_plain_phrase_is_no_name_the_papers_must_print():
    """"What did Nipissing ask Queen's Park to change …?" was refused: "Queen" and "Park" were
    names no passage held, though the papers print Queen's Park as "the province" (a
    plainwords row). The words of a plain phrase are not names; the question's others are."""
    q = parse_query("What did Nipissing ask Queen's Park to change about who pays for recycling, in February 2025?")
    assert q.names == ["Nipissing"]
    assert "Queen" in parse_query("Which Queen Street shops did the council list?").names  # no plain phrase there
