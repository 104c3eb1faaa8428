"""Metadata read from the text: dates, meeting body, cover blocks, document type.

Why a module of its own: the same small readers serve the whole document (from
its running header or first lines), each paper inside a pack (from its cover
block) and the file name fallback, and their output becomes search filters, so
they must agree on one normal form (ISO dates, plain-case body names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates, exempt
from .models import DocType

_MEETING_WORDS = re.compile(r"meeting|held|cabinet|council|committee|panel|board|séance|summons|agenda|minutes", re.I)
# a file name that says it is a meeting's paper: its date is that meeting's ("Agenda-June-4-2024.pdf",
# "Printed minutes 13th-Feb-2025 09.30 County Council.pdf" with the meeting's start time)
_MEETING_FILE = re.compile(r"agenda|minutes|meeting|summons|frontsheet|reports? pack|\b\d{1,2}[.:]\d{2}\b", re.I)
_SMALL = {"and", "of", "the", "for", "to", "in", "on", "at", "by", "a", "an", "or", "&"}


def find_dates(text: str) -> list[tuple[int, str]]:
    """Every full date in ``text`` as (offset, ISO), in reading order (see ``ingest.dates``)."""
    return [(start, iso) for iso, start, _ in dates.find_dates(text)]


def first_date(text: str) -> str | None:
    return dates.parse_date(text)


def meeting_date_in(text: str) -> str | None:
    """The first date preceded by a meeting word within 80 characters, else the first date."""
    dates = find_dates(text)
    for offset, iso in dates:
        if _MEETING_WORDS.search(text[max(0, offset - 80) : offset]):
            return iso
    return dates[0][1] if dates else None


def date_from_filename(name: str) -> str | None:
    """A date in a file name, with hyphens and underscores read as spaces
    ('Agenda-April-18-2023.pdf', '13th-Feb-2025'); an ISO date is read as it stands."""
    stem = re.sub(r"\.\w{2,4}$", "", name)
    return dates.parse_date(stem) or dates.parse_date(re.sub(r"[-_]+", " ", stem))


def meeting_date_from_filename(name: str) -> str | None:
    """The date of the meeting a paper's file name says it belongs to, or None.

    Why it comes before the text: an agenda opens with the minutes of the meeting before
    to be adopted ("minutes of the meeting held May 28, 2024"), so the first dated line
    after a meeting word is often the previous meeting's; the publisher's file name is
    not. A name without a meeting word ('2025-12-31 Financial Statements') gives none."""
    return date_from_filename(name) if _MEETING_FILE.search(name) else None


def nice_case(text: str) -> str:
    """'KENT COUNTY COUNCIL' → 'Kent County Council'; mixed-case text is left alone."""
    text = " ".join(text.split())
    if not text or any(c.islower() for c in text):
        return text
    words = text.lower().split()
    out = [w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return " ".join(out)


def clean_body(text: str) -> str:
    """'Strategic Resources and Performance meeting' → 'Strategic Resources and Performance'."""
    text = nice_case(text.strip(" -–:,."))
    return re.sub(r"\s+(meeting|mtg)$", "", text, flags=re.I).strip()


# ------------------------------------------------------------------ running header


@dataclass
class HeaderInfo:
    body: str | None = None
    date: str | None = None
    title: str | None = None
    item: str | None = None


def read_running_header(running: list[str]) -> HeaderInfo:
    """'X Meeting - 19 May 2021' gives body and date; a dateless header is a title."""
    for text in running[:3]:
        parts = [p.strip() for p in re.split(r"\s+[-–]\s+", text) if p.strip()]
        if len(parts) < 2:
            continue
        date = first_date(text)
        item = re.search(r"\bagenda item\s+(\d+)", text, re.I)
        if date:
            return HeaderInfo(clean_body(parts[0]), date, text, item[1] if item else None)
    words = [t for t in running if len(t.split()) >= 3 and not re.fullmatch(r"[\d\s/]+", t)]
    return HeaderInfo(title=words[0] if words else None)


# -------------------------------------------------------------------- cover block

COVER_LABELS = {
    "report to": "report_to",
    "date of meeting": "date",
    "report of": "report_of",
    "report author": "author",
    "e-mail": "email",
    "other contacts": "contacts",
    "agenda item": "item",
    "from": "from",
    "to": "to",
    "subject": "subject",
    "decision no": "decision",
    "classification": "classification",
    "key decision": "key_decision",
}
_LABEL_RE = re.compile(r"^\s*(" + "|".join(map(re.escape, COVER_LABELS)) + r")\s*:\s*(.*)$", re.I)


def parse_fields(lines: list[str]) -> dict[str, str]:
    """'Label:' lines with the value on the same line or on the lines after it."""
    fields: dict[str, str] = {}
    key = None
    for raw in lines:
        line = raw.strip()
        m = _LABEL_RE.match(line)
        if m:
            key = COVER_LABELS[m[1].lower()]
            fields.setdefault(key, "")
            line = m[2].strip()
        if key and line and not line.startswith("*"):
            fields[key] = (fields[key] + " " + line).strip()
    return fields


def public_status(lines: list[str], fields: dict[str, str]) -> tuple[bool, str | None]:
    """'Non Public' / exempt / restricted in a cover block → (False, reason); see ``ingest.exempt``."""
    return exempt.cover_status(lines, fields)


# ------------------------------------------------------------------- document type

_TYPE_RULES: list[tuple[DocType, re.Pattern]] = [
    (DocType.MINUTES, re.compile(r"\bminutes of\b|\bminutes\b.*\bmeeting\b|procès-verbal|\bnotes of the\b", re.I)),
    (DocType.WORK_PROGRAMME, re.compile(r"\bwork (programme|plan)\b|\bforward plan\b", re.I)),
    (DocType.ASSESSMENT, re.compile(r"\bassessment\b|\beqia\b", re.I)),
    (DocType.PRESENTATION, re.compile(r"\bpresentations?\b", re.I)),
    (DocType.PLAN, re.compile(r"\bplan\b|\bstrategy\b", re.I)),
    (DocType.AGENDA, re.compile(r"\bagenda\b|\bsummons\b", re.I)),
    (DocType.REPORT, re.compile(r"\breport\b", re.I)),
]


def classify(*texts: str | None) -> DocType:
    """First rule that matches any of the texts, tried in order of the texts."""
    for text in texts:
        if not text:
            continue
        for doc_type, pattern in _TYPE_RULES:
            if pattern.search(text):
                return doc_type
    return DocType.OTHER
