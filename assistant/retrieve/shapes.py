"""The question-shape table (shapes.yaml), loaded once as compiled rows.

Why a table: each shape used to be a regex branch in the composer and another in
retrieval, under different rules. One row per shape, with its examples, keeps the
question parse, the answer-type check and the tests on the same definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


_NAME_PART = re.compile(r"[A-Za-z&'-]*[A-Za-z]")  # a word of a name ("J&P", "Leveque", "KPMG")


@dataclass(frozen=True)
class RecordField:
    """A field of the meeting record that answers some of a shape's questions."""

    field: str
    cue: re.Pattern | None = None  # the question asks for this field (None: any question left)
    examples: tuple[str, ...] = ()
    # how minutes word it: minutes that never do, and whose record has no such field, do not
    # record it ("no apologies", "not said who chaired"); minutes that do may say it in a way
    # the record did not read
    said: re.Pattern | None = None
    missing: str = ""  # what the minutes do not say, for the abstention's reason
    # the kinds of entry a list tags ("Will Bateman (by Zoom)"): (tag, how a question asks for it)
    groups: tuple[tuple[str, re.Pattern], ...] = ()
    none_said: re.Pattern | None = None  # how minutes say there was none ("Regrets: None"): no wording of one

    def said_in(self, text: str) -> bool:
        if self.none_said is not None:
            text = self.none_said.sub(" ", text)
        return bool(self.said and self.said.search(text))

    def group_asked(self, question: str) -> str | None:
        """The tag of the entries a question asks for ("who was on Zoom?" → "by Zoom"), if any."""
        return next((tag for tag, cue in self.groups if cue.search(question)), None)


@dataclass(frozen=True)
class Shape:
    """One row of the table: how a question asks, and what its answer must hold."""

    name: str
    kind: str
    cue: re.Pattern
    wants: re.Pattern | None
    examples: tuple[str, ...] = ()
    frame: frozenset[str] = frozenset()
    records: str | None = None
    register: bool = False  # decisions-register records may fill the top passages
    best: re.Pattern | None = None  # the best form of answer (a titled name, "For (57)")
    record_fields: tuple[RecordField, ...] = ()  # which meeting-record field answers: the first whose cue matches
    register_word: str | None = None  # a word every register record answering it holds: its records lookup needs it
    not_names: frozenset[str] | None = None  # a wants match must hold a word neither these nor the question's
    strict: bool = False  # only a unit of the wanted form answers, when any passage holds one
    part_word: str | None = None  # the word of the part of a paper that answers (its contact block's "author")
    lead_not_asked: re.Pattern | None = None  # questions a register record's lead (its meeting's day) does not answer
    lead_not_asked_examples: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # (not answered, answered): a test
    lead_names_none: bool = False  # a register record's lead (meeting, movers) names no answer of this shape

    def record_field(self, question: str) -> str | None:
        """The meeting-record field that answers the question (None: no record does)."""
        return next((f.field for f in self.record_fields if f.cue is None or f.cue.search(question)), None)

    def field(self, name: str) -> RecordField | None:
        return next((f for f in self.record_fields if f.field == name), None)

    def is_best(self, text: str) -> bool:
        return self.best is not None and bool(self.best.search(text))

    def fits(self, text: str, asked: str = "") -> bool:
        """Does a candidate answer have this shape's type? (No pattern: anything does.)
        With ``not_names``, a match must also say something the question (``asked``) does
        not: "Award Tender NIP-PW-4: Culvert Reline, Hart Road" names no firm for "which
        company was awarded the Hart Road culvert reline tender?"."""
        if self.wants is None:
            return True
        if self.not_names is None:
            return bool(self.wants.search(text))
        known = self.not_names | {w.lower() for w in _NAME_PART.findall(asked)}
        return any(any(w.lower() not in known for w in _NAME_PART.findall(m.group(0)))
                   for m in self.wants.finditer(text))


@dataclass(frozen=True)
class ShapeTable:
    shapes: tuple[Shape, ...]
    doc_types: dict[str, re.Pattern] = field(default_factory=dict)
    plural: re.Pattern | None = None  # the answer is several things ("which two bills")
    plural_examples: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # (plural, not plural): a test
    paper_period: re.Pattern | None = None  # a period naming which papers ("the January 2025 papers")
    paper_period_examples: tuple[tuple[tuple[str, str], ...], tuple[str, ...]] = ((), ())  # a test
    meeting_day: re.Pattern | None = None  # the question's day is a meeting's ("the May 14 meeting")
    meeting_day_examples: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # (a meeting's, not): a test
    yes_no: re.Pattern | None = None  # the question is answered yes or no ("Was Mr Murphy at …?")
    yes_no_examples: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # (yes or no, not): a test
    second_part: re.Pattern | None = None  # where a question asks a second thing ("… start and when did it end?")
    second_part_examples: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # (two things, one): a test
    topic: re.Pattern | None = None  # what a question says it is about ("… about library closures in …")
    topic_examples: tuple[tuple[tuple[str, str], ...], tuple[str, ...]] = ((), ())  # ((q, topic), none): a test
    meeting_order: tuple[tuple[str, re.Pattern], ...] = ()  # ("first", cue), ("last", cue): a meeting by its order
    meeting_order_examples: tuple[tuple[tuple[str, str], ...], tuple[str, ...]] = ((), ())  # ((q, order), none)
    year_part: re.Pattern | None = None  # a part of a year ("in fall 2025", "the end of 2024")
    year_part_spans: dict[str, tuple[str, str]] = field(default_factory=dict)  # part → (from, to) month-days
    year_part_examples: tuple[tuple[tuple[str, str], ...], tuple[str, ...]] = ((), ())  # ((q, "from..to"), none)

    def match(self, question: str) -> Shape | None:
        return next((s for s in self.shapes if s.cue.search(question)), None)

    def by_name(self, name: str | None) -> Shape | None:
        return next((s for s in self.shapes if s.name == name), None)

    def is_plural(self, question: str) -> bool:
        return bool(self.plural and self.plural.search(question))

    def doc_type_hints(self, question: str) -> list[str]:
        return [t for t, pat in self.doc_types.items() if pat.search(question)]

    def asks_yes_no(self, question: str) -> bool:
        return bool(self.yes_no and self.yes_no.search(question))

    def names_meeting_day(self, question: str) -> bool:
        """Does the question give its day as a meeting's, not a balance date's?"""
        return bool(self.meeting_day and self.meeting_day.search(question))

    def order_of(self, question: str) -> str | None:
        """"first" or "last" when the question names a meeting by its order in a period."""
        return next((order for order, cue in self.meeting_order if cue.search(question)), None)

    def year_part_of(self, question: str) -> tuple[str, str] | None:
        """(from, to) ISO days of the part of a year the question names ("fall 2025"), if any."""
        found = self.year_part.search(question) if self.year_part is not None else None
        if not found:
            return None
        first, last = self.year_part_spans[found["part"].lower()]
        return f"{found['year']}-{first}", f"{found['year']}-{last}"

    def topic_of(self, question: str) -> str | None:
        """What the question says it is about ("library closures"), if it says so."""
        found = self.topic.search(question) if self.topic is not None else None
        return found.group("topic").strip() if found else None

    def paper_periods(self, question: str) -> list[tuple[int, int]]:
        """Where the question names its papers by a period ("the January 2025 budget
        papers"): (start, end) of each such period, so it is not read as the period asked about."""
        if self.paper_period is None:
            return []
        return [m.span("period") for m in self.paper_period.finditer(question)]


def _record_fields(row: dict) -> tuple:
    """A records row's fields; a row that names none is answered by the field of its own name."""
    if not row.get("records"):
        return ()
    listed = row.get("record_fields") or [{"field": row["name"]}]
    return tuple(RecordField(f["field"], _compile(f.get("cue")), tuple(f.get("examples") or ()),
                             _compile(f.get("said")), f.get("missing", ""),
                             tuple((tag, _compile(cue)) for tag, cue in (f.get("groups") or {}).items()),
                             _compile(f.get("none_said"), re.I | re.M))  # a heading alone is a line
                 for f in listed)


def _compile(pattern: str | list[str] | None, flags: int = re.I) -> re.Pattern | None:
    """A row's pattern; a list is one phrasing a line, any of which matches (the attendance
    cue's thirty ways of asking read better one a line than as one alternation)."""
    if isinstance(pattern, list):
        pattern = "|".join(f"(?:{p})" for p in pattern)
    return re.compile(pattern, flags) if pattern else None


def _word(row: dict, column: str = "register_word") -> str | None:
    """The row's ``register_word`` (or ``part_word``): one plain word (it becomes an FTS5 term),
    else an error naming the row."""
    word = row.get(column)
    if word is not None and not re.fullmatch(r"\w+", str(word)):
        raise ValueError(f"shapes.yaml: shape {row['name']!r} {column} {word!r} is not one word")
    return word


def _part_word(row: dict) -> str | None:
    """The row's ``part_word``, which needs a ``best``: the part a paper is searched for is
    kept only when it holds the shape's best form."""
    word = _word(row, "part_word")
    if word is not None and not row.get("best"):
        raise ValueError(f"shapes.yaml: shape {row['name']!r} has a part_word but no best")
    return word


@lru_cache(maxsize=1)
def shape_table() -> ShapeTable:
    """The packaged table; a malformed row fails loudly with its name."""
    raw = yaml.safe_load(resources.files("assistant.retrieve").joinpath("shapes.yaml").read_text())
    shapes = []
    for row in raw["shapes"]:
        missing = {"name", "kind", "cue", "examples"} - set(row)
        if missing:
            raise ValueError(f"shapes.yaml: shape {row.get('name', '?')!r} lacks {sorted(missing)}")
        wants_flags = 0 if row.get("case_sensitive") else re.I  # names are told by their capitals
        shapes.append(Shape(
            name=row["name"], kind=row["kind"], cue=_compile(row["cue"]), wants=_compile(row.get("wants"), wants_flags),
            examples=tuple(row["examples"]), frame=frozenset(row.get("frame") or ()), records=row.get("records"),
            register=bool(row.get("register")), best=_compile(row.get("best"), wants_flags),
            record_fields=_record_fields(row), register_word=_word(row),
            not_names=frozenset(row["not_names"].lower().split()) if row.get("not_names") else None,
            strict=bool(row.get("strict")), part_word=_part_word(row),
            lead_not_asked=_compile((row.get("lead_not_asked") or {}).get("cue")),
            lead_not_asked_examples=_examples(row.get("lead_not_asked") or {}),
            lead_names_none=bool(row.get("lead_names_none")),
        ))
    doc_types = {name: re.compile(p, re.I) for name, p in (raw.get("doc_types") or {}).items()}
    rows = {key: raw.get(key) or {} for key in ("plural", "paper_period", "meeting_day", "yes_no", "second_part",
                                                "topic", "meeting_order", "year_part")}
    order = rows["meeting_order"]
    return ShapeTable(  # by keyword: a row read into the wrong field leaves its tests empty
        shapes=tuple(shapes), doc_types=doc_types,
        plural=_compile(rows["plural"].get("cue")), plural_examples=_examples(rows["plural"]),
        paper_period=_compile(rows["paper_period"].get("cue")),
        paper_period_examples=_valued(rows["paper_period"], "period"),
        meeting_day=_compile(rows["meeting_day"].get("cue")), meeting_day_examples=_examples(rows["meeting_day"]),
        yes_no=_compile(rows["yes_no"].get("cue")), yes_no_examples=_examples(rows["yes_no"]),
        second_part=_compile(rows["second_part"].get("cue")), second_part_examples=_examples(rows["second_part"]),
        topic=_compile(rows["topic"].get("cue")), topic_examples=_valued(rows["topic"], "topic"),
        meeting_order=tuple((k, _compile(order[k])) for k in ("first", "last") if order.get(k)),
        meeting_order_examples=_valued(order, "order"),
        year_part=_compile(rows["year_part"].get("cue")),
        year_part_spans={k: tuple(str(d) for d in v) for k, v in (rows["year_part"].get("spans") or {}).items()},
        year_part_examples=_valued(rows["year_part"], "span"),
    )


def _valued(row: dict, key: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """A row's examples with what each should read (``key``: its period, topic, order), and
    its non-examples, for its parametrised test."""
    return tuple((e["q"], e[key]) for e in row.get("examples") or ()), tuple(row.get("not") or ())


def _examples(row: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A row's (examples, not) questions, for its parametrised test."""
    return tuple(row.get("examples") or ()), tuple(row.get("not") or ())
