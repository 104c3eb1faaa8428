"""Tables recovered from plain text, kept whole with their header row.

Why: pypdf's plain mode prints a table one cell per line ("IOM IDVA", "19,544",
"Redthread", "35,000"...), so a size-based splitter would cut a row from its
header and a figure from its label. We spot runs of short, partly numeric lines,
infer the column count from the repeating text/number pattern, and emit rows
as "cell | cell"; a long table is split by rows with the header repeated.
Tab-separated lines (DOCX, HTML, Markdown tables) give the columns directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line

_NUMERIC = re.compile(r"^[\s£$€(+\-–]*[\d][\d.,\s%()£$€kmKM/-]*$|^(n/?[ak]|nil|-|–|▲|▼|■[\s■]*|✓)$", re.I)
MIN_RUN = 6


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    row_pages: list[int]
    header_pages: list[int] = field(default_factory=list)

    def render_rows(self) -> list[str]:
        return [" | ".join(r) for r in self.rows]

    def render_header(self) -> str:
        return " | ".join(self.header)


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def is_cell_line(text: str, width: int) -> bool:
    """Short lines without sentence punctuation can be table cells."""
    t = text.strip()
    return bool(t) and len(t) <= max(28, min(60, width * 0.45)) and not t.endswith((".", ";", ":"))


def find_table_runs(lines: list[Line], width: int) -> list[tuple[int, int]]:
    """(start, end) of runs of cell lines that are at least 30% numbers, or tab rows."""
    runs, i = [], 0
    while i < len(lines):
        j = i
        tabbed = "\t" in lines[i].text
        while j < len(lines) and (("\t" in lines[j].text) if tabbed else is_cell_line(lines[j].text, width)):
            j += 1
        cells = [ln.text for ln in lines[i:j]]
        if tabbed and j - i >= 2:
            runs.append((i, j))
        elif j - i >= MIN_RUN and sum(map(is_numeric, cells)) >= 0.3 * len(cells):
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def build_table(lines: list[Line]) -> Table:
    """Rows and header for a run, from tabs when present, else from the cell pattern."""
    if "\t" in lines[0].text:
        rows = [[c.strip() for c in ln.text.split("\t")] for ln in lines]
        return Table(rows[0], rows[1:], [ln.page for ln in lines[1:]], [lines[0].page])
    cells = [ln.text.strip() for ln in lines]
    k = _columns(cells)
    header, rest = cells[:k], cells[k:]
    rows = [rest[r : r + k] for r in range(0, len(rest), k)]
    pages = [lines[k + r].page for r in range(0, len(rest), k)]
    return Table(header, rows, pages, [ln.page for ln in lines[:k]])


def _columns(cells: list[str]) -> int:
    """Column count whose rows best agree on which cells are numbers (1 if none fits).

    Agreement is the share of rows matching each column's majority kind, so one
    odd cell ("Up to 270,750") does not hide a clean two-column table.
    """
    kinds = [is_numeric(c) for c in cells]
    best_k, best_score = 1, 0.8
    for k in range(2, 8):
        body = kinds[k:]
        rows = [body[r : r + k] for r in range(0, len(body) - k + 1, k)]
        if len(rows) < 2:
            break
        cols = [[row[j] for row in rows] for j in range(k)]
        agree = sum(max(c.count(True), c.count(False)) / len(c) for c in cols) / k
        numeric = any(c.count(True) > len(c) / 2 for c in cols)
        if agree > best_score + 0.02 and numeric:
            best_k, best_score = k, agree
    return best_k


def split_table(table: Table, max_chars: int) -> list[tuple[str, list[int]]]:
    """Parts of at most ``max_chars`` (a single long row may exceed it), header in each."""
    header = table.render_header()
    parts: list[tuple[str, list[int]]] = []
    cur: list[str] = []
    pages: list[int] = list(table.header_pages)
    for row, page in zip(table.render_rows(), table.row_pages):
        if cur and len(header) + sum(len(r) + 1 for r in cur) + len(row) + 1 > max_chars:
            parts.append(("\n".join([header] + cur), sorted(set(pages))))
            cur, pages = [], []
        cur.append(row)
        pages.append(page)
    if cur or not parts:
        parts.append(("\n".join([header] + cur), sorted(set(pages))))
    return parts
