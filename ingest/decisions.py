"""The decisions register: every resolution in a set of minutes as a Decision.

Staff ask "what did we decide about X, when, and where is it minuted?", so each
resolution keeps its reference exactly as printed (even a typo such as 2020/011 in
2021 minutes — that is what people will search for), the minute it sits under, its
full text with all numbered sub-parts, a normalised outcome, and the PDF page.
Pure functions over pages: no database, no embeddings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.minutes import (
    Heading,
    Line,
    Section,
    clean,
    document_lines,
    find_headings,
    heading_at,
    minutes_sections,
)
from ingest.models import Decision, Item, Page
from ingest.votes import RecordedVote, minute_votes, proposers

# OPCC style: "RESOLVED 2021/007" — the reference follows the word.
_RESOLVED_REF = re.compile(r"^(?:\d{1,2}\.\s+)?RESOLVED:?\s+((?:19|20)\d{2}\s*/\s*\d{1,4})\b\s*(.*)$")
# Numbered resolutions: "Resolution No. R2024-052" (Ontario), "Résolution DM-2023-001" (Quebec).
# At the start of a line only: "… supports Resolution No. 2025-108" mid-sentence cites another body's.
_RESOLUTION_NO = re.compile(
    r"^(?:\d{1,3}[.)]\s+)?R[ée]solution\s+(?:No\.?|Number|#)?\s*:?\s*(R\s?\d{4}-\d{1,4}|[A-Z]{1,4}-\d{4}-\d{1,4}|\d{4}-\d{1,4})\b(?!\s*[.,;)])\s*(.*)$",
    re.I,
)
# Nipissing style: "R2024-101 S. Kirkey, D. Yemm:" — ref, then mover and seconder, then the text.
_RESOLUTION_LEAD = re.compile(r"^(R\s?\d{4}\s?-\s?\d{1,4}[A-Z]?)\b:?\s*(.*)$")
_INITIAL_NAME = r"([A-Z]\.\s?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
_LEAD_MOVERS = re.compile(rf"^\W*\d?{_INITIAL_NAME}\s*,\s*{_INITIAL_NAME}\s*[:;.]?\s*(.*)$")
# ModernGov style: "RESOLVED that ...", "4. RESOLVED that Cabinet agree to:", "26) RESOLVED", "AGREED: ...".
_RESOLVED_PLAIN = re.compile(r"^(?:\d{1,2}[.)]\s+|\(\w{1,3}\)\s+)?(?:RESOLVED|AGREED)\b[:,.–-]?\s*(.*)$")
# Prose decisions at a paragraph start: "Cabinet agreed to ...", "4. The Committee resolved that ...".
_BODY_AGREED = re.compile(
    r"^(?:\d{1,2}\.\s+)?((?:The\s+)?(?:Cabinet|Committee|Council|Panel|Board)\s+(?:agreed|resolved)\b.*)$"
)
# A sub-part that continues a resolution: "(1)", "(a)", "A)", "b)", "ii)", "-".
_SUBPART = re.compile(r"^(?:\(?[a-z0-9]{1,4}\)|[-–]\s)", re.I)
# The vote result that closes a numbered resolution ("CARRIED", "DEFEATED", "ADOPTÉE").
_RESULT_LINE = re.compile(r"^(CARRIED|DEFEATED|LOST|WITHDRAWN|DEFERRED|ADOPT[ÉE]E|REJET[ÉE]E)\b", re.I)
# The same result printed at the end of a run-on line ("... $245,000. CARRIED", "... Grant Carried."),
# capitalised: "THAT the application be deferred." is the text, not its result.
_RESULT_TAIL = re.compile(
    r"\s(C(?i:arried)|D(?i:efeated)|L(?i:ost)|D(?i:eferred)|W(?i:ithdrawn)|A(?i:dopt[ée]e)|R(?i:ejet[ée]e))\.?\s*$"
)
# Preamble before the operative words of a formal resolution (French "IL EST RÉSOLU", "BE IT RESOLVED").
_OPERATIVE = re.compile(r"\b(?:IL\s+EST\s+R[ÉE]SOLU(?:\s+[ÀA]\s+L[’']UNANIMIT[ÉE])?|(?:NOW\s+THEREFORE\s+)?BE\s+IT\s+RESOLVED)\b[:,]?\s*", re.I)
# "Moved by: Councillor A Seconded by: Councillor B", "moved by Mr X, seconded by Mrs Y", "Proposé par".
_MOVER = re.compile(r"\b(?:Moved|Proposed|Propos[ée]e?)\s+by:?\s*|\bPropos[ée]e?\s+par\s*:?\s*", re.I)
_SECONDER = re.compile(r"\b(?:Seconded|Appuy[ée]e?)\s+(?:by|par):?\s*", re.I)
# The end of a name: punctuation, a new clause, or the next label.
_NAME_END = re.compile(r"[.,;]\s|[.;]$|\s(?:and\s+)?(?:Seconded|Appuy|THAT|That|RESOLVED|CARRIED)\b|$")
# Procedural sentences minuted after the operative text, not part of the resolution.
_TRAILER = re.compile(r"\s*(?:The\s+next\s+meeting\b|The\s+meeting\s+closed\b).*$", re.I)
# A line that leaves the resolution open ("that Cabinet:", "… Programme;", "… 2028; and").
_UNFINISHED = re.compile(r"(?:[:;]|\b(?:and|or))\s*$")
# Sentence end: the line closes a resolution unless a sub-part follows.
_SENTENCE_END = re.compile(r"[.!]\s*$")

# Normalised outcome, first match wins: explicit results, then the strongest verb.
_OUTCOMES = [
    ("rejected", re.compile(r"\b(?:defeated|lost|rejected|refused|not\s+(?:be\s+)?(?:approved|agreed|carried)|rejet[ée]e?|refus[ée]e?)\b", re.I)),
    ("deferred", re.compile(r"\b(?:defer(?:red|s)?|deferral|postponed?|adjourned)\b", re.I)),
    ("withdrawn", re.compile(r"\bwithdrawn\b", re.I)),
    ("carried", re.compile(r"\bcarried\b", re.I)),
    ("approved", re.compile(r"\b(?:approv(?:e|ed|es|al)|approuv\w*|d[’']approuver)\b", re.I)),
    ("agreed", re.compile(r"\bagree[ds]?\b", re.I)),
    ("adopted", re.compile(r"\b(?:adopt(?:ed|s)?|adopter)\b", re.I)),
    ("endorsed", re.compile(r"\bendorse[ds]?\b", re.I)),
    ("approved", re.compile(r"\b(?:correct|true)\s+record\b", re.I)),  # minutes confirmed
    ("recommended", re.compile(r"\brecommend(?:ed|s)?\b", re.I)),
    ("noted", re.compile(r"\b(?:note[ds]?|noting|prendre\s+acte)\b", re.I)),
]


@dataclass
class _Marker:
    """Where a resolution starts: its printed ref (if any), first text, and how it ends."""

    index: int
    ref: str | None
    rest: str
    formal: bool  # numbered resolution block that runs to its vote result or next minute
    mover: str | None = None  # printed with the ref (Nipissing "R2024-101 S. Kirkey, D. Yemm:")
    seconder: str | None = None


def parse_decisions(
    pages: list[Page],
    *,
    document_id: str,
    file: str,
    body: str | None,
    date: str | None,
    items: list[Item] | None = None,
) -> list[Decision]:
    """Every resolution minuted in ``pages``, in printed order.

    ``date`` and ``body`` describe the pack; minutes inside a pack record an earlier
    meeting, so the date printed in the minutes header wins and ``date`` is only the
    fallback. ``items`` (from the pack splitter) narrows the search to minutes.
    """
    lines = document_lines(pages)
    decisions: list[Decision] = []
    for section in minutes_sections(lines, items):
        headings = find_headings(lines, section)
        for decision in _section_decisions(lines, section, headings):
            decision.document_id, decision.file = document_id, file
            decision.body = body or section.body
            decision.date = section.date or date
            decisions.append(decision)
    return decisions


def _section_decisions(lines: list[Line], section: Section, headings: list[Heading]) -> list[Decision]:
    """Decisions of one minutes section, resolutions and recorded votes in printed order."""
    stops = {h.index for h in headings}
    markers = [m for i in range(section.start, section.end) if (m := _marker(lines[i].text, i))]
    stops |= {m.index for m in markers}
    used: dict[str, int] = {}
    found: list[tuple[int, Decision]] = []
    for k, marker in enumerate(markers):
        heading = heading_at(headings, marker.index)
        end = _block_end(lines, marker, stops, section.end)
        text, outcome_line = _collect(lines, marker, end)
        found.append((marker.index, _decision(marker, heading, text, outcome_line, lines, end, used, k)))
    votes = _section_votes(lines, section, headings)
    for heading, vote in votes:
        later = min((v.at for _, v in votes if v.at > vote.at), default=section.end)
        if not _settles(vote, found, heading, later):
            found.append((vote.at, _vote_decision(vote, heading)))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def _section_votes(lines: list[Line], section: Section, headings: list[Heading]):
    """(minute heading, recorded vote) for every division in the section."""
    bounds = [h.index for h in headings] + [section.end]
    spans = [(None, section.start, bounds[0])] + [(h, h.end, bounds[k + 1]) for k, h in enumerate(headings)]
    return [(h, v) for h, lo, hi in spans for v in minute_votes(lines, lo, hi)]


def _settles(vote: RecordedVote, found: list[tuple[int, Decision]], heading: Heading | None, later: int) -> bool:
    """A carried motion is minuted again as the RESOLVED that follows it: the vote joins that
    decision (the first one after the vote, in the same minute, before the next vote) instead
    of standing alone. Amendments are never the resolution itself."""
    if vote.result == "lost" or vote.kind == "amendment":
        return False
    minute = heading.number if heading else None
    after = [(i, d) for i, d in found
             if vote.end - 1 <= i < later and d.minute == minute and d.votes_for is None]
    if not after:
        return False
    _, d = min(after, key=lambda x: x[0])
    _apply_vote(d, vote)  # d stays kind "resolution": its text is what was resolved
    return True


def _vote_decision(vote: RecordedVote, heading: Heading | None) -> Decision:
    """A division with no RESOLVED after it (a lost amendment or motion) as its own record."""
    minute = heading.number if heading else None
    ref = f"{minute}({vote.paragraph})" if minute and vote.paragraph else (minute or f"p{vote.page}")
    d = Decision(
        ref=ref, text=vote.motion or "", document_id="", file="", page=vote.page,
        item=heading.item if heading else None, item_title=heading.title if heading else None,
        outcome=outcome_of("", vote.result_text), minute=minute, kind=vote.kind or "motion",
    )
    _apply_vote(d, vote)
    return d


def _apply_vote(d: Decision, vote: RecordedVote) -> None:
    """Counts, names, printed result, paragraph and movers of a division onto a decision.

    A vote that names the paragraph it decides brings that motion's movers, or none when
    the paragraph names none: the resolution's own guess (the first proposal anywhere in
    the minute) would be a neighbour's, such as a lost motion's or an amendment's."""
    d.votes_for, d.votes_against, d.abstentions = vote.votes_for, vote.votes_against, vote.abstentions
    d.for_names, d.against_names, d.abstain_names = vote.for_names, vote.against_names, vote.abstain_names
    d.result = vote.result_text or d.result
    d.paragraph = vote.paragraph or d.paragraph
    d.subject = vote.subject or d.subject
    d.changes = vote.changes or d.changes
    if vote.paragraph:
        d.mover, d.seconder = vote.mover, vote.seconder
    if vote.result_text:
        d.outcome = outcome_of("", vote.result_text)


def _marker(text: str, index: int) -> _Marker | None:
    """Recognise the first line of a resolution, in any of the supported house styles."""
    if m := _RESOLVED_REF.match(text):
        return _Marker(index, re.sub(r"\s+", "", m.group(1)), m.group(2), False)
    if m := _RESOLUTION_NO.match(text):
        return _Marker(index, re.sub(r"\s+", "", m.group(1)), m.group(2), True)
    if m := _RESOLUTION_LEAD.match(text):
        # A ref opens a resolution only with its mover and seconder (or alone on its line);
        # "R2019-130.  Carried." is a citation wrapped onto a new line.
        ref = re.sub(r"\s+", "", m.group(1))
        if movers := _LEAD_MOVERS.match(m.group(2)):
            return _Marker(index, ref, movers.group(3), True, movers.group(1), movers.group(2))
        if not m.group(2).strip():
            return _Marker(index, ref, "", True)
    if m := _RESOLVED_PLAIN.match(text):
        return _Marker(index, None, m.group(1), False)
    if m := _BODY_AGREED.match(text):
        return _Marker(index, None, m.group(1), False)
    return None


def _block_end(lines: list[Line], marker: _Marker, stops: set[int], section_end: int) -> int:
    """Line index where the resolution's block can go no further: next minute, resolution or end."""
    return next((j for j in range(marker.index + 1, section_end) if j in stops), section_end)


def _collect(lines: list[Line], marker: _Marker, end: int) -> tuple[str, str | None]:
    """The resolution text and its vote-result line (numbered resolutions only)."""
    if marker.formal:
        return _collect_formal(lines, marker, end)
    return _collect_paragraph(lines, marker, end), None


def _collect_paragraph(lines: list[Line], marker: _Marker, end: int) -> str:
    """Text up to the end of the sentence or paragraph, keeping sub-parts (1), (a), b) ...

    Minutes run the resolution straight into procedural notes ("At this point, it
    was agreed to consider agenda item 7"), so a finished sentence ends the
    resolution unless the next line is a numbered sub-part (or a short heading over
    one, as budget resolutions group their parts), or the text so far is unfinished
    (a colon, a semicolon or a trailing "and" before a blank line).
    """
    parts = [marker.rest] if marker.rest else []
    j = marker.index + 1
    while j < end:
        text = lines[j].text
        if not text:
            nxt = next((k for k in range(j + 1, end) if lines[k].text), None)
            if nxt is None or not (_continues(lines, nxt, end) or (parts and _UNFINISHED.search(parts[-1]))):
                break
            j = nxt
            continue
        if parts and _SENTENCE_END.search(parts[-1]) and not _continues(lines, j, end):
            break
        parts.append(text)
        j += 1
    return _TRAILER.sub("", clean(" ".join(parts)))


def _continues(lines: list[Line], j: int, end: int) -> bool:
    """Line j carries on a resolution: a sub-part, or a short heading line right above one."""
    if _SUBPART.match(lines[j].text):
        return True
    nxt = next((k for k in range(j + 1, end) if lines[k].text), None)
    short_heading = len(lines[j].text) <= 80 and not _SENTENCE_END.search(lines[j].text)
    return short_heading and nxt is not None and bool(_SUBPART.match(lines[nxt].text))


def _collect_formal(lines: list[Line], marker: _Marker, end: int) -> tuple[str, str | None]:
    """A numbered resolution: everything to its vote result, minus mover/seconder and preamble."""
    parts = [marker.rest] if marker.rest else []
    result = None
    if not (marker.rest and _RESULT_TAIL.search(marker.rest)):
        for ln in lines[marker.index + 1 : end]:
            if m := _RESULT_LINE.match(ln.text):
                result = m.group(1)
                break
            parts.append(ln.text)
            if _RESULT_TAIL.search(ln.text):
                break
    text = clean(" ".join(parts))
    if not result and (m := _RESULT_TAIL.search(text)):
        text, result = text[: m.start()], m.group(1)
    if op := list(_OPERATIVE.finditer(text)):
        text = text[op[-1].end() :]
    text = _strip_moved(text)
    return text.strip(), result


def _strip_moved(text: str) -> str:
    """Drop the 'Moved by: X Seconded by: Y' clause that opens Ontario resolutions."""
    m = _SECONDER.search(text)
    if not m or not _MOVER.search(text[: m.start()]):
        return text
    name_end = _NAME_END.search(text, m.end())
    return text[name_end.start() :].lstrip(" .,;") if name_end else ""


def _decision(marker, heading, text, result, lines, end, used, k) -> Decision:
    """Assemble one Decision; a repeated or missing ref gets the minute number and a suffix."""
    ref = marker.ref or (heading.number if heading else str(k + 1))
    used[ref] = used.get(ref, 0) + 1
    if used[ref] > 1 and not marker.ref:
        ref = f"{ref}({used[ref]})"
    context = " ".join(ln.text for ln in lines[(heading.end if heading else marker.index) : end])
    mover, seconder = (marker.mover, marker.seconder) if marker.mover else _mover_seconder(context)
    return Decision(
        ref=ref, text=text, document_id="", file="", page=lines[marker.index].page,
        item=heading.item if heading else None, item_title=heading.title if heading else None,
        outcome=outcome_of(text, result), mover=mover, seconder=seconder,
        kind="resolution", minute=heading.number if heading else None,
        result=result.capitalize() if result else None,
    )


def _mover_seconder(context: str) -> tuple[str | None, str | None]:
    """Mover and seconder in the minute: a proposal phrasing from the table in
    ingest/votes.py, else 'moved by' / 'seconded by' labels when both are printed."""
    mover, seconder = proposers(context)
    if mover:
        return mover, seconder
    mover, seconder = _name_after(_MOVER, context), _name_after(_SECONDER, context)
    return (mover, seconder) if mover and seconder else (None, None)


def _name_after(label: re.Pattern, context: str) -> str | None:
    """The name following a label, up to punctuation or the next label."""
    m = label.search(context)
    if not m:
        return None
    end = _NAME_END.search(context, m.end())
    name = context[m.end() : end.start() if end else None].strip(" .,;:")
    return name or None


def outcome_of(text: str, result: str | None = None) -> str | None:
    """Normalised outcome from a minuted vote result or, failing that, the resolution's verbs.

    "To note the report." → noted; approve beats agree beats note when a resolution
    has several parts; an empty resolution (nothing minuted) has no outcome.
    """
    for source in (result or "", text):
        for name, pattern in _OUTCOMES:
            if source and pattern.search(source):
                return name
    return "resolved" if text else None
