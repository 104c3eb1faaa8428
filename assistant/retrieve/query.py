"""A question parsed once: the ``Query`` every later step reads instead of the raw text.

Retrieval boosts by its body, meeting date or period and document-type hints; the
composer picks answer units by its shape; follow-ups inherit an earlier Query's
frame. Before this, four modules each re-read the question under their own rules.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace

from assistant.retrieve.plainwords import plain_matches
from assistant.retrieve.shapes import Shape, shape_table
from assistant.text import STOPWORDS, terms
from ingest.dates import day_months, find_dates
from ingest.refs import find_refs

_NAME_WORD = re.compile(r"(?<=\S )[A-Z][a-z][\w'-]+")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+((?:19|20)\d{{2}})\b", re.I)
_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d{2})(?![\d/-]|\s*[/-]\s*\d)")
# words that name any body ("council", "committee"): a body is told apart by the rest
GENERIC_BODY = {"council", "committee", "meet", "meeting", "board", "panel", "the", "of", "and", "full", "group"}
# the kind of authority a body's name gives: residents say "the township" or "the county"
# for their own, and a name is told by the rest ("Nipissing" for "Township of Nipissing")
_BODY_TYPES = {"county", "city", "township", "town", "borough", "district", "parish"}


@dataclass
class Query:
    """Everything the pipeline needs to know about one question."""

    text: str
    refs: list[str] = field(default_factory=list)
    shape: Shape | None = None
    names: list[str] = field(default_factory=list)  # capitalised words past the first: places, people, bodies
    body: str | None = None  # a body the store holds, named by the question
    meeting_date: str | None = None  # ISO, when the question names a full date
    meeting_day: bool = False  # ... and gives it as a meeting's ("the May 14, 2024 meeting"), not a balance date
    period: tuple[str, str] | None = None  # ISO (from, to) of a named month, part of a year, or year
    # periods that name which papers ("the January 2025 budget papers"), not what is asked about
    paper_periods: list[str] = field(default_factory=list)
    asked: str | None = None  # the text with those periods blanked (None: the text as it is)
    doc_types: list[str] = field(default_factory=list)
    inherited: dict = field(default_factory=dict)  # follow-up: field → value taken from the earlier turn
    documents: list[str] = field(default_factory=list)  # follow-up: documents the earlier answer cited
    plural: bool = False  # the answer is several things ("which two bills", "how much each")
    subject: str = ""  # the topic words, without the shape's frame, for carrying into a follow-up
    topic: str | None = None  # what the question says it is about ("… decide about library closures …")
    order: str | None = None  # "first" or "last": a meeting named by its order in the period asked
    vector: list[float] | None = field(default=None, repr=False)  # the question's embedding, computed once
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # archive facts read once per question

    def __str__(self) -> str:
        return self.text

    @property
    def kind(self) -> str | None:
        return self.shape.kind if self.shape else None

    @property
    def terms(self) -> set[str]:
        """Topic terms: content words less the ones that only name the shape."""
        found = set(terms(self.text))
        return {t for t in found if not in_frame(t, self.shape)}

    @property
    def record_field(self) -> str | None:
        """Which meeting-record field the question asks for (the shape table's ``record_fields``).
        None for a follow-up that asks in no shape of its own ("And what if the full council
        meeting that day ran late?" after a start time): the field was the earlier turn's answer.
        Read once a question: the ranker and the composer ask it of every candidate."""
        if "record_field" not in self.memo:
            self.memo["record_field"] = None if (self.shape is None or self.shape.records != "meeting"
                                                 or "shape" in self.inherited) else self.shape.record_field(self.text)
        return self.memo["record_field"]

    @property
    def field_asked(self):
        """The shape table's row of the record field asked (``RecordField``), or None."""
        return self.shape.field(self.record_field) if self.record_field else None

    def words_field(self, text: str) -> bool:
        """Does ``text`` word the record field asked, as minutes word it ("Chair of the meeting
        was handed to …", "adjourned at 8:04 p.m.")? False when the field has no such wording."""
        asked = self.field_asked
        return asked is not None and asked.said is not None and asked.said_in(text)

    @property
    def asked_text(self) -> str:
        """The question without the periods that only name its papers: what an answer's
        own years and figures are held to. "What does Kent's 2025-26 treasury strategy
        forecast for March 2026?" asks about March 2026; the strategy may say 2025/26 nowhere."""
        return self.text if self.asked is None else self.asked

    @property
    def date_range(self) -> tuple[str, str] | None:
        """The meeting date as a one-day range, else the named period."""
        if self.meeting_date:
            return (self.meeting_date, self.meeting_date)
        return self.period

    def resolution_refs(self) -> list[str]:
        """References that name a minuted decision (resolution, decision, minute, by-law), not an item."""
        return [k for k in self.refs if k.split(":")[0] in ("res", "dec", "minute", "bylaw")]


def parse_query(text: str, bodies: list[str] | tuple[str, ...] = ()) -> Query:
    """Read a question once. ``bodies`` are the bodies the store holds, so a body is
    recognised only when the archive has it (no list of councils in code)."""
    table = shape_table()
    date, period = when(text)
    shape = table.match(text)
    spans = table.paper_periods(text)
    return Query(
        text=text, refs=find_refs(text, query=True), shape=shape, names=names_in(text),
        body=body_in(text, bodies), meeting_date=date, period=period,
        meeting_day=bool(date) and table.names_meeting_day(text),
        paper_periods=[text[a:b] for a, b in spans], asked=_blanked(text, spans),
        doc_types=table.doc_type_hints(text), plural=table.is_plural(text), subject=" ".join(_topic_words(text, shape)),
        topic=table.topic_of(text), order=table.order_of(text),
    )


def question_parts(text: str) -> list[str]:
    """A question asking two or three things, as its parts ("What time did the February 6,
    2024 meeting start", "when did it end?"), split where the shape table's ``second_part``
    says; one part for any other. The parts after the first lean on it as a follow-up leans
    on the turn before (``conversation.follow_up``)."""
    second = shape_table().second_part
    parts = [p.strip(" ,") for p in second.split(text) if p.strip(" ,")] if second else [text]
    return parts if 1 < len(parts) <= 3 else [text]


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked to spaces (offsets elsewhere stay as they were)."""
    for a, b in reversed(spans):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# capitalised words that tell no place, person or body apart: months, weekdays, and the
# words every council's name holds ("Surrey County Council" is told apart by "Surrey")
_NOT_NAMES = set(_MONTHS) | {d.lower() for d in calendar.day_name} | GENERIC_BODY | _BODY_TYPES | {
    "cabinet", "commissioner", "mayor", "councillor", "councillors", "chairman", "chair",
    # honorifics: "Was Mrs Bell at …" names Bell; every minutes' list holds a "Mrs"
    "mr", "mrs", "ms", "miss", "dr", "cllr", "sir", "dame"}


def names_in(text: str) -> list[str]:
    """Capitalised words that are not sentence-initial: "… fall in Leicestershire?";
    not months, weekdays, the generic words of a body's name (see ``_NOT_NAMES``) or the
    small words of a quoted title ("the 'Have Your Say' event" names no "Your")."""
    found = (re.sub(r"['’](?:s)?$", "", m.group(0)) for m in _NAME_WORD.finditer(text))  # "Kent's" is Kent
    # nor the words of a plain phrase the papers print otherwise ("Queen's Park" is "the Province")
    plain = {w for said, _ in plain_matches(text) for w in said}
    return list(dict.fromkeys(w for w in found if w.lower() not in _NOT_NAMES and w.lower() not in STOPWORDS
                              and w.lower() not in plain))


def when(text: str) -> tuple[str | None, tuple[str, str] | None]:
    """(full date, (from, to) of a named month, part of a year or calendar year). A financial year
    ("2020/21") names what is measured, not a meeting, so it is no period."""
    dates = [iso for iso, _, _ in find_dates(text)]
    if dates:
        return dates[0], None
    years = _YEAR.findall(text)
    days = day_months(text)
    if len(days) == 1 and len(set(years)) == 1:  # "the June 20th meeting in 2023": the day, its year apart
        return f"{years[0]}-{days[0][0]}", None
    if part := shape_table().year_part_of(text):  # "in fall 2025": its months, not its whole year
        return None, part
    m = _MONTH_YEAR.search(text)
    if m:
        year, month = int(m[2]), _MONTHS[m[1].lower()]
        last = calendar.monthrange(year, month)[1]
        return None, (f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}")
    if len(years) == 1:
        return None, (f"{years[0]}-01-01", f"{years[0]}-12-31")
    return None, None


def body_in(text: str, bodies) -> str | None:
    """The store body the question names. A body is named by all its distinctive words, by
    all those less its kind ("Nipissing" for "Township of Nipissing Council"), or by its
    kind alone when no other stored body is of that kind ("the township"). The best
    match holds the most of its words, then the most generic ones, so "County Council"
    beats "Council"; a full match beats a partial one."""
    words = set(terms(text))
    kinds = [t for body in bodies for t in set(terms(body)) if t in _BODY_TYPES]
    best, best_key = None, (0, 0, 0)
    for body in bodies:
        own = [t for t in terms(body) if t not in GENERIC_BODY]
        proper = [t for t in own if t not in _BODY_TYPES]
        sole_kind = any(t in words and kinds.count(t) == 1 for t in own if t in _BODY_TYPES)
        named = set(own) <= words or (proper and set(proper) <= words) or sole_kind
        if not own or not named:
            continue
        key = (set(own) <= words, sum(t in words for t in own), sum(t in words for t in terms(body) if t in GENERIC_BODY))
        if key > best_key:
            best, best_key = body, key
    return best


def in_frame(term: str, shape: Shape | None) -> bool:
    """Does a term only name the shape ("apologies" in an attendance question)?"""
    return bool(shape) and any(term.startswith(f) for f in shape.frame)


def _topic_words(text: str, shape: Shape | None) -> list[str]:
    """The question's words less stop words, question words and the shape's frame; and less
    what its record fields' cues match ("start", "apologies"): "when did it end?" after "what
    time did the meeting start?" asks when the meeting ended, not when its start ended."""
    for cue in (f.cue for f in (shape.record_fields if shape else ()) if f.cue is not None):
        text = cue.sub(" ", text)
    words = [w for w in re.findall(r"[\w'-]+", text) if w.lower() not in STOPWORDS]
    return [w for w in words if not any(in_frame(t, shape) for t in terms(w)) and w.lower() not in _QWORDS]


_QWORDS = {"what", "when", "who", "how", "which", "where", "why", "did", "was", "is", "were", "does", "do"}


def inherit(previous: Query, current: Query, cited: list[str] | tuple[str, ...] = ()) -> Query:
    """``current`` with the frame of ``previous`` where it names none of its own: the
    body, meeting date or period, references and document types carry over, and so
    does the subject when the new turn only changes what is asked ("and who seconded it?")."""
    taken: dict = {}
    updates: dict = {}
    for name in ("body", "meeting_date", "period"):
        if getattr(current, name) is None and getattr(previous, name) is not None and not (
                name == "period" and current.meeting_date) and not (name == "meeting_date" and current.period):
            updates[name] = taken[name] = getattr(previous, name)
    if "meeting_date" in updates:
        updates["meeting_day"] = previous.meeting_day
    for name in ("refs", "doc_types"):
        if not getattr(current, name) and getattr(previous, name):
            updates[name] = taken[name] = list(getattr(previous, name))
    if cited and not current.documents:
        updates["documents"] = taken["documents"] = list(cited)
    if current.shape is None and previous.shape is not None:
        updates["shape"] = previous.shape
        taken["shape"] = previous.shape.name
    return replace(current, inherited={**taken, **current.inherited}, vector=None, memo={}, **updates)
