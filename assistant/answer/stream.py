"""The ask pipeline as a stream of events: each verified sentence, then the citations.

Why a separate path: with an LLM composer the first sentence is ready long before the
last, so the page can show it at once. Each sentence is verified as it arrives, with the
same ``check_claim`` the whole-answer path uses, and numbered citations are assigned in
order of first use. A composer without ``stream_claims`` (the extractive one) yields its
whole answer.

As in ``Answerer.ask``, a draft that fails verification once is not trusted for the rest
(issue 13: a model obeying instructions planted in a document): the stream stops reading
the model, sends ``reset`` (the sentences shown so far are withdrawn) and the fallback
composer's verified sentences follow, so the final reply is the one ``ask`` gives.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.base import Claim, Draft, Passage
from assistant.answer.citations import cited_documents
from assistant.answer.service import worded
from assistant.answer.verify import Verdict, check_claim
from assistant.store.filters import Filters

RESET = {"detail": "a sentence did not check out against the passages; answering from the passages instead"}


def _claims(composer, question, passages: list[Passage], verdict: Verdict,
            settled: Draft | None = None, compose=None) -> Iterator[Claim]:
    """The claims to check: the settled draft's (a meeting record's answer), else the
    composer's, sentence by sentence when it streams; a composed draft must word a record
    field it answers (``service.worded``), and ``compose`` (``Answerer.composed``) cites a
    decision record's own minutes passage too, as in ``ask``."""
    if settled is None and hasattr(composer, "stream_claims"):
        yield from composer.stream_claims(question, passages)
        return
    draft = settled or (compose(question, passages) if compose else worded(question, composer.compose(question, passages)))
    if draft.abstained:
        verdict.reason = draft.reason  # said with the "done" reply, as ``ask`` says it
    else:
        yield from draft.claims


def _sentences(composer, question, passages: list[Passage], verdict: Verdict, order: dict,
               stop_on_drop: bool, settled: Draft | None = None, compose=None) -> Iterator[tuple[str, dict]]:
    """A ``sentence`` event per claim that checks out; a failing claim goes to ``verdict.dropped``
    and, with ``stop_on_drop``, ends the stream (the model is read no further). Each claim is
    checked against the passages as they are when it comes: composing may add some (a decision
    record's minutes, the passage printing a meeting's day)."""
    claims = _claims(composer, question, passages, verdict, settled, compose)
    try:
        for claim in claims:
            reason = check_claim(claim, {p.n: p for p in passages})
            if reason:
                verdict.dropped.append((claim, reason))
                if stop_on_drop:
                    return
                continue
            verdict.kept.append(claim)
            for n in claim.cites:
                order.setdefault(n, len(order) + 1)
            yield "sentence", {"text": claim.text, "cites": [order[n] for n in dict.fromkeys(claim.cites)]}
    finally:
        claims.close()


def ask_events(answerer, question: str, filters: Filters | None = None,
               conversation_id: str | None = None) -> Iterator[tuple[str, dict | list]]:
    """("sentence", {text, cites}) ..., [("reset", {detail}), ("sentence", ...) ...],
    then ("citations", [...]), then ("done", reply)."""
    conversations = answerer.conversations
    cid = conversation_id or (conversations.new_id() if conversations else "")
    standalone = answerer._standalone(question, cid)
    hits = answerer.retriever.search(standalone, filters, k=answerer.settings.answer.passages)
    passages = [Passage(n=i + 1, hit=h) for i, h in enumerate(hits)]
    verdict, order, used = Verdict(), {}, answerer.composer.name
    fallback = answerer.fallback
    settled = answerer.settled(standalone, filters, passages)
    if settled is not None and settled.abstained:
        verdict.reason = settled.reason
    else:
        yield from _sentences(answerer.composer, standalone, passages, verdict, order, fallback is not None, settled,
                              answerer.composed)
        if fallback is not None and verdict.dropped:
            yield "reset", RESET
            dropped, verdict, order = verdict.dropped, Verdict(), {}
            yield from _sentences(fallback, standalone, passages, verdict, order, False)
            verdict.dropped = dropped + verdict.dropped
            used = f"{fallback.name} (fallback from {answerer.composer.name})"
    reply = answerer._reply(verdict, passages, cid)
    reply["composer"] = used
    if conversations and cid:
        conversations.add(cid, question, standalone.text, reply["answer"], cited_documents(reply))
    yield "citations", reply["citations"]
    yield "done", reply
