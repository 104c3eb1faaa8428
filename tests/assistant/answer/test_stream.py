"""Streaming answers: an OpenAI-compatible server streaming deltas, sentences verified as they arrive."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from assistant.answer.llm_composer import LLMComposer
from assistant.answer.service import Answerer
from assistant.answer.stream import ask_events
from assistant.llm import OpenAIChat
from assistant.settings import AnswerSettings, LLMSettings, get_settings
from tests.assistant.answer.helpers import passage
from tests.assistant.answer.test_llm_composer import PASSAGES, FixedRetriever


class StreamingChatServer:
    """``POST /v1/chat/completions`` with ``"stream": true``: the reply in 5-character deltas."""

    def __init__(self, reply: str):
        self.seen: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.seen.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i in range(0, len(reply), 5):
                    delta = {"choices": [{"index": 0, "delta": {"content": reply[i:i + 5]}}]}
                    self.wfile.write(f"data: {json.dumps(delta)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _composer(url: str) -> LLMComposer:
    return LLMComposer(AnswerSettings(), OpenAIChat(LLMSettings(base_url=url)))


def test_model_deltas_become_whole_sentences():
    server = StreamingChatServer("Redthread received £35,000 [1]. The Commissioner approved the new delivery plan [2].")
    try:
        claims = list(_composer(server.base_url).stream_claims("q", PASSAGES))
    finally:
        server.close()
    assert [(c.text, c.cites) for c in claims] == [("Redthread received £35,000.", [1]),
                                                    ("The Commissioner approved the new delivery plan.", [2])]
    assert server.seen[0]["stream"] is True


def test_stream_drops_an_invented_number_and_ends_like_ask(tmp_path):
    reply = "The Commissioner approved the new delivery plan [2]. It served 1,200 young people [1]."
    server = StreamingChatServer(reply)
    try:
        settings = get_settings("test", store=tmp_path)
        answerer = Answerer(settings, FixedRetriever(), _composer(server.base_url))
        events = list(ask_events(answerer, "What was approved?"))
    finally:
        server.close()
    names = [n for n, _ in events]
    assert names == ["sentence", "citations", "done"]
    assert events[0][1] == {"text": "The Commissioner approved the new delivery plan.", "cites": [1]}
    done = events[-1][1]
    assert done["answer"] == "The Commissioner approved the new delivery plan. [1]" and not done["abstained"]
    assert [c["n"] for c in done["citations"]] == [1] and "delivery plan" in done["citations"][0]["text"]


def test_sentinel_in_the_stream_abstains(tmp_path):
    server = StreamingChatServer("NOT_FOUND")
    try:
        answerer = Answerer(get_settings("test", store=tmp_path), FixedRetriever(), _composer(server.base_url))
        events = list(ask_events(answerer, "Who won the cup?"))
    finally:
        server.close()
    assert [n for n, _ in events] == ["citations", "done"] and events[-1][1]["abstained"]


def test_server_that_ignores_stream_flag_still_answers():
    from tests.assistant.chat_server import ScriptedChatServer

    with ScriptedChatServer(["Redthread received £35,000 [1]."]) as server:
        claims = list(_composer(server.base_url).stream_claims("q", [passage(1, "Redthread got £35,000.")]))
    assert [c.text for c in claims] == ["Redthread received £35,000."]


def test_stream_answers_from_the_meeting_record_like_ask(corpus_services):
    """The chat page streams its answers: an apologies question is answered from the meeting
    record there too, not by the composer from whatever sentence ranks first."""
    question = "Who sent apologies to the Strategic Resources and Performance meeting on 10 March 2021?"
    asked = corpus_services.answerer.ask(question)
    events = list(ask_events(corpus_services.answerer, question))
    streamed = events[-1][1]
    assert asked["answer"].startswith("Apologies were received from"), asked["answer"]
    assert streamed["answer"] == asked["answer"]
    assert [(c["file"], c["page"]) for c in streamed["citations"]] == [(c["file"], c["page"]) for c in asked["citations"]]
    assert [name for name, _ in events if name == "sentence"], "the record's sentence is streamed"


def test_stream_withholds_a_finish_time_no_passage_words(corpus_services):
    """As ``ask`` does: a composed answer to "what time did it finish?" must say so."""
    question = "What time did the Strategic Resources and Performance meeting on 19 May 2021 finish?"
    asked = corpus_services.answerer.ask(question)
    streamed = list(ask_events(corpus_services.answerer, question))[-1][1]
    assert (streamed["abstained"], streamed.get("reason")) == (asked["abstained"], asked.get("reason"))


def _same_reply(answerer, question):
    asked = answerer.ask(question)
    streamed = list(ask_events(answerer, question))[-1][1]
    assert not asked["abstained"], asked
    assert streamed["answer"] == asked["answer"]
    assert [c["chunk_id"] for c in streamed["citations"]] == [c["chunk_id"] for c in asked["citations"]]
    return asked


def test_stream_gives_a_when_its_meetings_day_like_ask(corpus_services):
    """The day's passage is added to the passages while composing (``dated``): the stream's
    verifier reads it too, not only the passages retrieved before."""
    reply = _same_reply(corpus_services.answerer, "When was the police and crime delivery plan update considered?")
    assert reply["answer"].startswith("At the Strategic Resources and Performance meeting of 10 March 2021: ")


def test_stream_cites_a_votes_minutes_like_ask(tmp_path):
    """A record's source passages join the passages while composing (``sources``): streamed, the
    record's sentence is kept and cites them, as ``ask`` does."""
    from pathlib import Path

    from assistant.services import build_services
    from tests.assistant.answer.helpers import ask_over

    minutes = Path(__file__).resolve().parents[2] / "fixtures" / "minutes" / "kcc-county-council-2025-02-13-p1-3.txt"
    question = "How many members voted for noting the section 25 assurance statement?"
    ask_over(tmp_path, [minutes])
    services = build_services(get_settings("test", store=tmp_path))
    try:
        reply = _same_reply(services.answerer, question)
    finally:
        services.close()
    assert len(reply["citations"]) > 1 and reply["citations"][0]["chunk_id"].rsplit(":", 1)[1].startswith("r")
