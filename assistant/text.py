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
FIGURE = r"[-–+(]*[£$€]?\d[\d,.]*(?:%|k|m|bn|[£$€])?\)?"  # a sign after it too: "717,300.00$"
VALUES_ROW = re.compile(rf"(?:^|\s){FIGURE}\s+{FIGURE}\s*$", re.I)
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


CELL = re.compile(FIGURE, re.I)  # one table cell: a figure as printed


def figure_run(text: str, length: int = 3) -> bool:
    """``length`` figures in a row with no word between them ('16,675.5 16,675.5 -47.0'):
    a table row's cells run together, which no written sentence prints."""
    run = 0
    for word in text.split():
        run = run + 1 if CELL.fullmatch(word.strip(",;")) else 0
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
