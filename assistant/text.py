"""Small text tools shared by the composers and the verifier.

Kept deliberately simple and deterministic: the extractive composer must be
explainable ("it picked this sentence because it holds these question words and a
number"), and the verifier must agree with it on what counts as a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    tell give show list please much many did does done say said get got went go goes gone going
    """.split()
)

# Slashes join numbers ("2021/007", "2020/21") but split words ("Misper/Suicide").
_TOKEN = re.compile(r"\d+(?:/\d+)+|[a-z0-9]+(?:'[a-z0-9]+)*")
NUMBER = re.compile(r"(?<![\w])[£$€]?\d[\d,]*(?:\.\d+)?(?:\s?%|\s?per\s?cent|[kmb]n?\b)?", re.I)
# ... but a clock time's "a.m." before a dash opens a range, not a sentence ("9:00 a.m. – 6:00 p.m.")
# ... nor after a person's initial ("moved by D. Yemm", "S. Kirkey, J. Scott:")
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<![ap]\.m\.)(?<!\s[A-Z]\.)(?<!^[A-Z]\.)\s+(?=[\"'(\[A-Z0-9£•\-–])|(?<=[ap]\.m\.)\s+(?=[\"'(\[A-Z0-9£•])")
# a slide's bullet may be glued to its first word ("•Road needs …", "–Total estimated …")
_BULLET = re.compile(r"^\s*(?:(?:[-•▪●◦*–]|\(?\d{1,2}[.)]|\([a-z]{1,3}\)|[a-z][.)])\s+|[•▪●◦–](?=[A-Z]))")
# ... and a slide's next bullet may follow on the same line: "… is $49.8 million –Average age …"
_INLINE_BULLET = re.compile(r"(?<=\S)\s+(?=[•▪●◦–][A-Z])")
# a report's contact block labels a person on the line after ("Report Author", "Lead Officer:",
# "Report Author Relevant Director" over two columns): a line of its own, never prose wrapped
FORM_LABEL = re.compile(r"^(?:[A-Z][a-z]+\s+){0,3}(?:Author(?:s|\(s\))?|Officer|Director|Contact)\s*:?$")
NUMERIC_LINE = re.compile(r"^[+-]?\(?[£$€]?\d[\d,.]*\s?(?:%|k|m|bn)?\)?$", re.I)
# a table row flattened to one line: a label, then two or more figures ("Loans CFR 1,117.6
# 1,106.3 1,100.6", "31.3.24 31.3.25 31.3.26"); a row is never a sentence wrapped mid-way
_FIGURE = r"[-–+(]*[£$€]?\d[\d,.]*(?:%|k|m|bn|[£$€])?\)?"  # a sign after it too: "717,300.00$"
VALUES_ROW = re.compile(rf"(?:^|\s){_FIGURE}\s+{_FIGURE}\s*$", re.I)
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE_LIKE = re.compile(rf"\b(?:{MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.I)


# an authority after a body's name, as minutes qualify it: "Cabinet (Kent County Council)"
AUTHORITY = re.compile(r"\s*\([^)]*\)$")


def same_body(asked: str | None, held: str | None) -> bool:
    """Is ``held`` (a stored body) the body ``asked`` names? The same name, or one name within
    the other once the stored one's authority is set aside: "Cabinet" is "Cabinet (Kent County
    Council)", but "County Council" is not, though its words stand in that authority."""
    if not asked or not held:
        return False
    bare = AUTHORITY.sub("", held)
    return asked == held or asked in bare or bare in asked


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'resolved'/'resolution', 'plans'/'plan'.

    Memoised: an extractive answer stems every word of its passages again (~5k calls an
    ask, the most-called function in its profile), and a council's vocabulary is small."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ally", "ies", "ied", "ed", "es", "s"):
        if len(word) >= len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + {"ies": "y", "ied": "y", "ally": "al"}.get(suffix, "")
            break
    for noun, verb, shortest in _DERIVED:  # "extension" meets "extend", "approval" "approve"
        if len(word) >= shortest and word.endswith(noun):
            word = word[: -len(noun)] + verb
            break
    return word[:-1] if len(word) >= 4 and word.endswith("e") else word


# A noun made from a verb, as its verb's stem: "renewal"/"renew", "proposal"/"propose",
# "extension"/"extend", "decision"/"decide", "provision"/"provide". (ending, verb's ending,
# shortest word): "pension" (7 letters) is no "pend", "oval" no "ov".
_DERIVED = (("val", "v", 6), ("wal", "w", 6), ("sal", "s", 6), ("nsion", "nd", 8), ("ision", "id", 8))


# Abbreviations staff type for what the papers spell out (and the other way round).
ABBREVIATIONS = {
    "ci": "chief inspector", "dci": "detective chief inspector", "supt": "superintendent",
    "cc": "chief constable", "dcc": "deputy chief constable", "acc": "assistant chief constable",
    "pcc": "police and crime commissioner", "opcc": "office of the police and crime commissioner",
    "asb": "anti-social behaviour", "snb": "safer nottinghamshire board", "cdp": "crime and drugs partnership",
    "iom": "integrated offender management", "vru": "violence reduction unit",
    "misper": "missing person", "rtc": "road traffic collision", "nhp": "neighbourhood policing",
    # units a table prints short: "Gravel 115.7 km" answers "how many kilometres of gravel road?"
    "km": "kilometre", "kms": "kilometres", "kg": "kilogram", "mph": "miles per hour",
}


def with_abbreviations(found: set[str], learned: Sequence[tuple[str, frozenset[str]]] = ()) -> set[str]:
    """Content terms plus abbreviations whose spelled-out words are all present, and the
    spelled-out words of abbreviations present: 'Misper' meets 'missing persons'. ``learned``:
    the archive's own definitions a question touches (``Abbreviations.relevant``): 'MRP'
    meets 'minimum revenue provision'."""
    extra: set[str] = set()
    for abbr, full in (*_ABBREVIATION_TERMS.items(), *learned):
        if abbr in found:
            extra |= full
        elif full <= found:
            extra.add(abbr)
    return found | extra


_YEARS_SHORT = re.compile(r"\b(\d{1,3})\s?yrs?\b")  # "10yr", "25 yrs"


def tokens(text: str) -> list[str]:
    """Lower-cased words; a possessive is its word ("Labour's", "Nipissing’s" → labour,
    nipissing), since questions say "the township's insurer" of papers that say "the
    Township" and a possessive word would otherwise look like one no passage holds. A
    table's "10yr" is "10 year", as a question says it ("10-year PWLB rate")."""
    text = _YEARS_SHORT.sub(r"\1 year", text.lower().replace("\u2019", "'"))
    return [t[:-2] if t.endswith("'s") else t for t in _TOKEN.findall(text)]


def squashed(text: str) -> str:
    """Lower case, without spaces or hyphens, for finding a quote in a passage however its
    lines broke: a record's "Barrington-King" is the minutes' "Barrington-\nKing", and a
    vote's "For (14)" is "For\n(14)"."""
    return _SQUASH.sub("", text.lower())


_SQUASH = re.compile(r"[\s\-‐–]+")


def terms(text: str) -> list[str]:
    """Content terms: lower-cased, stop words dropped, lightly stemmed."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def number_key(raw: str) -> str:
    """'£1,234.50' → '1234.50', '21 per cent' → '21%': the form numbers are compared in."""
    s = raw.lower().replace(",", "").replace("£", "").replace("$", "").replace("€", "")
    s = re.sub(r"\s*per\s*cent", "%", s)
    s = re.sub(r"\s+%", "%", s)
    return s.strip()


_CELL = re.compile(_FIGURE, re.I)
_LABEL_FIGURES = 2  # figures a row label may print ("Aged 23 to 24"): past the heads' count, the label's
_GROUP_WORDS = 6  # a table's group label over its rows is a few words, with no figure
_DIGIT_ANY = re.compile(r"\d")


def figure_run(text: str, length: int = 3) -> bool:
    """``length`` figures in a row with no word between them ('16,675.5 16,675.5 -47.0'):
    a table row's cells run together, which no written sentence prints."""
    run = 0
    for word in text.split():
        run = run + 1 if _CELL.fullmatch(word.strip(",;")) else 0
        if run >= length:
            return True
    return False


def numbers(text: str) -> list[str]:
    return [number_key(m.group(0)) for m in NUMBER.finditer(text)]


def number_forms(text: str) -> set[str]:
    """Each number in its compared form, and also without its unit.

    A claim's "21%" needs a "21%" in the passage, but a claim's bare "35,000" is
    supported by a passage's "£35,000": so passages offer both forms, claims one.
    """
    keys = set(numbers(text))
    return keys | {_bare(k) for k in keys} - {""}


def bare_number_set(text: str) -> set[str]:
    """Digits only, leading zeros dropped: '2021/007' and 'resolution 2021/7' meet."""
    return {_bare(k).lstrip("0") or "0" for k in numbers(text)} - {"", "."}


def _bare(key: str) -> str:
    return re.sub(r"[^\d.]", "", key).rstrip(".")


def unsupported_numbers(claim: str, passage_text: str) -> list[str]:
    """Numbers in a claim that the passage text does not hold (units must agree)."""
    offered = number_forms(passage_text)
    return sorted({k for k in numbers(claim) if k not in offered})


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


_ABBREVIATION_TERMS = {abbr: set(terms(full)) for abbr, full in ABBREVIATIONS.items()}


def paragraphs(text: str) -> list[str]:
    """Re-join lines that a PDF wrapped mid-sentence; keep bullets and short rows apart."""
    out: list[str] = []
    for line in (ln.strip() for ln in _INLINE_BULLET.sub("\n", text).splitlines()):
        if not line:
            continue
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {'| ' if NUMERIC_LINE.match(line) else ''}{line}"
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str) -> bool:
    if is_bullet(line) or line.startswith("RESOLVED") or FORM_LABEL.match(line):
        return False
    if NUMERIC_LINE.match(line):  # a value cell of a table flattened one cell per line
        return len(prev) < 120 and not prev.endswith(".")
    if prev.endswith((".", "!", "?", ":")):
        return False
    # a table's rows stay apart: a row ends with its figures, and a capitalised line ending
    # with figures starts one (a label wrapped onto its figures' line starts in lower case)
    if VALUES_ROW.search(prev) or (VALUES_ROW.search(line) and not line[:1].islower()):
        return False
    return line[:1].islower() or (len(prev) > 70 and not prev.isupper())


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
        if _CELL.fullmatch(word) and label:
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


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences; a bullet stays whole."""
    if is_bullet(paragraph):
        return [paragraph]
    parts = _SENTENCE_END.split(paragraph)
    return [p.strip() for p in parts if p.strip()]


_ALNUM = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"['’]")


@lru_cache(maxsize=64)
def _flat(text: str) -> tuple[str, frozenset[int], frozenset[int]]:
    """A text's words in lower case, apostrophes dropped ("Cutter’s" is "cutters"), run
    together; and the offsets where its words start and end (a name is looked for whole)."""
    words = _ALNUM.findall(_APOSTROPHE.sub("", text.lower()))
    starts, ends, pos = set(), set(), 0
    for w in words:
        starts.add(pos)
        pos += len(w)
        ends.add(pos)
    return "".join(words), frozenset(starts), frozenset(ends)


def name_in(name: str, text: str) -> bool:
    """Does ``text`` name ``name``, however it spaces or possesses it? A user's "Stonecutters
    Road" is the minutes' "Stone Cutter’s Road". Whole words only, and no plural made
    singular: a surname "Mills" is not the "mill rate"; "Surrey" is still not in Kent's minutes.
    A plural is met by its singular printed as a name, capitalised: the question's "between
    Concessions 2 and 3" is the minutes' "between Concession 2 and 3"."""
    if name.lower() in text.lower():
        return True
    if len(name) >= 5 and name.endswith("s") and not name.endswith("ss") and name[0].isupper() \
            and re.search(rf"(?<![\w-]){re.escape(name[:-1])}(?![\w-])", text):
        return True
    key = "".join(_ALNUM.findall(_APOSTROPHE.sub("", name.lower())))
    if not key:
        return False
    flat, starts, ends = _flat(text)
    at = flat.find(key)
    while at >= 0:
        if at in starts and at + len(key) in ends:
            return True
        at = flat.find(key, at + 1)
    return False
