"""Exempt (Non Public) papers: detection per item at ingest, and manual overrides.

Why per item: a pack mixes public reports with exempt ones and exempt appendices,
and only the exempt papers may be withheld. The signs, as printed in the packs:

- the OPCC cover block's "Public/Non Public*" field set to "Non Public" (often with
  the category number of the exemption), or a KCC "Classification:" other than
  "Unrestricted";
- a banner line: "NOT FOR PUBLICATION", "EXEMPT", "EXEMPT APPENDIX", ...;
- a reference to a paragraph of Schedule 12A to the Local Government Act 1972 at
  the head of the paper ("exempt under paragraph 3 of Part 1 of Schedule 12A").

Each sign is a row of ``RULES`` with lines that must and must not match, taken from
the real packs (tests/ingest/test_exempt.py runs every example). The counter-examples
matter as much: every OPCC cover prints "*If Non Public, please state under which
category number...", every KCC record of decision prints "For publication [Do not
include information which is exempt from publication under schedule 12a...]", and
KCC agenda front sheets carry an "EXEMPT ITEMS" heading over "there were no exempt
items". Those are public papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .models import Document, IngestError, Item

Scope = Literal["cover", "line", "head"]
HEAD_LINES = 80  # how far into a paper a Schedule 12A reference still describes the paper


@dataclass(frozen=True)
class ExemptRule:
    name: str
    scope: Scope  # cover: cover-block lines; line: any whole line of the paper; head: its opening text
    pattern: re.Pattern
    reason: str  # "{0}" is the first group that matched (a category or paragraph number), if any
    marks: tuple[str, ...]
    passes: tuple[str, ...]
    unless: re.Pattern | None = None  # near the match, this means the text is about other papers


_PARA = r"(\d{1,2})"
RULES: tuple[ExemptRule, ...] = (
    ExemptRule(
        "cover_non_public", "cover",
        re.compile(r"(?:public\s*/\s*non[- ]?public\s*\*?\s*:?\s*)?non[- ]?public\b\W*(?:.*?\b(?:category|paragraph|para)\.?\s*(\d{1,2}))?.*", re.I),
        "Non Public cover block{0: (category {0})}",
        ("Public/Non Public*: Non Public", "Non Public", "Public/Non Public* Non Public", "Non-Public – category 3",
         "NON PUBLIC (Category 1)"),
        ("Public/Non Public*", "Public/Non Public* Public", "Public", "*If Non Public, please state under which "
         "category number from the guidance in the space provided.",
         "See guidance on public access to meetings and information about meetings for guidance on non-public information"),
    ),
    ExemptRule(
        "cover_classification", "cover",
        re.compile(r"classification\s*:?\s*(?!.*\bunrestricted\b).*?\b(?:exempt|restricted|confidential)\b(?:.*?paragraph\s*(\d{1,2}))?.*", re.I),
        "classified exempt{0: (paragraph {0})}",
        ("Classification: Exempt – paragraph 3", "Classification: Restricted", "classification: Confidential"),
        ("Classification: Unrestricted", "Classification:  Unrestricted", "Classification Unrestricted"),
    ),
    ExemptRule(
        "banner_not_for_publication", "line",
        re.compile(r"(?:exempt\s*[-–—:]?\s*)?not\s+for\s+publication\b.*?(?:paragraphs?\s*(\d{1,2}))?.*", re.I),
        "NOT FOR PUBLICATION banner{0: (paragraph {0})}",
        ("NOT FOR PUBLICATION", "EXEMPT – NOT FOR PUBLICATION",
         "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972"),
        ("For publication [Do not include information which is exempt from publication under schedule 12a of",
         "This paper is for publication"),
    ),
    ExemptRule(
        "banner_exempt", "line",
        # upper case as printed; "EXEMPT ITEMS" is the agenda heading over "there were no exempt items"
        re.compile(r"EXEMPT(?:\s+(?:APPENDIX|ANNEX|REPORT|INFORMATION|PAPER|MINUTES?)\b.*|\s*[-–—:(].*)?"),
        "EXEMPT banner",
        ("EXEMPT", "EXEMPT APPENDIX", "EXEMPT APPENDIX B", "EXEMPT INFORMATION", "EXEMPT - Paragraph 3",
         "EXEMPT (paragraph 3)"),
        ("EXEMPT ITEMS", "Libraries - Exempt offers to support carers", "Exemption", "exempt",
         "EXEMPTIONS AND DISCOUNTS"),
    ),
    ExemptRule(
        "schedule_12a_paragraph", "head",
        re.compile(
            rf"paragraphs?\s+{_PARA}(?:\s*(?:,|and|&|or)\s*\d{{1,2}})*\s+of\s+(?:part\s+(?:1|i|one)\s+of\s+)?"
            r"schedule\s+12\s?a\b|schedule\s+12\s?a\b[^.]{0,80}?\bparagraphs?\s+(\d{1,2})", re.I),
        "Schedule 12A paragraph {0}",
        ("This report is exempt under paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972",
         "Exempt information as defined in paragraphs 1 and 2 of Schedule 12A to the Local Government Act 1972",
         "Exempt by virtue of Schedule 12A, Part 1, paragraph 3"),
        ("For publication [Do not include information which is exempt from publication under schedule 12a of "
         "the Local Government Act 1972]",
         "Motion to exclude the press and public: that under Section 100A of the Local Government Act 1972 the press "
         "and public be excluded from the meeting for the following business on the grounds that it involves the "
         "likely disclosure of exempt information as defined in paragraph 3 of Part 1 of Schedule 12A of the Act.",
         "RESOLVED that the public be excluded for the following item, which involves exempt information under "
         "paragraph 3 of Schedule 12A."),
        unless=re.compile(r"\bexclu(?:de|ded|sion)\b|\bfollowing (?:item|business)\b", re.I),
    ),
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _reason(rule: ExemptRule, m: re.Match) -> str:
    group = next((g for g in m.groups() if g), "")
    if "{0:" in rule.reason:  # optional part: "text{0: (category {0})}"
        head, rest = rule.reason.split("{0:", 1)
        tail = rest.rsplit("}", 1)[0]
        return head + (tail.replace("{0}", group) if group else "")
    return rule.reason.replace("{0}", group)


def match(rule: ExemptRule, text: str) -> str | None:
    """The reason ``text`` marks a paper exempt under ``rule``, or None."""
    text = _norm(text)
    if rule.scope == "head":
        for m in rule.pattern.finditer(text):
            near = text[max(0, m.start() - 250) : m.end() + 250]
            if rule.unless is None or not rule.unless.search(near):
                return _reason(rule, m)
        return None
    m = rule.pattern.fullmatch(text.strip(" *•"))
    return _reason(rule, m) if m else None


def check(lines: Sequence[str], scopes: Iterable[Scope]) -> str | None:
    """First reason any rule of ``scopes`` finds in ``lines`` (head rules see them joined)."""
    wanted = set(scopes)
    for rule in RULES:
        if rule.scope not in wanted:
            continue
        texts = [" ".join(lines)] if rule.scope == "head" else lines
        for text in texts:
            reason = match(rule, text)
            if reason:
                return reason
    return None


def cover_status(block: Sequence[str], fields: dict[str, str]) -> tuple[bool, str | None]:
    """(public, reason) from a report's cover block and its parsed 'Label: value' fields."""
    texts = [*block, *(f"{k}: {v}" for k, v in fields.items())]
    reason = check(texts, ("cover", "line"))
    return (reason is None), reason


def mark_paper(item: Item, lines: Sequence[str], running: Sequence[str] = ()) -> None:
    """Mark ``item`` exempt from a banner anywhere in it (or in the document's running
    headers) or a Schedule 12A reference in its opening lines; never marks it public."""
    if not item.public:
        return
    reason = check(lines, ("line",)) or check(list(lines[:HEAD_LINES]), ("head",)) or check(running, ("line",))
    if reason:
        item.public, item.exempt_reason = False, reason


def inherit(items: Sequence[Item]) -> None:
    """An exempt report's appendices are exempt too (``item-5`` → ``item-5-appendix-*``)."""
    exempt = [it for it in items if not it.public]
    for it in items:
        parent = next((p for p in exempt if it.item_id.startswith(p.item_id + "-appendix-")), None)
        if it.public and parent is not None:
            it.public, it.exempt_reason = False, f"appendix of exempt {parent.item_id}"


# ----------------------------------------------------------------------- overrides

ALL = "*"
_WHOLE = {ALL, "all"}  # the words for every item of the document
_SELECTOR = re.compile(r"[A-Za-z0-9][\w.()-]{0,99}")  # an item id or agenda number, as the parser makes them


class MarkError(ValueError):
    """A bad exempt/public value (CLI flag or upload field); ``field`` names which, so
    the CLI can say ``--public: …`` and the API a 422 at that form field."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def parse_selector(value: str | None) -> set[str] | None:
    """CLI/upload value → None (not given), {ALL} (whole document: empty, ``*`` or ``all``)
    or item selectors. A selector no item could have (spaces, slashes, quotes) is a
    ``ValueError`` saying which, before anything is parsed or stored."""
    if value is None:
        return None
    parts = {p.strip() for p in value.split(",") if p.strip()}
    bad = sorted(p for p in parts if p.lower() not in _WHOLE and not _SELECTOR.fullmatch(p))
    if bad:
        raise ValueError(f"{bad[0][:60]!r} is not an item id or agenda number (e.g. 5 or item-5-appendix-1; "
                         "separate several with commas, or give all for the whole document)")
    return {ALL if p.lower() in _WHOLE else p for p in parts} or {ALL}


def parse_marks(exempt: str | None, public: str | None) -> tuple[set[str] | None, set[str] | None]:
    """Both values, parsed and checked together. The same selector (or the whole document)
    named both ways is an error here: ``merge`` would otherwise let public quietly win."""
    marks: dict[str, set[str] | None] = {}
    for field, value in (("exempt", exempt), ("public", public)):
        try:
            marks[field] = parse_selector(value)
        except ValueError as exc:
            raise MarkError(field, str(exc)) from None
    both = (marks["exempt"] or set()) & (marks["public"] or set())
    if both:
        what = "the whole document" if ALL in both else ", ".join(sorted(both))
        raise MarkError("public", f"{what} cannot be marked both exempt and public")
    return marks["exempt"], marks["public"]


def _named(item: Item, wanted: set[str]) -> bool:
    """Named by id, or by agenda number ("5": the paper for item 5 and its appendices)."""
    return item.item_id in wanted or (item.number is not None and item.number in wanted)


def apply_overrides(doc: Document, exempt: set[str] | None = None, public: set[str] | None = None) -> None:
    """Set items exempt or public by hand, then carry each item's flag to its chunks and decisions.

    Selectors are item ids (``item-5-appendix-1``), agenda numbers (``5``) or ``*`` (every
    item); a named item beats ``*`` ("--exempt --public 3": all exempt but item 3). An
    unknown selector, or one item named both ways, is an ``IngestError`` naming the valid ids."""
    exempt, public = exempt or set(), public or set()
    if ALL in exempt and ALL in public:
        raise IngestError(doc.file, "the whole document cannot be both exempt and public")
    valid = {it.item_id for it in doc.items} | {it.number for it in doc.items if it.number} | {ALL}
    unknown = sorted((exempt | public) - valid)
    if unknown:
        raise IngestError(doc.file, f"no item {', '.join(unknown)}; items: {', '.join(it.item_id for it in doc.items)}")
    for it in doc.items:
        named_exempt, named_public = _named(it, exempt), _named(it, public)
        if named_exempt and named_public:
            raise IngestError(doc.file, f"item {it.item_id} is named both exempt and public")
        if named_exempt or (ALL in exempt and not named_public):
            it.public, it.exempt_reason = False, "marked exempt at ingest"
        elif named_public or ALL in public:
            it.public, it.exempt_reason = True, None
    propagate(doc)


def propagate(doc: Document) -> None:
    """Each chunk and decision takes the flag of the item it belongs to."""
    by_id = {it.item_id: it for it in doc.items}
    for ch in doc.chunks:
        item = by_id.get(ch.item_id or "")
        if item is not None:
            ch.public = item.public
    for d in doc.decisions:
        item = _item_at(doc, d.page)
        d.public = item.public if item is not None else True


def _item_at(doc: Document, page: int) -> Item | None:
    """The minutes item covering a page, else any item covering it (as the register does)."""
    covering = [it for it in doc.items if it.first_page <= page <= it.last_page]
    minutes = [it for it in covering if str(it.doc_type) == "minutes"]
    return (minutes or covering or [None])[0]


def summary(items: Sequence[dict]) -> str:
    """'public', 'exempt' or 'partly exempt (2 of 9 items)' for a listing."""
    hidden = sum(1 for it in items if not it.get("public", True))
    if not hidden:
        return "public"
    return "exempt" if hidden == len(items) else f"partly exempt ({hidden} of {len(items)} items)"
