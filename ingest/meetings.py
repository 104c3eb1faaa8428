"""Meeting history: every meeting a document describes, as a Meeting record.

A pack describes several meetings at once: the one it is for (front sheet: date,
time, place, agenda), the previous one (its minutes: attendance, minuted items,
next meeting date) and future ones (the work programme). Staff browse meetings by
body and date, so each record gets a stable id (slug of body + date) that merges
the same meeting seen from different packs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict

from ingest.attendance import OTHER_LABEL, attendance, split_people
from ingest.dates import find_dates, find_time, parse_date
from ingest.minutes import Line, Section, document_lines, find_headings, minutes_sections
from ingest.models import AgendaEntry, Item, Meeting, Page
from ingest.workprogramme import parse_work_programme

# Agenda heading on a front sheet: "AGENDA" or letter-spaced "A G E N D A".
_AGENDA_HEAD = re.compile(r"^[*\s]*A\s?G\s?E\s?N\s?D\s?A[*\s]*$", re.I)  # "*** AGENDA ***" too
# An agenda entry: " 3 Community Safety ..." or "3. Minutes of the meeting ...".
_AGENDA_ENTRY = re.compile(r"^(\d{1,2}[a-z]?)\.?\s+(\S.*)$")
# Printed page range under a ModernGov agenda entry: "(Pages 15 - 30)".
_PAGES_NOTE = re.compile(r"^\(Pages?\s+\d+(?:\s*-\s*\d+)?\)$", re.I)
# A date followed by a start time: "Wednesday 19 May 2021 at 10.00 am".
_AT_TIME = re.compile(r"^[,.*\s]*(?:at|commencing\s+at|starting\s+at|start\s+time:?)\s+(\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?|\d{1,2}[.:]\d{2})", re.I)
_HELD_IN = re.compile(r"\bheld\s+(?:in|at)\s+(?:the\s+)?(.+?)\s+on\s+\w", re.I)
# Words of a venue line on a front sheet; and what says a date is not the meeting's.
_VENUE_WORDS = "Chamber|Hall|House|Room|Centre|Center|Offices|Teams|Zoom|Virtual|Online"
_VENUE = re.compile(rf"\b(?:{_VENUE_WORDS})\b")
_CLOCK_LINE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*[ap]\.?m|\btime\b", re.I)  # "**START TIME 6:30 p.m.**"
_NOT_MEETING_DATE = re.compile(r"\b(?:amended|revised|updated|published|issued|dated)\b[\s:]*$", re.I)
# the officer a front sheet names for enquiries: "Ask for: Georgina Little", "Contact Officer: …";
# the name is two or three capitalised words, and stops at a venue or label printed beside it
_CONTACT = re.compile(
    r"\b(Ask for|Contact(?: Officer)?|Enquiries(?: to)?)\s*:\s*"
    rf"([A-Z][A-Za-z'’.-]+(?:\s+(?!(?:Council|{_VENUE_WORDS}|Telephone|Tel|Email|E-mail|Date|Direct|Dial)\b)"
    r"[A-Z][A-Za-z'’-]+){1,2})")
# Front-sheet lines that are labels, not a place ("Membership", "To: All Members").
_LABEL = re.compile(r"^(?:Membership|Members|To:|Present|Contact|Date|Venue:?$)", re.I)
# How minutes report apologies in running text; the names follow, up to the full stop.
APOLOGY_FORMS = (
    (r"\bApologies\s+(?:for\s+absence\s+)?(?:were|was)\s+received\s+from", "Apologies were received from Mrs C Bell."),
    (r"\breported\s+apologies\s+(?:for\s+absence\s+)?from",
     "The Democratic Services Manager reported apologies from Mr Beaney, Mr Campkin and Mr Wright."),
    (r"\bApologies\s+(?:for\s+absence\s+)?were\s+(?:reported|given|noted)\s+(?:from|for|by)",
     "Apologies for absence were noted from Councillor Smith."),
)
_APOLOGIES = re.compile(rf"(?:{'|'.join(form for form, _ in APOLOGY_FORMS)})\s+(.+?)\.(?:\s|$)", re.I)
# How minutes record declarations of interest: under a label, the paragraph after it
# ("Disclosure of pecuniary interest: None."); in running text, each sentence saying one
# was made, or that none were. Each form's example is a parametrised test.
INTEREST_FORMS = (
    (r"^(?:disclosures?|declarations?)\s+of\s+(?:\w+\s+){0,3}interests?\b[^:.]{0,60}:",
     "Disclosure of pecuniary interest: Councillor Shelly Foote."),
    (r"\bdeclared\s+(?:\w+\s+){0,3}interests?\b", "(2) Ms Meade declared an interest that she was a carer."),
    (r"\bno\s+(?:\w+\s+){0,2}declarations?\s+of\s+(?:\w+\s+){0,5}interests?\b",
     "No declarations of interest were received"),
)
_INTEREST_LABEL = re.compile(INTEREST_FORMS[0][0], re.I)
_INTEREST_SAID = re.compile("|".join(form for form, _ in INTEREST_FORMS[1:]), re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.])\s+(?=[A-Z(]|\d{1,2}\)\s)")  # "… Council. 3) Mr Streatfield …"
_ENUMERATOR = re.compile(r"^\(?\d{1,2}\)\s+")
# When minutes say the meeting ended: "That the meeting be adjourned. Time: 8:04 p.m.",
# "The meeting closed at 12.45 pm".
_FINISH = re.compile(r"\b(?:meeting\s+(?:closed|ended|concluded|finished|rose)|adjourn(?:ed|ment)?)\b[^.]{0,40}?"
                     r"(?:\.\s*)?(?:\bat|\bTime:?)\s*(\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s?m\.?|\d{1,2}[.:]\d{2})", re.I)
# When council went into closed session and came out: "That this part of our meeting will be
# closed to the public as authorized by Section 239 … Time: 6:55 p.m." (the grounds run on for
# sentences, never through the resolution to resume), then "That we resume to an open public
# meeting. Time: 7:21 p.m."
_TIME = r"(\d{1,2}[.:]\d{2}\s*[ap]\.?\s?m\.?)"
_CLOSED = re.compile(r"\b(?:closed to the public|(?:into|in)\s+closed\s+session|in camera)\b"
                     rf"(?:(?!\bresum|\breconven|\bopen\b)[\s\S]){{0,900}}?\bTime:?\s*{_TIME}", re.I)
_RESUMED = re.compile(r"\b(?:resum\w*|reconven\w*|return\w*)\b[^.]{0,60}?\bopen\b[^.]{0,40}"
                      rf"(?:\.\s*)?(?:\bat|\bTime:?)\s*{_TIME}", re.I)
# "next meeting", "Next regular meeting to be held June 4, 2024", "next regular Council meeting"
_NEXT_MEETING = re.compile(r"\bnext\s+(?:(?:regular|special|ordinary|scheduled)\s+)?(?:\w+\s+)?meeting\b([^.]{0,120})",
                           re.I)


def slugify(text: str) -> str:
    """Lower-case, hyphen-separated ASCII slug for ids ("Comité" → "comite")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def meeting_id(body: str | None, date: str | None) -> str:
    """Stable id of a meeting: the same body and date from any pack gives the same id."""
    return f"{slugify(body or 'meeting')}-{date or 'undated'}"


def parse_meetings(
    pages: list[Page],
    items: list[Item] | None = None,
    *,
    document_id: str,
    file: str,
    body: str | None = None,
    date: str | None = None,
) -> list[Meeting]:
    """Every meeting the document describes: front sheet, minutes, work programme.

    ``body`` and ``date`` describe the pack (or the standalone minutes); records
    for the same body and date are merged, earlier sources winning.
    """
    lines = document_lines(pages)
    base = dict(document_id=document_id, file=file)
    found: list[Meeting] = []
    front = _front_sheet(lines, items, body, base)
    if front:
        found.append(front)
    for section in minutes_sections(lines, items):
        if front and not section.has_header:
            continue  # an agenda pack without minutes: nothing was held yet
        found.append(_minuted(lines, section, body, None if front else date, base))
    for planned in parse_work_programme(lines):
        found.append(Meeting(meeting_id(body, planned.date), body, planned.date, page=planned.page,
                             status="planned", planned=planned.items, **base))
    return _merge(found)


def _merge(found: list[Meeting]) -> list[Meeting]:
    """One record per meeting id; work-programme rows join the meeting they are planned for."""
    merged: dict[str, Meeting] = {}
    for m in found:
        if m.meeting_id not in merged:
            merged[m.meeting_id] = m
            continue
        keep = merged[m.meeting_id]
        keep.planned = keep.planned or m.planned
        for key, value in asdict(m).items():
            if getattr(keep, key) in (None, [], "") and value not in (None, [], ""):
                setattr(keep, key, getattr(m, key))
    return list(merged.values())


def _front_sheet(lines: list[Line], items, body, base) -> Meeting | None:
    """The meeting a pack is for: date, time and place above the AGENDA heading, then its items."""
    head = next((i for i, ln in enumerate(lines[:400]) if _AGENDA_HEAD.match(ln.text)), None)
    if head is None:
        return None
    top = [ln for ln in lines[:head] if ln.page >= lines[head].page - 1]
    # the date above the heading, or (ModernGov's "AGENDA / CABINET / Tuesday, 4th March, 2025",
    # Nipissing's "*** AGENDA *** / Tuesday, April 2, 2024") in the lines below it, before item 1
    when = _called_for(top) or _called_for(_below(lines, head))
    if not when:
        return None
    day, (time, printed), place = when
    body = body or _sheet_body(lines, head)
    meeting = Meeting(meeting_id(body, day), body, day, page=lines[head].page, time=time, time_text=printed,
                      place=place, **base)
    meeting.agenda = _agenda_entries(lines, head + 1, items, day)
    meeting.contact = _contact(top + _below(lines, head))
    return meeting


def _contact(sheet: list[Line]) -> str | None:
    """Who the front sheet says to ask about the meeting, label and name as printed."""
    found = _CONTACT.search(" ".join(ln.text for ln in sheet if ln.text))
    return f"{found[1]}: {found[2]}" if found else None


def _sheet_body(lines: list[Line], head: int) -> str | None:
    """The committee a sheet printed in capitals under its AGENDA heading ("CABINET"), when
    the pack named none: a short line of capitals, no figures."""
    nxt = next((ln.text for ln in lines[head + 1 : head + 4] if ln.text), "")
    return nxt.title() if nxt.isupper() and len(nxt.split()) <= 5 and not re.search(r"\d", nxt) else None


def _below(lines: list[Line], head: int, most: int = 15) -> list[Line]:
    """The front-sheet lines under the AGENDA heading, up to its first numbered item."""
    block = []
    for ln in lines[head + 1 : head + 1 + most]:
        if _AGENDA_ENTRY.match(ln.text):
            break
        block.append(ln)
    return block


def _called_for(top: list[Line]) -> tuple[str, tuple[str | None, str | None], str | None] | None:
    """(date, (time, time as printed), place) from front-sheet lines: the date followed by "at <time>" wins;
    a date the sheet was amended or published on ("Amended March 28, 2024") is no meeting's."""
    text = " ".join(ln.text for ln in top if ln.text)
    dates = [d for d in find_dates(text) if not _NOT_MEETING_DATE.search(text[max(0, d[1] - 30) : d[1]])]
    timed = [(d, found) for d, s, e in dates if (m := _AT_TIME.match(text[e:])) and (found := find_time(m.group(1)))]
    if not timed and not dates:
        return None
    day, time = timed[0] if timed else (dates[0][0], (None, None))
    held = _HELD_IN.search(text)
    return day, time, held.group(1).strip(" ,") if held else _place_line(top, day)


def _place_line(top: list[Line], day: str) -> str | None:
    """The line printed under the date line ("Virtual Meeting by Microsoft Teams"), or the
    first of the next few naming a venue, with its continuation after a comma ("Council
    Chamber, Sessions House," / "County Hall, Maidstone"): a two-column sheet puts "(or on
    the rising of Full Council," or "Ask for: …" between them."""
    texts = [ln.text for ln in top if ln.text]
    for k, text in enumerate(texts[:-1]):
        if parse_date(text) != day:
            continue
        nxt = texts[k + 1]
        if not (_LABEL.match(nxt) or find_dates(nxt) or nxt.startswith("(") or _CLOCK_LINE.search(nxt)):
            return nxt if not nxt.endswith(",") or k + 2 >= len(texts) else f"{nxt} {texts[k + 2]}"
        venue = next((j for j in range(k + 1, min(k + 5, len(texts))) if _VENUE.search(texts[j])), None)
        if venue is None:
            return None
        more = texts[venue].endswith(",") and venue + 1 < len(texts) and not _LABEL.match(texts[venue + 1])
        return f"{texts[venue]} {texts[venue + 1]}" if more else texts[venue]
    return None


def _agenda_entries(lines: list[Line], start: int, items, day) -> list[AgendaEntry]:
    """Numbered agenda lines after the heading; wrapped titles are re-joined.

    Numbers must rise, and a capitals-only line ("NOTES") or a numbered line
    after the list has clearly ended stops the list.
    """
    entries: list[AgendaEntry] = []
    open_title = False
    for ln in lines[start:]:
        text = ln.text
        m = _AGENDA_ENTRY.match(text)
        if m and _rises(entries, m.group(1)):
            entries.append(AgendaEntry(m.group(1), m.group(2)))
            open_title = True
        elif not text or _PAGES_NOTE.match(text):
            open_title = False
        elif (text.isupper() and entries) or m:  # "CABINET", "UNRESTRICTED ITEMS" may come before item 1
            break
        elif open_title:
            entries[-1].title += " " + text
    for entry in entries:
        entry.papers = _papers(items, entry.number, day)
    return entries


def _rises(entries: list[AgendaEntry], number: str) -> bool:
    """True when an agenda number follows the last one (1, 2, 3, 3a, 4 ...)."""
    if not entries:
        return True
    last = int(re.match(r"\d+", entries[-1].number).group())
    now = int(re.match(r"\d+", number).group())
    return now == last + 1 or (now == last and number != entries[-1].number)


def _papers(items: list[Item] | None, number: str | None, day: str | None) -> list[dict]:
    """Papers the pack holds for an agenda item, with their PDF page ranges."""
    return [
        {"item_id": it.item_id, "title": it.title, "doc_type": str(it.doc_type),
         "first_page": it.first_page, "last_page": it.last_page}
        for it in items or []
        if it.number == number and (it.meeting_date in (None, day))
    ]


def _minuted(lines: list[Line], section: Section, body, date, base) -> Meeting:
    """A held meeting from its minutes: header, attendance, minuted items, next meeting."""
    headings = find_headings(lines, section)
    day = section.date or date
    meeting = Meeting(meeting_id(body or section.body, day), body or section.body, day,
                      page=section.header_page or 1, status="minuted", time=section.time, time_text=section.time_text,
                      place=section.place, **base)
    first = headings[0].index if headings else section.end
    meeting.attendees, meeting.apologies = attendance(lines[section.start : first])
    text = " ".join(ln.text for ln in lines[section.start : section.end] if ln.text)
    if not meeting.apologies:  # every report of apologies: the Chairman may report his own after the clerk's
        meeting.apologies = [p for m in _APOLOGIES.finditer(text) for p in split_people(m.group(1))]
    meeting.interests = _interests(lines[section.start : section.end])
    closed = next(reversed(list(_FINISH.finditer(text))), None)  # the last: "adjourn to closed session" comes first
    meeting.finish_text = _as_printed(closed.group(1)) if closed else None
    meeting.closed_text, meeting.resumed_text = _closed_session(text)
    meeting.agenda = [AgendaEntry(h.item, h.title) for h in headings]
    dated = [(day, m.group(1)) for m in _NEXT_MEETING.finditer(text) if (day := parse_date(m.group(1)))]
    if dated:  # the first mention with a date: "to be approved at the next regular meeting" has none
        meeting.next_meeting, said = dated[0]
        meeting.next_meeting_text = _as_written(said, meeting.next_meeting)
    return meeting


def _closed_session(text: str) -> tuple[str | None, str | None]:
    """(went in, came out) of the minutes' first closed session, as printed; (None, None)
    unless both are minuted, the second after the first."""
    went = _CLOSED.search(text)
    came = _RESUMED.search(text, went.end()) if went else None
    if not came:
        return None, None
    return _as_printed(went.group(1)), _as_printed(came.group(1))


def _as_printed(said: str) -> str | None:
    """A clock time as the minutes print it ("6:55 p.m."), for an answer to quote."""
    found = find_time(said)
    return found[1] if found else None


def _interests(zone: list[Line]) -> list[str]:
    """Declarations of interest as the minutes print them (``INTEREST_FORMS``): a labelled
    paragraph whole ("… declared a Pecuniary Interest for the Accounts Payable listing …
    Her personal business was listed in the accounts listing."), else each sentence that
    declares one or says none were. Why as printed: the answer quotes them, and the
    verifier checks every word against the cited passage."""
    found: list[str] = []
    for para in _paragraphs(zone):
        if _INTEREST_LABEL.match(para):
            found.append(para)
            continue
        found += [_ENUMERATOR.sub("", s) for s in _SENTENCE_END.split(para) if _INTEREST_SAID.search(s)]
    return list(dict.fromkeys(found))


def _paragraphs(zone: list[Line]) -> list[str]:
    """The zone's lines joined into paragraphs at blank lines and before a "Label:" line
    (minutes print "Guest: Kim Turnbull" straight above "Disclosure of pecuniary
    interest: None."); a word broken at its hyphen is joined."""
    paras, buf = [], ""
    for ln in zone + [Line(0, "")]:
        if buf and (not ln.text or OTHER_LABEL.match(ln.text)):
            paras.append(buf)
            buf = ""
        if ln.text:
            buf = buf + ln.text if buf.endswith("-") else f"{buf} {ln.text}".strip()
    return paras


def _as_written(text: str, iso: str | None) -> str | None:
    """The next meeting's date in the minutes' own words ("June 4, 2024"), so an answer
    copies it from the cited passage rather than restyling it."""
    return next((text[s:e].strip(" ,.") for day, s, e in find_dates(text) if day == iso), None) if iso else None
