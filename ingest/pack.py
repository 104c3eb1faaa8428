"""Split a document's body lines into the papers it holds (agenda, minutes, reports...).

Why: a combined agenda pack is one PDF, but people ask about "item 8" or "the
rural crime report". Each paper becomes an ``Item`` with its agenda number,
type, page range and cover-block metadata, and chunks never cross items.

How, in order:
1. the agenda's numbered list gives the item numbers and titles;
2. anchors mark where a paper starts: report cover blocks ("For Information ...
   Report to: ... Agenda Item: 5"), ModernGov covers ("From: / To: / Subject:"),
   "MINUTES OF THE MEETING" headings and pages after "intentionally left blank";
3. stretches nobody claims (slide decks) go to the next agenda item that can
   have a paper, and are split into decks;
4. each report's "Appendices" section says which appendices follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import appendix
from .layout import Line
from .meta import classify, clean_body, first_date, meeting_date_in, nice_case, parse_fields, public_status
from .models import DocType, Item

_FOR = re.compile(r"^\s*For (Information|Consideration|Decision|Approval|Noting|Comment|Assurance)\b", re.I)
_MINUTES = re.compile(r"^\s*MINUTES\s+of\s+(the|a)\s+meeting\b", re.I)
_BLANK_PAGE = re.compile(r"intentionally (been )?left blank", re.I)
_ENTRY = re.compile(r"^[\s\x7f•●▪■*-]*(\d{1,2})[.)]?\s+(\S.*?)\s*$")
_PAPERLESS = re.compile(
    r"apolog|introduc|welcome|declarations?\b|verbal|questions|announcement|any other business"
    r"|date of (the )?next|exclusion of the press|chair(man)?'?s",
    re.I,
)
_MINUTES_ENTRY = re.compile(r"minutes|notes of the (previous|last) meeting", re.I)


@dataclass
class Span:
    """An item and the half-open range of body lines it owns."""

    item: Item
    start: int
    end: int


@dataclass
class Agenda:
    entries: list[tuple[str, str]]  # (number, title)
    end: int  # first line after the agenda


# ------------------------------------------------------------------------ agenda


def find_agenda(lines: list[Line]) -> Agenda | None:
    """The first 'AGENDA' heading followed by a numbered list of at least 3 entries."""
    for i, ln in enumerate(lines[:400]):
        if re.sub(r"[^a-z]", "", ln.text.lower()) == "agenda":
            entries, last = _read_entries(lines, i + 1)
            if len(entries) >= 3:
                return Agenda(entries, _page_end(lines, last))
    return None


def _read_entries(lines: list[Line], i: int) -> tuple[list[tuple[str, str]], int]:
    """Numbered entries 1, 2, 3...; a title may wrap onto at most two more lines."""
    entries: list[list[str]] = []
    last, wraps = i, 0
    for j in range(i, min(len(lines), i + 200)):
        text = lines[j].text.strip()
        m = _ENTRY.match(text)
        if m and int(m[1]) == len(entries) + 1:
            entries.append([m[1], m[2]])
            last, wraps = j, 2
        elif wraps and text and not text.startswith("(") and not text.isupper():
            entries[-1][1] += " " + text
            last, wraps = j, wraps - 1
        elif j - last > 8:
            break
        else:
            wraps = 0
    return [(n, " ".join(t.split())) for n, t in entries], last


def _page_end(lines: list[Line], idx: int) -> int:
    """Index of the first line on the page after the one holding line ``idx``."""
    page = lines[idx].page
    j = idx
    while j < len(lines) and lines[j].page == page:
        j += 1
    return j


def page_starts(lines: list[Line]) -> list[int]:
    return [i for i, ln in enumerate(lines) if i == 0 or lines[i - 1].page != ln.page]


# ----------------------------------------------------------------------- anchors


def find_anchors(lines: list[Line]) -> list[tuple[int, str]]:
    """(line index, kind) of every paper start, in order, one per index."""
    found: dict[int, str] = {}
    tops = page_starts(lines)
    for i, ln in enumerate(lines):
        if _FOR.match(ln.text) and _near(lines, i, 6, r"^\s*Report to\b"):
            found[i] = "cover"
        elif ln.text.strip().startswith("From:") and _near(lines, i, 30, r"^\s*Subject\s*:"):
            found[i] = "kcc-cover"
        elif _MINUTES.match(ln.text):
            top = max(t for t in tops if t <= i)
            found[top if i - top < 8 else i] = "minutes"
    for k, top in enumerate(tops[:-1]):
        body = " ".join(ln.text for ln in lines[top : tops[k + 1]])
        if _BLANK_PAGE.search(body) and len(body.split()) < 12:
            nxt = tops[k + 1]
            if not any(nxt <= a < nxt + 8 for a in found):
                found[nxt] = "after-blank"
    return sorted(found.items())


def _near(lines: list[Line], i: int, n: int, pattern: str) -> bool:
    return any(re.match(pattern, ln.text, re.I) for ln in lines[i + 1 : i + 1 + n])


# -------------------------------------------------------------------- splitting


def split_items(lines: list[Line], body: str | None, date: str | None, hint: str | None = None) -> list[Span]:
    """Turn body lines into item spans covering every line exactly once, in order.

    ``hint`` (the running-header title) helps type a paper that has no cover.
    """
    if not lines:
        return []
    agenda = find_agenda(lines)
    anchors = find_anchors(lines)
    segments = _segments(lines, agenda, anchors)
    spans: list[Span] = []
    ctx = _Context(agenda, body, date)
    ctx.hint = hint
    for start, end, kind in segments:
        spans.extend(_make_items(lines, start, end, kind, ctx))
    _unique_ids(spans)
    return spans


def _segments(lines, agenda, anchors) -> list[tuple[int, int, str]]:
    """Cut points: agenda, anchors, and the unclaimed stretches between them."""
    cuts = [(a, k) for a, k in anchors if not agenda or a >= agenda.end or a == 0]
    points: list[tuple[int, str]] = []
    if agenda:
        points.append((0, "agenda"))
        first = cuts[0][0] if cuts else len(lines)
        if agenda.end < first:
            points.append((agenda.end, "unclaimed"))
        cuts = [(a, k) for a, k in cuts if a > 0]
    elif not cuts or cuts[0][0] > 0:
        points.append((0, "front"))
    points.extend(cuts)
    ends = [p for p, _ in points[1:]] + [len(lines)]
    return [(s, e, k) for (s, k), e in zip(points, ends) if e > s]


class _Context:
    """What earlier items decided that later ones need (numbers used, last number)."""

    def __init__(self, agenda: Agenda | None, body: str | None, date: str | None):
        self.agenda = agenda
        self.body, self.date = body, date
        self.used: set[str] = set()
        self.last_number: str | None = None
        self.hint: str | None = None
        self.appendices: dict[str, int] = {}

    def title_for(self, number: str | None) -> str | None:
        for n, title in self.agenda.entries if self.agenda else []:
            if n == number:
                return title
        return None

    def next_paper_number(self, pattern: re.Pattern | None = None) -> str | None:
        """First unused agenda number after the last one seen that can carry a paper."""
        floor = int(self.last_number) if self.last_number and self.last_number.isdigit() else 0
        for n, title in self.agenda.entries if self.agenda else []:
            if n in self.used or int(n) <= floor or _PAPERLESS.search(title):
                continue
            if pattern is None or pattern.search(title):
                return n
        return None


def _make_items(lines, start, end, kind, ctx: _Context) -> list[Span]:
    if kind == "agenda":
        item = Item("agenda", "Agenda", DocType.AGENDA, 0, 0)
        return [Span(_fill(item, ctx), start, end)]
    if kind in ("cover", "kcc-cover"):
        return _report_items(lines, start, end, kind, ctx)
    if kind == "minutes":
        number = ctx.next_paper_number(_MINUTES_ENTRY) if ctx.agenda else None
        return [_numbered(lines, start, end, number, DocType.MINUTES, ctx, _minutes_title(lines, start))]
    if kind == "after-blank" and ctx.last_number:
        return [_appendix_after_blank(lines, start, end, ctx)]
    return _unclaimed_items(lines, start, end, ctx, alone=(start == 0 and end == len(lines)))


def _minutes_title(lines: list[Line], start: int) -> str | None:
    """'MINUTES of a meeting of the Cabinet held in...' → 'Minutes of a meeting of the Cabinet'."""
    for j in range(start, min(len(lines), start + 10)):
        if _MINUTES.match(lines[j].text):
            text = " ".join(ln.text.strip() for ln in lines[j : j + 2])
            return nice_case(re.split(r"\s+held\b", text, flags=re.I)[0])
    return None


def _fill(item: Item, ctx: _Context) -> Item:
    item.body = item.body or ctx.body
    item.meeting_date = item.meeting_date or ctx.date
    return item


def _numbered(lines, start, end, number, doc_type, ctx, title=None) -> Span:
    """A main paper for agenda ``number`` (or an unnumbered paper)."""
    if number:
        ctx.used.add(number)
        ctx.last_number = number
    title = ctx.title_for(number) or title or first_heading(lines[start:end]) or str(doc_type).title()
    item_id = f"item-{number}" if number else f"paper-{start}"
    item = Item(item_id, title, doc_type, 0, 0, number=number)
    return Span(_fill(item, ctx), start, end)


def _report_items(lines, start, end, kind, ctx: _Context) -> list[Span]:
    """A cover-block report and the appendices its 'Appendices' section announces."""
    block_end = _cover_end(lines, start, end, kind)
    block = [ln.text for ln in lines[start:block_end]]
    fields = parse_fields(block)
    number = _cover_number(lines, start, end, fields)
    title = fields.get("subject") or first_heading(lines[block_end : block_end + 4])
    title = nice_case(title.rstrip(".")) if title else title
    doc_type = DocType.WORK_PROGRAMME if classify(ctx.title_for(number), title) == DocType.WORK_PROGRAMME else DocType.REPORT
    span = _numbered(lines, start, end, number, doc_type, ctx, title)
    _apply_cover(span.item, block, fields, title)
    parts = appendix.split_report(lines, block_end, end)
    if not parts:
        return [span]
    span.end = parts[0][0]
    return [span] + [
        _appendix_span(span.item, s, e, label or str(k), atitle) for k, (s, e, label, atitle) in enumerate(parts, 1)
    ]


def _cover_end(lines, start, end, kind) -> int:
    """Line after the cover block: past the agenda item number, or at 'Summary:'."""
    stop = r"^\s*Agenda Item\s*:" if kind == "cover" else r"^\s*Summary\s*:"
    for j in range(start, min(end, start + 60)):
        if not re.match(stop, lines[j].text, re.I):
            continue
        if kind == "kcc-cover":
            return j
        k = j + 1 if lines[j].text.split(":", 1)[1].strip() else j + 2
        while k < end and (lines[k].text.strip().startswith("*") or not lines[k].text.strip()):
            k += 1
        return min(k, end)
    return min(end, start + 12)


def _cover_number(lines, start, end, fields) -> str | None:
    """'Agenda Item: 5' in the block, or a ModernGov 'Agenda Item 7' page footer."""
    m = re.match(r"\s*(\d{1,3}[a-z]?)\b", fields.get("item", ""))
    if m:
        return m[1]
    for ln in lines[start : min(end, start + 120)]:
        m = re.match(r"^\s*Agenda Item\s+(\d{1,3}[a-z]?)\s*$", ln.text, re.I)
        if m:
            return m[1]
    return None


def _apply_cover(item: Item, block: list[str], fields: dict[str, str], title: str | None) -> None:
    """Copy report-of, author, body, date and public status from the cover block."""
    item.report_of = fields.get("report_of") or fields.get("from") or None
    item.author = fields.get("author") or None
    target = fields.get("report_to") or fields.get("to") or ""
    if target and not item.body:
        item.body = clean_body(re.split(r"\s*[,–-]\s*\d|\s+and\s+Joint\b", target)[0]) or None
    date = first_date(fields.get("date", "")) or meeting_date_in(target)
    item.meeting_date = date or item.meeting_date
    item.public, item.exempt_reason = public_status(block, fields)
    if item.title in (None, "", "Report") and title:
        item.title = title


def _appendix_span(parent: Item, start, end, label, title) -> Span:
    doc_type = classify(title)
    if doc_type not in (DocType.WORK_PROGRAMME, DocType.ASSESSMENT):
        doc_type = DocType.APPENDIX
    slug = re.sub(r"[^a-z0-9]+", "-", (label or "").lower()).strip("-")
    item = Item(
        f"{parent.item_id}-appendix-{slug or start}", title, doc_type, 0, 0, number=parent.number,
        body=parent.body, meeting_date=parent.meeting_date, public=parent.public,
        exempt_reason=parent.exempt_reason,
    )
    return Span(item, start, end)


def _appendix_after_blank(lines, start, end, ctx: _Context) -> Span:
    """ModernGov packs put a blank page between a report and its appendices."""
    title = first_heading(lines[start:end]) or "Appendix"
    parent = Item(f"item-{ctx.last_number}", title, DocType.APPENDIX, 0, 0, number=ctx.last_number)
    ctx.appendices[ctx.last_number] = ctx.appendices.get(ctx.last_number, 0) + 1
    return _appendix_span(_fill(parent, ctx), start, end, str(ctx.appendices[ctx.last_number]), title)


def _unclaimed_items(lines, start, end, ctx: _Context, alone: bool = False) -> list[Span]:
    """Pages with no cover (slide decks, plans): next agenda item, split into decks.

    A whole-document paper is typed from its running header and opening text; a
    stretch in front of other papers (a covering letter) only from its heading.
    """
    number = ctx.next_paper_number() if ctx.agenda else None
    title = ctx.title_for(number)
    head = caps_heading(lines[start:end]) or first_heading(lines[start:end])
    if title:
        doc_type = classify(title)
    elif alone:
        doc_type = classify(ctx.hint, head, _head_text(lines, start, end))
    else:
        doc_type = classify(head)
    span = _numbered(lines, start, end, number, doc_type, ctx, (ctx.hint if alone else None) or head)
    if doc_type != DocType.PRESENTATION or not number:
        return [span]
    decks = appendix.deck_starts(lines, start, end)
    if len(decks) < 2:
        return [span]
    spans = []
    for k, (s, e) in enumerate(zip(decks, decks[1:] + [end]), 1):
        deck = Item(f"item-{number}-presentation-{k}", first_heading(lines[s:e]) or f"Presentation {k}",
                    DocType.PRESENTATION, 0, 0, number=number)
        spans.append(Span(_fill(deck, ctx), s, e))
    return spans


def caps_heading(lines: list[Line]) -> str | None:
    """The first all-capitals line of three or more words (a letter's subject line)."""
    for ln in lines[:40]:
        text = " ".join(ln.text.split())
        if text.isupper() and len(text.split()) >= 3 and sum(c.isalpha() for c in text) >= 8:
            return text
    return None


def _head_text(lines, start, end) -> str:
    return " ".join(ln.text for ln in lines[start : min(end, start + 40)])


def first_heading(lines: list[Line]) -> str | None:
    """The first non-trivial line, used as a title when nothing better exists."""
    for ln in lines[:30]:
        text = " ".join(ln.text.split()).strip(" -–:")
        if len(text) >= 4 and sum(c.isalpha() for c in text) >= 4 and not re.match(r"^(page|tel|e-?mail)\b", text, re.I):
            return text[:150]
    return None


def _unique_ids(spans: list[Span]) -> None:
    seen: dict[str, int] = {}
    for sp in spans:
        n = seen.get(sp.item.item_id, 0)
        seen[sp.item.item_id] = n + 1
        if n:
            sp.item.item_id = f"{sp.item.item_id}-{n + 1}"
