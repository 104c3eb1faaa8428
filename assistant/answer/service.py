"""Ask: rewrite → retrieve → compose → verify → reply, in the fixed JSON contract.

This is the only place the steps meet; each step is its own object, so the CLI,
the API and the evaluation harness all call ``Answerer.ask`` and see the same reply.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from assistant.abbreviations import spelled_out
from assistant.answer.base import NOT_FOUND, Claim, Composer, Draft, Passage
from assistant.answer.citations import citation, cited_documents
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.features import names_lacking
from assistant.answer.llm_composer import LLMComposer
from assistant.answer.verify import Verdict, check_claim, verify
from assistant.answer.reasons import Reason, as_asked, explain
from assistant.answer.meeting_text import opening
from assistant.answer.divisions import division_draft
from assistant.answer.records import record_answer
from assistant.answer.dated import dated
from assistant.answer.sources import with_sources
from assistant.retrieve.rarity import rarity
from assistant.conversation import Conversations, follow_up
from assistant.store.filters import Filters
from assistant.llm import ChatModel, make_chat_model
from assistant.retrieve.hybrid import Hit, Retriever
from assistant.retrieve.papers import body_words
from assistant.retrieve.query import Query, parse_query, question_parts
from assistant.settings import Settings
from assistant.text import squashed, terms

ABSTAIN_CITATIONS = 3
RECORD_DEPTH = 40  # passages of the one cited paper searched for the record's quote
PAPERS_REMEMBERED = 16  # whole papers' text kept for the near-miss name check


def _as_typed(question: str, key: str) -> str:
    """A reference key ("r2019-999", stored lower-cased) as the question spells it ("R2019-999")."""
    found = re.search(re.escape(key), question, re.I)
    return found.group(0) if found else key


def worded(query: Query, draft: Draft) -> Draft:
    """A composed answer to a record field that minutes word in known ways (the field's
    ``said`` in the shape table: "adjourned at 8:04 p.m.", "declared an interest",
    "apologies", "in the chair") must word it. Why: with no record answer, the composer
    answered "What time did Cabinet finish on 13 March 2025?" with the agenda's start time,
    the one time its papers print; a passage that never says the thing asked is no answer."""
    field, asked = query.record_field, query.field_asked
    if draft.abstained or asked is None or asked.said is None or any(asked.said_in(c.text) for c in draft.claims):
        return draft
    return Draft(abstained=True, confidence=draft.confidence, note=f"no passage words {field}",
                 reason=Reason("not_worded", {"what": asked.missing}))


_WORD = re.compile(r"[^\W_]+")


def unknown_names(question: str | Query, store) -> list[str]:
    """Names in the question (``Query.names``) that no stored passage contains.

    "How much did knife crime fall in Leicestershire?" over Nottinghamshire papers:
    whatever the passages say, they cannot be about Leicestershire.
    """
    query = question if isinstance(question, Query) else parse_query(question)
    if not query.names or not hasattr(store, "doc_freq"):
        return []
    stats = rarity(query, store.doc_freq, store.count)
    unknown = stats.unknown_names if stats else []
    if unknown and hasattr(store, "titles"):  # "Chelsea" names the papers filed as chelsea-….pdf, whatever they print
        named = {w for row in store.titles() for w in _WORD.findall(" ".join(row[1:]).lower())}
        unknown = [n for n in unknown if not set(_WORD.findall(n.lower())) <= named]
    return unknown


def _archive_stats(store) -> tuple:
    """The store's word statistics for the extractive composer, when there is a store."""
    if store is None:
        return (None, None, None)
    from assistant.store.page_rows import PageRows

    return (store.doc_freq, store.count, PageRows(store))


def extractive_composer(settings: Settings, store=None) -> ExtractiveComposer:
    """The extractive composer over ``store``: its word statistics, table rows and sentence
    vectors. The one construction the app, its fallback and the evaluation all use, so
    what ``meetingpack eval`` measures is what a user gets."""
    embed = getattr(store, "embedder", None) and store.embedder.embed_documents
    return ExtractiveComposer(settings.answer, *_archive_stats(store), embed=embed,
                              document_text=_paper_text(store) if store is not None else None)


def _paper_text(store) -> Callable[[str], str]:
    """A paper's whole text (its chunks and file name) by id, the last few remembered:
    read when a question's name is missing from the best passage (a near-miss check). The
    spelled-out form of each abbreviation it uses follows: a paper saying only "KCC" names
    Kent, by the archive's own definition."""
    @lru_cache(maxsize=PAPERS_REMEMBERED)
    def text(document_id: str) -> str:
        chunks = store.chunks(store.chunk_ids(document_id))
        if not chunks:
            return ""
        paper = "\n".join([chunks[0].file or ""] + [c.text for c in chunks])
        return "\n".join([paper, *spelled_out(paper, store.abbreviations())]) if hasattr(store, "abbreviations") else paper
    return text


def make_composer(settings: Settings, model: ChatModel | None = None, store=None) -> Composer:
    """Composer named by ``settings.answer.composer``; the error lists valid names."""
    factories: dict[str, Callable[[], Composer]] = {
        "extractive": lambda: extractive_composer(settings, store),
        "openai": lambda: LLMComposer(settings.answer, model or make_chat_model("openai", settings.llm)),
    }
    if settings.answer.composer not in factories:
        raise ValueError(f"unknown composer {settings.answer.composer!r}; choose one of {sorted(factories)}")
    return factories[settings.answer.composer]()


def fallback_composer(settings: Settings, store=None) -> Composer | None:
    """The extractive composer, for when a model's draft fails verification (None if it is the composer)."""
    if settings.answer.composer == "extractive":
        return None
    return extractive_composer(settings, store)


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
        query = self._standalone(question, cid)
        hits = self.retriever.search(query, filters, k=self.settings.answer.passages)
        passages = [Passage(n=i + 1, hit=h) for i, h in enumerate(hits)]
        draft = self.settled(query, filters, passages) or self.composed(query, passages)
        verdict = verify(draft, passages)
        used = self.composer.name
        if self.fallback is not None and verdict.dropped:
            # A draft that invented one thing is not trusted for the rest (issue 13: injection).
            first = verdict
            draft = self.fallback.compose(query, passages)
            verdict = verify(draft, passages)
            verdict.dropped = first.dropped + verdict.dropped
            used = f"{self.fallback.name} (fallback from {self.composer.name})"
        reply = self._reply(verdict, passages, cid)
        reply["composer"] = used
        if self.conversations and cid:
            self.conversations.add(cid, question, query.text, reply["answer"], cited_documents(reply))
        details = {"standalone": query.text, "query": query, "confidence": draft.confidence, "note": draft.note,
                   "dropped": [{"text": c.text, "reason": r} for c, r in verdict.dropped], "hits": hits,
                   "context": [p.hit for p in passages]}
        return reply, details

    def composed(self, query: Query, passages: list[Passage], composer: Composer | None = None) -> Draft:
        """The composer's draft, worded for a record field it answers, each decision record it
        quotes cited with the minutes' passage it was read from (``sources.with_sources``), and
        a "when" answered with no day led by its meeting's (``dated.dated``)."""
        draft = worded(query, (composer or self.composer).compose(query, passages))
        store = getattr(self.retriever, "store", None)
        return dated(query, with_sources(draft, passages, store), passages, store)

    def settled(self, query: Query, filters: Filters | None, passages: list[Passage]) -> Draft | None:
        """The draft that needs no composer: an abstention for a name or reference no paper
        holds, or a meeting record's answer (its passage put first in ``passages``). None:
        the composer answers. The streamed ask (``stream.ask_events``) starts here too, so
        the chat page gives the reply ``ask`` gives."""
        missing = self._missing(query, filters)
        if missing:
            return Draft(abstained=True, note=explain(missing), reason=missing)
        return self._from_records(query, filters, passages)

    def _from_records(self, query: Query, filters: Filters | None, passages: list[Passage]) -> Draft | None:
        """Questions a meeting record answers (the shape table's ``record_fields``: attendance,
        apologies, chair, times, declarations, agenda, next meeting, an office), from the
        record of the meeting named; each claim cites the passage of that meeting's own paper
        that prints it (the first added first)."""
        store = getattr(self.retriever, "store", None)
        if store is None or not hasattr(store, "meetings") or query.shape is None or not query.shape.records:
            return None
        if query.shape.records == "division":  # who voted which way: the decisions register's names
            return division_draft(query, filters, passages, store)
        found = self._parts_from_records(query, store) or record_answer(query, store.meetings())
        if found is None:
            return None
        hit, scope = self._record_hit(query, filters, found)
        if hit is None:
            return None
        if found.none_recorded:
            asked = query.shape.field(found.field)
            if asked is None or self._minutes_say(asked, store, found.document_id):
                return None  # the minutes speak of it in words their record did not read: no "none"
            if not found.text:
                return Draft(abstained=True, note="meeting record", reason=Reason(
                    "not_in_minutes", {"what": asked.missing, "meeting": found.meeting, "paper": found.paper}))
        passages.insert(0, Passage(n=len(passages) + 1, hit=hit))
        claims = [Claim(text=found.text, cites=[passages[0].n])]
        for rest in self._rest_of_list(scope, hit, found.entries):  # a list run over into the next passage
            passages.insert(1, Passage(n=len(passages) + 1, hit=rest))
            claims[0].cites.append(passages[1].n)
        claims[0] = _checkable(claims[0], found.undated, passages)
        for text in found.more:  # each further quote cites the passage of its paper that holds it
            more = hit if squashed(opening(text)) in squashed(hit.chunk.text) else \
                self._quoted(parse_query(text), scope, opening(text))
            if more is None:
                continue
            # a passage already cited is cited again, not listed twice (one agenda page, two searches)
            cited = next((p for p in passages[:len(claims)] if p.hit.chunk.chunk_id == more.chunk.chunk_id), None)
            if cited is None:
                cited = Passage(n=len(passages) + 1, hit=more)
                passages.insert(len(claims), cited)
            claims.append(Claim(text=text, cites=[cited.n]))
        for other in found.others:  # the same field of another meeting the question fits, from its own paper
            other_hit, other_scope = self._record_hit(query, filters, other)
            if other_hit is None:
                continue
            hits = [other_hit, *self._rest_of_list(other_scope, other_hit, other.entries)]
            cited = [Passage(n=len(passages) + 1 + i, hit=h) for i, h in enumerate(hits)]
            at = sum(len(c.cites) for c in claims)  # after the passages the claims before cite
            passages[at:at] = cited
            claims.append(_checkable(Claim(text=other.text, cites=[c.n for c in cited]), other.undated, passages))
        return Draft(claims=claims, confidence=1.0, note="meeting record")

    def _parts_from_records(self, query: Query, store):
        """For a question asking two or three things a meeting record holds ("Who chaired the
        County Council on 13 February 2025 and who sent apologies?"), the record answer to
        each part, the later ones as the first one's ``others``; None unless every part has
        one (the composer then answers the whole question from the passages)."""
        parts = question_parts(query.text)
        if len(parts) == 1 or "shape" in query.inherited:
            return None
        bodies = self._bodies()
        asked = [parse_query(parts[0], bodies)] + [follow_up(parts[0], p, bodies) for p in parts[1:]]
        meetings = store.meetings()
        found = [record_answer(q, meetings) for q in asked]
        if not all(f is not None and f.text and not f.none_recorded for f in found):
            return None
        return replace(found[0], others=tuple(a for f in found[1:] for a in (f, *f.others)) + found[0].others)

    def _rest_of_list(self, scope: Filters | None, hit: Hit, entries: tuple[str, ...]) -> list[Hit]:
        """The further passages of the record's paper that hold the listed people ``hit`` does
        not (Kent's IN ATTENDANCE list on the passage after PRESENT), at most two more."""
        more: list[Hit] = []
        have = squashed(hit.chunk.text)
        for entry in entries:
            if squashed(entry) in have or len(more) == 2:
                continue
            found = self._quoted(parse_query(entry), scope, entry)
            if found is None or found.chunk.chunk_id == hit.chunk.chunk_id:
                continue
            more.append(found)
            have += squashed(found.chunk.text)
        return more

    def _record_hit(self, query: Query, filters: Filters | None, found) -> tuple[Hit | None, Filters | None]:
        """The passage of the record's paper (or failing that, of the meeting's other papers)
        that holds its quote, and the scope it was found in. None when it holds none, or lacks
        a name the question holds: "the Essex County Council cabinet" is not answered from
        Kent's Cabinet minutes."""
        hit = scope = None
        for paper in (found.document_id, *found.also):  # the record's own paper first
            scope = replace(filters or Filters(), document_id=paper)
            # deep: the record names the passage by what it holds, whatever its rank in the paper
            page = found.page if paper == found.document_id else None
            hit = self._quoted(query, scope, found.quote, page) or \
                self._quoted(parse_query(found.quote), scope, found.quote, page)
            if hit is not None:
                break
        return (None, scope) if hit is None or names_lacking(self._names_unmet(query, found), hit.chunk) \
            else (hit, scope)

    def _names_unmet(self, query: Query, found) -> list[str]:
        """The question's names the record does not account for: not the words of the bodies
        the store holds, since the record was found by its body and day already ("Kent" in
        "Kent County Council" names the authority of a body stored as "County Council", whose
        PRESENT list never says "Kent"; "Essex" names none), nor a person its entries name
        ("Was Mr Streatfeild at …?", listed in a passage after the list's head)."""
        known = body_words(self._bodies())
        entries = " ".join(found.entries)
        return [n for n in query.names if not set(terms(n)) <= known and n.lower() not in entries.lower()]

    @staticmethod
    def _minutes_say(asked, store, document_id: str) -> bool:
        """Do the minutes anywhere word the field asked about (its ``said`` pattern in the
        shape table: "regrets", "absent"; "chairman", "presided")? Then the record may have
        missed it, and "none" or "not said" is not said."""
        chunks = store.chunks(store.chunk_ids(document_id)) if hasattr(store, "chunk_ids") else []
        return not chunks or any(asked.said_in(c.text) for c in chunks)

    def _quoted(self, query: Query, scope: Filters, quote: str, page: int | None = None):
        """The passage of the record's paper that holds its quote, found by the question, or
        failing that by the quote itself: a long minutes' list of those present may rank
        below 40 passages of its own paper for "who was in the chair at the budget meeting".
        One on the record's own ``page`` first: a pack prints the same officer on its front
        sheet (the next meeting's) and in the minutes the record was read from."""
        hits = [h for h in self.retriever.search(query, scope, k=RECORD_DEPTH) if squashed(quote) in squashed(h.chunk.text)]
        return next((h for h in hits if page is not None and page in (h.chunk.pages or [h.chunk.page])),
                    hits[0] if hits else None)

    def _missing(self, query: Query, filters: Filters | None) -> Reason | None:
        """A reason the archive cannot hold the answer, whatever was retrieved: a named
        place or body it never mentions, or a resolution number it does not have."""
        store = getattr(self.retriever, "store", None)
        if store is None:
            return None
        unknown = unknown_names(query, store)
        if unknown:
            return Reason("unknown_name", {"names": as_asked(query.text, unknown)})
        refs = query.resolution_refs()
        if refs and not store.by_refs(refs, 1, filters or Filters()):
            return Reason("unknown_ref", {"refs": ", ".join(_as_typed(query.text, r.split(":", 1)[1]) for r in refs)})
        return None

    def _bodies(self) -> tuple[str, ...]:
        """The bodies the store holds, for reading them in questions (none for a bare retriever)."""
        return self.retriever.bodies() if hasattr(self.retriever, "bodies") else ()

    def _standalone(self, question: str, cid: str) -> Query:
        """The question as a ``Query``; a follow-up is rewritten with the earlier turn's frame."""
        last = self.conversations.last_turn(cid) if (self.conversations and cid) else None
        bodies = self._bodies()
        if last:
            return follow_up(last[0], question, bodies, self.rewriter, cited=last[2],
                             earlier=self.conversations.earlier(cid))
        return parse_query(question, bodies)

    def _reply(self, verdict: Verdict, passages: list[Passage], cid: str) -> dict:
        """Renumber cited passages 1..m in order of first use; abstain if nothing survived."""
        if not verdict.kept:
            reason = verdict.reason or Reason("unchecked" if verdict.dropped else "weak")
            # the passage the reason speaks of ("the closest passage found …") is the first listed
            closest = sorted(passages, key=lambda p: p.n != reason.passage)
            cites = [citation(i + 1, p.hit) for i, p in enumerate(closest[:ABSTAIN_CITATIONS])]
            return {**self._envelope(NOT_FOUND, True, cites, cid), "reason": explain(reason)}
        order: dict[int, int] = {}
        for claim in verdict.kept:
            for n in claim.cites:
                order.setdefault(n, len(order) + 1)
        text = " ".join(f"{c.text} " + "".join(f"[{order[n]}]" for n in dict.fromkeys(c.cites))
                        for c in verdict.kept)
        by_n = {p.n: p for p in passages}
        said = {n: " ".join(c.text for c in verdict.kept if n in c.cites) for n in order}
        cites = [citation(new, by_n[old].hit, said[old]) for old, new in order.items()]
        return self._envelope(text, False, cites, cid)

    def _envelope(self, answer: str, abstained: bool, cites: list[dict], cid: str) -> dict:
        return {"answer": answer, "abstained": abstained, "composer": self.composer.name,
                "conversation_id": cid, "citations": cites}


def _checkable(claim: Claim, undated: str, passages: list[Passage]) -> Claim:
    """The record's sentence, or without the meeting's day when the passages it cites do not
    print the day (an office-holder's list on a page headed by no date)."""
    if undated and check_claim(claim, {p.n: p for p in passages}):
        return Claim(text=undated, cites=claim.cites)
    return claim
