"""Decisions as retrievable passages, and meetings for the history view.

A decision record is indexed as a chunk of its own (``kind="register"``) holding
the reference, the minute it sits under, the meeting and the full resolution, so
"what was resolved under 2021/007?" and "what did we decide on the delivery plan?"
retrieve one self-contained passage that ``ask`` can cite like any other.
"""

from __future__ import annotations

import logging
import re

from .dates import human_date
from .models import Chunk, Decision, DocType, Document, Meeting
from .refs import find_refs

log = logging.getLogger(__name__)


def register_text(d: Decision) -> str:
    """One passage a reader can cite: reference, item, meeting, then the resolution.

    OPCC-style references ("2021/007") head the line as printed; a bare Kent-style
    minute number ("86") reads "Minute 86" so the reference index finds it, and a
    division on an amendment reads "Minute 285, paragraph 17". Movers and a recorded
    vote come before the text, in the words questions use ("proposed", "seconded",
    "voted against", "abstained"), so a question about a vote finds the counts. The
    members' names stay in the Decision and the minutes' own passages: the composer
    quotes a record whole (a long one clause by clause, each after the record's lead:
    ``split_record``), and sixty names would bury the counts."""
    item = " ".join(x for x in (f"item {d.item}" if d.item else None, d.item_title) if x)
    meeting = ", ".join(x for x in (d.body, human_date(d.date)) if x)
    where = "; ".join(x for x in (item, meeting) if x)
    outcome = f" [{d.outcome}]" if d.outcome else ""
    text = d.text or "(no resolution text minuted)"
    changes = f"New wording: {d.changes.rstrip('.')}." if d.changes else None
    lead = " ".join(x for x in (_movers(d), vote_words(d), f"Subject: {d.subject}." if d.subject else None, changes)
                    if x)
    if lead and d.kind == "resolution":
        text = f"RESOLVED: {text}"
    body = f"{lead} {text}" if lead else text
    return f"{_head(d)} ({where}){outcome}: {body}"


# What ``register_text`` writes before the resolution: the head ("Minute 291, RESOLVED (item 6 ...;
# County Council, 13 February 2025) [carried]: "), then any of its movers, vote and subject
# sentences. A sentence ends at a full stop not after a lone initial ("by T. Butler").
_RECORD_HEAD = re.compile(r"^.*?\)(?: \[[^\]]*\])?: ")
_SENTENCE = r"(?:[^.]|(?<=\s[A-Z])\.)*?(?<!\s[A-Z])\.(?=\s|$)"
_RECORD_LEAD_PART = re.compile(
    rf"\s*(?:(?:[A-Z][a-z]* proposed|Proposed) \(moved\) by {_SENTENCE}|The voting was: {_SENTENCE}|"
    rf"Decided without a recorded vote: {_SENTENCE}|Subject: {_SENTENCE})")


def split_record(text: str) -> tuple[str, str]:
    """A register record's text (``register_text``) as (lead, resolution): the lead is the
    reference, item, meeting and outcome, then movers, vote and subject; the rest is what
    was resolved or moved. ("", text) when the text is not in that form."""
    head = _RECORD_HEAD.match(text)
    if head is None:
        return "", text
    end = head.end()
    while (part := _RECORD_LEAD_PART.match(text, end)) is not None:
        end = part.end()
    return text[:end].strip(), text[end:].strip()


def amendment_moved(text: str) -> str | None:
    """What an amendment's register record (``register_text``) says was moved, after its
    lead; None for any other record or passage. Why: a question about "the vote on the
    budget" is about the budget's own motion, not each amendment minuted under that item."""
    lead, moved = split_record(text)
    return moved if _AMENDMENT_LEAD.search(lead) else None


_AMENDMENT_LEAD = re.compile(r"\bAmendment proposed \(moved\) by\b")


def _head(d: Decision) -> str:
    """'RESOLVED 2021/007', 'Resolution R2024-101', 'Minute 86, RESOLVED', 'Minute 285, paragraph 17'."""
    if d.minute and d.paragraph and d.ref == f"{d.minute}({d.paragraph})":
        return f"Minute {d.minute}, paragraph {d.paragraph}"
    if d.ref.isdigit():
        return f"Minute {d.ref}, RESOLVED"
    if d.ref[:1] in "Rr" and d.ref[1:2].isdigit():
        return f"Resolution {d.ref}"
    return f"RESOLVED {d.ref}"


def _movers(d: Decision) -> str | None:
    """'Amendment proposed (moved) by Mr Hood, seconded by Mr Baldock.'"""
    if not d.mover:
        return None
    what = f"{d.kind.capitalize()} proposed" if d.kind and d.kind != "resolution" else "Proposed"
    second = f", seconded by {d.seconder}" if d.seconder else ""
    return f"{what} (moved) by {d.mover}{second}."


def vote_words(d: Decision) -> str | None:
    """'The voting was: For (14), Against (45), Abstain (4): 14 in favour, 45 against and
    4 abstentions; Amendment lost.' — None when no vote was recorded.

    The counts come first as the minutes print them ("For (57)"), then in the words
    people ask with ("how many voted in favour", "how many against")."""
    if d.votes_for is None:  # decided without a division: the printed result alone
        return f"Decided without a recorded vote: {d.result}." if d.result and d.kind != "resolution" else None
    counts = f"For ({d.votes_for}), Against ({d.votes_against}), Abstain ({d.abstentions})"
    words = f"{d.votes_for} in favour, {d.votes_against} against and {d.abstentions} abstentions"
    result = f"; {d.result}" if d.result else ""
    return f"The voting was: {counts}: {words}{result}."



def register_chunks(doc: Document) -> list[Chunk]:
    """A chunk per decision, placed in the minutes item that holds its page."""
    out: list[Chunk] = []
    labels = {p.number: p.label for p in doc.pages}
    for n, d in enumerate(doc.decisions):
        item = _item_at(doc, d.page)
        text = register_text(d)
        out.append(Chunk(
            chunk_id=f"{doc.document_id}:r{n:03d}", document_id=doc.document_id, file=doc.file, text=text,
            page=d.page, pages=[d.page], page_label=labels.get(d.page),
            item_id=item.item_id if item else None, item_number=item.number if item else d.item,
            item_title=item.title if item else d.item_title, section=d.item_title,
            doc_type=DocType.MINUTES, body=d.body or doc.body, meeting_date=d.date or doc.meeting_date,
            public=item.public if item else True, kind="register", refs=find_refs(text),
        ))
    return out


def with_register(chunks: list[Chunk], register: list[Chunk]) -> list[Chunk]:
    """Register chunks placed after the last text chunk of their item, so every item's
    chunks stay contiguous in document order."""
    last = {c.item_id: i for i, c in enumerate(chunks)}
    out = list(chunks)
    for reg in sorted(register, key=lambda r: last.get(r.item_id, len(chunks)), reverse=True):
        at = last.get(reg.item_id, len(out) - 1) + 1
        out.insert(at, reg)
    return out


def _item_at(doc: Document, page: int):
    """The minutes item covering a page (several items can share a page in a pack)."""
    minutes = [it for it in doc.items if it.doc_type == DocType.MINUTES and it.first_page <= page <= it.last_page]
    return minutes[0] if minutes else next(
        (it for it in doc.items if it.first_page <= page <= it.last_page), None)


def meetings_of(doc: Document) -> list[Meeting]:
    """Meetings described in the file; a parser failure never loses the document."""
    try:
        from .meetings import parse_meetings

        found = parse_meetings(doc.pages, doc.items, document_id=doc.document_id, file=doc.file,
                               body=doc.body, date=doc.meeting_date)
    except Exception as exc:  # noqa: BLE001 - the history view is secondary to the text
        log.warning("%s: meetings parser failed (%s)", doc.file, exc)
        return []
    has_minutes = any(it.doc_type == DocType.MINUTES for it in doc.items)
    # A report or notice is not a record of a meeting held: only dated meetings, and
    # "minuted" ones only where the file really holds minutes.
    return [m for m in found if m.date and (m.status != "minuted" or has_minutes)]
