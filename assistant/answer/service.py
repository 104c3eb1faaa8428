"""Ask: rewrite → retrieve → compose → verify → reply, in the fixed JSON contract.

This is the only place the steps meet; each step is its own object, so the CLI,
the API and the evaluation harness all call ``Answerer.ask`` and see the same reply.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.base import NOT_FOUND, Composer, Passage
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.llm_composer import LLMComposer
from assistant.answer.verify import Verdict, verify
from assistant.conversation import Conversations, rewrite
from assistant.filters import Filters
from assistant.llm import ChatModel, make_chat_model
from assistant.retrieval import Hit, Retriever
from assistant.settings import Settings

ABSTAIN_CITATIONS = 3


def make_composer(settings: Settings, model: ChatModel | None = None) -> Composer:
    """Composer named by ``settings.answer.composer``; the error lists valid names."""
    factories: dict[str, Callable[[], Composer]] = {
        "extractive": lambda: ExtractiveComposer(settings.answer),
        "openai": lambda: LLMComposer(settings.answer, model or make_chat_model("openai", settings.llm)),
    }
    if settings.answer.composer not in factories:
        raise ValueError(f"unknown composer {settings.answer.composer!r}; choose one of {sorted(factories)}")
    return factories[settings.answer.composer]()


def citation(n: int, hit: Hit) -> dict:
    c = hit.chunk
    return {"n": n, "document_id": c.document_id, "file": c.file, "title": c.item_title or c.file,
            "item": c.item_number, "section": c.section, "page": c.page, "page_label": c.page_label,
            "text": c.text, "score": round(float(hit.score), 4)}


class Answerer:
    def __init__(self, settings: Settings, retriever: Retriever, composer: Composer,
                 conversations: Conversations | None = None, rewriter: ChatModel | None = None):
        self.settings = settings
        self.retriever = retriever
        self.composer = composer
        self.conversations = conversations
        self.rewriter = rewriter

    def ask(self, question: str, filters: Filters | None = None, conversation_id: str | None = None) -> dict:
        """The reply in the fixed JSON contract."""
        return self.ask_explained(question, filters, conversation_id)[0]

    def ask_explained(self, question: str, filters: Filters | None = None,
                      conversation_id: str | None = None) -> tuple[dict, dict]:
        """The reply plus why: the standalone question, confidence, dropped sentences, hits."""
        cid = conversation_id or (self.conversations.new_id() if self.conversations else "")
        standalone = self._standalone(question, cid)
        hits = self.retriever.search(standalone, filters, k=self.settings.answer.passages)
        passages = [Passage(n=i + 1, hit=h) for i, h in enumerate(hits)]
        draft = self.composer.compose(standalone, passages)
        verdict = verify(draft, passages)
        reply = self._reply(verdict, passages, cid)
        if self.conversations and cid:
            self.conversations.add(cid, question, standalone, reply["answer"])
        details = {"standalone": standalone, "confidence": draft.confidence, "note": draft.note,
                   "dropped": [{"text": c.text, "reason": r} for c, r in verdict.dropped], "hits": hits}
        return reply, details

    def _standalone(self, question: str, cid: str) -> str:
        last = self.conversations.last(cid) if (self.conversations and cid) else None
        return rewrite(last[0], question, self.rewriter) if last else question

    def _reply(self, verdict: Verdict, passages: list[Passage], cid: str) -> dict:
        """Renumber cited passages 1..m in order of first use; abstain if nothing survived."""
        if not verdict.kept:
            cites = [citation(p.n, p.hit) for p in passages[:ABSTAIN_CITATIONS]]
            return self._envelope(NOT_FOUND, True, cites, cid)
        order: dict[int, int] = {}
        for claim in verdict.kept:
            for n in claim.cites:
                order.setdefault(n, len(order) + 1)
        text = " ".join(f"{c.text} " + "".join(f"[{order[n]}]" for n in dict.fromkeys(c.cites))
                        for c in verdict.kept)
        by_n = {p.n: p for p in passages}
        cites = [citation(new, by_n[old].hit) for old, new in order.items()]
        return self._envelope(text, False, cites, cid)

    def _envelope(self, answer: str, abstained: bool, cites: list[dict], cid: str) -> dict:
        return {"answer": answer, "abstained": abstained, "composer": self.composer.name,
                "conversation_id": cid, "citations": cites}
