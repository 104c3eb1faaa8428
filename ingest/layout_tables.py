"""Table rows as printed, from pypdf's layout mode: cells kept on their row.

Plain extraction (what chunks are built from) puts many tables one cell per line,
so "PC (inc MIT) / 136 / 172 / +36" loses its row. Layout mode keeps the columns
apart with runs of spaces. It costs more per page, so it is used on demand for the
few pages whose passages look tabular, not during ingest.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

_LOCK = threading.Lock()
_GAP = re.compile(r"\s{3,}")
_PAGE_LABEL = re.compile(r"\bPage \d+(?: of \d+)?\b")  # a running footer printed beside the last row
_NUMERIC = re.compile(r"^[+-]?\(?[£$€]?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)


def split_cells(line: str) -> list[str]:
    return [c.strip() for c in _GAP.split(line.strip()) if c.strip()]


def is_row(cells: list[str]) -> bool:
    """A table row: three or more cells with a number among them, or a label and its value."""
    if len(cells) == 2:
        return not _NUMERIC.match(cells[0]) and bool(_NUMERIC.match(cells[1]))
    return len(cells) >= 3 and any(_NUMERIC.match(c) for c in cells)


def rows_from_layout(text: str) -> list[str]:
    """Rows joined with ' | '; a wrapped label line ("recorded", "Modern Slavery")
    after a row is added to that row's label, since it belongs to the same row."""
    rows: list[list[str]] = []
    open_row = False
    for line in text.splitlines():
        cells = split_cells(_PAGE_LABEL.sub("", line))
        if not cells:
            continue
        if is_row(cells):
            rows.append(cells)
            open_row = True
        elif open_row and len(cells) <= 2 and not any(_NUMERIC.match(c) for c in cells) and len(line) - len(
                line.lstrip()) > 0 and sum(len(c) for c in cells) < 60:
            label = next((i for i, c in enumerate(rows[-1]) if not _NUMERIC.match(c)), 0)
            rows[-1][label] = f"{rows[-1][label]} {' '.join(cells)}"
        else:
            open_row = False
    return [" | ".join(r) for r in rows]


def page_rows(path: Path | str, page: int) -> list[str]:
    """Table rows of one 1-based PDF page; empty for other files or unreadable pages."""
    path = Path(path)
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return []
    try:
        return list(_rows(str(path), path.stat().st_mtime_ns, page))
    except Exception:  # noqa: BLE001 - a layout view is a nicety; the plain text still answers
        return []


@lru_cache(maxsize=1024)
def _rows(path: str, mtime_ns: int, page: int) -> tuple[str, ...]:
    with _LOCK:  # a PdfReader reads one file stream: one page at a time across threads
        text = _reader(path, mtime_ns).pages[page - 1].extract_text(extraction_mode="layout") or ""
    return tuple(rows_from_layout(text))


@lru_cache(maxsize=8)
def _reader(path: str, mtime_ns: int):
    """Parsed once per file version: re-reading a 90-page pack per question costs ~60 ms."""
    from pypdf import PdfReader

    return PdfReader(path)
