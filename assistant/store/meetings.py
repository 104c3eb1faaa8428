"""Meeting history: the catalogue keeps one row per meeting found in each document.

The same meeting is often described by several papers (the agenda front sheet in
its own pack, the minutes in the next pack, work programmes before that), so rows
are stored per document and merged on read by ``meeting_id`` (body + date slug).
"""

from __future__ import annotations

import json

from assistant.text import AUTHORITY
from ingest.meetings import meeting_id

_STATUS_RANK = {"minuted": 0, "agenda": 1, "planned": 2}


def merge(records: list[dict], decision_counts: list[tuple],
          exempt: set[tuple[str, str]] | None = None, paper_counts: dict[tuple, int] | None = None) -> list[dict]:
    """Per-document meeting records merged by meeting id, newest first, each with its
    decisions count (``decision_counts``: (body, date, n) rows) and its sources.
    ``exempt``: (document_id, item_id) pairs whose papers are dropped from agendas and plans.
    ``paper_counts``: decisions by (body, date, document_id), which count one of a day's two
    sittings by its own papers (``is_sitting``); without them a sitting shows the day's."""
    merged: dict[str, dict] = {}
    for rec in _two_sittings(_one_name(records)):
        if exempt is not None:
            _drop_exempt_papers(rec, exempt)
        _merge_into(merged, rec)
    counts: dict[str, int] = {}
    for body, date, n in decision_counts:
        key = meeting_id(body, date)
        counts[key] = counts.get(key, 0) + n
    for m in merged.values():
        m["decisions"] = counts.get(meeting_id(m.get("body"), m.get("date")), 0)
        if paper_counts is not None and is_sitting(m):
            m["decisions"] = sum(paper_counts.get((m.get("body"), m.get("date"), doc), 0) for doc in papers_of(m))
    return sorted(merged.values(), key=lambda m: (m["date"] or "", m["meeting_id"]), reverse=True)


def _one_name(records: list[dict]) -> list[dict]:
    """A body printed bare on one paper ("CABINET" on a front sheet) named as another paper
    prints it with its authority ("Cabinet (Kent County Council)" in the minutes), when the
    store holds one such name for it; and a paper naming no body given the one body meeting
    on its date. The front sheet and the minutes are then one meeting."""
    full: dict[str, set[str]] = {}
    for rec in records:
        body = rec.get("body") or ""
        bare = AUTHORITY.sub("", body)
        if bare != body:
            full.setdefault(bare, set()).add(body)
    for rec in records:
        named = full.get(rec.get("body") or "")
        if named and len(named) == 1:
            rec["body"] = next(iter(named))
            rec["meeting_id"] = meeting_id(rec["body"], rec["date"])
    # a paper naming no body (an agenda without its letterhead) is of the one body meeting that day
    that_day: dict[str, set[str]] = {}
    for rec in records:
        if rec.get("body") and rec.get("date"):
            that_day.setdefault(rec["date"], set()).add(rec["body"])
    for rec in records:
        bodies = that_day.get(rec.get("date") or "", set())
        if not rec.get("body") and len(bodies) == 1:
            rec["body"] = next(iter(bodies))
            rec["meeting_id"] = meeting_id(rec["body"], rec["date"])
    return records


def _two_sittings(records: list[dict]) -> list[dict]:
    """Two minutes of one body on one day that print different start times are two meetings
    (Nipissing's special meeting at 5:30 p.m. before its regular one at 6:30 p.m.): merged,
    the special meeting's minutes answered "who chaired the September 2 meeting?" and its
    staff list stood for both. Each is ``<day's id>-HHMM``; every other paper of that day (an
    agenda printing 6:30 p.m. for a meeting minuted as starting 6:37 p.m.) joins the sitting
    whose start is nearest its own time, an untimed one the first. A next pack's reprint of the
    minutes prints the same time: one meeting still."""
    days: dict[str, list[dict]] = {}
    for rec in records:
        days.setdefault(rec["meeting_id"], []).append(rec)
    for day, recs in days.items():
        starts = sorted({_minutes(r["time"]) for r in recs if r.get("status") == "minuted" and _minutes(r.get("time"))})
        if len(starts) < 2:
            continue
        for rec in recs:
            own = _minutes(rec.get("time"))
            at = min(starts, key=lambda s: abs(s - own)) if own else starts[0]
            rec["meeting_id"] = f"{day}-{at // 60:02d}{at % 60:02d}"
    return records


def is_sitting(meeting: dict) -> bool:
    """One of a day's two sittings of a body (``_two_sittings``), not the day's one meeting."""
    return meeting.get("meeting_id") != meeting_id(meeting.get("body"), meeting.get("date"))


def papers_of(meeting: dict) -> set[str]:
    """The ids of the papers a merged meeting was read from."""
    return {s["document_id"] for s in meeting.get("sources") or []}


def _minutes(time: str | None) -> int | None:
    """Minutes since midnight of an ISO "HH:MM" (None, or 0 for midnight, is no time read)."""
    if not time or ":" not in time:
        return None
    hours, minutes = time.split(":", 1)
    return int(hours) * 60 + int(minutes[:2]) if hours.isdigit() and minutes[:2].isdigit() else None


# what a paper of a higher status (minutes over agenda over plan) gives the merged meeting, or any
# paper gives it when no other has: a field left out here keeps the first paper's (often None)
_READ_FIELDS = ("time", "time_text", "finish_text", "closed_text", "resumed_text", "place", "attendees", "apologies",
                "interests", "next_meeting", "next_meeting_text", "agenda", "contact")


def _merge_into(merged: dict[str, dict], rec: dict) -> None:
    """Minutes beat agenda beat plans for who attended; agendas and plans are unioned."""
    source = {"document_id": rec.pop("document_id"), "file": rec.pop("file"), "page": rec.pop("page"),
              "status": rec["status"]}
    have = merged.get(rec["meeting_id"])
    if have is None:
        merged[rec["meeting_id"]] = {**rec, "sources": [source]}
        return
    have["sources"].append(source)
    better = _STATUS_RANK.get(rec["status"], 3) < _STATUS_RANK.get(have["status"], 3)
    for key in _READ_FIELDS:
        if rec.get(key) and (better or not have.get(key)):
            have[key] = rec[key]
    if better:
        have["status"] = rec["status"]
    seen = {json.dumps(p, sort_keys=True) for p in have["planned"]}
    have["planned"] += [p for p in rec.get("planned", []) if json.dumps(p, sort_keys=True) not in seen]


def _drop_exempt_papers(rec: dict, exempt: set[tuple[str, str]]) -> None:
    """Remove exempt papers from the record's agenda and plans (in place)."""
    doc = rec["document_id"]
    for key in ("agenda", "planned"):
        for entry in rec.get(key) or []:
            entry["papers"] = [p for p in entry.get("papers") or [] if (doc, p.get("item_id")) not in exempt]


def once(rows: list) -> list:
    """Each decision once: the next meeting's pack reprints the minutes ("Minutes of Previous
    Meeting"), so the same resolution of the same body, date and reference is stored from two
    papers, and the register listed it twice. The first row (the meeting's own paper) stays."""
    seen: set[tuple] = set()
    kept = []
    for r in rows:
        key = (r["body"], r["date"], r["ref"], r["outcome"], " ".join((r["text"] or "").split()))
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
