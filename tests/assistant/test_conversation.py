import pytest

from assistant.conversation import Conversations, follow_up, is_followup, rewrite, substitute
from assistant.llm import QueuedFakeChat


def test_followup_detection():
    assert is_followup("and what about Mansfield?")
    assert is_followup("When was it approved?")
    assert not is_followup("How much did Redthread receive from the SNB grant in 2020-21?")


def test_substitute_swaps_the_named_subject():
    assert substitute("How much did Redthread get?", "and what about Project Officer?") == \
        "How much did Project Officer get?"


def test_substitute_asks_the_new_question_about_the_old_subject():
    out = substitute("What did the meeting resolve on the delivery plan?", "and when was it approved?")
    assert out == "when was delivery plan approved?"


def test_substitute_appends_when_no_new_name():
    out = substitute("How much was spent on the delivery plan?", "and the pilot too?")
    assert out.startswith("How much was spent on the delivery plan") and "pilot" in out


def test_who_seconded_it_keeps_the_motion_and_its_meeting():
    q = follow_up("What did the County Council resolve on the budget amendment in February 2025?",
                  "and who seconded it?", bodies=("County Council", "Cabinet"))
    assert q.shape.name == "mover"
    assert "budget" in q.text and "amendment" in q.text
    assert q.body == "County Council" and q.period == ("2025-02-01", "2025-02-28")


def test_what_about_another_year_swaps_the_year_and_keeps_the_question():
    q = follow_up("How many burglaries were recorded in 2021?", "what about 2020?")
    assert q.text == "How many burglaries were recorded in 2020?"
    assert q.shape.name == "number" and q.period == ("2020-01-01", "2020-12-31")


def test_follow_up_inherits_the_meeting_it_does_not_name():
    q = follow_up("Who sent apologies to the Cabinet meeting on 30 January 2025?", "and who was present?",
                  bodies=("Cabinet",))
    assert q.shape.name == "attendance" and q.meeting_date == "2025-01-30" and q.body == "Cabinet"


def test_a_new_question_inherits_nothing():
    q = follow_up("Who sent apologies to the Cabinet meeting on 30 January 2025?",
                  "How much did Redthread receive from the SNB grant in 2020-21?", bodies=("Cabinet",))
    assert q.body is None and q.meeting_date is None and not q.inherited


def test_rewrite_uses_llm_when_configured():
    model = QueuedFakeChat(["How much did Mansfield get?"])
    assert rewrite("How much did Ashfield get?", "and Mansfield?", model) == "How much did Mansfield get?"
    assert "Previous question: How much did Ashfield get?" in model.calls[0][0]["content"]


def test_standalone_question_is_not_rewritten():
    model = QueuedFakeChat([])
    assert rewrite("x?", "What is the total SNB grant for 2020-21?", model) == "What is the total SNB grant for 2020-21?"


def test_turns_persist(tmp_path):
    conv = Conversations(tmp_path)
    cid = conv.new_id()
    conv.add(cid, "q1", "q1", "a1")
    conv.add(cid, "and q2?", "q2", "a2")
    assert Conversations(tmp_path).last(cid) == ("q2", "a2")
    assert conv.last("nope") is None


def test_substitute_swaps_references():
    assert substitute("What was resolved under 2021/007?", "and 2021/012?") == "What was resolved under 2021/012?"


def test_turns_keep_the_papers_an_answer_cited(tmp_path):
    conv = Conversations(tmp_path)
    cid = conv.new_id()
    conv.add(cid, "q1", "q1", "a1", ["minutes-a", "report-b", "minutes-a"])
    assert Conversations(tmp_path).last_turn(cid) == ("q1", "a1", ["minutes-a", "report-b"])


def test_turns_table_from_before_cited_is_upgraded(tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "conversations.sqlite") as db:
        db.execute("CREATE TABLE turns (cid TEXT, at REAL, question TEXT, standalone TEXT, answer TEXT)")
        db.execute("INSERT INTO turns VALUES ('c', 1.0, 'q', 'q', 'a')")
    conv = Conversations(tmp_path)
    assert conv.last_turn("c") == ("q", "a", [])
    conv.add("c", "q2", "q2", "a2", ["doc-1"])
    assert conv.last_turn("c") == ("q2", "a2", ["doc-1"])


def test_a_followup_carries_the_cited_papers_and_a_new_question_does_not():
    q = follow_up("Who got the winter sand tender in May 2024?", "What did that cost?", cited=["minutes-may"])
    assert q.documents == ["minutes-may"] and q.inherited["documents"] == ["minutes-may"]
    fresh = follow_up("Who got the winter sand tender in May 2024?",
                      "How much did Redthread receive from the SNB grant in 2020-21?", cited=["minutes-may"])
    assert fresh.documents == []


def test_a_followup_with_its_own_subject_keeps_its_own_words():
    """"And what did the library budget decision say?" after a question on the waste
    programme is a new question in the same meeting: the old subject's words would pull
    the old answer back. The frame (body, meeting, cited papers) still carries over."""
    previous = "What does Nipissing pay for North Bay's household hazardous waste programme in 2025?"
    assert substitute(previous, "And what did the library budget decision say?") == \
        "what did the library budget decision say?"
    q = follow_up(previous, "And what did the library budget decision say?", cited=["minutes-2025-01-21"])
    assert q.period == ("2025-01-01", "2025-12-31") and q.documents == ["minutes-2025-01-21"]


def test_a_question_word_is_no_new_name():
    """"Which national programme did they work with?" names no new subject: 'Which' is
    the question's first word, not a name to swap into the old question."""
    out = substitute("How many homes got faster broadband thanks to Lyndon Gurr's work?",
                     "Which national programme did they work with?")
    assert "Which household" not in out and "Lyndon Gurr" in out




@pytest.mark.parametrize("question,followup", [
    ("Which national programme did they work with?", True),  # a pronoun, nothing named
    ("Who gets a copy of that resolution?", True),  # "that" before a noun points back
    ("Was it agreed that the budget be set?", True),
    ("Did the council agree that the budget be set?", False),  # "that" as a conjunction
    ("Which programme did Kent County Council work with in 2024?", False),  # names its own
])
def test_a_longer_question_pointing_back_is_a_followup(question, followup):
    assert is_followup(question) is followup


def test_a_question_naming_nothing_keeps_the_frame_but_its_own_words():
    from assistant.conversation import keeps_frame

    assert keeps_frame("Which directorate is overspending the most?")
    assert not keeps_frame("Which directorate of Kent County Council is overspending?")
    q = follow_up("What did the Cabinet hear about the budget monitoring on 30 January 2025?",
                  "Which directorate is overspending the most?", bodies=("Cabinet",), cited=["kcc-minutes"])
    assert q.text == "Which directorate is overspending the most?"
    assert (q.body, q.meeting_date, q.documents) == ("Cabinet", "2025-01-30", ["kcc-minutes"])


def test_a_pronoun_in_a_shapeless_question_takes_the_earlier_subject():
    out = rewrite("What did Lyndon Gurr do for broadband in Kent?", "Which national programme did they work with?")
    assert "Lyndon Gurr" in out and "national programme" in out


@pytest.mark.parametrize("previous,followup,standalone", [
    ("How much were the accounts approved on August 12, 2025?", "And on July 15, 2025?",
     "How much were the accounts approved on July 15, 2025?"),  # the whole date, not "July 12, 2025"
    ("Who sent apologies to the Cabinet meeting on 30 January 2025?", "What about the March meeting?",
     "Who sent apologies to the Cabinet meeting on March 2025?"),  # a month keeps the year
    ("Who sent apologies in January 2025?", "and in March?", "Who sent apologies in March 2025?"),
])
def test_a_follow_up_naming_another_day_or_month_swaps_the_whole_date(previous, followup, standalone):
    assert substitute(previous, followup) == standalone


def test_the_meeting_a_conversation_last_named_carries_past_a_turn_that_named_none():
    """Turn 2 "Who sent apologies?" carried the Cabinet meeting in its Query, not its words;
    turn 3 "When is the next meeting?" is still about that meeting."""
    bodies = ("Cabinet",)
    q = follow_up("Who sent apologies?", "When is the next meeting?", bodies=bodies,
                  earlier=["Who chaired the Cabinet on 30 January 2025?"])
    assert q.shape.name == "next_meeting" and (q.body, q.meeting_date) == ("Cabinet", "2025-01-30")
    nothing_earlier = follow_up("Who sent apologies?", "When is the next meeting?", bodies=bodies)
    assert nothing_earlier.meeting_date is None
    named = follow_up("Who sent apologies to the Cabinet on 4 March 2025?", "When is the next meeting?",
                      bodies=bodies, earlier=["Who chaired the Cabinet on 30 January 2025?"])
    assert named.meeting_date == "2025-03-04", "the turn just before names its own meeting"


def test_earlier_turns_newest_first_without_the_latest(tmp_path):
    conv = Conversations(tmp_path)
    cid = conv.new_id()
    for n in range(1, 7):
        conv.add(cid, f"q{n}", f"q{n}", f"a{n}")
    assert conv.earlier(cid) == ["q5", "q4", "q3", "q2"]
    assert conv.earlier("nope") == []


@pytest.mark.parametrize("previous, followup, standalone", [
    ("Who is Nipissing's fire chief?", "And the clerk?", "Who is Nipissing's clerk?"),
    ("Who is Nipissing's fire chief?", "what about the deputy clerk?", "Who is Nipissing's deputy clerk?"),
    ("Who was the mayor of Nipissing in 2023?", "and the treasurer?", "Who was the treasurer of Nipissing in 2023?"),
])
def test_a_follow_up_naming_another_office_asks_it_of_the_same_owner(previous, followup, standalone):
    q = follow_up(previous, followup, bodies=("Township of Nipissing Council",))
    assert q.text == standalone and q.shape.name == "person"


def test_a_name_after_an_office_question_is_no_office():
    from assistant.answer.offices import swap_office

    assert swap_office("Who is the mayor?", "Mansfield") is None
    assert swap_office("How much did Redthread receive?", "the total") is None


@pytest.mark.parametrize("previous, followup, standalone", [
    # a name with its number stands in for the earlier one of its kind, not for the month
    ("What did Nipissing council say on Bill 5 in June 2025?", "And on Bill 2?",
     "What did Nipissing council say on Bill 2 in June 2025?"),
    ("How many kilometres of road are in Concession 2?", "and Concession 3?",
     "How many kilometres of road are in Concession 3?"),
    # a month is a period, no name to replace: the name before it is
    ("Who moved the motion on the Hart Road culvert in May 2025?", "and on Bear Creek Road?",
     "Who moved the motion on the Bear Creek Road culvert in May 2025?"),
])
def test_a_new_name_replaces_the_earlier_name_of_its_kind(previous, followup, standalone):
    assert substitute(previous, followup) == standalone


@pytest.mark.parametrize("question, leans", [
    ("Who wrote the report?", True),  # "the report": the one just discussed
    ("What was the new by-law number?", True),
    ("What was approved?", True),  # bare: one topic word, four words
    ("Who chaired?", True),
    ("What was approved for the library in 2025?", False),  # names its own year
    ("What did the council decide about the cemetery committee appointments?", False),
])
def test_a_bare_question_or_one_about_the_thing_discussed_leans_on_the_turn_before(question, leans):
    assert is_followup(question) is leans


def test_a_bare_follow_up_keeps_the_earlier_question_and_its_subject():
    out = substitute("Who seconded the library budget approval in January 2025?", "What was approved?")
    assert "library budget" in out and "January 2025" in out


def test_who_wrote_the_report_after_a_decision_asks_about_that_decisions_report():
    out = substitute("What did Kent Cabinet decide about the education commissioning plan in January 2025?",
                     "Who wrote the report?")
    assert out.startswith("Who wrote the report on ") and "education commissioning plan" in out


@pytest.mark.parametrize("followup", ["And the next one?", "and the next meeting?", "What about the next one?"])
def test_and_the_next_one_asks_for_the_next_meeting(followup):
    """After "When did the January 21, 2025 meeting wrap up?", "and the next one?" is the
    meeting after it (its date carries over in the Query), not the finish time again."""
    q = follow_up("When did the January 21, 2025 meeting wrap up?", followup)
    assert q.text == "When is the next meeting?" and q.shape.name == "next_meeting"
    assert q.meeting_date == "2025-01-21"


def test_a_capitalised_word_opening_a_follow_up_is_no_name():
    """"Any guests?" after "Who was at the July 16, 2024 Nipissing meeting?" used to swap
    "Nipissing" for "Any"; the follow-up's words join the question instead."""
    out = substitute("Who was at the July 16, 2024 Nipissing meeting?", "Any guests?")
    assert "Nipissing" in out and "Any" not in out and "guests" in out


def test_a_follow_up_on_a_meetings_end_asks_about_the_meeting_not_its_start():
    """The subject carried into "when did it end?" leaves out what the record field asked
    ("start"): the rewritten question asks the finish, not "… meeting start end?"."""
    from assistant.conversation import follow_up

    q = follow_up("What time did the February 6, 2024 meeting start?", "And when did it end?")
    assert "start" not in q.text and q.record_field == "finish" and q.meeting_date == "2024-02-06"


def _rows(which: str):
    from assistant.conversation import followup_rules

    return [(name, text) for name, rule in followup_rules().rules.items()
            for text in (rule.examples if which == "examples" else rule.not_)]


@pytest.mark.parametrize("name, turn", _rows("examples"))
def test_each_follow_up_rules_examples_match_it(name, turn):
    """assistant/followups.yaml: each rule's examples are what its cue reads as leaning back."""
    from assistant.conversation import followup_rules

    assert followup_rules().rules[name].holds(turn)


@pytest.mark.parametrize("name, turn", _rows("not"))
def test_no_follow_up_rule_matches_what_it_lists_as_not(name, turn):
    from assistant.conversation import followup_rules

    assert not followup_rules().rules[name].holds(turn)


@pytest.mark.parametrize("previous, followup, standalone", [
    ("How many voted against the devolution motion?", "Who were they?",
     "Which members voted against the devolution motion?"),
    ("How many members abstained on the section 25 motion?", "Which ones?",
     "Which members abstained on the section 25 motion?"),
    ("How many councillors sent apologies on 13 February 2025?", "Name them",
     "Which members sent apologies on 13 February 2025?"),
])
def test_who_were_they_after_a_count_asks_which_ones(previous, followup, standalone):
    assert substitute(previous, followup) == standalone


@pytest.mark.parametrize("previous, followup, standalone", [
    ("Who was absent from Nipissing council on September 16, 2025?", "What about October 7?",
     "Who was absent from Nipissing council on October 7, 2025?"),
    ("Who sent apologies to the Cabinet meeting on 30 January 2025?", "And on 13th of March?",
     "Who sent apologies to the Cabinet meeting on 13th of March 2025?"),
])
def test_a_day_without_its_year_is_that_day_in_the_conversations_year(previous, followup, standalone):
    """"What about October 7?" was rewritten "… on October 2025?": the month swapped in, the
    day dropped, and every October meeting's minutes searched; the day is the one asked."""
    assert substitute(previous, followup) == standalone
