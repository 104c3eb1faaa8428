"""A cited passage as a reply lists it, and the part of it the list of sources shows.

The reply's ``citations`` carry the whole passage (``text``) for the API and the checks, and
an ``excerpt`` for a reader: a long minutes passage often opens on other business (the
motion quoted above the vote it answers), so the list shows the run of its lines the
answer's own sentences speak of.
"""

from __future__ import annotations

import re

from assistant.retrieve.hybrid import Hit
from assistant.text import terms
from ingest.titles import file_title

# a title that runs on as prose, one sentence into the next: a note printed atop every page
# ("Numbers rounded for clarity including totals. As a result, …") taken for the paper's title
_RUNNING_NOTE = re.compile(r"[a-z]{3,}[.!?]\s+[A-Z][a-z]")
NOTE_CHARS = 60  # ... and is long: "Section 25 Report. Annex" is a heading


def running_note(title: str | None) -> bool:
    """Does a stored title run on as prose, a page's printed note and not the paper's name?"""
    return bool(title) and len(title) > NOTE_CHARS and bool(_RUNNING_NOTE.search(title))


def shown_title(item_title: str | None, file: str) -> str:
    """The title a source is listed by: its item's, unless that runs on as prose, when the
    file's name says better what the paper is ("February 2025 Kent County Council Budget
    Report"). Display only: the stored title, in every passage's header, is left as read."""
    if item_title and not running_note(item_title):
        return item_title
    return file_title(file) or file


def citation(n: int, hit: Hit, said: str = "") -> dict:
    """A cited passage as the reply lists it; ``said``: the answer's sentences citing it, whose
    part of the passage is its ``excerpt`` (a long minutes passage opens on other business)."""
    c = hit.chunk
    return {"n": n, "document_id": c.document_id, "file": c.file, "title": shown_title(c.item_title, c.file),
            "item": c.item_number, "section": c.section, "page": c.page, "page_label": c.page_label,
            "text": c.text, "excerpt": excerpt(c.text, said), "score": round(float(hit.score), 4),
            "chunk_id": c.chunk_id, "ocr": bool(getattr(c, "ocr", False)), "heads": list(hit.heads)}


EXCERPT_CHARS = 300  # as much of a passage as the list of sources shows


def excerpt(text: str, said: str, width: int = EXCERPT_CHARS) -> str:
    """The run of the passage's lines, at most ``width`` characters, sharing most words with
    what the answer says of it (the first such run; the opening when nothing is said): the
    vote's own lines, not the motion quoted above them. Cut lines are marked "…"."""
    # a line longer than the excerpt (a vote's sixty names on one line) is read in pieces, so
    # the run shown can open where the answer's words are, not only at the line's start
    lines = [piece for ln in text.splitlines() if ln.strip() for piece in _pieces(ln.strip(), width // 2)]
    want = set(terms(said))
    line_terms = [want & set(terms(ln)) for ln in lines]
    # a word on many of the passage's lines says little of which run is meant: "Mr" is on every
    # line of a vote's names, "Hook" on the one that answers "how did Mr Hook vote?"
    spread = {t: sum(t in held for held in line_terms) or 1 for t in want}

    def shared(held: set[str]) -> float:
        return sum(1.0 / spread[t] for t in held)

    best, best_hits = 0, (-1.0, -1.0)
    for i in range(len(lines)):
        # most (rare) words shared, then a window opening on a line that shares some (not on the one before)
        hits = (shared(want & set(terms(_window(lines, i, width)))), shared(line_terms[i]))
        if hits > best_hits:
            best, best_hits = i, hits
    window = _window(lines, best, width)
    shown = (("… " if best else "") + window)
    return shown if len(window) >= len(" ".join(lines[best:])) else shown.rstrip() + " …"


def _pieces(line: str, size: int) -> list[str]:
    """A line as runs of whole words of about ``size`` characters (itself when short)."""
    if len(line) <= 2 * size:
        return [line]
    out, run = [], ""
    for word in line.split():
        if run and len(run) + 1 + len(word) > size:
            out.append(run)
            run = word
        else:
            run = f"{run} {word}".strip()
    return out + ([run] if run else [])


def _window(lines: list[str], start: int, width: int) -> str:
    """Lines from ``start`` joined up to ``width`` characters (a long line cut at a word)."""
    out = ""
    for line in lines[start:]:
        joined = f"{out} {line}".strip()
        if len(joined) > width:
            return out or line[:width].rsplit(" ", 1)[0]
        out = joined
    return out


def cited_documents(reply: dict) -> list[str]:
    """The documents an answer cites, first cited first; none for an abstention (its
    citations are only the closest passages). A follow-up searches these first."""
    return [] if reply["abstained"] else [c["document_id"] for c in reply["citations"]]
