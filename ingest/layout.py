"""Page furniture: printed page labels and running headers/footers.

Why: a pack prints "Strategic Resources and Performance Meeting - 19 May 2021" and
"Page 70" on every page. Left in, that line would sit inside every chunk (wasting
the embedder's 256 word pieces and matching every query about the meeting), so
we lift it out of the body text; kept aside, it is the best source of the
meeting's body and date, and the label is what a reader cites ("p. 70").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .models import Page

_LABEL = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
_PAGE_WORD = re.compile(r"^page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
_EDGE = 3  # lines at the top and bottom of a page that may be furniture


@dataclass
class Line:
    """One body line of the document, tagged with the PDF page it came from."""

    page: int
    text: str


@dataclass
class Layout:
    """Body lines with furniture removed, plus what the furniture said."""

    lines: list[Line]
    running: list[str] = field(default_factory=list)  # repeated header/footer texts, most common first
    width: int = 100  # typical full line length, for paragraph joining


def analyse(pages: list[Page]) -> Layout:
    """Label each page, strip repeated edge lines, and return the body lines."""
    page_lines = [[ln.rstrip() for ln in p.text.splitlines()] for p in pages]
    repeated = _repeated_edges(page_lines)
    lines: list[Line] = []
    running: Counter[str] = Counter()
    for page, raw in zip(pages, page_lines):
        body, label, furniture = _split_page(raw, repeated)
        page.label = page.label or label
        running.update(f for f in furniture if not _LABEL.match(_norm(f)))
        lines.extend(Line(page.number, t) for t in body)
    return Layout(lines, [t for t, _ in running.most_common()], _typical_width(lines))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shape(text: str) -> str:
    """Digits folded so 'Page 7' and 'Page 70' count as the same furniture line."""
    return re.sub(r"\d+", "#", _norm(text)).lower()


def _edge_indices(raw: list[str]) -> list[int]:
    """Indices of the first and last few non-blank lines of a page."""
    nonblank = [i for i, t in enumerate(raw) if t.strip()]
    return sorted(set(nonblank[:_EDGE] + nonblank[-_EDGE:]))


def _repeated_edges(page_lines: list[list[str]]) -> set[str]:
    """Shapes of edge lines present on at least half the pages (and on 3+ pages)."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for raw in page_lines:
        counts.update({_shape(raw[i]) for i in _edge_indices(raw)})
    need = max(3, (len(page_lines) + 1) // 2)
    return {s for s, n in counts.items() if n >= need and len(s) > 0}


def _split_page(raw: list[str], repeated: set[str]) -> tuple[list[str], str | None, list[str]]:
    """Separate furniture (repeated edge lines, page labels) from body lines."""
    drop: set[int] = set()
    label = None
    for i in _edge_indices(raw):
        text = _norm(raw[i])
        is_label = bool(_PAGE_WORD.match(text)) or (_shape(text) in repeated and bool(_LABEL.match(text)))
        if is_label and label is None:
            label = text
        if is_label or _shape(text) in repeated:
            drop.add(i)
    body = [t for i, t in enumerate(raw) if i not in drop]
    furniture = [_norm(raw[i]) for i in sorted(drop)]
    return body, label, furniture


def _typical_width(lines: list[Line]) -> int:
    """The 90th-percentile line length: wrapped prose lines run to about this width."""
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    if not lengths:
        return 100
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])
