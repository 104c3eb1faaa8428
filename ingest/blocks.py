"""Body lines → structural blocks: headings, paragraphs, lists, tables, resolutions.

Why: the chunker must cut where the document does. pypdf gives wrapped lines
with no blank lines between paragraphs, so structure is read from the lines
themselves: a numbered or capitalised short line is a heading, a line that
stops well short of the text width ends a paragraph, a bullet glyph starts a
list item (its lead-in sentence ends in ':'), "RESOLVED" starts a resolution,
and runs of short numeric cells are tables (see tables.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line
from .tables import Table, build_table, find_table_runs

_MD_HEAD = re.compile(r"^(#{1,6})\s+(.+)$")
_NUM_HEAD = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_BULLET = re.compile(
    r"^([\x7f•●▪◦\uf0b7\uf0a7\u2023\u2043✓]\s*|■(?!\s*■)\s*|[*–-]\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+|\(\d{1,2}\)\s*)"
)
_RESOLVED = re.compile(r"^\s*RESOLVED\b")
# "2. Mrs Chandler, Cabinet Member for …, provided an update on the following:" after a finished
# sentence opens a new paragraph, not the open list item: a minute's next numbered paragraph
_NUM_PARA = re.compile(r"^\d{1,2}\.\s+[A-Z]")
_NOT_TITLES = {"none", "nil", "n/a", "na"}
_FIGURE = re.compile(r"[-–(£$]*\d[\d,.]*%?\)?(?:[A-Za-z]{1,2})?")  # 1,268.3  -0.1  (4.5)  12%  6.3FE


@dataclass
class Block:
    """One structural unit; ``lines`` keep their PDF pages for citation."""

    kind: str  # heading | text | list | decision | table
    lines: list[Line] = field(default_factory=list)
    level: int = 0
    title: str = ""  # heading text
    lead: list[Line] = field(default_factory=list)  # list lead-in
    items: list[list[Line]] = field(default_factory=list)  # list items
    table: Table | None = None


def heading_level(text: str, width: int) -> int:
    """>0 when the line is a heading: its depth (1 for '4.' or caps, 2 for '4.2')."""
    t = " ".join(text.split())
    m = _MD_HEAD.match(t)
    if m:
        return len(m[1])
    core = re.sub(r"\s*\([^)]*\)$", "", t)  # '4. Summary of Key Points (this should include...)'
    if not core or len(core) > 100 or core.endswith((".", ",", ";")) or len(core) >= 0.8 * width:
        return 0
    if figures_row(core):
        return 0
    m = _NUM_HEAD.match(core)
    if m:
        return m[1].count(".") + 1 if _title_like(m[2], m[1].count(".") == 0) else 0
    letters = [c for c in core if c.isalpha()]
    if len(letters) >= 4 and core.isupper() and 2 <= len(core.split()) <= 14 and not _RESOLVED.match(core):
        return 1
    return 0


def figures_row(text: str) -> bool:
    """A table row's label and its figures ('TOTAL 237.3 347.7 282.9', 'CSSB 12.2 12.3 -0.1'),
    not a heading, though it is in capitals: three figures or more, and at least half its
    words. Taken for a heading, such a row became the section of every passage after it
    (6% of the archive's passages were cited under one) and went into their headers."""
    words = [w for w in text.split() if any(c.isalnum() for c in w)]  # not '-' or '&'
    figures = sum(bool(_FIGURE.fullmatch(w)) for w in words)
    return figures >= 3 and 2 * figures >= len(words)


def _title_like(rest: str, top: bool) -> bool:
    """'Peer Review', 'PURPOSE OF THE REPORT', 'Apologies' but not 'No risk issues were...'."""
    words = re.findall(r"[A-Za-z][\w'’-]*", rest)
    if not words or rest.lower().strip(" .") in _NOT_TITLES or len(words) > 14:
        return False
    if len(words) == 1:
        return top and len(words[0]) >= 4 and words[0][0].isupper()
    long = [w for w in words if len(w) >= 4]
    caps = sum(w[0].isupper() for w in long)
    return rest[0].isupper() and caps >= 0.5 * max(1, len(long))


def build_blocks(lines: list[Line], width: int) -> list[Block]:
    """Blocks in reading order; tables first, then the prose between them."""
    blocks: list[Block] = []
    pos = 0
    for start, end in find_table_runs(lines, width):
        blocks.extend(_prose(lines[pos:start], width))
        blocks.append(Block("table", lines[start:end], table=build_table(lines[start:end])))
        pos = end
    blocks.extend(_prose(lines[pos:], width))
    return blocks


def _prose(lines: list[Line], width: int) -> list[Block]:
    """Headings, paragraphs, lists and resolutions from non-table lines."""
    out: list[Block] = []
    cur: Block | None = None
    prev, prev_page, blank = "", None, False
    for ln in lines:
        text = ln.text.strip()
        if not text:
            blank = True
            continue
        if cur is not None and page_continues(prev, prev_page, ln.page, text):
            _extend(cur, ln)  # the sentence the last page broke off, whatever lies between
        else:
            cur = _step(out, cur, ln, text, "" if blank else prev, width)
        prev, prev_page, blank = text, ln.page, False
    return out


def page_continues(prev: str, prev_page: int | None, page: int, text: str) -> bool:
    """A page's first line continues the last page's sentence: the last line ended no
    sentence and this one opens in lower case ("…implemented in healthy living" / "centres
    in Dartford, Maidstone…"). The blank line or the short last line a page break leaves
    had split one sentence into two passages on two pages, neither findable by its whole."""
    return (prev_page is not None and page != prev_page and text[:1].islower()
            and not prev.rstrip().endswith((".", ":", ";", "?", "!")))


def _step(out: list[Block], cur: Block | None, ln: Line, text: str, prev: str, width: int) -> Block | None:
    """Feed one line; returns the block now open (already appended to ``out``).

    A line after a full-width line continues it, unless that line ended a
    sentence and this one is a heading.
    """
    prev_full = len(prev) >= 0.75 * width
    wrapped = cur is not None and prev_full and not prev.endswith((".", ":", ";", "?", "!"))
    level = 0 if wrapped else heading_level(text, width)
    if level:
        m = _MD_HEAD.match(text)
        shown = " ".join((m[2] if m else text).split())
        title = re.sub(r"\s*\([^)]{25,}\)$", "", shown)  # drop long form-guidance notes
        out.append(Block("heading", [Line(ln.page, shown)], level, title))
        return None
    if _RESOLVED.match(text):
        return _open(out, Block("decision", [ln]))
    bullet = _BULLET.match(text)
    if bullet and len(text) > len(bullet.group(0)):
        return _add_item(out, cur, ln)
    if cur is not None and prev_full and not (_NUM_PARA.match(text) and prev.endswith((".", ":"))):
        _extend(cur, ln)
        return cur
    if cur is not None and cur.kind == "decision" and re.match(r"^(\(\d+\)|that\b|to\b)", text, re.I):
        cur.lines.append(ln)
        return cur
    return _open(out, Block("text", [ln]))


def _open(out: list[Block], block: Block) -> Block:
    out.append(block)
    return block


def _extend(cur: Block, ln: Line) -> None:
    """A wrapped line continues the open paragraph or list item."""
    if cur.kind == "list":
        cur.items[-1].append(ln)
    else:
        cur.lines.append(ln)


def _add_item(out: list[Block], cur: Block | None, ln: Line) -> Block:
    """A bullet joins the open list, or opens one taking a ':'-ended paragraph as lead-in."""
    if cur is not None and cur.kind == "list":
        cur.items.append([ln])
        return cur
    block = Block("list", items=[[ln]])
    if cur is not None and cur.kind == "text" and out and out[-1] is cur:
        if cur.lines[-1].text.rstrip().endswith((":", ":-", "-", "–", "include", "including")):
            out.pop()
            block.lead = cur.lines
    return _open(out, block)


def join_lines(lines: list[Line]) -> str:
    """Wrapped lines back into one string (words are never re-hyphenated or dropped)."""
    return " ".join(" ".join(ln.text.split()) for ln in lines if ln.text.strip())
