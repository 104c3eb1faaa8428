from assistant.conversation import Conversations, is_followup, rewrite, substitute
from assistant.llm import QueuedFakeChat


def test_followup_detection():
    assert is_followup("and what about Mansfield?")
    assert is_followup("When was it approved?")
    assert not is_followup("How much did Redthread receive from the SNB grant in 2020-21?")


def test_substitute_swaps_the_named_subject():
    assert substitute("How much did Redthread get?", "and what about Project Officer?") == \
        "How much did Project Officer get?"


def test_substitute_appends_when_no_new_name():
    out = substitute("What did the meeting resolve on the delivery plan?", "and when was it approved?")
    assert out.startswith("What did the meeting resolve on the delivery plan") and "approved" in out


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
