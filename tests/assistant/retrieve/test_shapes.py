"""Every example question in the shape table parses to its own shape."""

import pytest

from assistant.retrieve.query import parse_query
from assistant.retrieve.shapes import shape_table

EXAMPLES = [(s.name, e) for s in shape_table().shapes for e in s.examples]


@pytest.mark.parametrize("shape,question", EXAMPLES)
def test_example_has_its_shape(shape, question):
    parsed = parse_query(question)
    assert parsed.shape is not None and parsed.shape.name == shape


def test_every_shape_has_examples():
    assert all(s.examples for s in shape_table().shapes)


def test_a_question_without_a_shape():
    assert parse_query("Tell me about the estates strategy.").shape is None


def test_answer_type_patterns():
    table = shape_table()
    assert table.by_name("time").fits("The meeting closed at 12.45 pm")
    assert not table.by_name("time").fits("The meeting closed early")
    assert table.by_name("vote_count").fits("the voting was as follows: For (57) Against (12) Abstain (3)")
    assert table.by_name("person").fits("Chief Inspector Heather Sutton will lead")
    assert not table.by_name("person").fits("the force lead will change")
    # minutes name a staff report's authors as the report "from" them
    assert table.by_name("author").fits("Staff Report from Land Planning & Technology Administrator John-Paul Negrinotti")
    assert not table.by_name("author").fits("the report from last year was noted")


def test_best_forms():
    table = shape_table()
    assert table.by_name("person").is_best("The lead is Chief Inspector Heather Sutton")
    assert not table.by_name("person").is_best("Neighbourhood Policing | Priority One")
    assert table.by_name("vote_count").is_best("For (57) Against (12) Abstain (3)")


@pytest.mark.parametrize("question", shape_table().plural_examples[0])
def test_plural_examples_ask_for_several_things(question):
    assert parse_query(question).plural


@pytest.mark.parametrize("question", shape_table().plural_examples[1])
def test_singular_examples_ask_for_one(question):
    assert not parse_query(question).plural


@pytest.mark.parametrize("text, fits", [
    ("The voting was: For (12), Against (42), Abstain (7)", True),
    ("For: 12", True),
    ("carried by 12 for and 40 against", True),
    ("carried unanimously", True),
    # a year or a financial year before "for" is no count, nor "For" before one
    ("pay increases in 2024-25 for staff at the top of the scale", False),
    ("Govt confirmed that BSIP will continue for 25/26", False),
    ("the budget 2025 for services", False),
    ("£1,234 for the scheme", False),
])
def test_a_vote_count_is_a_count_not_a_year(text, fits):
    assert shape_table().by_name("vote_count").fits(text) is fits


@pytest.mark.parametrize("text, fits", [
    ("The report was deferred pending a complete Facilities Audit.", True),
    ("The office will close to allow for staff professional development.", True),
    ("in recognition of the emergent nature of the repair", True),
    ("The report was deferred to the next meeting.", False),
    ("THAT Council adopt the 2024 Audited Financial Statements.", False),
])
def test_a_why_answer_gives_a_reason(text, fits):
    """'Why was the report put off?' is answered by a sentence that gives a reason, not
    by the one that only says it was put off."""
    assert parse_query("Why was the report put off?").shape.name == "reason"
    assert shape_table().by_name("reason").fits(text) is fits


RECORD_FIELD_EXAMPLES = [(s.name, f.field, q) for s in shape_table().shapes for f in s.record_fields for q in f.examples]


@pytest.mark.parametrize("shape,field,question", RECORD_FIELD_EXAMPLES)
def test_record_field_examples_ask_for_their_field(shape, field, question):
    """Which field of the meeting record answers is data (shapes.yaml ``record_fields``):
    "Who was present" holds "sent" and once read as asking for apologies."""
    q = parse_query(question)
    assert q.shape.name == shape and q.shape.record_field(question) == field


def test_a_records_shape_without_listed_fields_is_answered_by_its_own_field():
    assert shape_table().by_name("chair").record_field("Who chaired the meeting?") == "chair"
    assert shape_table().by_name("next_meeting").record_field("When is the next meeting?") == "next_meeting"
    assert RECORD_FIELD_EXAMPLES  # the attendance row lists its fields


@pytest.mark.parametrize("question", [
    "Was the budget approved at the June 4, 2024 meeting?",
    "Were the minutes adopted at the June meeting?",
    "What was decided at the June 4 meeting?",
])
def test_a_question_about_what_happened_at_a_meeting_is_no_attendance_question(question):
    """"Was Councillor Foote at the … meeting?" asks who was there; "Was the budget approved
    at the … meeting?" does not (the name before "at" must be one word or a capitalised name)."""
    shape = parse_query(question).shape
    assert shape is None or shape.name != "attendance"


def test_a_register_word_must_be_one_word():
    from assistant.retrieve.shapes import _word

    assert _word({"name": "vote_count", "register_word": "voting"}) == "voting"
    with pytest.raises(ValueError, match="vote_count"):
        _word({"name": "vote_count", "register_word": "voting was"})


@pytest.mark.parametrize("question, text, fits", [
    # a firm the question does not name
    ("Who won the tender for winter sand?", "award Tender NIP-PW-2-2024 for winter sand to Miller Paving", True),
    ("Which audit firm presented the year-end audit report?", "Oscar Poloni, KPMG presented the report", True),
    ("Which company insures the township?", "renewal provided by Intact Public Entities", True),
    # only the question's own words, minutes' words and reference codes: no firm
    ("Which company was awarded the Hart Road culvert reline tender?",
     "9. Resolution: Award Tender NIP-PW-4-2024 Culvert Reline, Hart Road.", False),
    ("Which contractor won the Bear Creek Road culvert tender?",
     "THAT we authorize the circulation of a Tender for the Bear Creek Road Culvert Project", False),
])
def test_a_firm_is_one_the_question_does_not_name(question, text, fits):
    shape = parse_query(question).shape
    assert shape.name == "organisation"
    assert shape.fits(text, question) is fits


def test_a_firm_is_not_read_from_a_register_records_lead():
    from assistant.answer.features import type_ok

    query = parse_query("Which firm was awarded the culvert tender?")
    lead = "Resolution R2026-48 (Township of Nipissing Council, 3 March 2026) [carried]: " \
           "Proposed (moved) by L. Chalapenko, seconded by S. Foote. "
    assert not type_ok(query, lead + "RESOLVED: THAT we authorize the circulation of a tender for the culvert.")
    assert type_ok(query, lead + "RESOLVED: THAT we award the culvert tender to J&P Leveque Bros.")


@pytest.mark.parametrize("question, period", shape_table().paper_period_examples[0])
def test_a_period_can_name_the_papers_asked_about(question, period):
    q = parse_query(question)
    assert q.paper_periods == [period]
    assert period not in q.asked_text and q.asked_text.strip()


@pytest.mark.parametrize("question", shape_table().paper_period_examples[1])
def test_a_period_asked_about_is_kept(question):
    q = parse_query(question)
    assert q.paper_periods == [] and q.asked_text == question


@pytest.mark.parametrize("question", shape_table().meeting_day_examples[0])
def test_a_day_given_as_a_meetings(question):
    assert parse_query(question).meeting_day


@pytest.mark.parametrize("question", shape_table().meeting_day_examples[1])
def test_a_day_that_is_no_meetings(question):
    q = parse_query(question)
    assert q.meeting_date and not q.meeting_day


@pytest.mark.parametrize("shape", [s for s in shape_table().shapes], ids=lambda s: s.name)
def test_a_pattern_that_tells_names_by_capitals_reads_them_case_sensitively(shape):
    """"[A-Z]" under re.I matches any letter: "if in order" passed for a venue ("in O…") and
    "contact officer: for further" for a named officer. A pattern holding "[A-Z]" is compiled
    case-sensitively (``case_sensitive``) or keeps its capitals in a (?-i:…) group."""
    import re as _re

    for pattern in (shape.wants, shape.best):
        if pattern is not None and "[A-Z]" in pattern.pattern and pattern.flags & _re.I:
            assert "(?-i:" in pattern.pattern, f"{shape.name}: {pattern.pattern[:80]}"


def test_a_part_word_needs_a_best_form_and_is_one_word():
    from assistant.retrieve.shapes import _part_word

    assert _part_word({"name": "author", "part_word": "author", "best": "Author: [A-Z]"}) == "author"
    with pytest.raises(ValueError, match="no best"):
        _part_word({"name": "author", "part_word": "author"})
    with pytest.raises(ValueError, match="not one word"):
        _part_word({"name": "author", "part_word": "report author", "best": "x"})


@pytest.mark.parametrize("question", shape_table().yes_no_examples[0])
def test_a_question_answered_yes_or_no(question):
    assert shape_table().asks_yes_no(question)


@pytest.mark.parametrize("question", shape_table().yes_no_examples[1])
def test_a_question_not_answered_yes_or_no(question):
    assert not shape_table().asks_yes_no(question)


@pytest.mark.parametrize("question", shape_table().second_part_examples[0])
def test_a_question_asking_a_second_thing(question):
    from assistant.retrieve.query import question_parts

    assert len(question_parts(question)) == 2


@pytest.mark.parametrize("question", shape_table().second_part_examples[1])
def test_a_question_asking_one_thing(question):
    from assistant.retrieve.query import question_parts

    assert question_parts(question) == [question]


_DATE = shape_table().by_name("date")


@pytest.mark.parametrize("question", _DATE.lead_not_asked_examples[0])
def test_a_when_question_a_records_meeting_day_does_not_answer(question):
    """"When will the elections be held?" asks a day the resolution itself says, not the day it was resolved."""
    assert _DATE.lead_not_asked.search(question)


@pytest.mark.parametrize("question", _DATE.lead_not_asked_examples[1])
def test_a_when_question_a_records_meeting_day_answers(question):
    assert not _DATE.lead_not_asked.search(question)


def test_a_records_lead_gives_no_day_to_a_when_will_question():
    from assistant.answer.features import type_ok
    from assistant.retrieve.query import parse_query

    record = ("Resolution R2026-38 (Township of Nipissing Council, 17 February 2026) [carried]: Proposed (moved) "
              "by S. Kirkey, seconded by J. Scott. RESOLVED: That we approve the newsletter.")
    assert type_ok(parse_query("When did council approve the newsletter?"), record)
    assert not type_ok(parse_query("When will the newsletter be published?"), record)



@pytest.mark.parametrize("question", ["How much did the levy rise?", "How much of the budget goes on roads?",
                                      "How many councillors voted?", "How much longer will the bridge be shut?"])
def test_a_rise_a_share_or_a_count_asked_how_much_is_no_sum_of_money(question):
    assert parse_query(question).shape.name != "money"


def test_a_sum_of_money_is_best_printed_as_one():
    money = next(s for s in shape_table().shapes if s.name == "money")
    assert money.is_best("totaling $396,601.55") and money.is_best("Policing Services 366,333.00$")
    assert money.is_best("£35,000") and not money.is_best("Concession 19, Part of Lot 10")


def test_a_who_question_is_not_answered_by_a_records_movers_nor_by_the_names_it_says():
    """"Who did council appoint as Integrity Commissioner?": a resolution to pass the by-law
    appointing "an Integrity Commissioner for the Township of Nipissing" names nobody new, and
    its movers did not take the post; a resolution naming the appointee does."""
    from assistant.answer.features import type_ok
    from assistant.retrieve.query import parse_query

    lead = ("Resolution R2025-226 (Township of Nipissing Council, 2 December 2025) [carried]: Proposed (moved) "
            "by J. Scott, seconded by S. Foote. RESOLVED: ")
    q = parse_query("Who did the township appoint as its Integrity Commissioner?")
    assert not type_ok(q, lead + "That we pass By-Law No. 2025-34, being a by-law to appoint an Integrity "
                               "Commissioner for the Township of Nipissing.")
    assert type_ok(q, lead + "THAT we appoint Harold Elston as Integrity Commissioner.")
    assert type_ok(parse_query("Who seconded the motion?"), lead + "That we pass By-Law No. 2025-34.")


def test_asking_where_a_meeting_was_is_no_attendance_question():
    """"Was the meeting at the community centre …?" once read as "was <someone> at the …?"."""
    from assistant.retrieve.query import parse_query

    shape = parse_query("Was the meeting at the community centre on July 16, 2024?").shape
    assert shape is None or shape.name != "attendance"
    assert parse_query("Was the chief executive at the Cabinet on 30 January 2025?").shape.name == "attendance"


# the rows read into a value, each with the reader and its examples: ((q, value), questions reading none)
_READERS = {"topic": (shape_table().topic_of, shape_table().topic_examples),
            "order": (shape_table().order_of, shape_table().meeting_order_examples),
            "year_part": (lambda q: "..".join(shape_table().year_part_of(q) or ()) or None,
                          shape_table().year_part_examples)}


@pytest.mark.parametrize("row, question, value",
                         [(row, q, v) for row, (_, (said, _)) in _READERS.items() for q, v in said])
def test_a_row_reads_what_its_examples_say(row, question, value):
    """"… decide about library closures …" has the topic "library closures"; "the first
    council meeting of 2024" the order "first"."""
    assert _READERS[row][0](question) == value


@pytest.mark.parametrize("row, question", [(row, q) for row, (_, (_, none)) in _READERS.items() for q in none])
def test_a_rows_non_examples_read_nothing(row, question):
    assert _READERS[row][0](question) is None


def test_the_tables_question_rows_are_read():
    """A row read into the wrong field leaves its parametrised tests empty, and pytest only skips them."""
    table = shape_table()
    assert table.topic is not None and table.topic_examples[0] and table.topic_examples[1]
    assert dict(table.meeting_order).keys() == {"first", "last"} and table.meeting_order_examples[0]
    assert table.year_part is not None and table.year_part_examples[0] and table.year_part_examples[1]


def test_a_part_of_a_year_is_the_questions_period():
    """"fall 2025" is September to November 2025, not the whole year: the scoped lookup and
    a meeting record's period read ``Query.period``."""
    from assistant.retrieve.query import parse_query

    assert parse_query("Who joined the recreation committee in fall 2025?").period == ("2025-09-01", "2025-11-30")
    assert parse_query("Who joined the recreation committee in 2025?").period == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize("text, said", [("Regrets: None", False), ("Apologies: nil.", False),
                                        ("There were no apologies.", False), ("Regrets: Councillor Foote", True),
                                        ("Apologies were received from Mrs C Bell.", True),
                                        ("76. Apologies\n(Item 1)\nNo apologies were received.", False),
                                        ("76. Apologies\n(Item 1)\nApologies were received from Mr Hook.", True),
                                        ("Apologies for absence", False)])
def test_minutes_saying_there_were_no_apologies_word_none(text, said):
    """"Regrets: None" once stopped the record's "the minutes list no apologies" (the minutes
    seemed to word an apology the record had not read), and the question was refused. So did
    the item's heading alone, "76. Apologies", above "No apologies were received."."""
    field = shape_table().by_name("attendance").field("apologies")
    assert field.said_in(text) is said


@pytest.mark.parametrize("text, dated", [
    ("Members may wish to note the report.", False),  # the verb, not the month
    ("The report may be deferred.", False),
    ("The meeting was held on May 14, 2024.", True),
    ("TUESDAY, MAY 14", True),
    ("The council had existed since 1889.", True),  # a year before 1900 is a year too
])
def test_a_date_answer_needs_a_date_not_the_verb_may(text, dated):
    """"When will the new library open?" was answered by a resolution whose only 'date' was
    the verb "may"; and a year of the 1800s answers "since what year?"."""
    for name in ("date", "next_meeting"):
        assert bool(shape_table().by_name(name).wants.search(text)) is dated, (name, text)


def test_a_cue_given_as_a_list_is_any_of_its_lines():
    """The attendance cue is one phrasing a line in shapes.yaml; each line still matches alone."""
    from assistant.retrieve.shapes import _compile

    either = _compile([r"\bapologies\b", r"^\s*who turned up\b"])
    assert either.search("Who sent apologies?") and either.search("Who turned up on May 14?")
    assert not either.search("Did anyone turn up?")
    assert isinstance(shape_table().by_name("attendance").cue.pattern, str)


@pytest.mark.parametrize("text, fits", [
    ("THAT we appoint Jennifer Bonnell to the Township of Nipissing Recreation Committee.", True),
    ("THAT we appoint Councillor Scott to the board.", True),
    # a role said in capitals is no one's name: the member who resigned is not named
    ("THAT we accept the resignation of Appointed Member of the Recreation Committee.", False),
    ("That the Appointed Members and Council Representative be thanked.", False),
])
def test_a_role_in_capitals_is_no_persons_name(text, fits):
    question = "Who was added to the recreation committee in fall 2025?"
    shape = parse_query(question).shape
    assert shape.name == "person"
    assert shape.fits(text, question) is fits


@pytest.mark.parametrize("question", ["Which February dates were set for next year's council sittings?",
                                      "What dates are the advance polls?"])
def test_which_dates_asks_for_dates_a_paper_says(question):
    """Not the day the resolution setting them was passed: the register record's lead is no answer."""
    shape = parse_query(question).shape
    assert shape.name == "date" and shape.lead_not_asked.search(question)


@pytest.mark.parametrize("question", [
    "Which dealership won Nipissing's 2024 bid to supply a new public works pickup?",
    "Which lender did KCC borrow the £40m from?",
])
def test_a_dealer_or_lender_is_a_firm_asked_for(question):
    """A firm asked for by its trade ("which dealership …?") names a firm, as "which company …?" does."""
    assert shape_table().match(question).name == "organisation"
