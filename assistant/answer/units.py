"""Candidate answer units of a passage: sentences of prose, whole bullets, whole table rows,
a resolution block or a register record's clauses, as the extractive composer weighs them.

Why apart from the composer: how a passage is cut into units (a label and its value on two
lines, a contact block's label and its person, a table flattened one cell per line) is a
reading of the page, tested by itself; the composer only scores what it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.base import Passage
from assistant.heads import with_heads
from assistant.text import FORM_LABEL, is_bullet, paragraphs, sentences, terms
from ingest.attendance import HONORIFIC
from ingest.register import split_record

_ANAPHOR = re.compile(r"^(?:These|This|It|They|Those|He|She)\b")
_NUMERIC_CELL = re.compile(r"^[+-]?\(?[-–£$€]?\s?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)
RESOLUTION = re.compile(r"\bRESOLVED\b", re.I)
_RESOLUTION_BODY = re.compile(r"^(?:to|that)\b", re.I)
# an amount opening a line: currency, a decimal, thousands or a percentage (not "5. Item")
_VALUE_START = re.compile(r"^(?:[£$€]\s?\d|\d[\d,]*\.\d+\b(?!\.)|\d{1,3}(?:,\d{3})+\b|\d+(?:\.\d+)?\s?%)")
_ENDS_DONE = re.compile(r"(?:[.!?;]|\d%?|\d\)?)\s*$")  # a finished sentence, or a label already holding its value
# the person named on the line after a contact block's label (``text.FORM_LABEL``: "Author", "Report Author:",
# "Lead Officer:"); another lead-in ending in ':' ("Candidates absent:") may open a list, quoted whole when
# chosen (``_with_continuation``)
_NAME_WORD = r"[A-Z][a-z'’-]+(?:[A-Z][a-z'’-]+)?"  # "Joe", "McKay", "O’Brien"
_PERSON_LINE = re.compile(rf"^(?:{HONORIFIC}\.?\s+)?"
                          rf"{_NAME_WORD}(?:\s+[A-Z]\.?)?(?:\s+{_NAME_WORD}){{1,2}}\b")
# ... a name may carry its job title, however long: "Dave Shipton (Head of Finance Policy, Planning and Strategy)"
_JOB_TITLE = re.compile(r"\s*(?:\(|,|[–-]\s)")
LABEL_WORDS, VALUE_WORDS = 12, 8  # a label line and its value line are both short
REGISTER_WHOLE_WORDS = 250  # a register record up to this long is quoted whole (all but 1% here)
CLAUSE_MIN_WORDS = 6  # a shorter part of a long record joins the next one
# A lettered or numbered clause of a resolution: "(a) The 10-year Capital programme ...", "(iv) ..."
_CLAUSE = re.compile(r"(?:(?<=\s)|^)(?=\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s)")


@dataclass
class Unit:
    """A candidate answer sentence and where it came from."""

    text: str
    passage: Passage
    index: int  # position within the passage, to keep lead-ins with their lists
    header: frozenset = frozenset()  # for a table row: the words of its table that no row holds
    lead: str = ""  # for a part of a long register record: the record's lead, which ``text`` starts with

    @property
    def clause(self) -> str:
        """The text without the record's lead (all of it for any other unit)."""
        return self.text[len(self.lead):].lstrip(" …") if self.lead else self.text


def split_units(passage: Passage, rows: list[str] | None = None) -> list[Unit]:
    """Sentences of prose, whole bullets, whole table rows; the resolution block stays one unit.

    ``rows`` are the passage's table rows as laid out on the page, when known: they
    replace a table's flattened lines and are added to prose that holds a table. Rows the
    passage opens with are paired with the heads the passage before ended with (``Hit.heads``)."""
    chunk = passage.hit.chunk
    if chunk.kind == "register":
        return register_units(passage)
    if chunk.kind == "table":
        texts, row_texts = rows or table_rows(chunk.text), set(rows or table_rows(chunk.text))
    else:
        heads = list(passage.hit.heads) or None
        texts = [s for line in with_heads(paragraphs(chunk.text), heads) for s in sentences(line)] + list(rows or [])
        row_texts = set(rows or [])
    texts = _merge_values(_merge_headings(_merge_resolutions([t for t in texts if len(t) > 2])))
    header = frozenset(set(terms(" ".join(filter(None, [chunk.section, chunk.text]))))
                       - {t for r in row_texts for t in terms(r)})
    return [Unit(t, passage, i, header=header if t in row_texts else frozenset()) for i, t in enumerate(texts)]


def register_units(passage: Passage) -> list[Unit]:
    """A decisions-register record is one answer when short. A long one (a budget's twenty
    clauses, a motion's page of reasons) is one unit per sentence or lettered clause of what
    was resolved, each led by the record's lead (reference, meeting, outcome, movers, vote),
    so the answer quotes the clause asked about with who decided it and how the vote went,
    not the whole page; ``lead ... clause``, with the elision shown."""
    text = passage.hit.chunk.text
    lead, body = split_record(text)
    if len(text.split()) <= REGISTER_WHOLE_WORDS or not lead or not body:
        return [Unit(text, passage, 0)]
    parts = [p for line in paragraphs(body) for s in sentences(line) for p in _CLAUSE.split(s) if p.strip()]
    parts = _merge_short(parts)
    if len(parts) < 2:
        return [Unit(text, passage, 0)]
    return [Unit(f"{lead} … {part.strip()}", passage, i, lead=lead) for i, part in enumerate(parts)]


def _merge_short(parts: list[str]) -> list[str]:
    """A clause letter's run-in heading ("2025-26 Council Tax") or a bare "RESOLVED: that:"
    says nothing alone: it joins the part after it."""
    out: list[str] = []
    carry = ""
    for part in parts:
        joined = f"{carry} {part}".strip() if carry else part.strip()
        if len(joined.split()) < CLAUSE_MIN_WORDS:
            carry = joined
        else:
            out.append(joined)
            carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def _merge_headings(texts: list[str]) -> list[str]:
    """'These were agreed as a true record.' means nothing without the heading before it
    ('MINUTES OF THE PREVIOUS MEETING HELD ON 4TH NOVEMBER 2020'): keep them together."""
    out: list[str] = []
    for text in texts:
        if out and _ANAPHOR.match(text) and len(out[-1].split()) <= 14 and not out[-1].endswith("."):
            out[-1] = f"{out[-1]}: {text}"
        else:
            out.append(text)
    return out


def _merge_values(texts: list[str]) -> list[str]:
    """A slide or form puts a label and its value on two lines ("Per $217,000 of
    assessment" / "$65.53 increase."): a short unfinished line followed by a short line
    that opens with an amount is one statement, or the label is quoted without its value.
    A report's contact block does the same with a person ("Author" / "Dr Mike Gogarty",
    "Lead Officer:" / "Sharon Thompson – Head of …"): a label of up to four words ending in
    a contact word, then a line opening with a name."""
    out: list[str] = []
    for text in texts:
        prev = out[-1] if out else ""
        if (prev and _VALUE_START.match(text) and len(text.split()) <= VALUE_WORDS
                and len(prev.split()) <= LABEL_WORDS and not _ENDS_DONE.search(prev)):
            out[-1] = f"{prev} {text}"
        elif prev and FORM_LABEL.match(prev) and (m := _PERSON_LINE.match(text)) and (
                len(text.split()) <= VALUE_WORDS or _JOB_TITLE.match(text, m.end())):
            out[-1] = f"{prev.rstrip(' :')}: {text}"  # "Author" / "Dr Mike Gogarty": who the label names
        else:
            out.append(text)
    return out


def table_rows(text: str) -> list[str]:
    """Rows of a table chunk, rebuilt where PDF extraction put one cell per line.

    A line of only numeric cells belongs to the label row above it, so
    "PC (inc MIT)" / "136" / "172" / "+36" becomes "PC (inc MIT) | 136 | 172 | +36".
    """
    rows: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        cells = [c.strip() for c in line.split("|")]
        if rows and _all_numeric(cells) and not _all_numeric(rows[-1].split("|")):
            rows[-1] = f"{rows[-1]} | {line}"
        else:
            rows.append(line)
    return rows


def _all_numeric(cells: list[str]) -> bool:
    return all(_NUMERIC_CELL.match(c.strip()) for c in cells)


def _merge_resolutions(texts: list[str]) -> list[str]:
    """'RESOLVED 2021/007' and its numbered parts are one answer, never three."""
    out: list[str] = []
    open_block = False
    for text in texts:
        bare_heading = open_block and len(out[-1].split()) <= 3
        continues = bare_heading or is_bullet(text) or _RESOLUTION_BODY.match(text)
        if open_block and continues and not text.isupper():
            out[-1] = f"{out[-1]} {text}"
            continue
        out.append(text)
        open_block = bool(RESOLUTION.match(text))
    return out
