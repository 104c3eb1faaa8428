"""Who attended a meeting, as its minutes list them: present, absent, staff and guests.

Why apart from ``ingest.meetings``: the lists come in many layouts (an inline "PRESENT:
Mr R W Gough (Chairman), …" list, a line per person with an "A" column for the absent,
Ontario's "Present:" / "Regrets:" / "Staff:" labels) and reading them is a job of its own;
the meeting parser only hands over the lines between the minutes' header and first minute.
"""

from __future__ import annotations

import re

from ingest.minutes import Line

# Attendance labels in minutes; group 2 is an inline list ("PRESENT: Mr R W Gough (Chairman), ...").
_ATTEND_LABEL = re.compile(
    r"^(MEMBERSHIP|PRESENT|IN ATTENDANCE(?: VIRTUALLY)?|OTHERS PRESENT|ALSO PRESENT|Members present|"
    r"Pr[ée]sences|Membres|Secr[ée]taire|APOLOGIES|ABSENT)\s*:?\s*(.*)$"
)
# The same in title case, as Ontario township minutes print them ("Present:", "Regrets:",
# "Staff:", "Guest:", "Zoom:"): only with a colon, since "Present at the meeting were ..."
# is a sentence. The channel labels ("Zoom", "Teams") list people attending remotely.
_TITLE_LABEL = re.compile(
    r"^(Present|Also Present|Regrets|Apologies|Absent|Staff|Guests?|Delegations?|Zoom|Teams|Virtual(?:ly)?|"
    r"Electronic(?:ally)?)\s*:\s*(.*)$"
)
# Any other "Label:" line ("Disclosure of pecuniary interest: None.") ends an inline list.
OTHER_LABEL = re.compile(r"^[A-Z][A-Za-z ,'&-]{2,50}:")
# What a label's people are, when they are not the members: kept with each name. UK minutes
# list the officers at a meeting "IN ATTENDANCE" (Kent's "Mr B Watts (General Counsel)").
_ROLE_OF_LABEL = {"STAFF": "staff", "IN ATTENDANCE": "staff", "IN ATTENDANCE VIRTUALLY": "virtually",
                  "GUEST": "guest", "GUESTS": "guest", "DELEGATION": "delegation", "DELEGATIONS": "delegation",
                  "ZOOM": "by Zoom", "TEAMS": "by Teams", "VIRTUAL": "virtually", "VIRTUALLY": "virtually",
                  "ELECTRONIC": "electronically", "ELECTRONICALLY": "electronically"}
# The tags those make (the one source: the answerer reads an entry's tag back with ``listed_as``).
TAGS = tuple(dict.fromkeys(_ROLE_OF_LABEL.values()))
_TAG = re.compile(rf"\s*\(({'|'.join(map(re.escape, TAGS))})\)\s*$")
# "A Emma Foody – Deputy ..." : the "A" column marks an absent member.
_ABSENT_MARK = re.compile(r"^A\s+(?=[A-Z])")
# The titles papers print before a person's name ("Mr Hook", "Cllr J Smith", "Supt Jones"):
# one list for every reader of names (ingest's lists and votes, the answer's units, offices and
# divisions), as a regex alternation. A reader adds only what is its own ("Mayor", "M.").
HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Cllr|Councillor|Prof(?:essor)?|Supt|Insp)"
# Honorifics that start a person in an inline list ("Mr", "Mrs", "Dr", "Cllr", "M.", "Mme").
_PERSON = re.compile(rf"^(?:{HONORIFIC}|M\.|Mme)\b")
# Name–role separators that mark a new entry in a line-per-person list.
_ENTRY_SEP = re.compile(r"\s[–-]\s|,\s")


def attendance(zone: list[Line]) -> tuple[list[str], list[str]]:
    """Attendees and absentees from the lines between the minutes header and the first minute."""
    present: list[str] = []
    absent: list[str] = []
    label, inline, last = None, "", present
    for text in [ln.text for ln in zone] + [""]:
        m = _ATTEND_LABEL.match(text) or _TITLE_LABEL.match(text)
        if m or (inline and (not text or OTHER_LABEL.match(text))):
            _add_inline(inline, label, present, absent)
            label, inline = (m.group(1).upper(), m.group(2)) if m else (None, "")
            continue
        if inline:
            inline += text if inline.endswith("-") else " " + text  # "Croskery-" / "Hodgins"
        elif label and text and not text.startswith("(") and not text.endswith(":") and not text.isupper():
            last = _add_line(text, absent if label in _ABSENT_LABELS else present, absent, last)
    return present, absent


_ABSENT_LABELS = ("APOLOGIES", "ABSENT", "REGRETS")


# "Regrets: None", "Apologies: Nil": a label saying nobody is listed, not a person called None
_NOBODY = re.compile(r"^(?:none|nil|n/?a|no one|nobody)\W*$", re.I)


def _add_inline(inline: str, label, present: list[str], absent: list[str]) -> None:
    """File an inline comma list under its label ("Regrets: None" files nobody)."""
    if inline:
        role = _ROLE_OF_LABEL.get(label or "")
        people = [f"{p} ({role})" if role else p for p in split_people(inline) if not _NOBODY.match(p)]
        (absent if label in _ABSENT_LABELS else present).extend(people)


def _add_line(text: str, target: list[str], absent: list[str], last: list[str]) -> list[str]:
    """File one line of a line-per-person list and return the list it went to.

    "A " in front marks an absent member; a line with no name–role separator and
    no honorific wraps the previous entry ("... Office of the Police and" / "Crime Commissioner").
    """
    if _ABSENT_MARK.match(text):
        text, target = _ABSENT_MARK.sub("", text), absent
    elif last and not (_ENTRY_SEP.search(text) or _PERSON.match(text)):
        last[-1] += " " + text
        return last
    target.append(text)
    return target


# A title or department word ending what comes before an "and": the "and" joins two parts of
# one staff member's title ("Office Assistant-Intern and Interim Deputy Clerk Kim Turnbull"),
# not two people, since a person's entry ends with their name.
ROLE_WORDS = ("administrator", "assistant", "intern", "clerk", "treasurer", "superintendent", "chief", "officer",
              "manager", "director", "coordinator", "planner", "planning", "technology", "operations", "works",
              "finance", "services", "secretary", "deputy", "head", "lead", "inspector", "engineer")
_ROLE_END = re.compile(rf"(?:^|[\s/-])(?:{'|'.join(ROLE_WORDS)})\s*$", re.I)


def split_people(text: str) -> list[str]:
    """Split "Mr A (Chair), Mr B, OBE, Mrs C and Dr D" on commas, semicolons and 'and'
    outside brackets. A list that separates its people with semicolons keeps the commas
    inside an entry: "Fire Chief Will Bateman; Dan MacInnis, Operations Superintendent;
    Tashi Dwivedi, P. Eng." is three people, each with the title after the comma."""
    pieces, depth, buf = [], 0, ""
    text = _RUN_ON_TITLE.sub(r"\1, ", text)  # "Mayor Dave Yemm Councillors Lisa Chalapenko, …"
    seps = (";", "and") if _semicolon_list(text) else (",", ";", "and")
    for token in re.split(r"(\(|\)|,|;|\band\b)", text):
        depth += token == "(" and 1 or token == ")" and -1 or 0
        if token == "and" and depth == 0 and _ROLE_END.search(buf):
            buf += token  # "Land Planning and Technology Administrator John-Paul Negrinotti" is one
        elif token in seps and depth == 0:
            pieces.append(buf)
            buf = ""
        else:
            buf += token
    pieces.append(buf)
    people: list[str] = []
    # a name broken at its hyphen over two lines ("Crow-\nBrown") is one name again
    for piece in (re.sub(r"(?<=[a-z])-\s+(?=[A-Z])", "-", re.sub(r"\s+", " ", p)).strip(" .") for p in pieces):
        if people and (re.fullmatch(r"[A-Z]{2,4}", piece) or _CHANNEL.fullmatch(piece)):
            people[-1] += f", {piece}"  # honours ("Mr R C Love, OBE"); how one joined ("…, via Zoom")
        elif piece:
            people.append(piece)
    return _titled(people)


# a plural title run on from the name before it, the comma or "and" left out: a new entry
_RUN_ON_TITLE = re.compile(r"(\b[A-Z][a-z'’-]+)\s+(?=(?:Councillors|Cllrs|Trustees|Aldermen|Commissioners)\s+[A-Z])")
# "Councillors Tom Butler, Shelly Foote and Dave Yemm": each of them a councillor
_PLURAL_TITLE = re.compile(r"^(Councillors|Cllrs|Trustees|Aldermen|Commissioners)\s+(?=[A-Z])")
_SINGULAR = {"Councillors": "Councillor", "Cllrs": "Cllr", "Trustees": "Trustee", "Aldermen": "Alderman",
             "Commissioners": "Commissioner"}
# a list entry saying only how someone joined: it belongs to the entry before it
_CHANNEL = re.compile(r"(?:via|by|on|over)\s+(?:zoom|teams|phone|telephone|video(?:\s*link)?)|virtually|remotely",
                      re.I)


def _titled(people: list[str]) -> list[str]:
    """A plural title before a list's first name is each name's: "Councillors Tom Butler",
    "Shelly Foote" → "Councillor Tom Butler", "Councillor Shelly Foote", up to the next
    entry with a title of its own."""
    out, title = [], None
    for entry in people:
        m = _PLURAL_TITLE.match(entry)
        if m:
            title = _SINGULAR[m.group(1)]
            entry = f"{title} {entry[m.end():]}"
        elif _PERSON.match(entry) or re.match(r"(?:Mayor|Deputy Mayor|Reeve|Chair)\b", entry):
            title = None
        elif title and not _ROLE_END.search(entry.split(",")[0]) and not re.search(r"\b(?:staff|guest)\b", entry, re.I):
            entry = f"{title} {entry}"
        out.append(entry)
    return out


_GIVEN_TITLE = re.compile(rf"^(?:{'|'.join(_SINGULAR.values())})\s+(?=[A-Z])")


def untitled(entry: str) -> str:
    """The entry without a singular title ``_titled`` may have given it: the minutes print
    "Councillors Tom Butler, Shelly Foote", so a check that a passage holds the entry reads
    "Tom Butler", not "Councillor Tom Butler"."""
    return _GIVEN_TITLE.sub("", entry)


def said_as(entry: str, tag: str) -> bool:
    """Does an entry say it joined the way a channel tag means ("…, via Zoom" for "by Zoom"),
    whatever label it was listed under?"""
    channel = tag.split()[-1] if tag.startswith("by ") else None
    return bool(channel) and bool(re.search(rf"\b(?:via|by|on|over)\s+{re.escape(channel)}\b", entry, re.I))


def _semicolon_list(text: str) -> bool:
    """Does the list separate its entries with semicolons (outside brackets)?"""
    return ";" in re.sub(r"\([^()]*\)", "", text)


def listed_as(entry: str) -> str | None:
    """The tag an attendance entry was given by its label ("staff", "by Zoom"); None for a
    member's, listed under "Present"."""
    m = _TAG.search(entry)
    return m.group(1) if m else None


def without_tag(entry: str) -> str:
    """The entry as the minutes print it, without the tag ingest added."""
    return _TAG.sub("", entry).strip()

