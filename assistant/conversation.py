"""Conversation turns, and rewriting a follow-up into a standalone question.

Retrieval sees one question at a time, so "and what about Mansfield?" must become
"... Mansfield ..." with the frame of the previous question before it is searched,
and the earlier turn's body, meeting and references carry over in its ``Query``.
Turns are kept in SQLite under the store so the CLI and the server share them.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from assistant.answer.offices import swap_office
from assistant.llm import ChatModel
from assistant.prompts import render
from assistant.retrieve.query import Query, inherit, parse_query
from assistant.text import MONTHS, STOPWORDS, terms
from ingest.dates import day_month_spans, find_dates, without_dates

# a name, with the number it is known by ("Bill 5", "Concession 2"), or a reference
_ENTITY = re.compile(r"\b(?:R?\d{2,4}[/-]\d{1,5}\b|(?:[A-Z][\w&'-]*)(?:\s+(?:of|and|for|the|&)?\s*[A-Z][\w&'-]*)*"
                     r"(?:\s+\d{1,3}[a-z]?\b(?![/-]\d))?)")


@dataclass(frozen=True)
class Rule:
    """One row of followups.yaml: a cue, and the turns it must and must not match (a test)."""

    cue: re.Pattern
    full: bool = False  # the whole of the turn's rest must match ("next one"), not a part of it
    examples: tuple[str, ...] = ()
    not_: tuple[str, ...] = ()

    def holds(self, text: str) -> bool:
        return bool(self.cue.fullmatch(text) if self.full else self.cue.search(text))


@dataclass(frozen=True)
class FollowupRules:
    """assistant/followups.yaml: when a turn leans on the one before, as data."""

    rules: dict[str, Rule]
    short_words: int
    bare_words: int
    own_subject: int
    earlier_turns: int


@lru_cache(maxsize=1)
def followup_rules() -> FollowupRules:
    raw = yaml.safe_load(resources.files("assistant").joinpath("followups.yaml").read_text())
    rules = {name: Rule(re.compile(row["cue"], re.I), bool(row.get("full")), tuple(row.get("examples") or ()),
                        tuple(row.get("not") or ())) for name, row in raw["rules"].items()}
    return FollowupRules(rules, int(raw["short_words"]), int(raw["bare_words"]), int(raw["own_subject"]),
                         int(raw["earlier_turns"]))


_RULES = followup_rules()
_FOLLOWUP_LEAD, _PRONOUN, _BACK = (_RULES.rules[n].cue for n in ("lead", "pronoun", "back"))
_THE_THING, _NEXT_ONE = _RULES.rules["the_thing"].cue, _RULES.rules["next_one"]
_WHO_OF_COUNT = _RULES.rules["who_of_count"]
# what "who were they?" turns into "which members": the count a question asked for
_HOW_MANY = re.compile(r"\bhow many(?:\s+(?:of the\s+)?(?:members|councillors|councilors|people|of them))?", re.I)
_YEARISH = re.compile(r"\b(?:19|20)\d{2}(?:\s?[/-]\s?\d{2,4})?\b")
_ENTITY_WORD = re.compile(r"\b[A-Z][a-z]")
OWN_SUBJECT = _RULES.own_subject  # topic words that make a follow-up a question of its own
BARE_WORDS = _RULES.bare_words  # a question this short with at most one topic word leans on the turn before
EARLIER_TURNS = _RULES.earlier_turns  # turns before the latest read for the meeting or body a conversation is about
SHORT_WORDS = _RULES.short_words  # a turn this short leans back with a pronoun or "the report"
_QWORDS = {"what", "when", "who", "how", "which", "where", "why", "did", "was", "is", "were", "does", "do"}


class Conversations:
    """Turns per conversation id, in ``conversations.sqlite`` beside the index."""

    def __init__(self, store_dir: Path):
        store_dir.mkdir(parents=True, exist_ok=True)
        self.path = store_dir / "conversations.sqlite"
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS turns (cid TEXT, at REAL, question TEXT,"
                       " standalone TEXT, answer TEXT, cited TEXT DEFAULT '')")
            if "cited" not in {row[1] for row in db.execute("PRAGMA table_info(turns)")}:
                db.execute("ALTER TABLE turns ADD COLUMN cited TEXT DEFAULT ''")  # a store made before it

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def new_id(self) -> str:
        return uuid.uuid4().hex[:16]

    def last(self, cid: str) -> tuple[str, str] | None:
        """(standalone question, answer) of the latest turn, or None."""
        turn = self.last_turn(cid)
        return (turn[0], turn[1]) if turn else None

    def last_turn(self, cid: str) -> tuple[str, str, list[str]] | None:
        """(standalone question, answer, documents its answer cited) of the latest turn, or None."""
        with self._db() as db:
            row = db.execute("SELECT standalone, answer, cited FROM turns WHERE cid=? ORDER BY at DESC LIMIT 1",
                             (cid,)).fetchone()
        return (row[0], row[1], [d for d in (row[2] or "").split("\n") if d]) if row else None

    def earlier(self, cid: str, n: int = EARLIER_TURNS) -> list[str]:
        """The standalone questions of up to ``n`` turns before the latest, newest first."""
        with self._db() as db:
            rows = db.execute("SELECT standalone FROM turns WHERE cid=? ORDER BY at DESC LIMIT ? OFFSET 1",
                              (cid, n)).fetchall()
        return [r[0] for r in rows]

    def add(self, cid: str, question: str, standalone: str, answer: str, cited: list[str] = ()) -> None:
        """One turn; ``cited`` are the document ids its answer cites, best first, which a
        follow-up ("what did that cost?") searches first."""
        with self._db() as db:
            db.execute("INSERT INTO turns VALUES (?,?,?,?,?,?)",
                       (cid, time.time(), question, standalone, answer, "\n".join(dict.fromkeys(cited))))


# a word pointing back at the earlier turn: a personal pronoun, or "that/this …" before a noun
# ("that resolution"), not the conjunction ("agreed that the …")


def is_followup(question: str) -> bool:
    """A turn that leans on the one before: a lead-in ("and …", "what about …"), a short
    question with a pronoun or about "the report", a bare one ("What was approved?"), or a
    longer one pointing back ("which programme did *they* work with?", "who gets a copy of
    *that resolution*?") that names nothing of its own."""
    words = question.split()
    if _FOLLOWUP_LEAD.match(question) or (len(words) <= SHORT_WORDS and _PRONOUN.search(question)):
        return True
    # a short question about "the report" or "the plan" naming nothing else means the one just
    # discussed; so does a bare one ("What was approved?", "Who chaired?"). The question is
    # parsed only when one of these may hold: most turns are neither.
    back = bool(_BACK.search(question) or (len(words) <= SHORT_WORDS and _THE_THING.search(question)))
    if not back and len(words) > BARE_WORDS:
        return False
    query = parse_query(question)
    return (back or len(query.subject.split()) <= 1) and not names_its_own(query)


def names_its_own(query: Query) -> bool:
    """The question names a person, place, body, date, period or reference of its own."""
    return bool(query.names or query.refs or query.meeting_date or query.period or _YEARISH.search(query.text))


def keeps_frame(question: str) -> bool:
    """A turn that is no follow-up in words but names nothing of its own ("which directorate
    is overspending the most?" after a question on the budget monitoring report): its words
    stand, and the earlier turn's body, meeting and cited papers carry over as boosts."""
    return not is_followup(question) and not names_its_own(parse_query(question))


def follow_up(previous: str, followup: str, bodies=(), model: ChatModel | None = None,
              cited: list[str] = (), earlier: list[str] | tuple[str, ...] = ()) -> Query:
    """The follow-up as a standalone ``Query``: its text rewritten (by the LLM when one is
    configured, else by substitution) and the earlier turn's body, meeting date or
    period, references and shape carried over unless the new turn names its own. The
    papers the earlier answer cited (``cited``) carry over too: "what did that cost?"
    is about the paper just quoted, whatever else shares its words."""
    current = parse_query(rewrite(previous, followup, model), bodies)
    if not (is_followup(followup) or keeps_frame(followup)):
        return current
    return inherit(framed(parse_query(previous, bodies), earlier, bodies), current, cited)


def framed(previous: Query, earlier: list[str] | tuple[str, ...], bodies=()) -> Query:
    """The earlier turn with the body and meeting the conversation last named, when it names
    none itself: after "Who chaired the Cabinet on 30 January 2025?" and "Who sent apologies?",
    "When is the next meeting?" is still about that Cabinet meeting, though the turn just
    before it names no meeting in its words (its frame was carried in its Query, not its text).
    ``earlier``: the turns before it, newest first; the first that names a frame gives it
    (read only when the turn before names none)."""
    if previous.body or previous.meeting_date or previous.period:
        return previous
    turns = (parse_query(text, bodies) for text in earlier)
    source = next((q for q in turns if q.body or q.meeting_date or q.period), None)
    if source is None:
        return previous
    return replace(previous, body=source.body, meeting_date=source.meeting_date, period=source.period)


def rewrite(previous: str, followup: str, model: ChatModel | None = None) -> str:
    """A standalone question: by the LLM when one is configured, else by substitution."""
    if not is_followup(followup):
        return followup
    if model is not None:
        reply = model.chat([{"role": "user", "content": render(
            "rewrite_followup.j2", previous=previous, followup=followup)}]).strip()
        if reply:
            return reply.splitlines()[0].strip()
    return substitute(previous, followup)


def substitute(previous: str, followup: str) -> str:
    """Rewrite a follow-up with the previous question's frame, no model needed.

    - another office of the same owner: "and the clerk?" after "Who is Nipissing's fire
      chief?" → "Who is Nipissing's clerk?";
    - a new question about the same thing: "and who seconded it?" → "who seconded
      <the previous subject>?";
    - a new year or period: "what about 2020?" swaps the previous question's year;
    - a question of its own ("and what did the library budget decision say?") stays as it
      is: only the previous frame (body, meeting, cited papers) carries over, in the Query;
    - a new name or reference: "and what about Project Officer?" after "How much did
      Redthread get?" → "How much did Project Officer get?";
    - otherwise the follow-up's words are added to the previous question.
    """
    rest = _FOLLOWUP_LEAD.sub("", followup).strip(" ?.!")
    if _NEXT_ONE.holds(rest):  # "and the next one?": the meeting after the one discussed
        return "When is the next meeting?"
    if _WHO_OF_COUNT.holds(rest) and _HOW_MANY.search(previous):  # "who were they?" after "how many …?"
        which = _HOW_MANY.sub("which members", previous, count=1)
        return which[0].upper() + which[1:]
    asked = parse_query(rest)
    if asked.shape is None and not _PRONOUN.search(rest) and (office := swap_office(previous, rest)):
        return office  # "and the clerk?" after "Who is Nipissing's fire chief?"
    if asked.shape is not None and (thing := _THE_THING.search(rest)) and \
            len(asked.subject.split()) - len(terms(thing.group(0))) < OWN_SUBJECT:
        # "who wrote the report?" after the decision on the education plan: that plan's report
        return f"{rest} on {parse_query(previous).subject}?"
    pointing = _PRONOUN.search(rest) and (asked.shape is not None or len(asked.subject.split()) >= OWN_SUBJECT)
    if pointing or (asked.shape is not None and not asked.subject):
        subject = parse_query(previous).subject
        text = _PRONOUN.sub(subject, rest, count=1) if _PRONOUN.search(rest) else f"{rest} {subject}"
        return f"{text.strip()}?"
    if asked.shape is not None and len(asked.subject.split()) >= OWN_SUBJECT:
        # "and what did the library budget decision say?": a new question in the same frame,
        # whose body, meeting and cited papers carry over in its Query, not in its words
        return f"{rest}?"
    swapped = _swap_when(previous, rest)
    if swapped:
        return swapped
    new_years, old_years = _YEARISH.findall(rest), _YEARISH.findall(previous)
    if new_years and old_years and not _ENTITY_WORD.search(_YEARISH.sub("", rest)):
        return previous.replace(old_years[-1], new_years[0], 1)
    new_names, old_names = _entities(rest), _entities(previous)
    if new_names and (old := _replaced(old_names, new_names[0])):
        return previous.replace(old, new_names[0], 1)
    extra = " ".join(w for w in rest.split() if w.lower() not in STOPWORDS)
    if new_years:
        return f"{previous.rstrip(' ?')} in {extra}?"
    return f"{previous.rstrip(' ?')} {extra}?".strip() if extra else previous


def _entities(text: str) -> list[str]:
    """The names a question says, less a capitalised word that opens it ("Any guests?",
    "Were there …"): a question word or a stop word is no name to swap in or out."""
    found = []
    for m in _ENTITY.finditer(text):
        words = m.group(0).split()
        while words and words[0].lower() in STOPWORDS:  # the question words among them
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return found


def _replaced(old_names: list[str], new: str) -> str | None:
    """Which of the previous question's names a follow-up's name stands in for: one of the
    same kind ("Bill 5" for "and on Bill 2?"), else the last that is no month (a month is a
    period, swapped as one: "in June 2025" is no name for "Bill 2" to replace)."""
    kind = new.split()[0]
    same = [o for o in old_names if o.split()[0] == kind]
    names = [o for o in old_names if not _MONTH_YEAR.fullmatch(o)]
    return (same or names or [None])[-1]


_MONTH = "|".join(m.capitalize() for m in MONTHS.split("|"))  # capitalised: "may" is a verb
_MONTH_YEAR = re.compile(rf"\b(?:{_MONTH})(?:\s+((?:19|20)\d{{2}}))?\b")


def _when(text: str) -> tuple[int, int, str | None] | None:
    """(start, end, year) of the first full date ("30 January 2025", "July 15, 2025") or month
    (with or without its year) a text names."""
    dates = find_dates(text)
    if dates:
        iso, start, end = dates[0]
        return start, end, iso[:4]
    days = day_month_spans(text)  # "October 7": the day, its year the earlier turn's (_swap_when)
    if days:
        return days[0][0], days[0][1], None
    m = _MONTH_YEAR.search(text)
    return (m.start(), m.end(), m.group(1)) if m else None


def _swap_when(previous: str, rest: str) -> str | None:
    """The previous question about the day or month the follow-up names instead: "and on
    July 15, 2025?" after "… approved on August 12, 2025?" (the whole date, not only its
    month: that made "July 12, 2025"), "what about the March meeting?" after "… on 30 January
    2025?" ("March 2025": a month the follow-up names keeps the earlier year). None when
    either names no day or month, or the follow-up says more than its when."""
    new, old = _when(rest), _when(previous)
    if not new or not old or _ENTITY_WORD.search(_MONTH_YEAR.sub("", without_dates(rest))):
        return None
    said = rest[new[0]:new[1]]
    if new[2] is None and old[2]:  # "October 7" → "October 7, 2025"; "March" → "March 2025"
        said = f"{said}, {old[2]}" if said[-1:].isdigit() and said[:1].isalpha() else f"{said} {old[2]}"
    return f"{previous[:old[0]]}{said}{previous[old[1]:]}"
