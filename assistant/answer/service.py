"""Ask: rewrite → retrieve → compose → verify → reply, in the fixed JSON contract.

This is the only place the steps meet; each step is its own object, so the CLI,
the API and the evaluation harness all call ``Answerer.ask`` and see the same reply.
"""

from __future__ import annotations

from collections.abc import Callable

import re

from assistant.answer.base import NOT_FOUND, Composer, Draft, Passage
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.llm_composer import LLMComposer
from assistant.answer.verify import Verdict, verify
from assistant.conversation import Conversations, rewrite
from assistant.store.filters import Filters
from assistant.llm import ChatModel, make_chat_model
from assistant.retrieve.hybrid import Hit, Retriever
from ingest.refs import find_refs
from assistant.settings import Settings

ABSTAIN_CITATIONS = 3
_NAME_WORD = re.compile(r"(?<=\S )[A-Z][a-z][\w'-]+")


def unknown_names(question: str, store) -> list[str]:
    """Capitalised words (not sentence-initial) that no stored passage contains.

    "How much did knife crime fall in Leicestershire?" over Nottinghamshire papers:
    whatever the passages say, they cannot be about Leicestershire.
    """
    names = list(dict.fromkeys(m.group(0) for m in _NAME_WORD.finditer(question)))
    if not names or not hasattr(store, "doc_freq"):
        return []
    df = store.doc_freq([n.lower() for n in names])
    return [n for n in names if df.get(n.lower(), 1) == 0]


def _archive_stats(store) -> tuple:
    """The store's word statistics for the extractive composer, when there is a store."""
    if store is None:
        return (None, None, None)
    from assistant.store.page_rows import PageRows

    return (store.doc_freq, store.count, PageRows(store))


def make_composer(settings: Settings, model: ChatModel | None = None, store=None) -> Composer:
    """Composer named by ``settings.answer.composer``; the error lists valid names."""
    factories: dict[str, Callable[[], Composer]] = {
        "extractive": lambda: ExtractiveComposer(settings.answer, *_archive_stats(store)),
        "openai": lambda: LLMComposer(settings.answer, model or make_chat_model("openai", settings.llm)),
    }
    if settings.answer.composer not in factories:
        raise ValueError(f"unknown composer {settings.answer.composer!r}; choose one of {sorted(factories)}")
    return factories[settings.answer.composer]()


def fallback_composer(settings: Settings, store=None) -> Composer | None:
    """The extractive composer, for when a model's draft fails verification (None if it is the composer)."""
    if settings.answer.composer == "extractive":
        return None
    return ExtractiveComposer(settings.answer, *_archive_stats(store))


def citation(n: int, hit: Hit) -> dict:
    c = hit.chunk
    return {"n": n, "document_id": c.document_id, "file": c.file, "title": c.item_title or c.file,
            "item": c.item_number, "section": c.section, "page": c.page, "page_label": c.page_label,
            "text": c.text, "score": round(float(hit.score), 4), "chunk_id": c.chunk_id,
            "ocr": bool(getattr(c, "ocr", False))}


class Answerer:
    def __init__(self, settings: Settings, retriever: Retriever, composer: Composer,
                 conversations: Conversations | None = None, rewriter: ChatModel | None = None,
                 fallback: Composer | None = None):
        self.settings = settings
        self.fallback = fallback  # used when a draft loses any sentence in verification
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
        missing = self._missing(standalone, filters)
        if missing:
            draft = Draft(abstained=True, note=missing)
        else:
            draft = self.composer.compose(standalone, passages)
        verdict = verify(draft, passages)
        used = self.composer.name
        if self.fallback is not None and verdict.dropped:
            # A draft that invented one thing is not trusted for the rest (issue 13: injection).
            first = verdict
            draft = self.fallback.compose(standalone, passages)
            verdict = verify(draft, passages)
            verdict.dropped = first.dropped + verdict.dropped
            used = f"{self.fallback.name} (fallback from {self.composer.name})"
        reply = self._reply(verdict, passages, cid)
        reply["composer"] = used
        if self.conversations and cid:
            self.conversations.add(cid, question, standalone, reply["answer"])
        details = {"standalone": standalone, "confidence": draft.confidence, "note": draft.note,
                   "dropped": [{"text": c.text, "reason": r} for c, r in verdict.dropped], "hits": hits}
        return reply, details

    def _missing(self, question: str, filters: Filters | None) -> str | None:
        """A reason the archive cannot hold the answer, whatever was retrieved: a named
        place or body it never mentions, or a resolution number it does not have."""
        store = getattr(self.retriever, "store", None)
        if store is None:
            return None
        unknown = unknown_names(question, store)
        if unknown:
            return f"the documents never mention {', '.join(unknown)}"
        refs = [k for k in find_refs(question, query=True) if k.split(":")[0] in ("res", "dec", "minute")]
        if refs and not store.by_refs(refs, 1, filters or Filters()):
            return f"no passage carries reference {', '.join(r.split(':', 1)[1] for r in refs)}"
        return None

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
