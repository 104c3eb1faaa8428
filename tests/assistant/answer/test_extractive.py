import pytest

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.units import _merge_values, split_units
from assistant.retrieve.query import parse_query
from assistant.settings import AnswerSettings
from tests.assistant.answer.helpers import passage
from assistant.store.filters import Filters
from ingest.models import DocType


def compose(question, passages, **kw):
    return ExtractiveComposer(AnswerSettings(**kw)).compose(question, passages)


def test_picks_the_sentence_with_the_number_for_how_much():
    p = passage(1, "Redthread is a youth violence charity working in hospitals. "
                   "The grant to Redthread was £35,000 in 2020-21. Redthread reported good outcomes.")
    draft = compose("How much grant did Redthread receive?", [p])
    assert not draft.abstained
    assert draft.claims[0].text == "The grant to Redthread was £35,000 in 2020-21."
    assert draft.claims[0].cites == [1]


def test_when_question_prefers_a_date():
    p = passage(1, "The meeting noted the work programme. The next meeting was scheduled for 19 May 2021.")
    draft = compose("When was the next meeting scheduled?", [p])
    assert "19 May 2021" in draft.claims[0].text


def test_abstains_below_threshold():
    p = passage(1, "Neighbourhood policing teams hold patch walks.", dense=0.05, score=0.1)
    draft = compose("What was the 2023 capital budget for horses?", [p])
    assert draft.abstained


def test_resolution_block_is_one_unit_with_its_parts():
    text = ("9. UPDATE ON POLICE AND CRIME DELIVERY PLAN 2021-2022\nThe meeting considered the report.\n"
            "RESOLVED 2021/007\n- (1) to note the report\n- (2) that the Commissioner approve the new delivery plan;\n"
            "- (3) that the Chief Constable agree to implementation\n10. NEXT ITEM")
    units = [u.text for u in split_units(passage(1, text))]
    block = [u for u in units if u.startswith("RESOLVED 2021/007")]
    assert block and "(2) that the Commissioner approve" in block[0] and "(3)" in block[0]
    assert not any("NEXT ITEM" in u for u in block)


def test_question_by_reference_returns_the_resolution():
    text = ("The meeting considered the delivery plan report.\nRESOLVED 2021/007\n- (1) to note the report\n"
            "- (2) that the Commissioner approve the new delivery plan;")
    other = passage(2, "RESOLVED 2021/006\nTo note the report.", refs=["res:2021/006"], dense=0.5)
    draft = compose("What was resolved under 2021/007?", [passage(1, text, refs=["res:2021/007"]), other])
    assert draft.claims[0].text.startswith("RESOLVED 2021/007")
    assert "approve the new delivery plan" in draft.claims[0].text


def test_table_rows_are_units():
    p = passage(1, "Services and Initiatives | £\nRedthread | 35,000\nProject Officer | 50,000", kind="table")
    assert [u.text for u in split_units(p)][1] == "Redthread | 35,000"
    draft = compose("How much went to the Project Officer?", [p])
    assert "50,000" in draft.claims[0].text


def test_one_cell_per_line_tables_are_regrouped_into_rows():
    from assistant.answer.units import table_rows
    text = "Role\nEstablishment 2018\nNP Insp\n13\n13\n0\nPC (inc MIT)\n136\n172\n+36"
    assert table_rows(text)[-1] == "PC (inc MIT) | 136 | 172 | +36"
    assert table_rows("30,000 | Total 2020/21\n747,660")[-1] == "30,000 | Total 2020/21 | 747,660"


def test_time_question_picks_the_clock_sentence():
    p = passage(1, "The meeting received the work programme. The meeting closed at 11.15am.")
    assert "11.15am" in compose("What time did the meeting close?", [p]).claims[0].text


def test_pronoun_sentence_keeps_its_heading():
    text = "2. MINUTES OF THE PREVIOUS MEETING HELD ON 4TH NOVEMBER 2020\nThese were agreed as a true record."
    units = [u.text for u in split_units(passage(1, text))]
    assert units == ["2. MINUTES OF THE PREVIOUS MEETING HELD ON 4TH NOVEMBER 2020: These were agreed as a true record."]


def test_a_period_the_passage_never_mentions_lowers_confidence():
    p = passage(1, "The revenue budget for 2020/21 was £230m.", section="Budget")
    sure = compose("What was the revenue budget for 2020/21?", [p])
    unsure = compose("What was the revenue budget for 2023/24?", [p], abstain_threshold=0.0)
    assert unsure.confidence < sure.confidence * 0.6


def test_abbreviations_meet_their_spelled_out_form():
    p = passage(1, "Chief Inspector Rogers chaired the group. Chief Inspector Heather Sutton will take over as "
                   "force lead from 26th April 2021.")
    draft = compose("Who is taking over from CI Rogers as force lead?", [p])
    assert "Heather Sutton" in draft.claims[0].text


def test_role_and_event_terms():
    from assistant.answer.features import event_term, role_term
    assert role_term("Who chairs the Police and Crime Panel?") == "chair"
    assert role_term("Who is the contact for the assessment?") == "contact"
    assert role_term("Who is the township's insurer for 2024-25?") == "insurer"
    # no role: a stop word no passage's terms can hold, or a name
    for question in ("Who did Nipissing appoint as Integrity Commissioner?", "Who got the winter sand tender?",
                     "Who was it sent to?", "Who is Nipissing nominating for the award?"):
        assert role_term(question) is None, question
    assert event_term("When is the new custody suite due to open?") == "open"
    assert event_term("When was the event held and which inspector took part?") is None


def test_who_question_about_an_unmentioned_role_is_less_confident():
    p = passage(1, "Sharon Caddell, Interim Chief Executive of the Office of the Police and Crime Commissioner.")
    chaired = compose("Who chairs the Police and Crime Panel?", [p], abstain_threshold=0.0)
    leads = compose("Who is the Chief Executive of the Office of the Police and Crime Commissioner?", [p],
                    abstain_threshold=0.0)
    assert chaired.confidence < 0.7 * leads.confidence


def test_page_rows_answer_with_their_table_heading():
    from assistant.answer.extractive import ExtractiveComposer
    from assistant.settings import AnswerSettings
    flat = "Fig 1. Outcomes by neighbourhood\nArrests\nCash Seized\nAshfield\n120\n£10k\nGedling\n148\n£258k"
    p = passage(1, flat, kind="table")
    rows = lambda chunk: ["Ashfield | 120 | £10k", "Gedling | 148 | £258k"]  # noqa: E731
    draft = ExtractiveComposer(AnswerSettings(), rows=rows).compose("How much cash was seized in Gedling?", [p])
    assert draft.claims[0].text == "Gedling | 148 | £258k"


def test_part_of_a_whole_is_no_focus():
    from assistant.answer.features import focus_terms
    assert focus_terms("How many greens and ambers did Notts get?") >= {"green"}
    assert focus_terms("How much of the SNB grant went to Redthread?") == set()


def test_out_of_period_is_a_passage_of_another_month_that_never_names_the_year():
    from assistant.answer.features import out_of_period
    from assistant.retrieve.query import parse_query
    chunk = passage(1, "The motion on devolution was carried.").hit.chunk
    chunk.meeting_date = "2024-12-19"
    asked = parse_query("How did the council vote on devolution in January 2024?")
    assert out_of_period(asked, chunk, chunk.text)
    assert not out_of_period(parse_query("How did the council vote on devolution in December 2024?"), chunk, chunk.text)
    # a month asked needs the month (or a day in it) named; a year asked, the year in any form
    assert out_of_period(asked, chunk, "Compared with the 2023/24 outturn, the motion was carried.")
    assert not out_of_period(asked, chunk, "As agreed in January 2024, the motion was carried.")
    assert not out_of_period(parse_query("How did the council vote on devolution in 2023?"), chunk,
                             "Compared with the 2023/24 outturn, the motion was carried.")
    assert not out_of_period(parse_query("How did the council vote on devolution?"), chunk, chunk.text)


def test_a_plural_question_takes_both_records_worded_alike():
    """Two donations minuted as two resolutions: 'which fairs … how much each' needs both,
    though the second repeats the first's question words; a singular question keeps one."""
    first = passage(1, "Resolution R2024-074 (Township Council, 2 April 2024) [carried]: RESOLVED: THAT we donate "
                       "$100 to the Powassan Agricultural Society towards the 2024 Powassan Fall Fair.", kind="register")
    second = passage(2, "Resolution R2024-075 (Township Council, 2 April 2024) [carried]: RESOLVED: THAT we donate "
                        "$100 to the Trout Creek Community Centre towards the 2024 Trout Creek Fall Fair.",
                     kind="register", score=0.95)
    both = compose("Which fall fairs did the township donate to in 2024, and how much each?", [first, second],
                   abstain_threshold=0.0)
    assert {c.cites[0] for c in both.claims} == {1, 2}
    one = compose("Which fall fair did the township donate to in 2024?", [first, second], abstain_threshold=0.0)
    assert [c.cites[0] for c in one.claims] == [1]


def test_a_plural_answer_does_not_take_a_runner_up_that_answers_less_of_the_question():
    first = passage(1, "RESOLVED: THAT we donate $100 to the Powassan Agricultural Society towards the 2024 "
                       "Powassan Fall Fair.", kind="register")
    second = passage(2, "RESOLVED: THAT we donate $100 to the Trout Creek Agricultural Society towards the 2024 "
                        "Trout Creek Fall Fair.", kind="register", score=0.95)
    other = passage(3, "RESOLVED: THAT we donate $100 to the Powassan Maple Syrup Festival 2024.", kind="register",
                    score=0.95)
    draft = compose("Which fall fairs did the township donate to in 2024, and how much each?", [first, other, second],
                    abstain_threshold=0.0)
    assert {c.cites[0] for c in draft.claims} == {1, 2}  # two fall fairs; the syrup festival is no fall fair


def test_a_runner_up_from_a_passage_without_the_named_thing_does_not_join():
    """"How much did Redthread receive?": a close second from a passage that never names
    Redthread adds the question's "receive" but is about something else; one that does
    name it may still join."""
    best = passage(1, "Grants to victim services 2020/21: Redthread | 35,000", section="Victim services grants")
    other = passage(2, "Around 11,300 individuals were supported by victim services, with a further 691 "
                       "receiving support via additional funded services.", score=0.8, dense=0.5)
    draft = compose("How much did Redthread receive?", [best, other], abstain_threshold=0.0)
    assert [c.cites[0] for c in draft.claims] == [1]
    named = passage(2, "Redthread also receives referrals from the hospital teams across the county.", score=0.8,
                    dense=0.5)
    draft = compose("How much did Redthread receive?", [best, named], abstain_threshold=0.0)
    assert {c.cites[0] for c in draft.claims} == {1, 2}


@pytest.mark.parametrize("lines, want", [
    # a slide's label and its amount on two lines are one unit
    (["❑Per $217,000 of assessment", "$65.53 increase."], ["❑Per $217,000 of assessment $65.53 increase."]),
    (["Net cost to the township", "12.5% of the levy"], ["Net cost to the township 12.5% of the levy"]),
    # an agenda number is no amount; a finished sentence or a label holding its value stays alone
    (["4. Chairman's Announcements", "5. Section 25 Report"], ["4. Chairman's Announcements", "5. Section 25 Report"]),
    (["Levy increase: 3.4%", "12.5% of total"], ["Levy increase: 3.4%", "12.5% of total"]),
    (["The budget was approved.", "£1.2m was set aside."], ["The budget was approved.", "£1.2m was set aside."]),
    # a report's contact block: a label, then a person on the next line
    (["Report Author", "Nick Abrahams", "Assistant Director Education"],
     ["Report Author: Nick Abrahams", "Assistant Director Education"]),
    (["Author", "Dr Mike Gogarty", "Interim Strategic Lead for Public Health"],
     ["Author: Dr Mike Gogarty", "Interim Strategic Lead for Public Health"]),
    (["Lead Officer:", "Sharon Thompson – Head of Planning Applications Group", "Phone number: 03000 413468"],
     ["Lead Officer: Sharon Thompson – Head of Planning Applications Group", "Phone number: 03000 413468"]),
    # another lead-in ending in ':' stays apart (quoted with its list when chosen)
    (["Certified Candidates absent:", "Shawn Mills"], ["Certified Candidates absent:", "Shawn Mills"]),
    # a heading followed by a sentence opening with a name stays apart
    (["Background", "Mr Oakford introduced the report on the budget for the year."],
     ["Background", "Mr Oakford introduced the report on the budget for the year."]),
    # a long line is a sentence, not a label
    (["The council considered the report of the treasurer on the budget and the reserves for the year ahead",
      "$4,048.00"], ["The council considered the report of the treasurer on the budget and the reserves for the "
                     "year ahead", "$4,048.00"]),
])
def test_a_label_and_its_amount_on_two_lines_are_one_unit(lines, want):
    assert _merge_values(lines) == want


def test_the_slide_amount_is_quoted_with_its_label():
    p = passage(1, "Tax Impact:\n❑Per $217,000 of assessment\n$65.53 increase.")
    assert "❑Per $217,000 of assessment $65.53 increase." in [u.text for u in split_units(p)]


def test_who_wrote_the_report_is_answered_from_its_contact_block():
    """The topic words are in the report's opening, the author only in its contact block:
    a strict shape answers with a unit of its form, however well the opening matches."""
    opening = passage(1, "1.1 This report sets out the Commissioning Plan for Education Provision in Kent 2025-29 "
                         "and asks Cabinet to agree the plan for school places.", score=1.0)
    contact = passage(2, "11. Contact details\nReport Author:\nNick Abrahams\nAssistant Director Education\n"
                         "Telephone number 03000 410058", score=0.8)
    draft = compose("Who prepared the report on the education commissioning plan?", [opening, contact])
    assert not draft.abstained
    assert " ".join(c.text for c in draft.claims) == "Report Author: Nick Abrahams"
    assert {n for c in draft.claims for n in c.cites} == {2}
    # without a contact block the order stands: the shape is no filter over nothing
    plain = compose("Who prepared the report on the education commissioning plan?", [opening])
    assert all("Author" not in c.text for c in plain.claims)


def test_who_to_contact_about_a_report_is_its_lead_officer_before_a_phone_number():
    opening = passage(1, "1.1 This report asks Cabinet to adopt the Kent Minerals and Waste Local Plan 2024-39 "
                         "following the Planning Inspector's report.", score=1.0)
    contact = passage(2, "12. Contact details\nLead Officer:\nSharon Thompson – Head of Planning Applications Group\n"
                         "Phone number: 03000 413468 E-mail: sharon.thompson@kent.gov.uk", score=0.9)
    draft = compose("Who should I contact about the minerals and waste local plan report?", [opening, contact],
                    abstain_threshold=0.0)  # no archive rarity here: the order is what is tested
    assert draft.claims[0].text == "Lead Officer: Sharon Thompson – Head of Planning Applications Group"
    assert draft.claims[0].cites == [2]


def _ranked(question, text, paper):
    composer = ExtractiveComposer(AnswerSettings(), document_text=lambda doc_id: paper)
    return composer.rank(parse_query(question), [passage(1, text)])


@pytest.mark.parametrize("question, paper, absent", [
    # a name neither the passage nor its paper holds: a near miss about another council
    ("What band D figure did Surrey County Council set?", "Kent County Council budget 2025-26", 1.0),
    # the name is elsewhere in the paper (the report's opening): no sign of a near miss
    ("What band D figure did Surrey County Council set?", "Surrey County Council budget report", 0.0),
    ("What band D figure did the council set?", "Kent County Council budget", 0.0),  # no name asked
])
def test_a_name_missing_from_the_whole_paper_is_a_confidence_feature(question, paper, absent):
    ranking = _ranked(question, "The council set a band D council tax of £1,755.09 for 2025-26.", paper)
    assert ranking.confidence_feats["name_absent"] == absent


def test_a_name_absent_from_the_paper_lowers_confidence():
    text = "The council set a band D council tax of £1,755.09 for 2025-26."
    q = "What band D figure did Surrey County Council set?"
    assert _ranked(q, text, "Kent budget").confidence < _ranked(q, text, "Surrey budget").confidence


def test_a_sentence_repeated_across_papers_is_embedded_once():
    """The same sentence from two copies of one report: one vector, the same feature for both."""
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return [[1.0, 0.0] for _ in texts]

    from assistant.retrieve.query import parse_query as parse

    text = "The grant to Redthread was £35,000 in 2020-21."
    q = parse("How much grant did Redthread receive?")
    q.vector = [1.0, 0.0]
    ranking = ExtractiveComposer(AnswerSettings(), embed=embed).rank(q, [passage(1, text), passage(2, text)])
    assert len(calls) == 1 and calls[0].count(text) == 1
    assert [f["sentence"] for f in ranking.feats] == [1.0, 1.0]


@pytest.mark.parametrize("question, unit, other", [
    # a financial year asked, the unit of another
    ("What council tax requirement did Kent agree for 2023/24?",
     "RESOLVED: the council tax requirement for 2025/26 of £1,005.3m.", True),
    ("What council tax requirement did Kent agree for 2023/24?",
     "The council tax requirement for 2023-24 was £919.2m.", False),
    # a month asked, the unit dated in another month of the same year
    ("How many councillors voted for the motion at the County Council meeting in January 2024?",
     "County Council, 19 December 2024: For (14), Against (37).", True),
    ("How many councillors voted for the motion at the County Council meeting in January 2025?",
     "County Council, 9 January 2025: For (14), Against (37).", False),
    # a calendar year inside a financial one the unit names
    ("What did policing cost in 2025?", "The 2024-25 policing budget was $1.2m.", False),
    # nothing to compare: no year asked, or none in the unit
    ("What did policing cost?", "The 2024-25 policing budget was $1.2m.", False),
    ("What did policing cost in 2022?", "Policing cost $1.2m.", False),
])
def test_a_unit_of_another_year_or_month_is_a_confidence_feature(question, unit, other):
    """A near miss: the archive has the thing asked about, for another period."""
    from assistant.answer.periods import other_period
    from assistant.retrieve.query import parse_query as parse

    assert other_period(parse(question), unit) is other
    assert _ranked(question, unit, "Council budget").confidence_feats["other_period"] == float(other)


def test_a_unit_of_another_year_lowers_confidence():
    q = "What council tax requirement did Kent agree for 2023/24?"
    asked = _ranked(q, "RESOLVED: the council tax requirement for 2023/24 of £1,005.3m.", "Budget")
    other = _ranked(q, "RESOLVED: the council tax requirement for 2025/26 of £1,005.3m.", "Budget")
    assert other.confidence < asked.confidence


def _long_record() -> str:
    from ingest.models import Decision
    from ingest.register import register_text

    filler = " ".join(["having given due regard to the section 25 report of the Corporate Director"] * 20)
    text = (f"that County Council, {filler}, agree the following: (a) The 10-year capital programme of £1,419m. "
            "(b) The net revenue budget requirement of £1,530.9m for 2025-26. 2025-26 Council Tax "
            "(c) The total council tax requirement of £994,287,655 to be raised through precepts on districts.")
    return register_text(Decision(ref="291", text=text, document_id="d", file="f.pdf", page=13, item="6",
                                  item_title="Revenue Budget 2025-26", body="County Council", date="2025-02-13",
                                  outcome="carried", mover="Mr Oakford", seconder="Mr Gough", votes_for=41,
                                  votes_against=10, abstentions=7, kind="resolution", result="Carried"))


def test_a_long_register_record_is_one_unit_a_clause_each_led_by_its_vote():
    """An 800-word budget resolution quoted whole buried its answer; each clause now comes
    with the record's lead (who moved it, how the vote went) and the elision shown."""
    record = _long_record()
    units = split_units(passage(1, record, kind="register"))
    assert len(units) >= 4
    assert all(u.text.startswith(u.lead) and "The voting was: For (41)" in u.lead for u in units)
    # a run-in heading ("2025-26 Council Tax") joins the clause after it
    assert any(u.text.endswith("… 2025-26 Council Tax (c) The total council tax requirement of £994,287,655 "
                               "to be raised through precepts on districts.") for u in units)
    short = "Minute 86, RESOLVED (Cabinet, 30 January 2025) [agreed]: that the report be noted."
    assert [u.text for u in split_units(passage(2, short, kind="register"))] == [short]


def test_an_answer_from_a_long_record_quotes_the_clause_asked_about():
    draft = ExtractiveComposer(AnswerSettings()).compose(
        "What total council tax requirement was to be raised through precepts on districts?",
        [passage(1, _long_record(), kind="register")])
    answer = " ".join(c.text for c in draft.claims)
    assert "£994,287,655" in answer and "For (41)" in answer
    assert len(answer.split()) < len(_long_record().split()) / 2
    assert answer.count("The voting was") == 1  # a second clause is quoted without the lead again


def test_a_clause_is_compared_with_the_question_without_its_records_lead():
    """The lead is the same in every clause: read with it, their sentence vectors were alike."""
    seen = []

    def embed(texts):
        seen.extend(texts)
        return [[1.0, 0.0] for _ in texts]

    q = parse_query("What total council tax requirement was to be raised through precepts?")
    q.vector = [1.0, 0.0]
    ExtractiveComposer(AnswerSettings(), embed=embed).rank(q, [passage(1, _long_record(), kind="register")])
    assert seen and not any(t.startswith("Minute") or "The voting was" in t for t in seen)


@pytest.mark.parametrize("question, meeting_date, missing", [
    # a day of a month is a date: met by the paper's meeting date, never asked of its text as "9"
    ("Did Ms Grehan attend the 9 January council meeting?", "2025-01-09", 0.0),
    ("Did Ms Grehan attend the 9 January council meeting?", "2025-01-10", 1.0),
    ("Did Ms Grehan attend the meeting on January 9, 2025?", "2025-01-09", 0.0),
    ("Did Ms Grehan attend the meeting of 14 May 2024?", "2024-05-14", 0.0),
    # a figure is still a figure the paper must mention
    ("Were 9 members absent from the council meeting?", "2025-01-09", 1.0),
])
def test_a_day_of_a_month_is_met_by_the_meeting_date(question, meeting_date, missing):
    from dataclasses import replace

    p = passage(1, "Ms Grehan had given her formal apologies but was attending the meeting virtually.")
    p.hit.chunk = replace(p.hit.chunk, meeting_date=meeting_date)
    ranking = ExtractiveComposer(AnswerSettings()).rank(parse_query(question), [p])
    assert ranking.feats[0]["period_missing"] == missing


@pytest.mark.parametrize("text, years", [
    ("the 2023/24 outturn", {"2023", "2024"}),
    ("the 2025-2035 capital forecast", {str(y) for y in range(2025, 2036)}),
    ("Local Plan 2024-39", {str(y) for y in range(2024, 2040)}),
    ("in 2019 and 2021", {"2019", "2021"}),
])
def test_a_span_of_years_names_each_year_in_it(text, years):
    from assistant.answer.periods import years_named

    assert years_named(text) == years


def test_a_question_naming_its_papers_span_is_met_by_the_papers_title():
    """'In the 2025-2035 capital forecast, when was the landfill to close?' over a table of the
    forecast whose rows say 2027: the span is in the paper's title (its context header), and
    2027 is inside it, so neither the period nor another year counts against the answer."""
    from dataclasses import replace

    p = passage(1, "2027 Bear Creek Landfill Closure or Rehabilitation $609,045.59 closure costs")
    p.hit.chunk = replace(p.hit.chunk, context="CAPITAL BUDGET 2025-2035 FORECAST (reconsideration)")
    q = "In the 2025-2035 capital forecast, when was the Bear Creek landfill to close, and at what cost?"
    ranking = ExtractiveComposer(AnswerSettings()).rank(parse_query(q), [p])
    assert ranking.feats[0]["period_missing"] == 0.0
    assert ranking.confidence_feats["other_period"] == 0.0


@pytest.mark.parametrize("paper_text, meeting_date, missing", [
    # an undated appendix that names the financial year the January 2025 papers set
    ("The 2025-26 strategy allows £8m of receipts to support the Oracle Cloud project.", None, 0.0),
    # a dated paper of that meeting, whose passage names no year
    ("Receipts of £8m will support the Oracle Cloud project.", "2025-01-30", 0.0),
    # a paper of another period altogether
    ("The 2021-22 strategy allows £8m of receipts to support the Oracle Cloud project.", None, 1.0),
])
def test_a_period_naming_the_papers_is_met_by_any_year_of_the_paper(paper_text, meeting_date, missing):
    """'… under its strategy in the January 2025 budget papers?' names which papers, not the
    period asked about: an undated appendix saying "2025-26" is of those papers, though it
    never prints "January 2025"; a paper of 2021-22 is not."""
    from dataclasses import replace

    p = passage(1, paper_text)
    p.hit.chunk = replace(p.hit.chunk, meeting_date=meeting_date)
    q = parse_query("What is £8m of receipts to be spent on, under the strategy in the January 2025 budget papers?")
    assert q.paper_periods == ["January 2025"]
    ranking = ExtractiveComposer(AnswerSettings()).rank(q, [p])
    assert ranking.feats[0]["period_missing"] == missing


def test_a_period_naming_the_papers_is_not_the_period_asked_about():
    """"Until when … according to Kent's 2025-26 strategy?" answered "31 March 2030" is not
    a 2030 answer to a 2025-26 question; the same words asked "for 2025-26" are."""
    from assistant.answer.periods import other_period

    unit = "The flexible use of capital receipts ends on 31 March 2030."
    assert not other_period(parse_query("Until when can receipts be used flexibly, according to Kent's 2025-26 strategy?"), unit)
    assert other_period(parse_query("Until when can receipts be used flexibly for 2025-26?"), unit)


def test_a_runner_up_lead_in_brings_what_follows_it():
    """'Certified Candidates absent:' says nothing alone; as a runner-up it is quoted with
    the next line, the name it introduces, as it is when it is the best unit."""
    text = ("The Clerk confirmed the appointment of the successful candidate.\n"
            "Certified Candidates absent:\nShawn Mills\nCertified Council Candidates present:\nKyle MacKenzie")
    units = split_units(passage(1, text))
    composer = ExtractiveComposer(AnswerSettings())
    lead = next(u for u in units if u.text == "Certified Candidates absent:")
    chosen = composer._with_continuation([units[0], lead])
    assert [u.text for u in chosen] == [units[0].text, "Certified Candidates absent:", "Shawn Mills"]
    # a lead-in whose next line was chosen already is not given it twice
    assert len(composer._with_continuation([lead, units[2]])) == 2


def test_a_lead_in_the_length_cut_would_leave_alone_is_left_out():
    """With room for two units, the best plus a runner-up lead-in plus its line is one too
    many: the cut drops the lead-in rather than end the answer on "… absent:"."""
    text = ("The Clerk confirmed the appointment of the successful candidate.\n"
            "Certified Candidates absent:\nShawn Mills\nCertified Council Candidates present:\nKyle MacKenzie")
    units = split_units(passage(1, text))
    composer = ExtractiveComposer(AnswerSettings(max_sentences=2))
    lead = next(u for u in units if u.text == "Certified Candidates absent:")
    assert [u.text for u in composer._with_continuation([units[0], lead])] == [units[0].text]
    # a best unit that is a lead-in keeps its line
    assert [u.text for u in composer._with_continuation([lead])] == ["Certified Candidates absent:", "Shawn Mills"]


@pytest.mark.parametrize("text,heading", [
    ("Township of Nipissing: 2025 Asset Management Plan", True),
    ("OPERATING AND CAPITAL BUDGET UPDATED MARCH 4, 2025", True),
    ("5. Resolution: 2026 Set Council Meeting Dates.", True),
    ("Council Presentation, October 28, 2025", True),
    ("Presentation: Benjamin Koczwarski - Urban RE – Draft 2025 Asset Management Plan.", False),
    ("Present: Mayor Dave Yemm and Councillors Lisa Chalapenko, Shelly Foote, and James Scott.", False),
    ("That we appoint Jane Doe to the Recreation Committee.", False),
    ("The total estimated current replacement value is $49.8 million.", False),
])
def test_a_heading_names_a_topic_and_says_nothing_of_it(text, heading):
    from assistant.answer.features import is_heading
    assert is_heading(text) is heading


def test_a_heading_counts_against_a_unit_unless_it_is_the_time_place_or_figure_asked():
    """A title slide echoes every word of a question naming its paper; a heading that is a
    date asked for, or a row holding a figure the question lacks, is no mere heading."""
    title = passage(1, "Township of Nipissing: 2025 Asset Management Plan\n"
                       "The total estimated current replacement value is $49.8 million.")
    composer = ExtractiveComposer(AnswerSettings())
    ranking = composer.rank(parse_query("What are the assets in the 2025 Asset Management Plan worth?"), [title])
    by_text = {u.text: f for u, f in zip(ranking.units, ranking.feats)}
    assert by_text["Township of Nipissing: 2025 Asset Management Plan"]["heading"] == 1.0
    assert by_text["The total estimated current replacement value is $49.8 million."]["heading"] == 0.0
    row = passage(2, "SNB Analyst 48,000")
    ranking = composer.rank(parse_query("What was the SNB analyst allocation?"), [row])
    assert ranking.feats[0]["heading"] == 0.0
    when = passage(3, "Thursday, 13th March, 2025, at 3.00 pm")
    ranking = composer.rank(parse_query("When does the Cabinet meet?"), [when])
    assert ranking.feats[0]["heading"] == 0.0


def test_the_minutes_opening_line_counts_as_a_heading_unless_the_time_place_or_day_is_asked():
    """"A regular meeting of … was held on Tuesday, October 3, 2023 starting at 6:30 p.m."
    says which meeting this is, and was quoted first for "who reported on the recreation
    committee at the October 3, 2023 meeting?": it names a body that reads like a person."""
    opening = "A regular meeting of the Township of Nipissing Council was held on Tuesday, October 3, 2023 starting at 6:30 p.m."
    composer = ExtractiveComposer(AnswerSettings())
    text = f"{opening}\nCouncillor Shelly Foote: Township of Nipissing Recreation Committee."
    ranking = composer.rank(parse_query("Who reported on the recreation committee at the October 3, 2023 meeting?"),
                            [passage(1, text)])
    by_text = {u.text: f for u, f in zip(ranking.units, ranking.feats)}
    assert by_text[opening]["heading"] == 1.0
    ranking = composer.rank(parse_query("What time did the October 3, 2023 meeting start?"), [passage(1, text)])
    assert {u.text: f for u, f in zip(ranking.units, ranking.feats)}[opening]["heading"] == 0.0


def test_a_runner_up_joins_only_from_the_meeting_asked_about_or_one_naming_its_day():
    """"What time did the County Council meeting on 9 January 2025 start?" once added
    "START TIME 6:30 p.m." from another council's agenda; a later paper naming the day
    ("deferred from 9 January 2025") is about that meeting and may still join."""
    from dataclasses import replace

    def dated(n, text, day, body="County Council"):
        p = passage(n, text)
        p.hit.chunk = replace(p.hit.chunk, document_id=f"doc{n}", meeting_date=day, body=body)
        return p
    best = dated(1, "County Council, Thursday, 9 January 2025, at 10.00 am", "2025-01-09")
    other = dated(2, "The County Council meeting will start at 6:30 p.m.", "2024-05-28", "Township Council")
    composer = ExtractiveComposer(AnswerSettings(max_sentences=3))
    q = parse_query("What time did the County Council meeting on 9 January 2025 start?", ("County Council",))
    assert [c.text for c in composer.compose(q, [best, other]).claims] == [best.hit.chunk.text]
    from assistant.answer.extractive import _about_scope
    naming = dated(3, "Deferred from 9 January 2025.", "2025-02-13", "Township Council")
    assert _about_scope(q, naming.hit.chunk) and not _about_scope(q, other.hit.chunk)


def test_a_when_answer_must_give_a_date_or_time_the_question_does_not():
    """"When did council go into closed session on August 12, 2025?" is not answered by a
    sentence whose only date is that day, or its year in a by-law number; a time is a
    "when" within a meeting."""
    from assistant.answer.features import type_ok
    q = parse_query("When did council go into closed session on August 12, 2025?")
    assert not type_ok(q, "That we pass By-Law 2025-23, to confirm the proceedings of its meeting held on August 12, 2025.")
    assert type_ok(q, "That this part of our meeting will be closed to the public. Time: 6:55 p.m.")
    assert type_ok(parse_query("When was the Hummel Bridge inspected?"), "an inspection on May 22, 2024")


def test_a_date_is_no_quantity_for_a_how_much_question():
    """"How much did the Hummel Bridge inspection report cost?" is not answered in kind by
    "an inspection on May 22, 2024": a date says when, not how much."""
    from assistant.answer.features import type_ok
    q = parse_query("How much did the Hummel Bridge inspection report cost?")
    assert not type_ok(q, "HP Engineering conducted an inspection of the Hummel Bridge on May 22, 2024.")
    assert type_ok(q, "The report cost $12,500, paid on May 22, 2024.")
    assert not type_ok(q, "The meeting was held on Tuesday, February 3, 2026, starting at 6:30 p.m.")  # nor a time


@pytest.mark.parametrize("text, named", [
    # a twelve-month span of dates names its financial year, however it is joined
    ("the Municipal Insurance Program for July 3, 2024 to July 3, 2025", True),
    ("from 1 April 2024 until 31 March 2025", True),
    ("May 1, 2024 - April 30, 2025", True),
    # two years' span, or two dates not joined as a span, do not
    ("from 1 January 2024 to 31 December 2025", False),
    ("held on July 3, 2024 and again on July 3, 2025", False),
])
def test_a_span_of_dates_names_its_financial_year(text, named):
    from assistant.answer.periods import anchors

    assert ("fy2024/25" in anchors(text)) is named


def test_a_question_about_a_financial_year_is_met_by_a_span_of_its_dates():
    p = passage(1, "R2024-149: That we approve the 2024 Municipal Insurance Program for July 3, 2024 to July 3, "
                   "2025 from Intact Public Entities.")
    ranking = ExtractiveComposer(AnswerSettings()).rank(parse_query("Who is the township's insurer for 2024-25?"), [p])
    assert ranking.feats[0]["period_missing"] == 0.0


def test_a_table_head_of_short_dates_meets_the_date_asked():
    p = passage(1, "Balance sheet summary and forecast\n31.3.24 31.3.25 31.3.26 31.3.27\n"
                   "Loans CFR 1,117.6 1,106.3 1,100.6 1,132.8")
    ranking = ExtractiveComposer(AnswerSettings()).rank(parse_query("What loans CFR is forecast for 31 March 2027?"), [p])
    assert ranking.feats[0]["period_missing"] == 0.0


def test_an_answer_about_a_meeting_day_no_paper_is_of_abstains(tmp_path):
    """"The October 21, 2025 council meeting" of an archive with papers of 7 and 28 October
    only: the accounts another meeting approved are no answer. The days held are read under
    the asker's filters (a day only an exempt paper is of is not named to the public)."""
    from assistant.services import build_services
    from assistant.settings import get_settings
    from tests.assistant.store.test_store import make_doc

    settings = get_settings("test", store=tmp_path / "store")
    services = build_services(settings)
    store = services.retriever.store
    try:
        for day in ("2025-10-07", "2025-10-28"):
            store.add(make_doc(f"minutes-{day}.pdf", [f"That the statement of accounts totaling ${day[-2:]},100.00 be approved."],
                               body="Council", date=day, doc_type=DocType.MINUTES))
        store.add(make_doc("closed.pdf", ["A personal matter."], body="Council", date="2025-10-21", public=[False]))
        asked = "What was the total of the accounts approved at the October 14, 2025 council meeting?"
        reply = services.answerer.ask(asked)
        assert reply["abstained"] and "dated 14 October 2025" in reply["reason"]
        assert "7 October 2025 and 21 October 2025" in reply["reason"]  # staff see the exempt paper's day
        public = services.answerer.ask(asked, Filters(public_only=True))
        assert "7 October 2025 and 28 October 2025" in public["reason"]
        held = services.answerer.ask("What was the total of the accounts approved at the October 7, 2025 council meeting?")
        assert not held["abstained"] and "07,100.00" in held["answer"]
    finally:
        store.close()


@pytest.mark.parametrize("unit, ok", [
    ("There are currently 2000+ care leavers in Kent.", True),
    ("The service supports about 2,000 young people.", True),
    ("Since 2019 the service has grown.", False),  # a year is no count
    ("The service was set up in 2000.", False),
])
def test_a_year_like_figure_printed_as_a_count_answers_how_many(unit, ok):
    """"2000+" and "2,000" are counts, though a bare 2000 reads as a year (a year is no
    answer to "how many"): the number a passage prints is read as printed."""
    from assistant.answer.features import type_ok
    assert type_ok(parse_query("How many care leavers does Kent have at present?"), unit) is ok


@pytest.mark.parametrize("question, row, asked", [
    ("What 10-year PWLB rate is forecast for March 2026?", "10yr PWLB — Dec-25: 4.80 · Mar-26: 4.70", True),
    ("What 10-year PWLB rate is forecast for March 2026?", "10yr PWLB — Dec-24: 5.30 · Mar-25: 5.10", False),
    ("What loans CFR is forecast for 31 March 2027?", "Loans CFR — 31.3.26: 1,100.6 · 31.3.27: 1,132.8", True),
    ("How much of the 2026-27 programme is funded by borrowing?", "Borrowing — 2025-26: 45.2 · 2026-27: 82.9", True),
    # the period that names the papers is not the one asked about
    ("What does Kent's 2025-26 treasury strategy forecast for March 2027?", "Bank Rate — 2025-26: 4.0 · 2026-27: 3.5",
     False),
    ("What 10-year PWLB rate is forecast for March 2026?", "The rate will be 4.70 by March 2026.", False),  # no row
])
def test_a_row_whose_column_head_is_the_period_asked(question, row, asked):
    """A table row paired with its heads holds the period asked about when one of its heads
    names it: "Mar-26" for March 2026, "31.3.27" for 31 March 2027, "2026-27" for 2026-27."""
    from assistant.answer.periods import anchors, asked_head

    q = parse_query(question)
    assert asked_head(q, row, anchors(q.asked_text)) is asked


def test_a_rows_words_are_its_label_and_heads_not_its_figures():
    """"Mar-25: 5.10" holds a 10, as every row of a rates table may: the 10-year row is told
    from the 25-year one by its label, and a rate under a "%" caption needs no "%" of its own."""
    from assistant.answer.features import type_ok
    from assistant.answer.periods import row_words

    assert row_words("25yr PWLB — Mar-25: 5.10 · Mar-26: 5.00") == "25yr PWLB Mar-25 Mar-26"
    assert row_words("Rates fell to 5.10 in March.") == "Rates fell to 5.10 in March."
    q = parse_query("What 10-year PWLB rate is forecast for March 2026?")
    assert type_ok(q, "10yr PWLB — Mar-25: 5.10 · Mar-26: 4.70")
    assert not type_ok(q, "The PWLB rate is forecast to fall")


@pytest.mark.parametrize("unit, ok", [
    ("The budget to be transferred will include the 25-26 budget for these services.", False),
    ("The 2025-26 budget was agreed by County Council.", False),
    ("The 2024/25 outturn is reported below.", False),
    ("The total budget to be transferred will be approximately £59m in 2025-26.", True),
    ("Services for ages 18-25 cost 4.2 million.", True),
])
def test_a_financial_year_is_no_figure_for_how_much(unit, ok):
    """"The 25-26 budget" names a period; its 26 is no answer to "how much budget moves
    across?" (a span of unrelated numbers, "ages 18-25", is left as printed)."""
    from assistant.answer.features import type_ok
    assert type_ok(parse_query("How much budget is expected to move across with the transfer?"), unit) is ok


@pytest.mark.parametrize("question, row, quoted", [
    ("What 10-year PWLB rate is forecast for March 2026?", "10yr PWLB — Dec-25: 4.80 · Mar-26: 4.70 · Jun-26: 4.50",
     "10yr PWLB — Mar-26: 4.70"),
    ("What 10-year PWLB rate is forecast for 2026?", "10yr PWLB — Dec-25: 4.80 · Mar-26: 4.70 · Jun-26: 4.50",
     "10yr PWLB — Mar-26: 4.70 · Jun-26: 4.50"),
    ("How much is funded by borrowing in 2026-27?", "Borrowing — 2025-26: 45.2 · 2026-27: 82.9", "Borrowing — 2026-27: 82.9"),
    ("How much is funded by borrowing in 2030-31?", "Borrowing — 2025-26: 45.2 · 2026-27: 82.9", None),
    ("How much is funded by borrowing in 2026-27?", "Borrowing rose to 82.9 in 2026-27.", None),
    # the change column reads the last period against the one before: quoted with it, not with another
    ("By how much does the library levy rise in 2026?", "Library Levy — 2025 Actual: 41,554.92$ · "
     "2026 Budget: 51,096.47$ · %: 23%", "Library Levy — 2026 Budget: 51,096.47$ · %: 23%"),
    ("What was the library levy in 2025?", "Library Levy — 2025 Actual: 41,554.92$ · 2026 Budget: 51,096.47$ · %: 23%",
     "Library Levy — 2025 Actual: 41,554.92$"),
    # a head's own word the question says: the "Actual" column, and no "Budget" column of that year
    ("What did policing actually cost in 2025?", "Policing Services — 2025 Actual: 325,490.08$ · "
     "2026 Budget: 366,333.00$ · %: 13%", "Policing Services — 2025 Actual: 325,490.08$"),
    ("What did policing actually cost in 2025?", "Policing Services — 2024 Actual: 309,709.95$ · "
     "2025 Budget: 328,147.00$ · %: 6%", None),
])
def test_a_row_is_quoted_at_the_period_asked(question, row, quoted):
    """A row of thirteen quarters answers one quarter with its figure, copied as printed."""
    from assistant.answer.periods import anchors, asked_cells

    q = parse_query(question)
    assert asked_cells(q, row, anchors(q.asked_text)) == quoted


def test_the_composer_quotes_the_cell_under_the_period_asked_alone():
    """The cell answers in full: the Bank Rate row, which holds the question's "rate" too, does
    not join it as a runner-up."""
    p = passage(1, "Interest rate forecast\nDec-25 Mar-26 Jun-26\nBank Rate 4.00 3.75 3.75\n10yr PWLB 4.80 4.70 4.50\n")
    draft = ExtractiveComposer(AnswerSettings()).compose("What 10-year PWLB rate is forecast for March 2026?", [p])
    assert not draft.abstained and [c.text for c in draft.claims] == ["10yr PWLB — Mar-26: 4.70"]


@pytest.mark.parametrize("text, row", [
    ("10yr PWLB — Dec-24: 5.30 · Mar-25: 5.10", ("10yr PWLB", ["Dec-24: 5.30", "Mar-25: 5.10"])),
    ("Revenue — Adults — 2025-26: 1.0 · 2026-27: 2.0", ("Revenue — Adults", ["2025-26: 1.0", "2026-27: 2.0"])),
    # prose with a dash is no table row: its words stay words, and a rate in it needs its "%"
    ("The council agreed — after a long debate — to defer it.", None),
    ("Key risks — funding: £2m", None),
])
def test_only_a_row_paired_with_its_heads_reads_as_one(text, row):
    from assistant.answer.features import type_ok
    from assistant.answer.periods import paired_row

    assert paired_row(text) == row
    assert not type_ok(parse_query("What rate was agreed?"), "The rate agreed — after a long debate — was 4.5.")


@pytest.mark.parametrize("block, joined", [
    ("Report Author\nDave Shipton (Head of Finance Policy, Planning and Strategy)\n03000 419418",
     "Report Author: Dave Shipton (Head of Finance Policy, Planning and Strategy)"),
    ("Lead Officer:\nSharon Thompson – Head of Planning Applications Group, Growth and Communities Directorate",
     "Lead Officer: Sharon Thompson – Head of Planning Applications Group, Growth and Communities Directorate"),
    # a long line that is no name and title stays apart
    ("Report Author\nThe Council has appointed consultants to review the whole of the plan in detail",
     "Report Author"),
])
def test_a_contact_label_takes_the_name_after_it_with_its_job_title(block, joined):
    """A contact block's label and the person on the next line are one unit, however long
    the job title after the name: "Report Author" alone answers nothing."""
    from assistant.answer.units import split_units

    assert split_units(passage(1, f"Contact details\n{block}"))[1].text == joined


def test_a_contact_label_after_unfinished_prose_starts_its_own_line():
    """A report's last recommendation often runs into its contact block ("… Monitoring 5.
    Contact details"); the two-column label under it is a line of its own, and takes the
    name below it, a "Mc" name too."""
    from assistant.answer.units import split_units

    text = ("f) NOTE the Reserves, Treasury Management and Prudential Indicators Monitoring 5. Contact details\n"
            "Report Author Relevant Director\nJoe McKay\nActing Chief Accountant\n03000 419601")
    assert "Report Author Relevant Director: Joe McKay" in [u.text for u in split_units(passage(1, text))]


@pytest.mark.parametrize("question, focus", [
    ("How many greens and ambers were there?", {"green", "amber"}),
    ("How much funding did Redthread get?", {"fund", "redthread"}),
    # a verb after "how much" names no thing counted
    ("How much was the 2026 draft budget for policing?", set()),
    ("By how much does the library levy rise in the 2026 draft?", set()),
])
def test_what_a_how_many_question_counts(question, focus):
    from assistant.answer.features import focus_terms

    assert focus_terms(question) == focus


@pytest.mark.parametrize("text, ok", [
    ("MINUTES of a meeting of the County Council held in the Council Chamber, Sessions House, County Hall", True),
    ("The meeting was held at the Township of Nipissing Community Centre.", True),
    ("The meeting will be held virtually.", True),
    # "in order" is no place: the capital after "at"/"in" is what tells a venue
    ("Minute 288: the minutes of the meetings held on 19 December 2024, if in order, be approved.", False),
])
def test_a_place_answer_names_a_place(text, ok):
    from assistant.answer.features import type_ok

    assert type_ok(parse_query("Where was the County Council meeting on 13 February 2025 held?"), text) is ok


def test_an_authors_confidence_reads_the_topic_in_the_rest_of_its_report():
    """The contact block never says what the report is about; the passage that found the
    report does. For a shape answered by a part of a paper (``part_word``), the confidence's
    coverage of the question reads every passage found of that paper, not of another."""
    from dataclasses import replace as _replace

    from assistant.answer.base import Passage

    topic = passage(1, "4.9 Current backlog of drugs handsets awaiting examination is just over 300.")
    cover = passage(2, "Report Author:\nInsp Paul Harris\nE-mail: paul.harris@notts.police.uk", score=0.5)
    question = parse_query("Who wrote the report about the backlog of drugs handsets?")
    composer = ExtractiveComposer(AnswerSettings())
    same_paper = composer.rank(question, [topic, cover])
    elsewhere = Passage(n=1, hit=_replace(topic.hit, chunk=_replace(topic.hit.chunk, document_id="other")))
    other_paper = composer.rank(question, [elsewhere, cover])
    assert same_paper.units[same_paper.order[0]].text == "Report Author: Insp Paul Harris"
    assert same_paper.confidence_feats["rare_cover"] > other_paper.confidence_feats["rare_cover"]


def test_a_year_in_the_heads_above_a_passages_rows_is_a_year_the_passage_mentions():
    """A question naming 2025-26 is no near miss for a table whose year heads ended the
    passage before (``Hit.heads``): its rows print figures only."""
    from dataclasses import replace

    from assistant.answer.periods import item_numbers
    from tests.assistant.answer.helpers import passage

    rows = passage(1, "Aged 25 and over £10.42 £11.44 £12.21")
    assert "fy2025/26" not in item_numbers([rows])[("doc", None)]
    headed = replace(rows, hit=replace(rows.hit, heads=("2023-24", "2024-25", "2025-26")))
    assert "fy2025/26" in item_numbers([headed])[("doc", None)]


def test_a_sections_own_heading_is_not_quoted_beside_its_sentences():
    """"5. Financial Implications" atop the section holds the question's words, but quoted
    as a sentence of the answer it says nothing."""
    text = ("5. Financial Implications\n5.1 The budget for the statutory functions of the service will transfer "
            "to the Adult Social Care Directorate.\n5.2 The transferred budget includes the 2025-26 staffing budget.")
    draft = compose("What are the financial implications of the service transfer?",
                    [passage(1, text, section="5. Financial Implications")])
    said = [c.text for c in draft.claims]
    assert said and "5. Financial Implications" not in said


def test_a_pages_running_head_is_not_quoted():
    """Page 2 of Nipissing's minutes opens "Minutes – June 10, 2025 – Page 2" (furniture that a
    two-page paper cannot show by repetition): no sentence of the answer."""
    text = ("Minutes – June 10, 2025 – Page 2\nCouncil reviewed a Draft Corporate Policy – Road Side Brushing "
            "Procedure. No comments were received. The Policy will move to the next Council meeting for adoption.")
    draft = compose("Which draft policy did council review at the June 10, 2025 meeting?", [passage(1, text)])
    said = [c.text for c in draft.claims]
    assert said and not any("Page 2" in s for s in said)


def test_a_passage_holding_nothing_of_the_topic_asked_is_a_near_miss():
    """"What did the cabinet decide about library closures?" was answered with the meeting's
    budget resolution: the body, the day and "decide" matched, the topic not at all."""
    from assistant.answer.features import topic_missing
    from assistant.retrieve.query import parse_query

    q = parse_query("What did the Cabinet decide about library closures in January 2025?")
    assert q.topic == "library closures"
    assert topic_missing(q, {"cabinet", "decid", "budget", "2025"})
    assert not topic_missing(q, {"cabinet", "library"})
    assert not topic_missing(parse_query("What did the Cabinet decide in January 2025?"), {"budget"})


def test_a_near_miss_on_its_topic_is_refused_and_a_decision_on_it_answered(corpus_services):
    ask = corpus_services.answerer.ask
    assert ask("What did the Cabinet decide about library closures on 30 January 2025?")["abstained"]
    reply = ask("What did the Cabinet decide about the education commissioning plan on 30 January 2025?")
    assert not reply["abstained"] and "Commissioning Plan" in reply["answer"]


TAX_BANDS = ("6.4 The Council Tax referendum principles for 2025-26 allow for up to but not exceeding 3% general tax "
             "rate increases without a referendum plus an additional Adult Social Care levy of up to 2%. These increases "
             "are based on the total County Council share of the household charge for 2024-25 (£1,610.82 for band D "
             "household).")  # Kent's budget report, page 20, as printed
BAND_ROWS = ("Table 6.1 – Proposed Council Tax Increases by Band …\nB 7/9 1,252.86 1,315.37 65.21\n"
             "C 8/9 1,431.84 1,503.28 71.44\nD 9/9 1,610.82 1,691.19 80.37")


@pytest.mark.parametrize("question, row", [
    ("What is the band B council tax for 2025-26?", "B 7/9 1,252.86 1,315.37 65.21"),
    ("How much will a band C home pay in council tax?", "C 8/9 1,431.84 1,503.28 71.44"),
])
def test_the_row_of_the_labelled_thing_asked_answers_alone(question, row):
    """"Band B" is printed nowhere but as the row "B 7/9 …" under a caption "… by Band": that
    row answers, and alone; a sentence on band D joining it made the answer one about a
    sibling, and the composer refused it (``heads.label_rows``)."""
    from assistant.answer.extractive import ExtractiveComposer

    passages = [passage(1, BAND_ROWS), passage(2, TAX_BANDS, score=0.8)]  # as the ranker orders them (label_row)
    paper = TAX_BANDS + "\n" + BAND_ROWS
    draft = ExtractiveComposer(AnswerSettings(), document_text=lambda doc_id: paper).compose(question, passages)
    assert not draft.abstained and [c.text for c in draft.claims] == [row]


def test_a_chair_question_is_answered_by_the_sentence_wording_the_chair():
    """"Who chaired the September 2, 2025 meeting?" was answered by the adjournment resolution,
    which matches the meeting's words better; the answer must word the chair (``worded``), so
    the passage of that meeting saying who took the chair is the answer. Another day's
    "signed by the Chair" is not of the meeting asked."""
    p = passage(1, "R2025-165 L. Chalapenko, S. Kirkey: That the council meeting of September 2, 2025 be "
                   "adjourned. Time: 6:53 p.m. Chair of the meeting was handed to Councillor Stephen Kirkey "
                   "and Councillor Foote left the room.", score=1.0, dense=0.7)
    p.hit.chunk.meeting_date = "2025-09-02"
    other = passage(2, "The minutes of the council meeting of September 2, 2025 were signed by the Chair.",
                    score=0.9, dense=0.7)
    other.hit.chunk.meeting_date = "2025-09-16"
    draft = compose("Who chaired the council meeting of September 2, 2025?", [p, other])
    assert not draft.abstained
    assert draft.claims[0].text == "Chair of the meeting was handed to Councillor Stephen Kirkey and Councillor Foote left the room."


@pytest.mark.parametrize("question, row, asked", [
    ("How much does the 2026 draft budget put toward the landfill study or expansion request?",
     "Public Works/Garage Supplies — 2025 Actual: 55,705.45$ · 2026 Budget: 64,500.00$ · %: 16%", False),
    ("How much does the 2026 draft budget put toward the landfill study or expansion request?",
     "Landfill Study/Expansion Request — 2025 Actual: 31,001.19$ · 2026 Budget: 70,000.00$ · %: 126%", True),
    ("What does Nipissing expect to earn in interest on investments in 2026?",
     "Interest Earned (investments) — 2026 Budget: 160,000.00$ · %: -8%", True),
    ("What does Nipissing expect to earn in interest on investments in 2026?", "Interest on investments", False),
    # a label's own figures name the row ("Aged 18 to 20"); a year in it names a period, not the row
    ("What will the minimum hourly wage be for 18 to 20 year olds from 2025-26?", "Aged 18 to 20 — 2024-25: £8.60 · 2025-26: £10.00", True),
    ("What will the 2026 budget be for roads?", "Reserve 2026 — 2025 Actual: 4.00$ · 2026 Budget: 5.00$", False),
])
def test_a_rows_head_period_counts_only_for_the_row_asked_about(question, row, asked):
    """Every row of a budget table has a "2026 Budget" head: "Public Works/Garage Supplies —
    2026 Budget: 64,500.00$" answered the landfill study question on its head alone. The head
    counts (``head_period``) only for a row whose label holds a word asked about; a unit that is
    no paired row has no label."""
    from assistant.answer.periods import label_asked
    assert label_asked(parse_query(question), row) is asked


@pytest.mark.parametrize("question", [
    "Which cabinet member put forward the education commissioning plan for 2025-29?",
    "Who presented the commissioning plan for education provision to Cabinet?",
])
def test_who_brought_a_report_is_its_from_block_or_who_introduced_it(question):
    """"Which cabinet member put forward the education commissioning plan?" was answered with
    "Cabinet is asked to agree the Commissioning Plan …", the sentence sharing most of its
    words: who brought a report is the name its cover opens with ("From: …"), or the one the
    minutes say introduced it (the presenter shape)."""
    cover = passage(1, "Cabinet is asked to agree the Commissioning Plan for Education Provision in Kent 2025-29. "
                       "The Plan details the expected future need for education provision.", score=1.0, dense=0.7)
    front = passage(2, "From: Rory Love, Cabinet Member for Education and Skills\nTo: Cabinet – 30 January 2025\n"
                       "Subject: Commissioning Plan for Education Provision in Kent 2025-29", score=0.6, dense=0.5)
    draft = compose(question, [cover, front])
    assert not draft.abstained and "Rory Love" in draft.claims[0].text
