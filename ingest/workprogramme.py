"""Work programmes: the future meetings a body has planned and the reports due at each.

A work programme is a table (date heading, then ITEM | Report Focus | REPORT AUTHOR
rows) that text extraction flattens into one cell per line. Rows are recovered by
their last cell — the author ("Force", "OPCC") — and split into title and focus by
typography: titles are in Title Case, focus text is sentence case. This is a
best-effort reading of a flattened table; the full row text is kept as ``focus``
fallback so nothing is lost when the split guesses wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.dates import parse_date
from ingest.minutes import Line
from ingest.models import AgendaEntry

# The report heading that opens a programme ("WORK PROGRAMME", "Work Plan", "FORWARD PLAN").
_PROGRAMME_START = re.compile(r"^(?:WORK\s+PROGRAMME|WORK\s+PLAN|FORWARD\s+(?:WORK\s+)?PLAN)$", re.I)
# A meeting-date heading alone on its line: "21 July 2021".
_DATE_HEADING = re.compile(r"^(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+(?:19|20)\d{2}$")
# Table furniture repeated on each page: column heads, status stamps, "(PCP 07.06.21 – T3)".
_FURNITURE = re.compile(r"^(?:ITEM|Report\s+Focus|FREQUENCY|REPORT\s+AUTHOR|DRAFT|\(PCP\b.*\))$", re.I)
# Column heads all on one line: "ITEM Report Focus REPORT AUTHOR".
_HEAD_ROW = re.compile(r"^ITEM\s+(?:Report\s+Focus|FREQUENCY)\s+REPORT\s+AUTHOR$", re.I)
# Group rows that end the row before them: "Strategic Items", "Standard Items".
_GROUP = re.compile(r"^(?:Strategic|Standard|Other|Statutory)\s+Items$", re.I)
# The author cell that closes a row.
_AUTHOR = re.compile(r"^(?:Force|OPCC|PCC|VRU|CC|Chief\s+Constable|Chief\s+Executive|Chief\s+Finance\s+Officer|All)$")
# HTML debris some exports leave in theme rows: '<ul style="list-style-type: none">'.
_THEME_START = re.compile(r"<ul\b")
_THEME_REST = re.compile(r'^.*?none">\s*')
# Words that may stay lower case inside a Title Case title.
_SMALL = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "&", "–", "-"}
# A title line cut after a small word ("... SNB and") always continues on the next line.
_CONNECTOR_END = re.compile(r"\b(?:and|of|for|from|to|the|in|with|on|&)$|[:,]$", re.I)


@dataclass
class PlannedMeeting:
    """One date column of a work programme and the rows planned for it."""

    date: str
    page: int
    items: list[AgendaEntry] = field(default_factory=list)


def parse_work_programme(lines: list[Line]) -> list[PlannedMeeting]:
    """Every dated section of every work programme in the document, in printed order."""
    meetings: list[PlannedMeeting] = []
    active = False
    row: list[str] = []
    skip_theme = 0
    for ln in lines:
        text = ln.text
        if _PROGRAMME_START.match(text):
            active = True
            continue
        if not active or not text or _FURNITURE.match(text) or _HEAD_ROW.match(text):
            continue
        if _DATE_HEADING.match(text):
            _flush(meetings, row)
            meetings.append(PlannedMeeting(parse_date(text), ln.page))
            row = []
            continue
        if not meetings:
            continue
        row, skip_theme = _feed(meetings[-1], row, text, skip_theme)
    _flush(meetings, row)
    return meetings


def _feed(meeting: PlannedMeeting, row: list[str], text: str, theme: int) -> tuple[list[str], int]:
    """Add one line to the open row; an author cell or group heading closes it.

    ``theme`` counts how much of a theme banner ("Police and Crime Plan Priority
    Theme 3 <ul ...> Tackling Crime and Anti-Social Behaviour") is still to skip.
    """
    skip, theme = _theme_step(text, theme)
    if skip:
        return [], theme
    if _GROUP.match(text):
        _flush_row(meeting, row, None)
        return [], 0
    if _AUTHOR.match(text):
        _flush_row(meeting, row, text)
        return [], 0
    return row + [text], 0


def _theme_step(text: str, state: int) -> tuple[bool, int]:
    """Whether ``text`` belongs to a theme banner, and the banner state after it.

    States: 0 none; 1 the '<ul' line was seen; 2 the theme needs one more line
    (only 0–1 words so far); 3 a lower-case line may still continue the theme.
    """
    if _THEME_START.search(text):
        return True, 1
    if state == 1:
        words = _THEME_REST.sub("", text).split() if "none" in text else []
        return True, 3 if len(words) >= 2 else 2
    if state == 2:
        return True, 3
    if state == 3 and text[:1].islower():
        return True, 0
    return False, 0


def _flush(meetings: list[PlannedMeeting], row: list[str]) -> None:
    """Close a row left open at a date heading or at the end of the programme."""
    if meetings and row:
        _flush_row(meetings[-1], row, None)


def _flush_row(meeting: PlannedMeeting, row: list[str], author: str | None) -> None:
    """Turn the lines of one table row into a planned AgendaEntry."""
    if not row:
        return
    title, focus = split_title(row)
    meeting.items.append(AgendaEntry(number=None, title=title, focus=focus or None, author=author))


def split_title(row: list[str]) -> tuple[str, str]:
    """Split a flattened row into (title, focus): the first line, plus lines that keep a title going.

    A line continues the title when the title so far ends on a connector ("and",
    ","), when it starts in lower case, or when both it and the line before are in
    Title Case ("Modern Slavery –" then "Performance and response." is a new cell).
    """
    title = [row[0]]
    k = 1
    while k < len(row):
        line, prev = row[k], title[-1]
        if _CONNECTOR_END.search(prev) or line[:1].islower() or (_title_case(line) and _title_case(prev)):
            title.append(line)
            k += 1
            continue
        break
    return " ".join(title).rstrip(" –-"), " ".join(row[k:])


def _title_case(line: str) -> bool:
    """True when every long word starts with a capital (small words may stay lower case)."""
    words = [w for w in re.findall(r"[\w'’()-]+", line) if w.lower() not in _SMALL]
    return bool(words) and all(w[0].isupper() or w[0] in "(" or w[0].isdigit() for w in words)
