"""What to call a paper, and its body, when its first lines say nothing useful.

Why: an appendix, a budget presentation or a consultation report often opens with a
stray line ("to add up.", "Other", "Core External Total …") that became its title,
shown in the documents listing and citations and put into every chunk's context header
(``chunker.context_header``). Its file name is usually a better title. A running header
glues the date to the body ("County Council 13th March 2025"), or is only a date.

(A fallback body from the authority a paper names most was tried: no better on the
archive's dev split, and a body "Kent County Council" on a hundred appendices took the
scope of questions about "the County Council" from its minutes. Not kept.)
"""

from __future__ import annotations

import re
from pathlib import Path

from . import dates

# titles that say nothing of the paper: a label, a column heading, a page furniture word
_GENERIC_TITLE = re.compile(r"^(?:other|agenda|minutes|report|item(?: no)?|table of contents|contents|"
                            r"appendix(?: [a-z0-9]{1,3})?|annex(?: [a-z0-9]{1,3})?|capital|summary|[\W\d_]*)$", re.I)


def weak_title(title: str | None, body: str | None = None) -> bool:
    """A title that names nothing: empty, a generic label, a date, mostly figures, a column
    heading said twice ('Core External Total Core External Total'), a sentence's tail
    ('to add up.'), or only the body's own name."""
    text = " ".join((title or "").split())
    undated = _undated(text)
    words = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", undated)]
    figures = re.findall(r"\d[\d,.]*", undated)
    return (len(words) < 2 and not re.search(r"\d{4}", undated)) or bool(_GENERIC_TITLE.match(text)) \
        or text[:1].islower() or len(figures) > len(words) or len(set(words)) <= len(words) / 2 \
        or bool(body and text.lower() in (body.lower(), body.lower().removesuffix(" council")))


def _undated(text: str) -> str:
    """``text`` with every date in it cut out (last first, so earlier offsets stay valid)."""
    for _, start, end in sorted(dates.find_dates(text), key=lambda d: -d[1]):
        text = text[:start] + text[end:]
    return text


def file_title(file: str) -> str | None:
    """'Appendix O - MRP.pdf' → 'Appendix O - MRP', 'June-4-2024-Agenda.pdf' → 'June 4-2024 Agenda';
    None when the name is no better ('scan_0042')."""
    stem = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z0-9])|(?<=[0-9])-(?=[A-Za-z])", " ", Path(file).stem)  # word-word
    stem = re.sub(r"[_\s]+", " ", stem).strip()
    return None if weak_title(stem) else stem


_DOC_WORDS = re.compile(r"^(?:minutes|agenda|report|summons|notes|papers?|the|of|and|\W)*$", re.I)


def plain_body(body: str | None) -> str | None:
    """A body name without the date a running header glued to it ('County Council 13th March
    2025' → 'County Council'); None when nothing but a date or a document word is left
    ('July 11, 2023', 'Minutes'): no body is better than a wrong one."""
    if not body:
        return None
    body = " ".join(_undated(body).split()).strip(" -–,.:")
    body = re.sub(r"[\s:–-]*\bdate\s*$", "", body, flags=re.I)  # 'Full Council Date: 13 March 2025'
    return None if _DOC_WORDS.match(body) else body
