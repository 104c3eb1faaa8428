"""The shape of minutes: clean lines, minutes sections and numbered minute headings.

Both the decisions register and the meeting history read minutes, and both need
the same three things: page text without running headers, where a set of minutes
starts and ends inside a pack, and which line opens which minute. Keeping that here
means the two parsers can never disagree about which item a resolution sits under.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.dates import find_dates, find_time, parse_date, without_dates
from ingest.models import DocType, Item, Page


@dataclass
class Line:
    """One printed line and the 1-based PDF page it is on."""

    page: int
    text: str


@dataclass
class Heading:
    """A numbered minute: ``number`` as printed, agenda ``item`` (Kent "(Item 7)") and title."""

    index: int  # line index of the heading's first line
    end: int  # line index just after the heading
    number: str
    title: str
    item: str


@dataclass
class Section:
    """One set of minutes inside a document: lines [start, end) and what its header says."""

    start: int
    end: int
    date: str | None = None
    time: str | None = None
    time_text: str | None = None  # as printed
    place: str | None = None
    body: str | None = None
    header_page: int | None = None
    has_header: bool = False  # False when the whole document was taken as one section


# Control and private-use characters pypdf emits for bullets (\x7f, \uf0b7, ...).
_JUNK_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff\u2022\u25cf\u25aa]")
# A printed page number at the top of a page: "2", "Page 14", "Page 3 of 54".
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
# Opening line of a set of minutes ("MINUTES of a meeting of the Cabinet held ...",
# "PROCÈS-VERBAL", a bare "MINUTES" title line as Ontario townships print it); a numbered
# "2. MINUTES OF THE PREVIOUS MEETING" never matches.
_MINUTES_START = re.compile(r"^(?:MINUTES\s+of\s+(?:the|a)\s+meeting\b|PROC[ÈE]S-VERBAL\b|MINUTES\s*$)", re.I)
# Lines that close minutes: "The meeting closed at 11.15am", "CHAIR", "La séance est levée".
_MINUTES_END = re.compile(
    r"^(?:the\s+meeting\s+(?:closed|ended|concluded)\b|chair(?:man)?\s*$|la\s+s[ée]ance\s+est\s+lev[ée]e)",
    re.I,
)
# "12. REGIONAL COLLABORATION" / "90. 24/00109 - Transfer ..." / "4. Demande de démolition".
_NUMBERED = re.compile(r"^(\d{1,4})\.\s+(\S.*)$")
# ModernGov's agenda item tag under a minute heading: "(Item 7)".
_ITEM_TAG = re.compile(r"^\(\s*Item\s+(\d{1,3}[a-z]?)\s*\)$", re.I)
# Lines that open a resolution; a heading is never one of these.
RESOLUTION_WORDS = re.compile(r"\b(?:RESOLVED|AGREED|R[ÉE]SOLUTION|Resolution\s+No)\b")
# Where a minutes header stops and the attendance list begins.
_HEADER_STOP = re.compile(r"^(?:MEMBERSHIP|PRESENT|Pr[ée]sences|Members\s+present|IN\s+ATTENDANCE)\b", re.I)
# "MINUTES of a meeting of the Cabinet held in the Council Chamber, ... on Thursday, ..."
_HEADER_BODY = re.compile(r"meeting\s+of\s+(?:the\s+)?(.+?)(?:\s+(?:was\s+)?held\b|$)", re.I)
# ... or "The meeting was held in person at the Township of Nipissing Community Centre, and livestreamed …"
_HEADER_PLACE = re.compile(r"\bmeeting\s+was\s+held\s+(?:in\s+person\s+)?(?:at|in)\s+(?:the\s+)?(.+?)(?:,\s+and\b|\.\s|\.$|;)"
                           r"|\bheld\s+(?:in|at)\s+(?:the\s+)?(.+?)\s+on\s+\w", re.I)


def clean(text: str) -> str:
    """Drop bullet glyphs and collapse spaces so regexes see plain words."""
    return re.sub(r"\s+", " ", _JUNK_CHARS.sub(" ", text)).strip()


def document_lines(pages: list[Page]) -> list[Line]:
    """All lines of all pages, minus running headers and printed page numbers.

    The loader may or may not strip headers such as "Strategic Resources and
    Performance Meeting - 19 May 2021" / "Page 37"; dropping them here makes the
    parsers give the same answer either way. Blank lines are kept (as "") because
    they separate paragraphs in ModernGov minutes.
    """
    running = _running_headers(pages)
    lines: list[Line] = []
    for page in pages:
        leading = True  # still inside the page's header zone
        for raw in page.text.splitlines():
            text = clean(raw)
            if leading and (not text or _shape(text) in running or _PAGE_NUMBER.match(text)):
                continue
            leading = False
            lines.append(Line(page.number, text))
    return lines


def _shape(text: str) -> str:
    """A line with its digits masked, so "Page 13" and "Page 14" count as one header."""
    return re.sub(r"\d+", "#", text)


def _running_headers(pages: list[Page]) -> set[str]:
    """Line shapes that open at least half the pages (three or more): running headers."""
    counts: Counter[str] = Counter()
    for page in pages:
        first = [clean(t) for t in page.text.splitlines() if clean(t)][:3]
        counts.update(set(_shape(t) for t in first))
    need = max(3, len(pages) // 2)
    return {shape for shape, n in counts.items() if n >= need}


def minutes_sections(lines: list[Line], items: list[Item] | None = None) -> list[Section]:
    """Where minutes are in the document: each header to its closing line.

    Items typed MINUTES (from the pack splitter) bound the search when given; a
    document without any minutes header (a bare resolution list) is one section.
    """
    bounds = _item_bounds(lines, items) or [(0, len(lines))]
    sections: list[Section] = []
    for lo, hi in bounds:
        starts = [i for i in range(lo, hi) if _MINUTES_START.match(lines[i].text)]
        for k, start in enumerate(starts or [lo]):
            stop = starts[k + 1] if k + 1 < len(starts) else hi
            end = next((j + 1 for j in range(start, stop) if _MINUTES_END.match(lines[j].text)), stop)
            sections.append(_read_header(lines, start, end, has_header=bool(starts)))
    return sections


def _item_bounds(lines: list[Line], items: list[Item] | None) -> list[tuple[int, int]]:
    """Line ranges of the minutes items, or [] when no item is typed as minutes."""
    bounds = []
    for item in items or []:
        if item.doc_type != DocType.MINUTES:
            continue
        idx = [i for i, ln in enumerate(lines) if item.first_page <= ln.page <= item.last_page]
        if idx:
            bounds.append((idx[0], idx[-1] + 1))
    return bounds


def _read_header(lines: list[Line], start: int, end: int, has_header: bool) -> Section:
    """Date, time, place and body from the few lines that open the minutes."""
    section = Section(start=start, end=end, header_page=lines[start].page if start < len(lines) else None)
    section.has_header = has_header
    if not has_header:
        return section
    head: list[str] = []
    for ln in lines[start : min(end, start + 10)]:
        if _HEADER_STOP.match(ln.text) or _NUMBERED.match(ln.text):
            break
        head.append(ln.text)
    text = " ".join(t for t in head if t)
    section.date = parse_date(text)
    # dates blanked first: "10.03.2021" is never read as a time
    section.time, section.time_text = find_time(without_dates(text)) or (None, None)
    section.body = _header_field(_HEADER_BODY, text)
    section.place = _header_field(_HEADER_PLACE, text)
    return section


def _header_field(pattern: re.Pattern, text: str) -> str | None:
    """One captured header field, tidied; all-caps headers come back title-cased."""
    m = pattern.search(text)
    if not m:
        return None
    value = next(g for g in m.groups() if g).strip(" ,.")
    return value.title() if value.isupper() else value


def find_headings(lines: list[Line], section: Section) -> list[Heading]:
    """Every numbered minute heading in a section, in printed order.

    Three house styles: ModernGov ("90. Title" then "(Item 7)"), all-caps titles
    ("9. UPDATE ON POLICE AND CRIME DELIVERY PLAN"), and plain numbered lines after
    a blank line (French procès-verbaux). The style is chosen per section so
    numbered paragraphs inside a minute ("1. Mr Watkins ...") are not taken as minutes.
    """
    span = range(section.start, section.end)
    if any(_ITEM_TAG.match(lines[i].text) for i in span):
        finder = _moderngov_heading
    elif sum(1 for i in span if _caps_heading(lines, i)) >= 2:
        finder = _caps_heading
    else:
        finder = _plain_heading
    return [h for i in span if (h := finder(lines, i))]


def _moderngov_heading(lines: list[Line], i: int) -> Heading | None:
    """'88. 24/00108 - Revenue ...' wrapped over up to three lines, closed by '(Item 5)'."""
    m = _NUMBERED.match(lines[i].text)
    if not m or RESOLUTION_WORDS.search(m.group(2)):
        return None
    parts = [m.group(2)]
    for j in range(i + 1, min(i + 4, len(lines))):
        tag = _ITEM_TAG.match(lines[j].text)
        if tag:
            return Heading(i, j + 1, m.group(1), clean(" ".join(parts)), tag.group(1))
        if not lines[j].text:
            return None
        parts.append(lines[j].text)
    return None


def _caps_heading(lines: list[Line], i: int) -> Heading | None:
    """'7. DOMESTIC ABUSE POSITION PAPER – ACTION PLAN UPDATE': an all-capitals title."""
    m = _NUMBERED.match(lines[i].text)
    if not m or not _is_caps(m.group(2)) or RESOLUTION_WORDS.search(m.group(2)):
        return None
    return Heading(i, i + 1, m.group(1), m.group(2), m.group(1))


def _is_caps(text: str) -> bool:
    """True for a title in capitals: letters present and none lower-case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def _plain_heading(lines: list[Line], i: int) -> Heading | None:
    """'4. Demande de démolition ...': a short numbered line after a blank line, or in capitals."""
    m = _NUMBERED.match(lines[i].text)
    if not m or RESOLUTION_WORDS.search(m.group(2)) or len(m.group(2)) > 150:
        return None
    if i > 0 and lines[i - 1].text and not _is_caps(m.group(2)):
        return None
    return Heading(i, i + 1, m.group(1), m.group(2), m.group(1))


def heading_at(headings: list[Heading], index: int) -> Heading | None:
    """The minute a line belongs to: the last heading that starts before it."""
    current = None
    for h in headings:
        if h.index > index:
            break
        current = h
    return current
