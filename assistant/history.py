"""The decisions register and meeting history, as JSON-ready records.

One place shapes these records so the CLI (`meetingpack decisions|meetings`) and
the API (`/api/decisions`, `/api/meetings`) return exactly the same keys.
"""

from __future__ import annotations

from dataclasses import asdict

from assistant.store.filters import Filters
from assistant.store.meetings import is_sitting, papers_of
from ingest.models import Decision

DECISION_KEYS = ("ref", "body", "date", "item", "item_title", "kind", "text", "outcome", "result", "mover",
                 "seconder", "votes_for", "votes_against", "abstentions", "for_names", "against_names",
                 "abstain_names", "document_id", "file", "page")


def decision_record(d: Decision) -> dict:
    data = asdict(d)
    return {k: data[k] for k in DECISION_KEYS}


def decisions(store, body: str | None = None, date_from: str | None = None, date_to: str | None = None,
              q: str | None = None, scope: Filters | None = None) -> list[dict]:
    """Register rows, newest meeting first; ``q`` matches reference, title or text.
    ``scope`` carries the caller's role limit (``public_only``) into the query."""
    filters = Filters(body=body, date_from=date_from, date_to=date_to,
                      public_only=bool(scope and scope.public_only))
    rows = [decision_record(d) for d in store.decisions(filters, q)]
    return sorted(rows, key=lambda r: (r["date"] or "", r["ref"]), reverse=True)


def meeting_decisions(store, meeting: dict) -> list[dict]:
    """The register rows of one meeting: its body's on its day, and of one of a day's two
    sittings only those its own papers record (the special meeting's three resolutions, not
    the regular meeting's fifteen)."""
    if not meeting.get("date"):
        return []
    day = meeting["date"]
    rows = [r for r in decisions(store, meeting["body"], day, day) if r["body"] == meeting["body"]]
    return [r for r in rows if r["document_id"] in papers_of(meeting)] if is_sitting(meeting) else rows


def meetings(store, scope: Filters | None = None) -> list[dict]:
    return store.meetings(scope)


def meeting(store, meeting_id: str, scope: Filters | None = None) -> dict | None:
    return store.meeting(meeting_id, scope)
