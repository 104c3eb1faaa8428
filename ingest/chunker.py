"""Blocks → chunks that follow the document: sections, lists, tables, resolutions.

Why these rules: the embedder (MiniLM) reads at most 256 word pieces and
silently truncates, so no chunk may exceed ``max_chars`` (~900); each text is
embedded once, so there is no overlap; a chunk belongs to one section of one
item, so its heading path and page are a faithful citation. Small sections are
merged (up to ``min_chars``) only with their own subsections; lists stay with
their lead-in; tables stay whole or are split by rows with the header repeated;
a "RESOLVED 2021/007" stays with its minute heading and its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, join_lines
from .dates import human_date
from .layout import Line
from .refs import find_refs
from .tables import split_table
from .titles import file_title

# a table's caption printed as text ("Table 6.1 – Proposed Council Tax Increases by Band"), and a
# row of it: a short label, then two figures or more
_CAPTION = re.compile(r"^\s*(?:Table|Figure|Chart)\s+\d+(?:\.\d+)*[a-z]?\s*[–—:.-]\s*\S", re.I)
_ROW = re.compile(r"^\s*\S.{0,60}?(?:\s+[-–(£$]?\d[\d,./%)]*){2,}\s*$")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\"'‘“0-9])")


@dataclass
class Piece:
    """A unit the packer may put in a chunk; never split further."""

    text: str
    pages: list[int]
    kind: str  # heading | text | list | decision | table


@dataclass
class Draft:
    """A chunk before ids and metadata: text pieces plus the section they sit in."""

    pieces: list[Piece] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    top: int = 0  # heading level the draft started under (0 = before any heading)

    @property
    def size(self) -> int:
        return sum(len(p.text) + 1 for p in self.pieces)

    def has_content(self) -> bool:
        return any(p.kind != "heading" for p in self.pieces)


def pack(blocks: list[Block], max_chars: int, min_chars: int) -> list[Draft]:
    """Greedy packing of pieces into drafts, flushing at section and size limits."""
    out: list[Draft] = []
    stack: list[tuple[int, str]] = []
    cur = Draft()
    caption = ""  # the table caption printed as text that the rows now packed sit under
    for block in blocks:
        if block.kind == "heading":
            cur = _on_heading(out, cur, stack, block, min_chars)
            caption = ""
            continue
        for piece in pieces_of(block, max_chars):
            cur = _add(out, cur, piece, stack, max_chars, caption if _ROW.match(piece.text) else "")
            caption = _caption_after(caption, piece.text)
    _flush(out, cur)
    return out


def _caption_after(caption: str, text: str) -> str:
    """The caption rows packed next sit under: one this piece prints, else the last one,
    until a paragraph of prose (twelve words or more, no row) ends the table."""
    found = next((ln.strip() for ln in text.splitlines() if _CAPTION.match(ln)), None)
    if found:
        return found[:200]
    return "" if len(text.split()) >= 12 and not _ROW.match(text) else caption


def _on_heading(out: list[Draft], cur: Draft, stack, block: Block, min_chars: int) -> Draft:
    """Pop deeper headings; start a new draft unless the open one is tiny and this is a subsection."""
    while stack and stack[-1][0] >= block.level:
        stack.pop()
    stack.append((block.level, block.title))
    staying = cur.has_content() and cur.size < min_chars and block.level > cur.top > 0
    if cur.has_content() and not staying:
        _flush(out, cur)
        cur = Draft()
    if not cur.pieces:
        cur.top = block.level
    cur.pieces.append(Piece(block.lines[0].text, [block.lines[0].page], "heading"))
    return cur


def _add(out: list[Draft], cur: Draft, piece: Piece, stack, max_chars: int, caption: str = "") -> Draft:
    """Append a piece, flushing first when it would overflow; tables close their chunk.
    ``caption``: the table caption a row piece sits under, repeated atop the chunk the row
    opens ("B 7/9 1,252.86 1,315.37 65.21" says which table only under "Table 6.1 – Proposed
    Council Tax Increases by Band"), as a split table repeats its header."""
    if cur.pieces and (cur.size + len(piece.text) > max_chars or (piece.kind == "table" and cur.has_content())):
        _flush(out, cur)
        cur = Draft(top=cur.top)
        if caption:
            cur.pieces.append(Piece(f"{caption} …", piece.pages, "text"))
    if not cur.has_content():
        cur.section = [t for _, t in stack]
    cur.pieces.append(piece)
    if piece.kind == "table":
        _flush(out, cur)
        cur = Draft(top=cur.top)
    return cur


def _flush(out: list[Draft], cur: Draft) -> None:
    """Keep every non-empty draft, even a lone heading: no text may be dropped."""
    if cur.pieces:
        if not cur.has_content():
            cur.section = cur.section or [p.text for p in cur.pieces]
        out.append(cur)


# ----------------------------------------------------------------------- pieces


def pieces_of(block: Block, max_chars: int) -> list[Piece]:
    """A block as pieces that each fit ``max_chars`` (save a single unsplittable row)."""
    if block.kind == "table":
        return [Piece(t, p, "table") for t, p in split_table(block.table, max_chars)]
    if block.kind == "list":
        return _list_pieces(block, max_chars)
    return _line_pieces(block.lines, max_chars, block.kind)


def _line_pieces(lines: list[Line], max_chars: int, kind: str, prefix: str = "") -> list[Piece]:
    """Whole paragraph if it fits, else runs of lines, else sentences of one long line."""
    text = join_lines(lines)
    if len(prefix) + len(text) <= max_chars:
        return [Piece(prefix + text, sorted({ln.page for ln in lines}), kind)]
    out: list[Piece] = []
    run: list[Line] = []
    for ln in lines:
        if run and len(prefix) + len(join_lines(run + [ln])) > max_chars:
            out.append(Piece(prefix + join_lines(run), sorted({x.page for x in run}), kind))
            run = []
        if len(ln.text) > max_chars:
            out.extend(Piece(t, [ln.page], kind) for t in split_long(ln.text, max_chars))
        else:
            run.append(ln)
    if run:
        out.append(Piece(prefix + join_lines(run), sorted({x.page for x in run}), kind))
    return out


def _list_pieces(block: Block, max_chars: int) -> list[Piece]:
    """Lead-in plus bullets; an overlong list is cut between bullets, lead-in repeated."""
    lead = join_lines(block.lead)
    items = [(join_lines(it), sorted({ln.page for ln in it})) for it in block.items]
    pages = sorted({ln.page for ln in block.lead})
    text, parts = lead, []
    again = lead[:200] + " …" if lead else ""  # the lead-in repeated before later items
    for item, ipages in items:
        if len(item) > max_chars:
            if text and text != again:  # a repeated lead-in alone would end the chunk before
                parts.append(Piece(text, pages, "list"))
            parts.extend(Piece(t, ipages, "list") for t in split_long(item, max_chars))
            text, pages = again, []
            continue
        if text and len(text) + len(item) + 1 > max_chars:
            parts.append(Piece(text, pages, "list"))
            text, pages = again, []
        text = f"{text}\n{item}" if text else item
        pages = sorted(set(pages) | set(ipages))
    if text and (text != again or not parts):
        parts.append(Piece(text, pages or items[-1][1], "list"))
    return parts


def split_long(text: str, max_chars: int) -> list[str]:
    """Sentences packed up to ``max_chars``; words as the last resort."""
    out, cur = [], ""
    for unit in _SENTENCE.split(" ".join(text.split())):
        words = [unit] if len(unit) <= max_chars else unit.split(" ")
        for w in words:
            if cur and len(cur) + 1 + len(w) > max_chars:
                out.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
    if cur:
        out.append(cur)
    return out


def chunk_kind(draft: Draft) -> str:
    kinds = {p.kind for p in draft.pieces}
    for k in ("table", "decision", "list"):
        if k in kinds:
            return k
    return "text"


def chunk_refs(text: str) -> list[str]:
    """Reference keys, resolution numbers first so a RESOLVED chunk leads with them."""
    keys = find_refs(text)
    resolved = [k for k in find_refs(" ".join(re.findall(r"RESOLVED\s+\S+", text)))]
    return list(dict.fromkeys(resolved + keys))


# ----------------------------------------------------------------- context header

CONTEXT_MAX = 240  # characters: MiniLM reads ~256 word pieces, the passage must keep most of them


def context_header(title: str | None, chunk) -> str:
    """'Title · Body · 2025-02-13 · Item 5: Budget · Section > Subsection' for one chunk.

    Why: a table cell or a short paragraph rarely repeats the words a user asks with
    (the grant, the board, the year); those sit in the document and item titles.
    Embedding and keyword-indexing the passage with this header lets them match,
    while citations keep showing the passage's own text."""
    item = " ".join(x for x in (f"Item {chunk.item_number}" if chunk.item_number else None, chunk.item_title) if x)
    parts = [title, chunk.body, human_date(chunk.meeting_date),
             str(chunk.doc_type) if chunk.doc_type != "other" else None, item, chunk.section]
    kept: list[str] = []
    for part in (" ".join(str(p).split()) for p in parts if p):
        low = part.lower()
        if any(low in k.lower() for k in kept):
            continue  # already said ("Item 8 Make Notts Safe Plan" holds the title)
        kept = [k for k in kept if k.lower() not in low] + [part]
    return _cut(" · ".join(kept), CONTEXT_MAX)


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, ending at a word: a header cut mid-token
    ("held on 10th March 202") would index a year the paper never printed."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    return head.rsplit(" ", 1)[0].rstrip(" ·") if " " in head else text[:limit]



def add_context(doc) -> None:
    """Give every chunk of a parsed document its context header (see ``context_header``).

    The title is the document's, with its file name's words added when they name what the
    title does not ('2026 Budget Report Levy Increase: 3.40%' is the file
    'Township-of-Nipissing-2026-Budget-Draft-presentation.pdf': the township and 'draft')."""
    title = titled_with_file(doc.title, doc.file)
    for chunk in doc.chunks:
        chunk.context = context_header(title, chunk)


def titled_with_file(title: str | None, file: str) -> str | None:
    """The title, then the file name's title when it holds a word the title lacks."""
    named = file_title(file)
    if not named:
        return title
    have = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", title or "")}
    new = [w for w in re.findall(r"[A-Za-z]{3,}", named) if w.lower() not in have and w.lower() not in _FILE_NOISE]
    return f"{title} ({named})" if title and new else (title or named)


_FILE_NOISE = {"pdf", "final", "amended", "draft", "the", "and", "for", "with", "copy", "version", "updated"}


def index_text(chunk) -> str:
    """The ONE text keyword-indexed for a chunk: its header, then its text (embedded as one
    text by default, ``embedding.header = "joined"``; with ``"pooled"`` the vector pools the
    two, ``Store.embed_chunks``).

    Chunks stored before headers existed have none and index as their text alone."""
    header = getattr(chunk, "context", None) or ""
    return f"{header}\n{chunk.text}" if header else chunk.text
