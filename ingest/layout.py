"""Page furniture: printed page labels and running headers/footers.

Why: a pack prints "Strategic Resources and Performance Meeting - 19 May 2021" and
"Page 70" on every page. Left in, that line would sit inside every chunk (wasting
the embedder's 256 word pieces and matching every query about the meeting), so
we lift it out of the body text; kept aside, it is the best source of the
meeting's body and date, and the label is what a reader cites ("p. 70").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .models import Page

_LABEL = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
_PAGE_WORD = re.compile(r"^page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)
_PAGE_NUMBERED = re.compile(r"\bpage\s+\d{1,4}\b", re.I)
# a running head that ends with its page number, "Minutes – June 10, 2025 – Page 2": on a
# two-page paper no edge line repeats on the three pages furniture needs, so it stays in the
# text (its date is read there), but it is no sentence to quote (``is_running_head``)
_TITLED_LABEL = re.compile(r"^.{3,60}\s[–—-]\s*page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$", re.I)


def is_running_head(line: str) -> bool:
    return bool(_TITLED_LABEL.match(_norm(line)))
_EDGE = 3  # lines at the top and bottom of a page that may be furniture
_SHORT = 90  # a short edge line repeated on most pages is furniture
_LONG_PAGES = 0.8  # a long one must repeat on this share of pages: a legal footer ("© 2024 KPMG LLP, an Ontario …")


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
    furniture_lines: int = 0  # lines lifted out as furniture (counted in the parse report)
    furniture_chars: int = 0


def analyse(pages: list[Page]) -> Layout:
    """Label each page, strip repeated edge lines, and return the body lines."""
    page_lines = [[ln.rstrip() for ln in p.text.splitlines()] for p in pages]
    repeated = _repeated_edges(page_lines)
    lines: list[Line] = []
    running: Counter[str] = Counter()
    dropped = dropped_chars = 0
    for page, raw in zip(pages, page_lines):
        body, label, furniture = _split_page(raw, repeated)
        page.label = page.label or label
        running.update(f for f in furniture if not _LABEL.match(_norm(f)))
        dropped += len(furniture)
        dropped_chars += sum(content_chars(f) for f in furniture)
        lines.extend(Line(page.number, t) for t in body)
    return Layout(lines, [t for t, _ in running.most_common()], _typical_width(lines), dropped, dropped_chars)


def content_chars(text: str) -> int:
    """Letters and digits: what the parse report counts (spacing and punctuation vary by tool)."""
    return sum(1 for ch in text if ch.isalnum())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shape(text: str) -> str:
    """Digits folded so 'Page 7' and 'Page 70' count as the same furniture line."""
    return re.sub(r"\d+", "#", _norm(text)).lower()


def _key(text: str) -> str:
    """What must repeat for a line to be furniture: the exact text, digits folded only
    for page labels and long lines. Folding every short line's digits took template lines
    that differ only in their numbers ("Decision No: 24/00096") for a running header (issue
    13); a long footer carries its page number glued on ("13Document Classification: KPMG
    Public© 2024 KPMG LLP, …")."""
    norm = _norm(text)
    folded = _LABEL.match(norm) or _PAGE_NUMBERED.search(norm) or len(norm) > _SHORT
    return _shape(norm) if folded else norm.lower()


def _edge_positions(raw: list[str]) -> list[tuple[int, tuple[int, int]]]:
    """(index, (position from top, position from bottom)) of a page's first and last few non-blank lines."""
    nonblank = [i for i, t in enumerate(raw) if t.strip()]
    n = len(nonblank)
    picked = sorted(set(range(min(_EDGE, n))) | set(range(max(0, n - _EDGE), n)))
    return [(nonblank[j], (j, j - n)) for j in picked]


def _repeated_edges(page_lines: list[list[str]]) -> set[tuple[int, str]]:
    """(position, key) of edge lines found at that position on most pages (and on 3+).
    A long line must be a page's first or last and repeat on nearly every page: a sentence
    of body text repeated is content, a legal footer on every slide is not. Furniture is kept
    aside (``Layout.running``), so an exempt banner is still read from it."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[tuple[int, str, bool]] = Counter()  # (position, key, long)
    for raw in page_lines:
        seen = set()
        for i, positions in _edge_positions(raw):
            key, long = _key(raw[i]), len(_norm(raw[i])) > _SHORT
            # a long line only as a page's very first or last: the outermost line is where a footer sits
            seen.update((pos, key, long) for pos in positions if not long or pos in (0, -1))
        counts.update(seen)
    need = max(3, len(page_lines) // 2 + 1)
    need_long = max(3, math.ceil(len(page_lines) * _LONG_PAGES))
    return {(pos, key) for (pos, key, long), n in counts.items() if key and n >= (need_long if long else need)}


def _split_page(raw: list[str], repeated: set[tuple[int, str]]) -> tuple[list[str], str | None, list[str]]:
    """Separate furniture (repeated edge lines, page labels) from body lines; a page
    whose every line looks like furniture keeps them all but its label."""
    drop: set[int] = set()
    labels: set[int] = set()
    label = None
    for i, positions in _edge_positions(raw):
        text = _norm(raw[i])
        is_repeated = any((pos, _key(text)) in repeated for pos in positions)
        is_label = bool(_PAGE_WORD.match(text)) or (is_repeated and bool(_LABEL.match(text)))
        if is_label:
            labels.add(i)
            label = label or text
        if is_label or is_repeated:
            drop.add(i)
    if all(i in drop for i, t in enumerate(raw) if t.strip()):
        drop = labels  # never a page's only content
    body = [t for i, t in enumerate(raw) if i not in drop]
    furniture = [_norm(raw[i]) for i in sorted(drop)]
    return body, label, furniture


def _typical_width(lines: list[Line]) -> int:
    """The 90th-percentile line length: wrapped prose lines run to about this width."""
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    if not lengths:
        return 100
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])
