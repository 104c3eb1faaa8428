"""Periods and figures: what a question's years, dates and numbers ask of a passage.

Why apart from ``features.py``: a year is read in three ways (a figure a paper must
mention, the period an answer is about, the period naming which papers are meant), and
the composer, the near-miss checks and the reasons all read them the same way here.
"""

from __future__ import annotations

import calendar
import re

from assistant.retrieve.query import Query, when
from assistant.heads import CHANGE_HEAD, MONTH_HEAD
from assistant.text import bare_number_set, terms
from ingest.dates import day_months, find_dates, month_number, short_dates

FISCAL = re.compile(r"\b((?:19|20)\d{2})\s?[/-]\s?((?:19|20)?\d{2})\b")
_YEARS = r"(?:19[5-9]\d|20[0-4]\d)"  # what a four-digit number must be to read as a year
YEAR = re.compile(rf"^{_YEARS}$")  # a number that reads as a year
_YEAR_WORD = re.compile(rf"\b{_YEARS}\b")

_UNTIL = re.compile(r"\s*(?:to|until|through|[-–—])\s*$", re.I)
# a four-digit figure printed as a count or sum, never as a year: "2,000", "2000+", "£2020", "2010m"
_COUNT = re.compile(r"[£$€]\d{4}\b|\b\d,\d{3}\b(?!,\d)|\b\d{4}(?:\+|\s?(?:%|per\s?cent|k\b|m\b|bn\b))", re.I)
_FY_SHORT = re.compile(r"(?<![\d.,/-])(\d{2})\s?[-/]\s?(\d{2})(?![\d.,/-])")  # "25-26", "24/25"


def without_financial_years(text: str) -> str:
    """``text`` with its financial years blanked ("2025-26", "25-26", "2024/25"): a period,
    whose "26" is no figure for "how much". A span of unrelated numbers ("ages 18-25") stays."""
    text = FISCAL.sub(" ", text)
    return _FY_SHORT.sub(lambda m: " " if (int(m[1]) + 1) % 100 == int(m[2]) else m[0], text)


def counts(text: str) -> set[str]:
    """The year-like figures a text prints as counts or sums ("There are currently 2000+ care
    leavers", "about 2,000 staff"): a "how many" answer, where a bare 2000 reads as a year."""
    return bare_number_set(" ".join(m.group(0) for m in _COUNT.finditer(text)))


def anchors(text: str) -> set[str]:
    """Numbers, financial years ('2020-21' = '2020/21'), days of a month and full dates
    (ISO): what a passage must mention to be about the period or figure a question names.
    A twelve-month span of dates names its financial year: "July 3, 2024 to July 3, 2025"
    is the 2024-25 insurance year; a table's short dates ("31.3.27") are dates too."""
    dates = find_dates(text)
    found = {f"date:{iso}" for iso, _, _ in dates}
    for iso in short_dates(text):  # a table's "31.3.27" names the date, its day and its year
        found |= {f"date:{iso}", f"day:{iso[5:]}", iso[:4]}
    for head in MONTH_HEAD.finditer(text):  # a table's "Mar-26" names its year
        if span := head_span(head.group(0)):
            found.add(span[0][:4])
    for (first, _, end), (last, start, _) in zip(dates, dates[1:]):
        if int(last[:4]) == int(first[:4]) + 1 and _UNTIL.match(text[end:start]) and last[5:] <= first[5:]:
            found.add(f"fy{first[:4]}/{last[2:4]}")
    days = day_months(text)
    for _, start, end in reversed(days):  # a day of a month is a date, not a figure
        text = text[:start] + " " * (end - start) + text[end:]
    found |= bare_number_set(FISCAL.sub("", text))
    found |= {f"day:{md}" for md, _, _ in days}
    found |= {f"fy{m.group(1)}/{m.group(2)[-2:]}" for m in FISCAL.finditer(text)}
    return found


def years_named(text: str) -> set[str]:
    """Calendar years a text names; a financial year ("2023/24", "2023-24") names both, a
    span ("2025-2035") every year in it."""
    found = set(_YEAR_WORD.findall(text))
    for m in FISCAL.finditer(text):
        start = int(m.group(1))
        end = int(m.group(2)) if len(m.group(2)) == 4 else int(m.group(1)[:2] + m.group(2))
        # a span of years ("the 2025-2035 capital forecast", "Local Plan 2024-39") names each
        last = end if start < end <= start + 40 else start + 1
        found |= {str(y) for y in range(start, last + 1)}
    return found


def other_period(query: Query, unit_text: str) -> bool:
    """The question names a year (or a month) and the answer unit names years (or dates),
    none of them the question's: "what council tax did Kent agree for 2023/24?" answered
    with the 2025/26 resolution, or a January 2024 vote with one of 19 December 2024. A near
    miss, judged on the unit: the passage's paper may mention the asked year in passing."""
    asked, said = years_named(query.asked_text), years_named(unit_text)
    if asked and said and not asked & said:
        return True
    span = query.date_range if not query.paper_periods else _span(query.asked_text)
    if not span or span[0][:7] != span[1][:7]:  # a month or a day, not a whole year
        return False
    dates = [iso for iso, _, _ in find_dates(unit_text)]
    return bool(dates) and not any(span[0][:7] <= d[:7] <= span[1][:7] for d in dates)


def _span(text: str) -> tuple[str, str] | None:
    """The date or period a text names, as a (from, to) range."""
    date, period = when(text)
    return (date, date) if date else period


def period_missing(numbers: set[str], paper_years: set[str], paper: set[str]) -> bool:
    """The question names a year or figure (``numbers``: its anchors) its paper (``paper``: the
    anchors of its retrieved passages) never mentions; a period that only names the papers ("the January 2025 budget
    papers") is met by any of the paper's years, a financial year's two calendar years or
    its meeting's year."""
    if numbers - paper:
        return True
    return bool(paper_years) and not any(f"year:{y}" in paper for y in paper_years)


def item_numbers(passages: list) -> dict[tuple, set[str]]:
    """Anchors mentioned anywhere in the retrieved passages of each paper (document, item):
    a year named in the question may sit in the previous chunk of the same report."""
    found: dict[tuple, set[str]] = {}
    for p in passages:
        c = p.hit.chunk
        # with the period heads printed above a passage's rows (``Hit.heads``): its table's years
        text = " ".join(filter(None, [c.text, c.section, c.item_title, c.context, *getattr(p.hit, "heads", ())]))
        extra = {f"date:{c.meeting_date[:10]}", c.meeting_date[:4], f"day:{c.meeting_date[5:10]}",
                 f"year:{c.meeting_date[:4]}"} if c.meeting_date else set()
        years = {f"year:{y}" for y in years_named(text)}  # for a period naming the papers
        found.setdefault((c.document_id, c.item_id), set()).update(anchors(text) | extra | years)
    return found


PAIRED = " — "  # heads.with_heads: "Loans CFR — 31.3.24: 1,117.6 · … · 31.3.27: 1,132.8"
CHANGE = f"{CHANGE_HEAD}: "  # a budget row's change column, after its periods: "… · 2026 Budget: 51,096.47$ · %: 23%"
# a whole unit in that form: a label, then two or more "head: figure" cells (prose may hold " — " too)
_PAIRED_ROW = re.compile(r"^[^·\n]+? — [^·:\n]+: [^·\n]+(?: · [^·:\n]+: [^·\n]+)+$")


def paired_row(text: str) -> tuple[str, list[str]] | None:
    """(label, cells) of a table row paired with its heads, or None for any other unit."""
    if not _PAIRED_ROW.match(text):
        return None
    label, _, cells = text.rpartition(PAIRED)
    return label, cells.split(" · ")


def head_span(head: str) -> tuple[str, str] | None:
    """The period a table's column head names: "Mar-26" (March 2026), "31.3.27", "2027"."""
    word = head.split()[0]
    if (m := MONTH_HEAD.fullmatch(word)) and (month := month_number(m[1])):
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    if days := short_dates(word):
        return days[0], days[0]
    return _span(word)


def row_words(unit_text: str) -> str:
    """What of a unit are words: a table row paired with its heads is its label and heads,
    not its figures, whose digits ("Mar-25: 5.10") would meet a "10-year" question's 10 in
    every row alike; any other unit is itself."""
    if (row := paired_row(unit_text)) is None:
        return unit_text
    label, cells = row
    return " ".join([label, *(cell.rsplit(": ", 1)[0] for cell in cells)])


def asked_head(query: Query, unit_text: str, asked: set[str]) -> bool:
    """Is the unit a table row paired with its heads whose head is the period the question
    asks about ("forecast for March 2026" → "Mar-26: 4.70", "for 2026-27" → "2026-27: 82.9")?
    ``asked``: the anchors of the question's asked text (its financial years, full dates)."""
    return asked_cells(query, unit_text, asked) is not None


def label_asked(query: Query, text: str) -> bool:
    """Does a paired table row's label hold a word the question is about? The head naming the
    period asked ("2026 Budget") is every row's: "Public Works/Garage Supplies — 2026 Budget:
    64,500.00$" is no answer about the landfill study, however well its head fits."""
    row = paired_row(text)  # its figures count ("Aged 18 to 20"), its years not: a head names the period
    return row is not None and bool({t for t in terms(row[0]) if not YEAR.fullmatch(t)} & query.terms)


def asked_cells(query: Query, unit_text: str, asked: set[str]) -> str | None:
    """The row cut to its label and the cells under the period asked about ("10yr PWLB —
    Mar-26: 4.70"), each figure as printed; None when the unit is no paired row or no head
    names that period. A row of thirteen quarters answers one quarter with one figure."""
    if (row := paired_row(unit_text)) is None:
        return None
    label, cells = row
    kept = [cell for cell in cells if _names_asked(query, cell.rsplit(": ", 1)[0], asked)]
    # a head's own words the question says ("what did policing *actually* cost in 2025?" is the
    # "2025 Actual" column, not "2025 Budget"): of a row whose heads say such words, those cells alone
    if any(_head_words(cell) & query.terms for cell in cells):
        kept = [cell for cell in kept if _head_words(cell) & query.terms]
    if kept and len(cells) > 1 and cells[-1].startswith(CHANGE) and kept[-1] == cells[-2]:
        kept.append(cells[-1])  # the change column reads the last period against the one before: kept with it
    return f"{label}{PAIRED}{' · '.join(kept)}" if kept else None


def _head_words(cell: str) -> set[str]:
    """The words of a cell's head besides its period ("2025 Actual: 325,490.08$" → {actual})."""
    return {t for t in terms(cell.rsplit(": ", 1)[0]) if not t[:1].isdigit()}


def _names_asked(query: Query, head: str, asked: set[str]) -> bool:
    """Does a column head name the period asked: inside the question's date or period, or
    the same financial year or full date?"""
    span, got = query.date_range, head_span(head)
    if span and got and span[0] <= got[0] and got[1] <= span[1]:
        return True
    return any(a.startswith(("fy", "date:")) for a in anchors(head.split()[0]) & asked)
