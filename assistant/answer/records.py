"""Answers from meeting records: who attended, who sent apologies, who chaired, who declared an
interest, when the next meeting is, who holds an office (``offices``).

Ingest already reads these from minutes into ``Meeting`` records; a passage search
for "who sent apologies" finds any minutes' apologies paragraph, of any meeting,
so the record of the meeting the question names is the better evidence. The
answer still cites the minutes' passage, found inside that document only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer.meeting_text import body_before, meeting_named, opening, other_papers, quote_name, source_of
from assistant.answer.offices import office_holder, person_asked
from assistant.retrieve.query import Query
from assistant.retrieve.shapes import shape_table
from assistant.text import same_body, terms
from ingest.attendance import listed_as, said_as
from ingest.dates import human_date

MEMBERS = "members"  # the attendees group (shapes.yaml) of the entries under no label: no staff, guests or Zoom

# how minutes mark who chaired, in the list of those present: "Mr B J Sweetland (Chairman)"
CHAIR_MARK = re.compile(r"\((?:Chair|Chairman|Chairwoman|Chairperson|Presiding|In the Chair)\)", re.I)


@dataclass
class RecordAnswer:
    text: str
    document_id: str
    page: int
    quote: str  # a string the cited passage must hold (a name or a date)
    none_recorded: bool = False  # the minutes record nothing of the field asked for (see ``_not_recorded``)
    field: str = ""
    more: tuple[str, ...] = ()  # further claims as printed, each cited to the passage holding it
    also: tuple[str, ...] = ()  # the meeting's other papers, in case the quote is printed in one of them
    meeting: str = ""  # "the Township of Nipissing Council meeting of 28 May 2024", for a reason
    paper: str = "minutes"  # what of the meeting was read for a reason: its minutes, or its papers (an agenda)
    others: tuple["RecordAnswer", ...] = ()  # the same field of the other meetings the question fits (``_EACH_MEETING``)
    # what the cited passages must hold of each person listed: a long list (Kent's PRESENT and
    # IN ATTENDANCE) may run over two passages of the minutes, and the claim cites each
    entries: tuple[str, ...] = ()
    # the sentence without the meeting's day, for a cited passage that does not print the day:
    # every number of a claim must be in what it cites (verify.py), the day included
    undated: str = ""


# fields a question may ask of a few meetings at once: "who chaired Kent's Cabinet in January
# 2025?" when Cabinet met twice that month is answered for each meeting, each named and cited
# to its own minutes, not left to whichever passage ranks first
_EACH_MEETING = ("chair", "attendees", "apologies")
MAX_MEETINGS = 3


def meeting_for(query: Query, meetings: list[dict], field: str) -> dict | None:
    """The one meeting the question names (by date or period, and body) that records the
    field; None when none does, or several fit and nothing tells them apart.

    The body is matched exactly first: "County Council" is also part of "Cabinet (Kent
    County Council)", and a Cabinet's apologies are no answer about the full Council.
    When the meeting named records no such field, there is no record answer at all, and
    when the question names no body and two meetings fit, the one that records the field
    is not thereby the one meant (a Cabinet's chair is no answer about the full Council)."""
    if not query.date_range and not query.body:
        return None  # "who attended?" alone names no meeting
    found = _named(query, meetings)
    if query.order and query.date_range:  # "the first council meeting of 2024": that period's earliest, or latest
        found = _in_order(found, query.order)
    if not query.date_range and len(found) > 1:  # "the county council meeting on the devolution white paper"
        found = _on_agenda(query, found)
    if not query.body and len({(m.get("body"), m.get("date")) for m in found}) > 1:
        return None  # two meetings that day ("the full council" names no stored body): no guessing
    found = [m for m in found if m.get(field)]
    found = [m for m in found if m.get("status") == "minuted"] or found
    return found[0] if len(found) == 1 else None


AGENDA_TERMS = 2  # topic words a question shares with one meeting's agenda item to name that meeting by it
_MEETING_WORDS = frozenset(terms("meeting meetings council"))  # name a meeting, not what it was on


def _on_agenda(query: Query, found: list[dict]) -> list[dict]:
    """Of a body's meetings, the one whose agenda has an item on what the question names it by
    ("Who was in the chair for the extraordinary county council meeting on the devolution white
    paper?": the County Council of 9 January 2025, item 3 English Devolution White Paper), when
    exactly one shares the most topic words with an item, and at least ``AGENDA_TERMS``; else
    all of them, and nothing tells them apart. The body's and the shape's words say nothing."""
    asked = set(query.terms) - set(terms(query.body or "")) - _MEETING_WORDS

    def shared(meeting: dict) -> int:
        return max((len(asked & set(terms(e.get("title") or ""))) for e in meeting.get("agenda") or []), default=0)

    scores = [shared(m) for m in found]
    best = max(scores, default=0)
    kept = [m for m, n in zip(found, scores) if n == best]
    return kept if best >= AGENDA_TERMS and len({(m.get("body"), m.get("date")) for m in kept}) == 1 else found


def _in_order(found: list[dict], order: str) -> list[dict]:
    """The meetings of the earliest (``order`` "first") or latest day of those held (minuted,
    else any): every record of that day, so two bodies meeting then stay two. Whether that
    meeting records the field asked is the caller's question, not which meeting is meant."""
    held = [m for m in found if m.get("status") == "minuted"] or found
    days = sorted({m.get("date") or "" for m in held})
    if not days:
        return found
    day = days[0] if order == "first" else days[-1]
    return [m for m in held if (m.get("date") or "") == day]


def _named(query: Query, meetings: list[dict]) -> list[dict]:
    """The meetings of the date or period the question names, and of its body: that body
    exactly when any is, else one of its name ("Cabinet" for "Cabinet (Kent County Council)")."""
    span = query.date_range
    found = [m for m in meetings if not span or (m.get("date") and span[0] <= m["date"] <= span[1])]
    if query.body:
        exact = [m for m in found if m.get("body") == query.body]
        # no meeting of the body named that day: none of another body's ("County Council" on
        # 13 March 2025 is not that day's Cabinet, whose front sheet the archive holds)
        found = exact or [m for m in found if same_body(query.body, m.get("body"))]
    return found


def _clock_times(meetings: list[dict]) -> list[dict]:
    """The meetings with their start and finish as printed ("6:30 p.m."), or none."""
    return [{**m, "start": m.get("time_text"), "finish": m.get("finish_text")} for m in meetings]


def _duration(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    """"How long did the meeting last?": when it started, then when it ended; no answer unless
    the record holds both (a length worked out by us would be a figure no paper prints)."""
    return _two_times(query, meetings, ("time_text", "started at"), ("finish_text", "ended at"))


def _closed_session(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    """"How long was council in closed session?": when it went in, then when it resumed in
    open session, as the minutes print them (ingest reads both or neither)."""
    return _two_times(query, meetings, ("closed_text", "went into closed session at"),
                      ("resumed_text", "resumed in open session at"))


def _two_times(query: Query, meetings: list[dict], first: tuple[str, str],
               then: tuple[str, str]) -> RecordAnswer | None:
    """The meeting record's two printed times (``first`` and ``then``: its field and what the
    sentence says of it), each a claim cited to the paper printing it; None unless the
    meeting the question names holds both."""
    meeting = meeting_for(query, [m for m in meetings if m.get(first[0])], then[0])
    if meeting is None or not meeting.get("sources"):
        return None
    source = source_of(meeting)
    return replace(_clock_answer(meeting, *first, source), others=(_clock_answer(meeting, *then, source),))


def _clock_answer(meeting: dict, field: str, said: str, source: dict) -> RecordAnswer:
    """The time as printed ("6:30 p.m."), in few words besides: the verifier finds most of a
    sentence's words in the cited passage, and a front sheet says little more than the time."""
    at = meeting[field]
    end = "" if at.endswith(".") else "."  # "6:45 p.m." ends the sentence itself
    return RecordAnswer(f"The meeting {said} {at}{end}", source["document_id"], source["page"], at,
                        also=other_papers(meeting, source))


def with_chair(meeting: dict) -> dict:
    """The meeting with a derived ``chair`` field: those present whom the minutes mark as chairing."""
    return {**meeting, "chair": [a for a in meeting.get("attendees") or [] if CHAIR_MARK.search(a)]}


def record_answer(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    field = query.record_field
    if field is None:
        return None
    if field == "chair":
        meetings = [with_chair(m) for m in meetings]
    if field == "office":
        return _office(query, meetings)
    if field == "duration":
        return _duration(query, meetings)
    if field == "closed_session":
        return _closed_session(query, meetings)
    if field in ("start", "finish"):  # times only as printed: an older store has none, and gives no record answer
        meetings = _clock_times(meetings)
    meeting = meeting_for(query, meetings, field) or (_same_contact(query, meetings) if field == "contact" else None)
    if meeting is None and field == "contact":
        return _no_contact(query, meetings)
    asked = query.shape.field(field)
    if meeting is None and field == "next_meeting":  # the meeting after the one named, or the latest stated
        if query.date_range:
            return _met_next(query, meetings) or _not_recorded(query, meetings, field)
        meeting = _latest_stating_next(query, meetings)
        if meeting is None:
            return None  # no minutes state one: the passages answer, if they word it
    if meeting is None and field in _EACH_MEETING:
        answers = [_listed(query, m, field, asked, named=True) for m in meetings_for(query, meetings, field)]
        if answers:
            return replace(answers[0], others=tuple(answers[1:]))
    if meeting is None and asked is not None and asked.said:  # a field minutes word when they record it
        return _not_recorded(query, meetings, field)
    if meeting is None or not meeting.get("sources"):
        return None
    source = source_of(meeting)
    # no date of the meeting itself in the sentence: every number must be in the cited passage
    body = body_before(meeting)
    if field == "next_meeting":
        # as the minutes print it ("June 4, 2024"): copied from the cited passage, not restyled
        nxt = meeting.get("next_meeting_text") or human_date(meeting["next_meeting"])
        return RecordAnswer(f"The next {body}meeting is on {nxt}.", source["document_id"], source["page"],
                            nxt)
    if field in ("start", "finish"):
        said = "ended at" if field == "finish" else "started at" if meeting.get("status") == "minuted" else "is at"
        return _clock_answer(meeting, field, said, source)
    if field == "contact":  # the front sheet's line as printed: "Ask for: Georgina Little"
        return RecordAnswer(f"{meeting['contact']}.", source["document_id"], source["page"],
                            meeting["contact"].split(": ", 1)[-1], field=field, also=other_papers(meeting, source))
    names = meeting[field]
    if field == "agenda":
        # each item's title as printed, a claim of its own cited to the passage that lists it
        titles = [e["title"] for e in names if e.get("title")]
        return RecordAnswer(f"On the agenda: {titles[0].rstrip('.')}.", source["document_id"], source["page"],
                            opening(titles[0]), field=field, more=tuple(titles[1:]),
                            also=other_papers(meeting, source))
    if field == "interests":
        # each declaration as the minutes print it: the verifier checks every word of a quote
        return RecordAnswer(names[0], source["document_id"], source["page"], opening(names[0]),
                            field=field, more=tuple(names[1:]))
    return _listed(query, meeting, field, asked)


def _listed(query: Query, meeting: dict, field: str, asked, named: bool = False) -> RecordAnswer:
    """Who chaired, attended or sent apologies to one meeting, as its minutes list them;
    ``named``: the sentence names the meeting (one of several the question fits)."""
    source, names = source_of(meeting), meeting[field]
    where = meeting_named(meeting) if named else ""
    person = person_asked(query, meeting) if field in ("attendees", "apologies") else None
    head = names[0]  # the list's first entry: its passage prints the list's head ("PRESENT:")
    if person is not None:  # "was Mr Murphy at …?": his entry, in the list it is in
        field, names = person
        head = meeting[field][0]
    if field == "chair":
        # the name as the minutes list it, "(Chairman)" and all: the verifier checks the words
        return RecordAnswer(f"In the chair{' at ' + where if where else ''}: {names[0]}.", source["document_id"],
                            source["page"], quote_name(names[0]))
    tagged = _of_group(query, names, field)
    if tagged:  # "who was on Zoom?": those listed so, not the whole room; "which councillors?": no staff
        names = tagged
    at = where or f"the {body_before(meeting)}meeting"
    text = (f"Present at {at}: {'; '.join(names)}." if field == "attendees"
            else f"Apologies{' for ' + where if where else ''} were received from {'; '.join(names)}.")
    undated = (f"Present at the {body_before(meeting)}meeting: {'; '.join(names)}." if field == "attendees"
               else f"Apologies were received from {'; '.join(names)}.")
    if person is not None and shape_table().asks_yes_no(query.text):  # "Was Mr Murphy at …?": yes or no first
        # yes when listed as the question asks: present for "was he at …?", apologies for "did he send apologies?"
        lead = "Yes: " if field == query.record_field else "No: "
        text = lead + text[0].lower() + text[1:]
        # when the passages holding the entry do not print the meeting's name (it ran on from the
        # list's head), the answer in fewer words: "Yes: Mr M Whiting was present."
        was = "was" if len(names) == 1 else "were"
        undated = lead + "; ".join(names) + (f" {was} present." if field == "attendees" else " sent apologies.")
    elif not where:
        undated = ""  # the sentence names no meeting's day: nothing to leave out
    # quoted from the list's head, with the passage each entry is in: a long list runs on into
    # passages that never say "present" (Kent's 69 members), which alone would not bear the claim out
    return RecordAnswer(text, source["document_id"], source["page"], quote_name(head),
                        entries=tuple(quote_name(n) for n in names), undated=undated)


def _of_group(query: Query, names: list[str], field: str) -> list[str]:
    """The entries of the group the question asks for ("who was on Zoom?": those listed by
    Zoom; "which councillors?": those under no label), or none when it asks for no group."""
    asked = query.shape.field(field) if query.shape is not None else None
    group = asked.group_asked(query.text) if field == "attendees" and asked is not None else None
    if not group:
        return []
    return [n for n in names if (listed_as(n) is None if group == MEMBERS
                                 else listed_as(n) == group or said_as(n, group))]


def meetings_for(query: Query, meetings: list[dict], field: str) -> list[dict]:
    """The meetings the question names that record the field, when it fits two to
    ``MAX_MEETINGS`` and nothing tells them apart (two Cabinets in January 2025; a Cabinet and
    the full Council on 13 March 2025), oldest first; none otherwise. Of a period ("who was
    absent in October 2023?"), one is enough: the others held then recorded no such entry, and
    the answer names the meeting it is about."""
    if not query.date_range and not query.body:
        return []
    found = [m for m in _named(query, meetings) if m.get(field) and m.get("sources")]
    found = [m for m in found if m.get("status") == "minuted"] or found
    # "who joined by Zoom in January 2025?": the meetings with someone listed so
    found = [m for m in found if _of_group(query, m[field], field)] or found
    fewest = 1 if query.period and not query.meeting_date else 2
    return sorted(found, key=lambda m: m.get("date") or "") if fewest <= len(found) <= MAX_MEETINGS else []


def _same_contact(query: Query, meetings: list[dict]) -> dict | None:
    """The latest of the meetings the question names when their front sheets all name the
    same officer ("mid-March 2025 Cabinet papers": two Cabinets, one clerk): who to ask is
    then not in doubt, though which meeting is."""
    if not query.date_range and not query.body:
        return None
    found = [m for m in _named(query, meetings) if m.get("contact")]
    return max(found, key=lambda m: m["date"] or "") if found and len({m["contact"] for m in found}) == 1 else None


def _no_contact(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    """The one meeting the question names by its day, whose papers name no officer to ask
    ("who should I contact about the County Council meeting on 13 March 2025?", a summons
    without an "Ask for" line): that is said, citing its front page, rather than quoting a
    report's lead officer or any other sentence of its papers. A question naming no day (a
    report, a month) is left to the passages."""
    if not query.meeting_day or not query.date_range or query.date_range[0] != query.date_range[1]:
        return None
    named = [m for m in _named(query, meetings) if m.get("sources")]
    if len({(m.get("body"), m.get("date")) for m in named}) != 1:
        return None  # no meeting that day, or two: nothing to say of "its" papers
    meeting = named[0]
    printed = meeting.get("time_text") or next((e["title"] for e in meeting.get("agenda") or [] if e.get("title")), None)
    if not printed:
        return None  # nothing of the record to find its page by
    source = source_of(meeting)
    return RecordAnswer("", source["document_id"], source["page"], opening(printed), none_recorded=True,
                        field="contact", meeting=meeting_named(meeting),
                        paper="minutes" if meeting.get("status") == "minuted" else "papers")


def _latest_stating_next(query: Query, meetings: list[dict]) -> dict | None:
    """For "when is the next council meeting?" naming no meeting: the latest minutes (of the
    body named, or of the one body whose minutes state one) that state one, so the answer is
    the newest the papers know, not whichever minutes' "next regular meeting" line ranks
    first (one of 2023 did)."""
    stating = [m for m in meetings if m.get("next_meeting") and m.get("sources") and m.get("date")
               and (not query.body or same_body(query.body, m.get("body")))]
    if not query.body and len({m.get("body") for m in stating}) > 1:
        return None  # several bodies' minutes state one, and the question names none: no guessing
    return max(stating, key=lambda m: m["date"]) if stating else None


def _met_next(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    """The body's next meeting the papers hold, for "when is the next Cabinet meeting after
    30 January 2025?" when those minutes state none: the one meeting named (by its day, and
    body), then the earliest later meeting of the same body, cited to its own paper. Said
    in the past ("met next"), as what the papers record, and only of a day the question names."""
    span = query.date_range
    if not span or span[0] != span[1]:
        return None
    named = meeting_for(query, meetings, "date")
    if named is None or not named.get("body"):
        return None
    later = [m for m in meetings if m.get("body") == named["body"] and (m.get("date") or "") > named["date"]
             and m.get("sources")]
    if not later:
        return None
    following = min(later, key=lambda m: m["date"])
    source = source_of(following)
    return RecordAnswer(f"{named['body']} met next on {human_date(following['date'])}.", source["document_id"],
                        source["page"], "", field="next_meeting")


def _office(query: Query, meetings: list[dict]) -> RecordAnswer | None:
    """Who holds the office asked about, as the latest minutes (of the period named) list them."""
    found = office_holder(query, meetings)
    if found is None:
        return None
    meeting, entry = found
    source = source_of(meeting)
    day = human_date(meeting.get("date"))
    return RecordAnswer(f"Present at the {body_before(meeting)}meeting of {day}: {entry}.", source["document_id"],
                        source["page"], entry, field="office",
                        undated=f"Present at the {body_before(meeting)}meeting: {entry}.")


def _not_recorded(query: Query, meetings: list[dict], field: str) -> RecordAnswer | None:
    """The minutes of the meeting named list those present but record no apologies, or no
    chair: "who missed the July 16, 2024 meeting?" is answered that none are listed, with
    who was present; "who chaired it?" gets an abstention saying the minutes do not say,
    not some other sentence of them. Only minutes (an agenda records no attendance) with a
    list of those present; the service still reads the minutes for any word of the field."""
    meeting = meeting_for(query, meetings, "attendees")
    if meeting is None or meeting.get("status") != "minuted" or not meeting.get("sources"):
        return None
    source = source_of(meeting)
    names = meeting["attendees"]
    text = (f"The minutes list no apologies or absences. Present at the {body_before(meeting)}meeting: "
            f"{'; '.join(names)}.") if field == "apologies" else ""
    # each entry quoted, as ``_listed`` does: a long list of those present runs on into the next passage
    return RecordAnswer(text, source["document_id"], source["page"], quote_name(names[0]), none_recorded=True,
                        field=field, meeting=meeting_named(meeting),
                        entries=tuple(quote_name(n) for n in names) if text else ())
