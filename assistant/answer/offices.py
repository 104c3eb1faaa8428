"""Who holds an office, read from the lists of those present in minutes.

Minutes list staff by title ("Fire Chief-MLEO-CEMC Will Bateman", "Municipal
Administrator-Clerk-Treasurer Kris Croskery-Hodgins", "Mayor Tom Piper"), and ingest
keeps each entry as printed in the meeting record. "Who is Nipissing's fire chief?" is
then answered by the latest minutes that list one, or by those of the period the
question names ("Who was the mayor in 2023?"), and cites that list. A passage search
finds any sentence naming the office ("authorize the Fire Chief's attendance at …"),
which seldom names the person.
"""

from __future__ import annotations

import re

from assistant.retrieve.query import GENERIC_BODY, Query
from assistant.text import same_body, terms
from ingest.attendance import HONORIFIC, without_tag

# "Who is Nipissing's fire chief?", "Who was the clerk of the council in 2023?": the office
# asked about, between the question's opening (with any owner: "the township's") and its end
# or a trailing "of …", "for …", "in 2023"
_ASKED = re.compile(
    r"^\s*who\s+(?:is|was|'s)\s+(?:the\s+)?(?:[\w.&-]+(?:\s+[\w.&-]+){0,3}['’]s\s+)?"
    r"(?:current\s+|new\s+|present\s+)?(?P<office>[a-z][a-z &/-]{1,60}?)"
    r"\s*(?:\b(?:of|for|at|in|on|during|now|today|these days)\b[^?]*)?\??\s*$",
    re.I,
)
# a role the minutes print in brackets after the name: "Mrs A Beer (Chief Executive)"
_BRACKETED = re.compile(r"\(([^)]*)\)")
# or after a dash, as OPCC minutes list them: "Craig Guildford - Chief Constable, Nottinghamshire Police"
_DASHED = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s+[-–]\s+([^,(]+)")
# ... but "(Chairman)" marks who chaired that meeting (``records.CHAIR_MARK``), no office held
_CHAIRING = {"chair", "chairman", "chairwoman", "chairperson", "presiding", "in the chair"}
# "Interim Corporate Director Finance", "Acting Chief Executive": the office, held for now
_STANDING_IN = re.compile(r"^(?:interim|acting)\s+")
# an entry's titles: "Municipal Administrator-Clerk-Treasurer Kris …" holds three
_TITLE_BREAK = re.compile(r"-(?=[A-Z])|/|\s+and\s+")


# how users give an office's portfolio besides "for": "the cabinet member responsible for finance"
_RESPONSIBLE = re.compile(r"\b(?:responsible for|in charge of|with responsibility for)\b", re.I)


def _as_for(question: str) -> str:
    """The question with its portfolio given by "for", as papers print it ("Cabinet Member
    for Finance"): "responsible for finance", "in charge of finance"."""
    return _RESPONSIBLE.sub("for", question)


def office_asked(question: str) -> str | None:
    """The office a who-question asks about, lower-cased ("fire chief"), or None."""
    found = _ASKED.match(_as_for(question))
    return " ".join(found.group("office").lower().split()) if found else None


def holds(entry: str, office: str, chairing: bool = False) -> bool:
    """Does a listed entry give the office to a named person? One of its titles is the
    office itself, followed by more of the entry ("Clerk" in "Municipal Administrator-Clerk-
    Treasurer Kris Croskery-Hodgins"), or opens with it and then a capitalised name ("Mayor
    Tom Piper"). "Deputy Clerk …" holds no clerkship, and "Deputy Treasurer" alone names nobody.
    ``chairing``: the "(Chairman)" mark counts, when the chair asked of is the meeting's body's."""
    printed = without_tag(entry)
    roles = [r.lower() for r in _BRACKETED.findall(printed) if chairing or r.lower() not in _CHAIRING]
    roles += [r.lower() for r in _DASHED.findall(printed)]
    roles = [_STANDING_IN.sub("", r) for r in roles]  # an interim director holds the directorship
    if any(role == office or role.startswith(office + " ") for role in roles):
        return True  # Kent's "Dr A Ghosh (Director of Public Health)"
    parts = _TITLE_BREAK.split(_BRACKETED.sub("", printed).strip())
    for i, part in enumerate(parts):
        low = part.lower()
        if low == office and i < len(parts) - 1:
            return True
        if low.startswith(office + " ") and part[len(office) + 1 : len(office) + 2].isupper():
            return True
    return False


def office_holder(query: Query, meetings: list[dict]) -> tuple[dict, str] | None:
    """(meeting, entry as printed without ingest's note): the latest minuted meeting, of the
    body and period the question names if it names them, whose list of those present gives
    the office asked about to someone; None when none does."""
    office = office_asked(query.text)
    if not office:
        return None
    span = query.date_range
    dated = [m for m in meetings if m.get("status") == "minuted" and m.get("sources")
             and (not span or (m.get("date") and span[0] <= m["date"] <= span[1]))]
    # "the Police and Crime Commissioner" names an office, not the Police and Crime Panel
    body = None if query.body and set(terms(query.body)) - GENERIC_BODY <= set(terms(office)) else query.body
    held = [m for m in dated if not body or not m.get("body") or same_body(body, m["body"])]
    # "Kent County Council's Director of Public Health" is listed at its Cabinet, whose body
    # ("Cabinet (Kent County Council)") the question names by the council's own name
    held += [m for m in dated if m not in held and any(n in (m.get("body") or "") for n in query.names)]
    asked = set(terms(query.text))
    portfolio = _portfolio(query, office, meetings)
    # "who is the chairman of Kent County Council?": whoever is in the chair at that body's
    # meetings, which the minutes mark "(Chairman)"; of no body named, the mark names no office
    chairing = office in _CHAIRING and bool(body)
    for meeting in sorted(held, key=lambda m: m.get("date") or "", reverse=True):
        entries = [a for a in meeting.get("attendees") or [] if holds(a, office, chairing and _bodys_own(meeting, body))
                   and (not portfolio or portfolio & set(terms(a)))]
        if entries:  # of several "Corporate Director (…)", the one whose portfolio the question names
            entry = max(entries, key=lambda a: len(asked & set(terms(a))))
            return meeting, without_tag(entry)
    return None


def _bodys_own(meeting: dict, body: str | None) -> bool:
    """Is the meeting one of the body's own (not a meeting found by a name the question says)?"""
    return bool(body) and same_body(body, meeting.get("body"))


def _portfolio(query: Query, office: str, meetings: list[dict]) -> set[str]:
    """The words of an "of …" after the office that say which one ("Corporate Director *of
    Finance*"), less any body's words ("the mayor of Nipissing" asks Nipissing's mayor): an
    entry must hold one of them, or "Mrs S Hammond (Corporate Director Children, Young People
    and Education)" answers "who is the Corporate Director of Finance?"."""
    text = _as_for(query.text)
    found = _ASKED.match(text)
    said = _OF_WHAT.match(text, found.end("office")) if found else None
    if said is None:
        return set()
    bodies = {t for m in meetings for t in terms(m.get("body") or "")} | set(terms(query.body or ""))
    return {t for t in terms(said.group(1)) if t.isalpha() and t not in GENERIC_BODY and t not in bodies} \
        - set(terms(office))


# "… of Finance at Kent?": the words after "of", up to a place, a period or the end
_OF_WHAT = re.compile(r"\s+of\s+(?!the\b)(.+?)(?=\s+(?:at|in|for|on|during|now|today)\b|\s*\?|\s*$)", re.I)


# a person's name as papers print it beside an office: "Mr Oakford", "Roger Gough", "Cllr J Smith"
_NAME = rf"(?:(?:{HONORIFIC}|Mayor)\.?[ \t]+)?(?:[A-Z][\w'’.]*[ \t]+){{0,3}}[A-Z][\w'’-]+"
_TITLED = rf"{HONORIFIC}\.?\s+[A-Z][\w'’-]+"
# what follows an office's head in a paper ("Leader of the Council", "Cabinet Member for Finance")
_QUALIFIER = r"(?:\s+(?i:of|for)\s+(?:the\s+)?[\w&'’-]+(?:[ ,]+[\w&'’-]+){0,6}?)?"


def office_phrases(question: str) -> list[str]:
    """The office as asked with its qualifier, then without: "cabinet member for finance",
    "cabinet member". A paper prints "Cabinet Member for Finance, Corporate and Traded
    Services", or "Leader of the Council" where the question says "Leader of Kent County Council"."""
    question = _as_for(question)
    found = _ASKED.match(question)
    if not found:
        return []
    office = found.group("office").lower()
    rest = question[found.end("office"):].strip(" ?").lower()
    full = f"{office} {rest}".strip()
    cut = re.split(r"\s+(?:in|on|during|now|today)\s+", full)[0]  # a period is no part of an office
    return list(dict.fromkeys(p for p in (cut, office) if p))


def holder_near(unit: str, passage: str, phrases: list[str]) -> float:
    """``names_holder`` of a unit read with the lines around it in its passage: a letter's
    signature block prints "Roger Gough" and "Leader of the Council" on lines (units) of
    their own. Only a match that takes in the unit counts."""
    at = passage.find(unit)
    if at < 0:
        return names_holder(unit, phrases)
    start, end = max(0, at - 80), at + len(unit) + 80
    return names_holder(passage[start:end], phrases, (at - start, at - start + len(unit)))


def names_holder(text: str, phrases: list[str], span: tuple[int, int] | None = None) -> float:
    """Does the text name someone beside the office, as papers introduce people: "Mr Oakford,
    Deputy Leader and Cabinet Member for Finance", "Roger Gough\\nLeader of the Council",
    "Leader of the Council: Roger Gough"? 1 for the office as asked with its qualifier, 0.5 for
    its head alone ("Cabinet Member" of another portfolio), 0 for neither. Why: a who-question's
    passages mention the office in passing ("commended the Leader for …"); the sentence that
    names its holder is the answer."""
    for i, phrase in enumerate(phrases):
        office = r"\s+".join(re.escape(w) for w in phrase.split())
        before = rf"{_NAME}\s*(?:,|\n|–)\s*(?:(?:[A-Z][\w-]*\s+){{1,3}}and\s+)?(?:the\s+)?(?i:{office})\b"
        # after the office, a colon or a dash on its line; a comma only before a titled name ("… for
        # Finance, Corporate and Traded Services" goes on with the office)
        after = rf"(?i:{office}){_QUALIFIER}[ \t]*(?:[:–][ \t]*{_NAME}|,[ \t]*{_TITLED})"
        for found in (*re.finditer(before, text), *re.finditer(after, text)):
            if span is None or (found.start() < span[1] and found.end() > span[0]):
                return 1.0 if i == 0 else 0.5  # the office with its qualifier, or its head alone
    return 0.0


# a follow-up naming only another office: "and the clerk?", "what about the deputy clerk?"
_OTHER_OFFICE = re.compile(
    r"(?:(?:the|its|their)\s+(?P<a>[A-Za-z][A-Za-z &/-]{1,40})|(?P<b>[a-z][a-z &/-]{1,40}))")


def swap_office(previous: str, rest: str) -> str | None:
    """A follow-up that names only another office, asked of the same owner: "Who is
    Nipissing's fire chief?" then "and the clerk?" → "Who is Nipissing's clerk?". None when
    the earlier turn asked no office, or the follow-up is more than a lower-case office or
    one after "the" (a name, "Mansfield", is swapped by the conversation's own rules)."""
    asked = _ASKED.match(previous)
    other = _OTHER_OFFICE.fullmatch(rest.strip(" ?.!"))
    if asked is None or other is None:
        return None
    office = " ".join((other.group("a") or other.group("b")).split())
    return previous[:asked.start("office")] + office + previous[asked.end("office"):]


def person_asked(query: Query, meeting: dict) -> tuple[str, list[str]] | None:
    """(field, entries) of the people the question names whom the meeting lists as present
    or as sending apologies ("Was Councillor Foote at the June 4, 2024 meeting?" → her
    entry), present first, or of the office it names ("Was the mayor at …?" → "Mayor Tom
    Piper", not "Deputy Mayor …": ``holds``); None when it names no one listed, and the
    whole list answers."""
    for field in ("attendees", "apologies"):
        said = {e: sum(_entry_names(e, n) for n in query.names) for e in meeting.get(field) or []}
        best = max(said.values(), default=0)
        if best:  # "Tom Butler": his entry, not every Tom's
            return field, [e for e, n in said.items() if n == best]
    office = _OFFICE_ASKED.search(query.text)
    for field in ("attendees", "apologies") if office else ():
        held = [e for e in meeting.get(field) or [] if holds(e, office[1].lower())]
        if held:
            return field, held
    return None


# "Was the mayor at …?", "Did the fire chief attend …?", "Was the chief executive absent …?"
_OFFICE_ASKED = re.compile(r"^\s*(?:was|were|did)\s+the\s+([a-z][a-z -]{2,40}?)\s+(?:at|present|in attendance|there|"
                           r"attend\w*|come|make it|send|sent|absent|away|miss\w*)\b", re.I)


def _entry_names(entry: str, name: str) -> bool:
    """Does a listed entry name the person ("Mr D Murphy" for "Murphy"), as a whole word of
    its name, not of a role in brackets ("Head of Finance Policy" names no "Finance")?"""
    return bool(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", entry.split("(")[0], re.I))
