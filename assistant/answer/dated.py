"""The meeting's day, for a "when" question the quoted passage answers without one.

"When was the Bill 17 staff report presented to council?" is answered by a minutes line
("Staff Report from … on Council comments for Bill 17 … provided to Council") that
prints no date: the day is the meeting's, printed once at the head of the minutes. A
sentence with no day in it does not answer "when", so the answer opens with the meeting
("At the Township of Nipissing Council meeting of 10 June 2025: …") and cites the
passage of the same paper that prints that day beside the one it quotes, so the day is
checked against the page like any other word of the answer. Only minutes and agendas
date what they print by their meeting; a report's own date is no day it was presented.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.base import Claim, Draft, Passage, added_passage, listed_at
from assistant.retrieve.hybrid import Hit
from assistant.retrieve.query import Query
from assistant.text import MONTHS
from ingest.dates import find_dates, human_date
from ingest.models import DocType

# the papers whose passages happened at their meeting, and how the answer says so
LEADS = {DocType.MINUTES: "At the {meeting} of {day}: ", DocType.AGENDA: "On the agenda for the {meeting} of {day}: "}
STATUS = {DocType.MINUTES: "minuted", DocType.AGENDA: "agenda"}  # the meeting record's word for each
# a day, or at least a month, in the answer: "16 July 2024", "in July 2024", "March 12"
# ("May" only capitalised: "the council may …" says no day)
_DAY_SAID = re.compile(rf"\b(?:{MONTHS.replace('may|', '')})\b|(?-i:\b(?:May|MAY)\b)", re.I)


def dated(query: Query, draft: Draft, passages: list[Passage], store) -> Draft:
    """``draft`` led by its meeting's day when it answers a "when" question with no day or
    month, its first passage is in a meeting's minutes or agenda, and the paper prints that
    day; otherwise ``draft`` as it is."""
    if draft.abstained or not draft.claims or query.kind != "date" or store is None or not hasattr(store, "meetings"):
        return draft
    if _DAY_SAID.search(draft.claims[0].text) or not draft.claims[0].cites:  # the answering sentence says its day
        return draft
    first = next((p for p in passages if p.n == draft.claims[0].cites[0]), None)
    chunk = first.hit.chunk if first else None
    lead = LEADS.get(chunk.doc_type) if chunk else None
    meeting = _meeting_of(chunk, store.meetings()) if lead else None
    day = _day_passage(chunk.document_id, meeting, store) if meeting else None
    if day is None:
        return draft
    at = listed_at(passages, day)
    if at is None:  # read beside the passage it dates
        listed = added_passage(passages, day)
        passages.insert(passages.index(first) + 1, listed)
    else:
        listed = passages[at]
    (body, when), _ = meeting
    said = lead.format(meeting=f"{body} meeting" if body else "meeting", day=human_date(when))
    head = draft.claims[0]
    opened = Claim(text=said + head.text, cites=list(dict.fromkeys([*head.cites, listed.n])))
    return replace(draft, claims=[opened, *draft.claims[1:]])


def _meeting_of(chunk, meetings: list[dict]) -> tuple[tuple[str | None, str], int] | None:
    """((body, day), first page) of the meeting whose minutes or agenda the chunk's pages are
    part of: of the meetings read from its paper with its kind (a pack holds this meeting's
    agenda and the last one's minutes), the one starting last at or before its page."""
    status = STATUS[chunk.doc_type]
    found = [(src["page"], (m.get("body"), m["date"])) for m in meetings if m.get("date")
             for src in m.get("sources", []) if src["document_id"] == chunk.document_id
             and src.get("status") == status and src["page"] <= chunk.page]
    return max(found)[::-1] if found else None


def _day_passage(document_id: str, meeting, store) -> Hit | None:
    """The first passage of the paper, from the meeting's first page on, that prints its day."""
    (_, day), page = meeting
    for other in store.chunks(store.chunk_ids(document_id)):
        if other.page >= page and any(iso == day for iso, _, _ in find_dates(other.text)):
            return Hit(chunk=other, score=0.0)
    return None
