"""Why an answer was withheld: the reasons table, and which reason the evidence gives."""

from __future__ import annotations

import pytest

from assistant.answer.reasons import Reason, as_asked, explain, from_confidence, periods, table

WEIGHTS = {"other_period": -1.05, "out_of_period": -0.58, "period_missing": -2.03, "name_absent": -1.49,
           "names_missing": -0.65, "role_missing": -0.75, "rare_cover": 1.8}


@pytest.mark.parametrize("code", sorted(table()))
def test_every_reason_renders_its_example(code):
    example = table()[code]["example"]
    line = explain(Reason(code, example))
    assert line.endswith(".") and "{" not in line
    assert all(str(v) in line for v in example.values())


def test_an_unknown_reason_names_the_valid_ones():
    with pytest.raises(KeyError, match="valid: .*weak"):
        explain(Reason("because"))


@pytest.mark.parametrize("text, found", [
    ("What council tax did Kent agree for 2023/24?", ["2023/24"]),
    ("the vote at the County Council in January 2024", ["January 2024"]),
    ("County Council, 9 January 2025: For (14)", ["9 January 2025"]),
    ("the August 12, 2025 meeting and the 2019 AMO conference", ["August 12, 2025", "2019"]),
    ("what did the township pay for its grader?", []),
])
def test_periods_as_printed(text, found):
    assert periods(text) == found


@pytest.mark.parametrize("feats, question, unit, names, code, args", [
    # a unit of another year: both periods named
    ({"other_period": 1.0}, "What council tax did Kent agree for 2023/24?",
     "RESOLVED: the council tax requirement for 2025/26.", [], "other_period", {"asked": "2023/24", "said": "2025/26"}),
    # the strongest pull wins: a year no paper mentions over a name the passage lacks
    ({"period_missing": 1.0, "names_missing": 1.0}, "Who won the winter sand tender in 2019?",
     "Tender awarded to Fowler.", ["Fowler"], "period_missing", {"asked": "2019", "said": ""}),
    ({"name_absent": 1.0}, "What band D did Surrey County Council set?", "Band D £1,755.", ["Surrey"],
     "name_absent", {"names": "Surrey"}),
    # nothing named pulled against it: the evidence was only thin
    ({"rare_cover": 0.1}, "What did the township sell its grader for?", "Grader Year 1 of 5", [], "weak", {}),
    # a period reason with no period in the question, or a unit naming only the asked one, is not said
    ({"other_period": 1.0}, "How many backed the amendment?", "9 January 2025", [], "weak", {}),
    ({"other_period": 1.0}, "Who backed the May 2025 elections amendment?", "elections in May 2025", [], "weak", {}),
])
def test_the_reason_is_the_feature_that_weighed_most(feats, question, unit, names, code, args):
    reason = from_confidence(feats, WEIGHTS, question, unit, names)
    assert reason.code == code and reason.args == args


@pytest.mark.parametrize("question, names, said", [
    ("What did Nipissing decide about the Chapman's Landing dock?", ["Chapman", "Landing"], "Chapman's Landing"),
    ("What did the City of Toronto pay?", ["Toronto"], "Toronto"),
    ("Did Surrey County Council and Medway agree?", ["Surrey", "Medway"], "Surrey, Medway"),
    ("Who chairs the Harbour Board?", ["Harbour", "Board"], "Harbour Board"),
    ("and who seconded it?", ["Hood"], "Hood"),  # inherited by a follow-up: not in its words
    ("What about it?", [], ""),
])
def test_names_are_given_as_the_question_says_them(question, names, said):
    assert as_asked(question, names) == said


HELD = frozenset({"2025-10-07", "2025-10-28", "2024-11-12"})


@pytest.mark.parametrize("day, texts, reason", [
    # no paper of the day, and the answer never names it: the nearest days held, either side
    ("2025-10-21", ["That the statement of accounts totaling $178,257.70 be approved."],
     {"day": "21 October 2025", "near": "7 October 2025 and 28 October 2025"}),
    ("2026-03-03", ["Accounts approved."], {"day": "3 March 2026", "near": "28 October 2025"}),
    # a later paper reporting on that day's meeting is about it
    ("2025-10-21", ["Deferred from the meeting of October 21, 2025."], None),
    # a paper of that day is held
    ("2025-10-07", ["Accounts approved."], None),
    # nothing dated at all: no judgement
    ("2025-10-21", ["Accounts approved."], "no days"),
])
def test_a_meeting_day_no_paper_is_of(day, texts, reason):
    from assistant.answer.reasons import no_paper_of_day

    found = no_paper_of_day(day, frozenset() if reason == "no days" else HELD, texts)
    if not isinstance(reason, dict):
        assert found is None
    else:
        assert found == Reason("no_paper_of_day", reason)
        assert "7 October 2025" in explain(Reason("no_paper_of_day", {"day": "21 October 2025",
                                                                      "near": "7 October 2025 and 28 October 2025"}))


def test_an_abstention_lists_first_the_passage_its_reason_describes():
    """"The closest passage found does not mention Surrey" is about the passage the composer
    judged best, which need not be the first retrieved: that passage is listed first."""
    from assistant.answer.service import Answerer
    from assistant.answer.verify import Verdict
    from tests.assistant.answer.helpers import passage

    answerer = Answerer.__new__(Answerer)  # _reply reads only the composer's name
    answerer.composer = type("Composer", (), {"name": "extractive"})()
    passages = [passage(n, f"Passage {n} text.") for n in (1, 2, 3, 4)]
    reason = Reason("names_missing", {"names": "Surrey"}, passage=3)
    reply = answerer._reply(Verdict(reason=reason), passages, "")
    assert reply["abstained"] and reply["reason"] == "The closest passage found does not mention Surrey."
    assert [c["text"] for c in reply["citations"]] == ["Passage 3 text.", "Passage 1 text.", "Passage 2 text."]
    assert [c["n"] for c in reply["citations"]] == [1, 2, 3]
    # a reason about no one passage keeps the retrieved order
    reply = answerer._reply(Verdict(reason=Reason("weak")), passages, "")
    assert [c["text"] for c in reply["citations"]] == ["Passage 1 text.", "Passage 2 text.", "Passage 3 text."]


def test_the_composers_reason_names_the_passage_of_its_best_unit():
    from assistant.answer.extractive import ExtractiveComposer
    from assistant.settings import AnswerSettings
    from tests.assistant.answer.helpers import passage

    first = passage(1, "Neighbourhood policing teams hold patch walks every week.", dense=0.1, score=1.0)
    second = passage(2, "Kent County Council set its band D council tax at £1,650 for 2025-26.", dense=0.5, score=0.9)
    draft = ExtractiveComposer(AnswerSettings(abstain_threshold=0.99)).compose(
        "What band D council tax did Surrey County Council set for 2025-26?", [first, second])
    assert draft.abstained and draft.reason.passage == 2
