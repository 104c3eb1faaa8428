"""Dates and times as printed in meeting papers, turned into ISO strings.

Packs print one meeting date in many ways ("Wednesday 19 May 2021",
"10TH MARCH 2021", "Thursday, 30th January, 2025", "20 juin 2023") and the
register, the filters and the meeting history all compare dates, so every parser
goes through here and gets ``YYYY-MM-DD`` back (``HH:MM`` for times).
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French minutes (procès-verbaux) from Quebec municipalities.
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

# "Thursday, 30th January, 2025" / "10TH MARCH 2021" / "20 juin 2023":
# optional weekday, day with optional ordinal suffix, month name, optional comma, year.
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({_MONTH_ALT})\.?,?\s+((?:19|20)\d{{2}})\b", re.I
)
# "May 19, 2021" (North American minutes).
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})\b", re.I
)
# 2021-05-19 (already ISO).
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
# 19/05/2021 or 19.05.2021 (UK day-first numeric dates).
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")

# "10.00 am", "10:00am", "2 pm", "16h00", "10.00 AM": hour, optional minutes, optional am/pm.
_TIME = re.compile(r"\b(\d{1,2})(?:[.:h](\d{2}))?\s*([ap]\.?m\.?)?(?![\w])", re.I)


def _iso(year: int, month: int, day: int) -> str | None:
    """Build an ISO date, rejecting impossible days so "31 June" is not invented."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every date in ``text`` as ``(iso, start, end)``, in order of appearance."""
    found: list[tuple[str, int, int]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        found.append((_iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1])), m.start(), m.end()))
    for m in _MONTH_DAY_YEAR.finditer(text):
        found.append((_iso(int(m[3]), _MONTHS[m[1].lower()], int(m[2])), m.start(), m.end()))
    for m in _ISO.finditer(text):
        found.append((_iso(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        found.append((_iso(int(m[3]), int(m[2]), int(m[1])), m.start(), m.end()))
    found = [f for f in found if f[0]]
    return _drop_overlaps(sorted(found, key=lambda f: (f[1], -f[2])))


# A table's column heads print dates short: "31.3.27", "31.03.24", "30-Nov-24".
_SHORT_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{2})(?![\d.])")
_SHORT_NAMED = re.compile(rf"\b(\d{{1,2}})-({_MONTH_ALT})-(\d{{2}})\b", re.I)


def short_dates(text: str) -> list[str]:
    """ISO dates a table's heads print with a two-digit year ("31.3.27" → 2027-03-31,
    "30-Nov-24"). Not read by ``find_dates``: in running text "3.1.12" is more often a
    paragraph number than a date, so only the check that a passage names the date a
    question asks about reads these."""
    found = [_iso(2000 + int(m[3]), int(m[2]), int(m[1])) for m in _SHORT_NUMERIC.finditer(text)]
    found += [_iso(2000 + int(m[3]), _MONTHS[m[2].lower()], int(m[1])) for m in _SHORT_NAMED.finditer(text)]
    return [iso for iso in found if iso]


# "9 January", "9th of January", "January 9": a day of a month, with or without its year.
_DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({_MONTH_ALT})\b", re.I)
_MONTH_THEN_DAY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![.:]\d|\s*%)", re.I)


def without_dates(text: str, only: set[str] | None = None) -> str:
    """``text`` with its full dates (those in ``only``, by ISO, when given) blanked to a
    space: what is left to read for a figure, a name or another date."""
    for iso, start, end in sorted(find_dates(text), key=lambda d: -d[1]):
        if only is None or iso in only:
            text = text[:start] + " " + text[end:]
    return text


def day_months(text: str) -> list[tuple[str, int, int]]:
    """Each day of a month in ``text`` as ``(MM-DD, start, end)`` of its day's digits.

    Why: "the 9 January council meeting" names a day, not a figure; read as the number 9,
    a paper dated 9 January 2025 looked as if it never mentioned it."""
    found = []
    for m in _DAY_OF_MONTH.finditer(text):
        found.append((int(m[1]), _MONTHS[m[2].lower()], m.start(1), m.end(1)))
    for m in _MONTH_THEN_DAY.finditer(text):
        found.append((int(m[2]), _MONTHS[m[1].lower()], m.start(2), m.end(2)))
    return sorted((f"{mon:02d}-{day:02d}", a, b) for day, mon, a, b in found if _iso(2000, mon, day))


def day_month_spans(text: str) -> list[tuple[int, int, bool]]:
    """Each day of a month named without its year, as ``(start, end, month_first)`` of the
    whole phrase ("October 7" → month first, "7th of October"): a follow-up's "what about
    October 7?" names that day, to be read in the year the conversation is in."""
    found = [(m.start(), m.end(), False) for m in _DAY_OF_MONTH.finditer(text)]
    found += [(m.start(), m.end(), True) for m in _MONTH_THEN_DAY.finditer(text)]
    return sorted(found)


def _drop_overlaps(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep the first (longest) match where two patterns read the same characters."""
    kept: list[tuple[str, int, int]] = []
    for f in found:
        if not kept or f[1] >= kept[-1][2]:
            kept.append(f)
    return kept


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None when there is none."""
    if not text:
        return None
    dates = find_dates(text)
    return dates[0][0] if dates else None


def parse_time(text: str | None) -> str | None:
    """The first clock time in ``text`` as 24-hour ``HH:MM`` ("10.00 am" → "10:00").

    A bare number only counts with am/pm or an h/colon/dot separator, so "Item 7"
    or a year is never read as a time.
    """
    found = find_time(text)
    return found[0] if found else None


def find_time(text: str | None) -> tuple[str, str] | None:
    """(``HH:MM``, the time as printed: "6:30 p.m.") of the first clock time in ``text``;
    an answer quotes the printed form, so the verifier finds it in the cited passage."""
    for m in _TIME.finditer(text or ""):
        hour, minute, half = int(m[1]), m[2], (m[3] or "").lower()
        if minute is None and not half:
            continue
        if half.startswith("p") and hour < 12:
            hour += 12
        if half.startswith("a") and hour == 12:
            hour = 0
        if hour < 24 and int(minute or 0) < 60:
            return f"{hour:02d}:{int(minute or 0):02d}", m.group(0).strip()
    return None


def human_date(iso: str | None) -> str | None:
    """'2025-02-13' → '13 February 2025', as the papers print a date and users type it
    (register records, context headers, answers, drafts); None for none, and a value that
    is no ISO date as given."""
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def month_number(name: str) -> int | None:
    """1-12 for a month's name or abbreviation ("Mar", "march", "mars"), else None."""
    return _MONTHS.get(name.lower())
