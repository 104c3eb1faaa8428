"""A table's period heads, and its rows paired with them.

Why: a budget slide or a strategy's table prints its column heads ("2025-26 Budget",
"Mar-26", "31.3.27") once, above rows of bare figures; a row alone ("Borrowing 35.0 40.4
45.2") says no period, so no question naming one can meet it. ``with_heads`` writes each
row as "label — head: figure · head: figure", which the composer, the verifier and the
period checks (``assistant.answer.periods``) all read; ``period_heads`` and
``starts_with_row`` let a passage opening with rows borrow the heads the passage before it
printed (``assistant.store.page_rows``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text import CELL, MONTHS, VALUES_ROW

_LABEL_FIGURES = 2  # figures a row label may print ("Aged 23 to 24"): past the heads' count, the label's
_GROUP_WORDS = 6  # a table's group label over its rows is a few words, with no figure
_DIGIT_ANY = re.compile(r"\d")


# a month head: "Dec-24", "Mar-2026" (month, year); the composer reads the period it names
MONTH_HEAD = re.compile(r"\b([A-Z][a-z]{2})-(\d{2}|\d{4})\b")
# the forms a column head naming a period takes; a table's heads share one form
_HEAD_FORMS = tuple((name, re.compile(p)) for name, p in (
    ("date", r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"),  # 31.3.27
    ("fy", r"(?:19|20)\d{2}[-/]\d{2,4}"),  # 2025-26, 2025/26
    ("year", r"(?:19|20)\d{2}"),  # 2027
    ("month", MONTH_HEAD.pattern),  # Dec-24
    ("quarter", r"Q[1-4]"),
))
_QUALIFIERS = 3  # words a head may carry: "2025-26 budget", "2024-25 forecast outturn", "2022-23 Revised from November"


def _head_form(word: str) -> str | None:
    return next((name for name, pattern in _HEAD_FORMS if pattern.fullmatch(word)), None)


def _glued(text: str) -> str:
    """A table's head line as extraction left it, made one line of heads again: cells
    split by "|" or line breaks, and "Dec\n-24", "Mar- | 25" broken inside a head."""
    flat = re.sub(r"\s*\|\s*", " ", " ".join(text.splitlines()))
    return re.sub(r"\b([A-Z][a-z]{2})\s*-\s*(\d{2,4})\b", r"\1-\2", flat)


def _tail_heads(words: list[str]) -> tuple[list[str], int]:
    """The run of period heads of one form ending ``words``, each with up to two lower-case
    words after it ("2025-26 budget"), and how many words it takes."""
    heads: list[str] = []
    quals: list[str] = []
    form, i = None, len(words) - 1
    while i >= 0:
        word, kind = words[i], _head_form(words[i])
        # between two heads a qualifier may be capitalised ("2022-23 Original from April
        # 2022-23 Revised from November 2023-24"); after the last one, only lower case: a
        # sentence's "… in 2024 and 2025 Council" is no head's word
        if kind is None and word.isalpha() and (word.islower() or heads) and len(quals) < _QUALIFIERS:
            quals.insert(0, word)
        elif kind is not None and form in (None, kind):
            form = kind
            heads.insert(0, " ".join([word, *quals]))
            quals = []
        else:
            break
        i -= 1
    taken = len(words) - (i + 1) - len(quals)
    return (heads, taken) if len(heads) >= 2 else ([], 0)


def period_heads(text: str) -> list[str]:
    """The period heads a text ends with, as a table prints them above its rows: the end of
    the passage before a table's rows ("… Dec-24 Mar-25 … Dec-27", "2023-24 actual …
    2027-28 budget"); none when it ends otherwise."""
    return _tail_heads(_glued(text).split())[0]


def with_heads(paras: list[str], heads: list[str] | None = None) -> list[str]:
    """Flattened table rows paired with the period heads above them: "Loans CFR 1,117.6 …
    1,132.8" under "31.3.24 … 31.3.27" reads "Loans CFR — 31.3.24: 1,117.6 · … · 31.3.27: 1,132.8".
    Each figure is copied as printed, beside the column it sits in, so a question about
    31 March 2027 meets its own figure; rows whose count of figures differs are left alone.
    ``heads``: those the passage before printed, for rows a passage starts with."""
    out = []
    for para in paras:
        words = para.split()
        found, taken = _tail_heads(words)
        if not (found and taken == len(words)):
            found, taken = _head_row(words)
        if found:
            heads = found
            if taken == len(words):
                out.append(para)
                continue
            out.append(" ".join(words[:taken]))  # the head row; the rows printed after it on its line follow
            words = words[taken:]
            para = " ".join(words)
        rows = _rows_of(words)
        if heads and rows and all(_change_column(heads, cells) for _, cells in rows):
            # a row printing its change after the periods ("717,300.00$ 841,100.00$ 17%") under heads naming none
            out += [_paired(label, [*heads, CHANGE_HEAD], cells) for label, cells in rows]
            continue
        if heads and rows and all(0 <= len(cells) - len(heads) <= _LABEL_FIGURES and _fits(heads, cells)
                                  for _, cells in rows):
            # a row's first figures beyond the heads are its label's ("Aged 23 to 24 £7.70 …")
            rows = [(" ".join([label, *cells[:len(cells) - len(heads)]]), cells[len(cells) - len(heads):])
                    for label, cells in rows]
            out += [_paired(label, heads, cells) for label, cells in rows]
            continue
        out.append(para)
    return out


def _paired(label: str, heads: list[str], cells: list[str]) -> str:
    """A row as the composer reads it (``answer.periods.paired_row``): "Loans CFR — 31.3.24: 1,117.6 · …"."""
    return f"{label} — " + " · ".join(f"{h}: {c}" for h, c in zip(heads, cells))


_HEAD_LABEL = 3  # words a head row may open with before its periods ("Department Description")
CHANGE_HEAD = "%"  # a budget slide's change column, as its head row prints it (``answer.periods.CHANGE``)


def _head_row(words: list[str]) -> tuple[list[str], int]:
    """The period heads of a line that is a table's head row with words around them, as a
    budget slide prints it, and how many words they take: "Department Description 2025
    Actual 2026 Budget % 2025 Actual 2026 Budget" (a label, capitalised heads, a "%" column,
    and the same heads again over the table's other half) reads [2025 Actual, 2026 Budget,
    %]. When the repeated half shows where the heads end, a row may follow on the same line
    ("… 2026 Budget Interest Earned (investments) 173,799.63$ …"). ([], 0) for any other line."""
    at = 0
    while at < min(_HEAD_LABEL, len(words)) and words[at].isalpha() and words[at][:1].isupper():
        at += 1
    heads: list[str] = []
    spans: list[int] = []  # the word index each head ends at
    for i, word in enumerate(words[at:], at):
        if word == CHANGE_HEAD or _head_form(word) is not None:
            heads.append(word)
        elif heads and heads[-1] != CHANGE_HEAD and word.isalpha() and len(heads[-1].split()) <= _QUALIFIERS:
            heads[-1] += f" {word}"
        else:
            break
        spans[len(heads) - 1:] = [i + 1]
    forms = {_head_form(h.split()[0]) for h in heads if h != CHANGE_HEAD}
    if len(heads) - heads.count(CHANGE_HEAD) < 2 or len(forms) != 1:
        return [], 0
    half = heads.index(heads[0], 1) if heads.count(heads[0]) > 1 else len(heads)
    first, second = heads[:half], heads[half:]
    if second and second[:-1] == first[:len(second) - 1] and second[-1].startswith(first[len(second) - 1]):
        # the other half's heads, the last one's extra words the first row's label: the heads end there
        end = spans[-1] - (len(second[-1].split()) - len(first[len(second) - 1].split()))
        return first, end
    return (heads, spans[-1]) if spans[-1] == len(words) else ([], 0)


def _fits(heads: list[str], cells: list[str]) -> bool:
    """Under a "%" head a percentage, and under a period's head none: "Emergency
    Management/CEMC 4,598.72$ 5,000.00$ 9% 911 Expenses …" is no row of three periods."""
    paired = zip(reversed(heads), reversed(cells))
    return CHANGE_HEAD not in heads or all((h == CHANGE_HEAD) == c.endswith("%") for h, c in paired)


def _change_column(heads: list[str], cells: list[str]) -> bool:
    """A row with one figure more than the heads, the last a percentage, under heads with no
    "%": its change column, printed after the periods."""
    return CHANGE_HEAD not in heads and len(cells) == len(heads) + 1 and cells[-1].endswith("%")


def _rows_of(words: list[str]) -> list[tuple[str, list[str]]]:
    """(label, figures) of each row a line holds: one row, or several run together when
    extraction joined a table's lines ("Bank Rate 4.75 4.50 … 5yr PWLB 5.00 4.90 …"). A
    row's figures are two or more: a lone figure between words is part of a label."""
    rows: list[tuple[str, list[str]]] = []
    label: list[str] = []
    cells: list[str] = []
    for word in words:
        if CELL.fullmatch(word) and label:
            cells.append(word)
            continue
        if len(cells) == 1:  # one figure among words is the label's own: "Aged 25 and over"
            label, cells = label + cells, []
        if cells:
            rows.append((" ".join(label), cells))
            label, cells = [], []
        label.append(word)
    if not cells:
        return []  # it ends in words: prose, or a row with no figures
    return rows + [(" ".join(label), cells)]


def starts_with_row(text: str) -> bool:
    """Does a passage open with a table's row (a label and its figures), or with a short
    group label over one ("Employer's National Insurance" above "Threshold £8,632 … £5,000")?"""
    lines = [line for line in text.splitlines() if line.strip()][:2]
    if lines and VALUES_ROW.search(lines[0]):
        return True
    label = lines[0].strip() if lines else ""
    return len(lines) == 2 and len(label.split()) <= _GROUP_WORDS and not _DIGIT_ANY.search(label) \
        and not label.endswith((".", "!", "?", ";", ",")) and bool(VALUES_ROW.search(lines[1]))


# A thing named by a word and a short label: "Local Transport Plan 4", "KS Z", "culvert #3",
# "Quarter 2", "band D". Its label is one or two digits or one capital letter, not a day of a month.
_LABELLED = re.compile(r"\b((?:[A-Z][\w'’-]*\s+){0,3})([A-Za-z]{2,})\s+(#?\d{1,2}|[B-HJ-Z])\b(?![-/.,:]?\d)")
_NOT_LABEL_WORD = re.compile(rf"^(?:{MONTHS}|on|the|of|at|by|for|in|to|after|before|since|and|or|from|than|about)$", re.I)
_ROW_FIGURES = re.compile(r"\d[\d,.]*\s*\|?\s*[-–(£$]?\d")  # two figures in a row's cells after its label


def labelled(text: str) -> list[tuple[str, str, str]]:
    """(lead, word, label) for each labelled thing a text names; lead is the capitalised
    words before it ("Local Transport" of "Local Transport Plan 4")."""
    return [(m.group(1).strip(), m.group(2), m.group(3)) for m in _LABELLED.finditer(text)
            if not _NOT_LABEL_WORD.match(m.group(2))]


@lru_cache(maxsize=4096)
def label_rows(question: str, text: str) -> tuple[str, ...]:
    """The lines of a passage that are the table row of a labelled thing the question asks
    about: "What is Kent's band D council tax?" and "D 9/9 1,610.82 1,691.19 80.37" under
    "Table 6.1 – Proposed Council Tax Increases by Band". The row's first cell is the label
    and the passage holds the word it labels; the row itself prints neither "band" nor any
    other word of the question, so no overlap finds it. Memoised: the ranker asks it of each
    candidate, and the composer of every unit of a passage, with the same question and text."""
    asked = [(word.lower(), label) for _, word, label in labelled(question)]
    if not asked or "\n" not in text:
        return ()
    low = text.lower()
    words = {w for w, _ in asked if re.search(rf"\b{re.escape(w)}\b", low)}
    rows = []
    for line in text.splitlines():
        cells = line.split(maxsplit=1)
        if len(cells) == 2 and _ROW_FIGURES.search(cells[1]) and \
                any(w in words and cells[0].strip("|:") == label for w, label in asked):
            rows.append(line.strip())
    return tuple(rows)

