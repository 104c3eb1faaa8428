"""How a meeting record is named and quoted in an answer: "the Township of Nipissing Council
meeting of 28 May 2024", the paper its claim cites, and what that passage must hold of a
listed name or a quoted sentence.

Why apart from ``records``: these read one record's fields into words, the same for every
field answered (attendance, apologies, the chair, the next meeting, a time), while
``records`` decides which meeting and which field answer.
"""

from __future__ import annotations

from assistant.store.meetings import is_sitting
from ingest.attendance import untitled
from ingest.dates import human_date


def body_before(meeting: dict) -> str:
    """The body before "meeting" ("Cabinet "), or nothing: a record whose papers name no body
    is "the meeting", not "the the meeting"."""
    return f"{meeting['body']} " if meeting.get("body") else ""


def meeting_named(meeting: dict) -> str:
    """"the Township of Nipissing Council meeting of 28 May 2024": the record's own body and
    date, not those of the pack its minutes were printed in."""
    named = f"the {meeting['body']} meeting" if meeting.get("body") else "the meeting"
    day = human_date(meeting.get("date"))
    if day and meeting.get("time_text") and is_sitting(meeting):
        return f"{named} of {day} at {meeting['time_text']}"  # one of that day's two sittings: which one
    return f"{named} of {day}" if day else named


def other_papers(meeting: dict, source: dict) -> tuple[str, ...]:
    """The meeting's papers besides ``source``: the minutes may not print the start time or
    venue the front sheet gave the merged record."""
    cited = source["document_id"]
    return tuple(dict.fromkeys(s["document_id"] for s in meeting["sources"] if s["document_id"] != cited))


def source_of(meeting: dict) -> dict:
    """The paper the record's status was read from (the minutes of a minuted meeting)."""
    return next((s for s in meeting["sources"] if s.get("status") == meeting.get("status")), meeting["sources"][0])


def opening(text: str, words: int = 8) -> str:
    """What the cited passage must hold of a quoted sentence: its first words (a long one
    may run past the passage that opens it)."""
    return " ".join(text.split()[:words])


def quote_name(name: str) -> str:
    """What the cited passage must hold of a listed name: 'Sir Paul Carter, CBE (Chairman)' → 'Sir Paul Carter';
    'Councillor Tom Butler' → 'Tom Butler' (the minutes may list him under "Councillors")."""
    return untitled(name.split(",")[0].split("(")[0].strip())
