"""A cited page as a picture, with the cited passage boxed where it is printed.

Why from the PDF's own text layout: the stored passage text is what the parser read from
the page, and pdfium reports a box for every character it reads. Matching the passage
against the page's characters (case, spaces and punctuation ignored, so line breaks and
hyphenation do not matter) gives the exact characters, and their boxes, merged per line,
are the highlight. Nothing is guessed from font sizes or a fixed offset.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PIECE = 40  # normalised characters per probe when the whole passage is not on the page
HIGHLIGHT = (255, 214, 0, 90)  # RGBA fill
OUTLINE = (214, 120, 0, 255)


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    left: float
    bottom: float
    right: float
    top: float


def _normalise(chars: list[str]) -> tuple[str, list[int]]:
    """Lowercased letters and digits only, with each one's index in ``chars``."""
    out, where = [], []
    for i, ch in enumerate(chars):
        if ch.isalnum():
            out.append(ch.lower())
            where.append(i)
    return "".join(out), where


_SEGMENT = re.compile(r"[\n;:()\[\]]+")
MIN_SEGMENT = 6  # normalised characters; shorter pieces ("3", "of") match anywhere


def _find_all(page_norm: str, want: str, cursor: int) -> list[tuple[int, int]]:
    """Where one segment is printed: whole, else its ``PIECE``-long probes in order."""
    for begin in (cursor, 0):
        at = page_norm.find(want, begin)
        if at >= 0:
            return [(at, at + len(want) - 1)]
    found, cursor = [], 0
    for start in range(0, len(want), PIECE):
        probe = want[start:start + PIECE]
        hit = page_norm.find(probe, cursor) if len(probe) >= 12 else -1
        if hit >= 0:
            found.append((hit, hit + len(probe) - 1))
            cursor = hit + len(probe)
    return found


def match_spans(page_chars: list[str], passage: str) -> list[tuple[int, int]]:
    """(first, last) character indexes on the page of the parts of ``passage`` printed there.

    The whole passage first. Else line by line and clause by clause: a passage that runs
    onto the next page, a table read cell by cell, or a register entry the parser put
    together from a heading and a resolution still boxes the parts printed here."""
    page_norm, where = _normalise(page_chars)
    whole, _ = _normalise(list(passage))
    if not whole or not page_norm:
        return []
    at = page_norm.find(whole)
    if at >= 0:
        return [(where[at], where[at + len(whole) - 1])]
    spans, cursor = [], 0
    for segment in _SEGMENT.split(passage):
        want, _ = _normalise(list(segment))
        if len(want) < MIN_SEGMENT:
            continue
        for first, last in _find_all(page_norm, want, cursor):
            spans.append((where[first], where[last]))
            cursor = last + 1
    return spans


def _line_boxes(boxes: list[Box]) -> list[Box]:
    """Merge character boxes that share a line into one box per line."""
    lines: list[Box] = []
    for b in boxes:
        if b.right <= b.left or b.top <= b.bottom:
            continue
        last = lines[-1] if lines else None
        mid = (b.top + b.bottom) / 2
        if last and last.bottom <= mid <= last.top and b.left >= last.left - 2:
            lines[-1] = Box(min(last.left, b.left), min(last.bottom, b.bottom),
                            max(last.right, b.right), max(last.top, b.top))
        else:
            lines.append(b)
    return lines


def _page_chars(textpage) -> list[str]:
    import pypdfium2.raw as raw

    return [chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(textpage.count_chars())]


def passage_boxes(pdf_path: str | Path, number: int, passage: str) -> list[Box]:
    """Line boxes of ``passage`` on page ``number`` (1-based); [] when it is not there."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[number - 1]
        textpage = page.get_textpage()
        boxes: list[Box] = []
        for first, last in match_spans(_page_chars(textpage), passage):
            boxes += _line_boxes([Box(*textpage.get_charbox(i)) for i in range(first, last + 1)])
        return boxes
    finally:
        pdf.close()


@lru_cache(maxsize=64)
def render_png(pdf_path: str, number: int, passage: str = "", scale: float = 1.5) -> bytes:
    """PNG of page ``number`` at ``scale`` x 72 dpi, the passage (if any) boxed.

    Cached: a reader paging back and forth, or several citations of one page, render once."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        if not 1 <= number <= len(pdf):
            raise ValueError(f"page {number} is outside 1..{len(pdf)}")
        page = pdf[number - 1]
        height = page.get_height()
        image = page.render(scale=scale).to_pil().convert("RGBA")
    finally:
        pdf.close()
    boxes = passage_boxes(pdf_path, number, passage) if passage.strip() else []
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for b in boxes:
            rect = [b.left * scale - 2, (height - b.top) * scale - 2, b.right * scale + 2, (height - b.bottom) * scale + 2]
            draw.rectangle(rect, fill=HIGHLIGHT, outline=OUTLINE, width=2)
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()
