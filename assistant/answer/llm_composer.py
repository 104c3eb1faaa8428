"""The LLM composer: an OpenAI-compatible chat model writes the cited answer.

The prompt (``prompts/answer_*.j2``) asks for ``[n]`` after each claim and a fixed
sentinel when the passages do not hold the answer; the verifier then drops any
sentence whose citation or numbers do not check out.
"""

from __future__ import annotations

from assistant.answer.base import NOT_FOUND, Composer, Draft, Passage
from collections.abc import Iterator

from assistant.answer.base import Claim
from assistant.answer.verify import SENTENCE_BREAK, parse_claims
from assistant.llm import ChatModel
from assistant.prompts import render
from assistant.settings import AnswerSettings

SENTINEL = "NOT_FOUND"


class LLMComposer(Composer):
    name = "openai"

    def __init__(self, settings: AnswerSettings, model: ChatModel):
        self.settings = settings
        self.model = model

    def messages(self, question: str, passages: list[Passage]) -> list[dict[str, str]]:
        system = render("answer_system.j2", max_sentences=self.settings.max_sentences, not_found=SENTINEL)
        user = render("answer_user.j2", question=str(question), passages=[p.as_prompt() for p in passages])
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def compose(self, question: str, passages: list[Passage]) -> Draft:
        if not passages:
            return Draft(abstained=True, note="no passages")
        reply = self.model.chat(self.messages(question, passages)).strip()
        if not reply or SENTINEL in reply or reply.rstrip(".") == NOT_FOUND.rstrip("."):
            return Draft(abstained=True, note="model found no answer in the passages")
        return Draft(claims=parse_claims(reply), confidence=1.0)

    def stream_claims(self, question: str, passages: list[Passage]) -> Iterator[Claim]:
        """Each sentence as soon as the model has finished it (for server-sent events).

        A sentence is complete once the next one has begun; the rest is held back, and
        the sentinel anywhere means no claim at all."""
        if not passages:
            return
        held = ""
        for piece in self.model.stream(self.messages(question, passages)):
            held += piece
            if SENTINEL in held:
                return
            parts = SENTENCE_BREAK.split(held)
            if len(parts) > 1:
                held = parts[-1]
                yield from parse_claims(" ".join(parts[:-1]))
        if held.strip() and held.strip().rstrip(".") != NOT_FOUND.rstrip("."):
            yield from parse_claims(held)
