"""The ask pipeline as a stream of events: each verified sentence, then the citations.

Why a separate path: with an LLM composer the first sentence is ready long before the
last, so the page can show it at once. Each sentence is verified as it arrives, with the
same ``check_claim`` the whole-answer path uses, and numbered citations are assigned in
order of first use, so the final reply is exactly what ``Answerer.ask`` would return.
A composer without ``stream_claims`` (the extractive one) yields its whole answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.base import Claim, Passage
from assistant.answer.service import cited_documents
from assistant.answer.verify import Verdict, check_claim
from assistant.store.filters import Filters


def _claims(composer, question: str, passages: list[Passage]) -> Iterator[Claim]:
    if hasattr(composer, "stream_claims"):
        yield from composer.stream_claims(question, passages)
        return
    draft = composer.compose(question, passages)
    if not draft.abstained:
        yield from draft.claims


def ask_events(answerer, question: str, filters: Filters | None = None,
               conversation_id: str | None = None) -> Iterator[tuple[str, dict | list]]:
    """("sentence", {text, cites}) ..., then ("citations", [...]), then ("done", reply)."""
    conversations = answerer.conversations
    cid = conversation_id or (conversations.new_id() if conversations else "")
    standalone = answerer._standalone(question, cid)
    hits = answerer.retriever.search(standalone, filters, k=answerer.settings.answer.passages)
    passages = [Passage(n=i + 1, hit=h) for i, h in enumerate(hits)]
    by_n = {p.n: p for p in passages}
    verdict, order = Verdict(), {}
    if not answerer._missing(standalone, filters):
        for claim in _claims(answerer.composer, standalone, passages):
            reason = check_claim(claim, by_n)
            if reason:
                verdict.dropped.append((claim, reason))
                continue
            verdict.kept.append(claim)
            for n in claim.cites:
                order.setdefault(n, len(order) + 1)
            yield "sentence", {"text": claim.text, "cites": [order[n] for n in dict.fromkeys(claim.cites)]}
    reply = answerer._reply(verdict, passages, cid)
    if conversations and cid:
        conversations.add(cid, question, standalone.text, reply["answer"], cited_documents(reply))
    yield "citations", reply["citations"]
    yield "done", reply
