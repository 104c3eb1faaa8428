"""Where a report ends and its appendices (or a stretch's slide decks) begin.

Why: a report's own "Appendices" section is the only reliable statement of what
follows it ("Appendix A 'Neighbourhood Policing in Nottinghamshire'", "A.
Performance and Insight report"). We read that list, find where the appendix
material starts (an "APPENDIX A" line, the line after the list, or the page
after the Background Papers section) and place later appendices on the page
whose opening lines best match their listed titles.
"""

from __future__ import annotations

import re

from .layout import Line

_APPX_SECTION = re.compile(r"^\s*\d{1,2}\.?\s+Appendi(ces|x)\b\s*$", re.I)
_LISTED = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}\s+)?(?:Appendix\s+([A-Z]|\d{1,2})\b|([A-Z])\.)\s*[-–:]?\s*(.*)$"
)
_NUMBERED = re.compile(r"^\s*\d{1,2}\.\d{1,2}\s+(.+)$")
_NONE = re.compile(r"^\s*(?:\d{1,2}\.\d{1,2}\s+)?(n/?a|none|not applicable)\.?\s*$", re.I)
_BACKGROUND = re.compile(r"^\s*\d{1,2}\.?\s+Background (Papers|Documents)\b", re.I)
_HEADING = re.compile(r"^\s*(APPENDIX\b.*|Appendix\s*[-–:].*)$")
_STOP = {"the", "and", "for", "with", "from", "into", "report", "appendix", "this", "that"}

Part = tuple[int, int, str | None, str]  # start, end, label, title


def split_report(lines: list[Line], start: int, end: int) -> list[Part]:
    """Appendix ranges after a report body, or [] when it announces none."""
    head = next((i for i in range(start, end) if _APPX_SECTION.match(lines[i].text)), None)
    if head is None:
        return []
    listed, after = _listed(lines, head + 1, end)
    if not listed:
        return []
    tail = _tail_start(lines, after, end)
    if tail >= end:
        return []
    return _place(lines, tail, end, listed)


def _listed(lines: list[Line], i: int, end: int) -> tuple[list[tuple[str | None, str]], int]:
    """The entries of the Appendices section and the index after them."""
    listed: list[tuple[str | None, str]] = []
    while i < end:
        text = lines[i].text.strip()
        if not text:
            i += 1
            continue
        if _NONE.match(text):
            return [], i + 1
        m = _LISTED.match(text)
        n = _NUMBERED.match(text)
        if m and (m[3] or "").strip():
            listed.append((m[1] or m[2], m[3].strip(" '\"‘’")))
        elif n and not _HEADING.match(text):
            listed.append((None, n[1].strip()))
        else:
            break
        i += 1
    return listed, i


def _tail_start(lines: list[Line], i: int, end: int) -> int:
    """Appendix material starts now, or after the Background Papers section."""
    if i >= end or not _BACKGROUND.match(lines[i].text):
        return i
    page = lines[i].page
    for j in range(i + 1, end):
        if _HEADING.match(lines[j].text) or lines[j].page != page:
            return j
    return end


def _place(lines: list[Line], tail: int, end: int, listed) -> list[Part]:
    """First appendix at ``tail``; each later one on its best-matching page top."""
    starts = [tail]
    for _label, title in listed[1:]:
        best = _best_page(lines, starts[-1] + 1, end, title)
        if best is not None:
            starts.append(best)
    if len(starts) < len(listed):
        listed = listed[: len(starts) - 1] + [(listed[len(starts) - 1][0], listed[len(starts) - 1][1])]
    bounds = starts + [end]
    return [(bounds[k], bounds[k + 1], listed[k][0], _title(listed[k])) for k in range(len(starts))]


def _title(entry: tuple[str | None, str]) -> str:
    label, title = entry
    return f"Appendix {label}: {title}" if label else title


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}


def _best_page(lines: list[Line], lo: int, end: int, title: str) -> int | None:
    """The page top after ``lo`` whose first lines share most words with ``title``."""
    want = _words(title)
    best, best_score = None, 1
    for i in range(lo, end):
        if lines[i].page == lines[i - 1].page:
            continue
        opening = " ".join(ln.text for ln in lines[i : i + 6])
        score = len(want & _words(opening))
        if score > best_score:
            best, best_score = i, score
    return best


def deck_starts(lines: list[Line], start: int, end: int) -> list[int]:
    """Slide decks open with an overview slide: a page whose first lines say 'Overview'."""
    starts = [start]
    for i in range(start + 1, end):
        if lines[i].page == lines[i - 1].page:
            continue
        opening = " ".join(ln.text for ln in lines[i : i + 5])
        if re.search(r"\boverview\b", opening, re.I):
            starts.append(i)
    return starts
