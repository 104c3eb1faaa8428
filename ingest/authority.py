"""Whose paper this is, and what to call it, when the paper does not say so up front.

Why: an appendix, a budget presentation or a consultation report has no "meeting of
the X" opening, so it got no body, and its first line ("to add up.", "Other",
"Core External Total …") became its title. Both go into every chunk's context header
(``chunker.context_header``), the words a user asks with ("the 2026 draft budget for
policing *in Nipissing*", "*Kent's* council tax"). The issuing authority is named all
over such a paper ("TOWNSHIP OF NIPISSING 2026 BUDGET DRAFT", "Kent County Council"),
and its file name is usually a better title than a stray line.

The forms are data (``AUTHORITY_FORMS``), each with the examples its test reads.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from . import dates
from .meta import nice_case

# (pattern over text whose all-capital lines were put in nice case, body it names, examples)
AUTHORITY_FORMS: list[tuple[re.Pattern, str, list[tuple[str, str]]]] = [
    (re.compile(r"\b(Township|Town|City|Municipality|Village|Region|County|United Counties) of "
                r"((?!The\b)[A-Z][\w'’-]+(?: (?!Council\b)[A-Z][\w'’-]+)?)"),
     "{0} of {1} Council",
     [("TOWNSHIP OF NIPISSING 2026 BUDGET DRAFT", "Township of Nipissing Council"),
      ("The Corporation of the City of North Bay", "City of North Bay Council")]),
    (re.compile(r"\b((?!(?:The|This|That|Each|Every|Our|Your|Any|All|Other|Full|Whole|Upper|Lower|Two|Tier)\b)"
                r"[A-Z][a-z]+(?: [A-Z][a-z]+)?) (County|City|District|Borough|Town|Parish) Council\b"),
     "{0} {1} Council",
     [("KENT COUNTY COUNCIL – PROPOSED RECORD OF DECISION", "Kent County Council"),
      ("report to Tunbridge Wells Borough Council", "Tunbridge Wells Borough Council")]),
    (re.compile(r"\bPolice and Crime Commissioner for ([A-Z][a-z]+(?: and [A-Z][a-z]+)?)"),
     "{0} Police and Crime Commissioner",
     [("the Police and Crime Commissioner for Nottinghamshire", "Nottinghamshire Police and Crime Commissioner")]),
]
MIN_MENTIONS = 2  # one stray mention ("a letter from Medway Council") does not make a paper theirs

# titles that say nothing of the paper: a label, a column heading, a page furniture word
_GENERIC_TITLE = re.compile(r"^(?:other|agenda|minutes|report|item(?: no)?|table of contents|contents|"
                            r"appendix(?: [a-z0-9]{1,3})?|annex(?: [a-z0-9]{1,3})?|capital|summary|[\W\d_]*)$", re.I)


def _normalised(text: str) -> str:
    """All-capital lines in nice case, so one set of patterns reads 'KENT COUNTY COUNCIL' too."""
    return "\n".join(nice_case(ln) if ln.isupper() else ln for ln in text.splitlines())


def issuing_authority(text: str) -> str | None:
    """The authority a paper names most often (at least ``MIN_MENTIONS`` times), as a body name."""
    counts: Counter[str] = Counter()
    for pattern, form, _ in AUTHORITY_FORMS:
        for m in pattern.finditer(_normalised(text)):
            counts[form.format(*m.groups())] += 1
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= MIN_MENTIONS else None


def weak_title(title: str | None, body: str | None = None) -> bool:
    """A title that names nothing: empty, a generic label, a date, mostly figures, a column
    heading said twice ('Core External Total Core External Total'), a sentence's tail
    ('to add up.'), or only the body's own name."""
    text = " ".join((title or "").split())
    undated = text
    for _, start, end in sorted(dates.find_dates(text), key=lambda d: -d[1]):
        undated = undated[:start] + undated[end:]
    words = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", undated)]
    figures = re.findall(r"\d[\d,.]*", undated)
    return (len(words) < 2 and not re.search(r"\d{4}", undated)) or bool(_GENERIC_TITLE.match(text)) \
        or text[:1].islower() or len(figures) > len(words) or len(set(words)) <= len(words) / 2 \
        or bool(body and text.lower() in (body.lower(), body.lower().removesuffix(" council")))


def file_title(file: str) -> str | None:
    """'Appendix O - MRP.pdf' → 'Appendix O - MRP'; None when the name is no better ('scan_0042')."""
    stem = re.sub(r"[_\s]+", " ", Path(file).stem).strip()
    return None if weak_title(stem) else stem


_DOC_WORDS = re.compile(r"^(?:minutes|agenda|report|summons|notes|papers?|the|of|and|\W)*$", re.I)


def plain_body(body: str | None) -> str | None:
    """A body name without the date a running header glued to it ('County Council 13th March
    2025' → 'County Council'); None when nothing but a date or a document word is left
    ('July 11, 2023', 'Minutes'), so the authority fallback can name the paper instead."""
    if not body:
        return None
    for _, start, end in sorted(dates.find_dates(body), key=lambda d: -d[1]):
        body = body[:start] + body[end:]
    body = " ".join(body.split()).strip(" -–,.:")
    return None if _DOC_WORDS.match(body) else body
