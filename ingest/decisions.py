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

# OPCC style: "RESOLVED 2021/007" — the reference follows the word.
_RESOLVED_REF = re.compile(r"^(?:\d{1,2}\.\s+)?RESOLVED:?\s+((?:19|20)\d{2}\s*/\s*\d{1,4})\b\s*(.*)$")
# Numbered resolutions: "Resolution No. R2024-052" (Ontario), "Résolution DM-2023-001" (Quebec).
_RESOLUTION_NO = re.compile(
    r"\bR[ée]solution\s+(?:No\.?|Number|#)?\s*:?\s*(R\s?\d{4}-\d{1,4}|[A-Z]{1,4}-\d{4}-\d{1,4}|\d{4}-\d{1,4})\b\s*(.*)$",
    re.I,
)
# ModernGov style: "RESOLVED that ...", "4. RESOLVED that Cabinet agree to:", "AGREED: ...".
_RESOLVED_PLAIN = re.compile(r"^(?:\d{1,2}\.\s+|\(\w{1,3}\)\s+)?(?:RESOLVED|AGREED)\b[:,.–-]?\s*(.*)$")
# Prose decisions at a paragraph start: "Cabinet agreed to ...", "4. The Committee resolved that ...".
_BODY_AGREED = re.compile(
    r"^(?:\d{1,2}\.\s+)?((?:The\s+)?(?:Cabinet|Committee|Council|Panel|Board)\s+(?:agreed|resolved)\b.*)$"
)
# A sub-part that continues a resolution: "(1)", "(a)", "A)", "b)", "ii)", "-".
_SUBPART = re.compile(r"^(?:\(?[a-z0-9]{1,4}\)|[-–]\s)", re.I)
# The vote result that closes a numbered resolution ("CARRIED", "DEFEATED", "ADOPTÉE").
_RESULT_LINE = re.compile(r"^(CARRIED|DEFEATED|LOST|WITHDRAWN|DEFERRED|ADOPT[ÉE]E|REJET[ÉE]E)\b", re.I)
# The same result printed at the end of a run-on line ("... $245,000. CARRIED").
_RESULT_TAIL = re.compile(r"\s(CARRIED|DEFEATED|LOST|ADOPT[ÉE]E|REJET[ÉE]E)\.?\s*$", re.I)
# Preamble before the operative words of a formal resolution (French "IL EST RÉSOLU", "BE IT RESOLVED").
_OPERATIVE = re.compile(r"\b(?:IL\s+EST\s+R[ÉE]SOLU(?:\s+[ÀA]\s+L[’']UNANIMIT[ÉE])?|(?:NOW\s+THEREFORE\s+)?BE\s+IT\s+RESOLVED)\b[:,]?\s*", re.I)
# "Moved by: Councillor A Seconded by: Councillor B", "moved by Mr X, seconded by Mrs Y", "Proposé par".
_MOVER = re.compile(r"\b(?:Moved|Proposed|Propos[ée]e?)\s+by:?\s*|\bPropos[ée]e?\s+par\s*:?\s*", re.I)
_SECONDER = re.compile(r"\b(?:Seconded|Appuy[ée]e?)\s+(?:by|par):?\s*", re.I)
# The end of a name: punctuation, a new clause, or the next label.
_NAME_END = re.compile(r"[.,;]\s|[.;]$|\s(?:and\s+)?(?:Seconded|Appuy|THAT|That|RESOLVED|CARRIED)\b|$")
# Kent recorded votes: "For (52) Against (0) Abstain (11)", also "For: 5, Against: 2, Abstentions: 1".
_VOTES = re.compile(
    r"\bFor\s*[:(]?\s*(\d+)\)?[\s,;]*Against\s*[:(]?\s*(\d+)\)?[\s,;]*Abst\w*\s*[:(]?\s*(\d+)", re.I
)
# Procedural sentences minuted after the operative text, not part of the resolution.
_TRAILER = re.compile(r"\s*(?:The\s+next\s+meeting\b|The\s+meeting\s+closed\b).*$", re.I)
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
    """Decisions of one minutes section; refs fall back to the minute number."""
    stops = {h.index for h in headings}
    markers = [m for i in range(section.start, section.end) if (m := _marker(lines[i].text, i))]
    stops |= {m.index for m in markers}
    used: dict[str, int] = {}
    out = []
    for k, marker in enumerate(markers):
        heading = heading_at(headings, marker.index)
        end = _block_end(lines, marker, stops, section.end)
        text, outcome_line = _collect(lines, marker, end)
        out.append(_decision(marker, heading, text, outcome_line, lines, end, used, k))
    return out


def _marker(text: str, index: int) -> _Marker | None:
    """Recognise the first line of a resolution, in any of the supported house styles."""
    if m := _RESOLVED_REF.match(text):
        return _Marker(index, re.sub(r"\s+", "", m.group(1)), m.group(2), False)
    if m := _RESOLUTION_NO.search(text):
        return _Marker(index, re.sub(r"\s+", "", m.group(1)), m.group(2), True)
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
    resolution unless the next line is a numbered sub-part.
    """
    parts = [marker.rest] if marker.rest else []
    j = marker.index + 1
    while j < end:
        text = lines[j].text
        if not text:
            nxt = next((k for k in range(j + 1, end) if lines[k].text), None)
            if nxt is None or not _SUBPART.match(lines[nxt].text):
                break
            j = nxt
            continue
        if parts and _SENTENCE_END.search(parts[-1]) and not _SUBPART.match(text):
            break
        parts.append(text)
        j += 1
    return _TRAILER.sub("", clean(" ".join(parts)))


def _collect_formal(lines: list[Line], marker: _Marker, end: int) -> tuple[str, str | None]:
    """A numbered resolution: everything to its vote result, minus mover/seconder and preamble."""
    parts = [marker.rest] if marker.rest else []
    result = None
    for ln in lines[marker.index + 1 : end]:
        if m := _RESULT_LINE.match(ln.text):
            result = m.group(1)
            break
        parts.append(ln.text)
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
    mover, seconder = _mover_seconder(context)
    votes = _VOTES.search(context)
    return Decision(
        ref=ref, text=text, document_id="", file="", page=lines[marker.index].page,
        item=heading.item if heading else None, item_title=heading.title if heading else None,
        outcome=outcome_of(text, result), mover=mover, seconder=seconder,
        votes_for=int(votes.group(1)) if votes else None,
        votes_against=int(votes.group(2)) if votes else None,
        abstentions=int(votes.group(3)) if votes else None,
    )


def _mover_seconder(context: str) -> tuple[str | None, str | None]:
    """Names after 'moved by' and 'seconded by' in the minute, as printed."""
    return _name_after(_MOVER, context), _name_after(_SECONDER, context)


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
