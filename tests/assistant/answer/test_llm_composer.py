"""The openai composer against a real chat-completions server on 127.0.0.1."""

import pytest

from assistant.answer.base import Passage
from assistant.answer.llm_composer import LLMComposer
from assistant.answer.service import Answerer
from assistant.answer.verify import verify
from assistant.llm import LLMError, OpenAIChat
from assistant.settings import AnswerSettings, LLMSettings, get_settings
from tests.assistant.answer.helpers import passage
from tests.assistant.chat_server import ScriptedChatServer

PASSAGES = [passage(1, "The grant to Redthread was £35,000 in 2020-21."),
            passage(2, "RESOLVED 2021/007\n(1) to note the report (2) that the Commissioner approve the new delivery plan")]


class FixedRetriever:
    def search(self, query, filters=None, k=None):
        return [p.hit for p in PASSAGES]


def composer(server, **kw):
    chat = OpenAIChat(LLMSettings(base_url=server.base_url, model="test-model", api_key="sk-test"))
    return LLMComposer(AnswerSettings(**kw), chat)


def run(replies, question="How much did Redthread get?"):
    with ScriptedChatServer(replies) as server:
        comp = composer(server)
        draft = comp.compose(question, PASSAGES)
        return server, draft, verify(draft, PASSAGES)


def test_good_reply_is_kept_and_request_is_well_formed():
    server, draft, verdict = run(["Redthread received £35,000 [1]."])
    assert [c.text for c in verdict.kept] == ["Redthread received £35,000."]
    req = server.requests[0]
    assert req["body"]["model"] == "test-model" and req["auth"] == "Bearer sk-test"
    system, user = req["body"]["messages"]
    assert "NOT_FOUND" in system["content"] and "[1] pack.pdf, PDF page 3" in user["content"]


def test_reply_citing_a_missing_passage_is_dropped():
    _, _, verdict = run(["Redthread received £35,000 [4]."])
    assert not verdict.kept and "not given" in verdict.dropped[0][1]


def test_reply_inventing_a_number_is_dropped_but_honest_sentence_kept():
    _, _, verdict = run(["Redthread received £35,000 [1]. It served 1,200 young people [1]."])
    assert [c.text for c in verdict.kept] == ["Redthread received £35,000."]
    assert "1200" in verdict.dropped[0][1]


def test_sentinel_means_abstain():
    _, draft, _ = run(["NOT_FOUND"])
    assert draft.abstained


def test_answerer_abstains_when_every_sentence_fails(tmp_path):
    settings = get_settings("test", store=str(tmp_path))
    with ScriptedChatServer(["Redthread received £99,999 [1]."]) as server:
        ans = Answerer(settings, FixedRetriever(), composer(server))
        reply = ans.ask("How much did Redthread get?")
    assert reply["abstained"] and reply["answer"] == "Not found in the documents."
    assert reply["composer"] == "openai" and len(reply["citations"]) == 2


def test_answerer_renumbers_citations(tmp_path):
    settings = get_settings("test", store=str(tmp_path))
    with ScriptedChatServer(["The plan was approved under 2021/007 [2]."]) as server:
        reply = Answerer(settings, FixedRetriever(), composer(server)).ask("delivery plan?")
    assert reply["answer"] == "The plan was approved under 2021/007. [1]"
    assert reply["citations"][0]["n"] == 1 and "RESOLVED 2021/007" in reply["citations"][0]["text"]


def test_server_error_is_a_clear_llm_error():
    with ScriptedChatServer([]) as server:
        with pytest.raises(LLMError, match="HTTP 500"):
            composer(server).compose("q", PASSAGES)
