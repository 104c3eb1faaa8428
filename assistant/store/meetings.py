"""Meeting history in the catalog: one row per meeting found in each document.

The same meeting is often described by several papers (the agenda front sheet in
its own pack, the minutes in the next pack, work programmes before that), so rows
are stored per document and merged on read by ``meeting_id`` (body + date slug).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict

from assistant.store import visibility
from assistant.store.filters import date_num
from ingest.meetings import meeting_id
from ingest.models import Document

SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    body TEXT,
    date TEXT,
    date_num INTEGER,
    status TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meetings_id ON meetings(meeting_id);
CREATE INDEX IF NOT EXISTS meetings_doc ON meetings(document_id);
"""
_STATUS_RANK = {"minuted": 0, "agenda": 1, "planned": 2}


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def insert(conn: sqlite3.Connection, doc: Document) -> None:
    conn.executemany(
        "INSERT INTO meetings (meeting_id, document_id, body, date, date_num, status, data) VALUES (?,?,?,?,?,?,?)",
        [(m.meeting_id, doc.document_id, m.body, m.date, date_num(m.date) or 0, m.status,
          json.dumps(asdict(m), ensure_ascii=False)) for m in doc.meetings],
    )


def delete(conn: sqlite3.Connection, document_id: str) -> None:
    conn.execute("DELETE FROM meetings WHERE document_id = ?", (document_id,))


def read(conn: sqlite3.Connection, wanted: str | None = None, public_only: bool = False) -> list[dict]:
    """Merged meeting records, newest first, each with its decisions count and sources.

    ``public_only``: rows from hidden documents or described on an exempt page are not
    read, exempt papers are dropped from agendas, and only public decisions count."""
    sql, args = "SELECT data FROM meetings WHERE 1=1", []
    if wanted:
        sql, args = sql + " AND meeting_id = ?", [wanted]
    if public_only:
        sql += f" AND document_id NOT IN ({visibility.HIDDEN_DOCS_SQL})"
    exempt = visibility.exempt_items(conn) if public_only else set()
    merged: dict[str, dict] = {}
    for (data,) in conn.execute(sql, args).fetchall():
        rec = json.loads(data)
        if public_only:
            if visibility.in_exempt_item(conn, rec["document_id"], rec["page"]):
                continue
            _drop_exempt_papers(rec, exempt)
        _merge_into(merged, rec)
    counts = _decision_counts(conn, public_only)
    for m in merged.values():
        m["decisions"] = counts.get(m["meeting_id"], 0)
    return sorted(merged.values(), key=lambda m: (m["date"] or "", m["meeting_id"]), reverse=True)


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
    for key in ("time", "place", "attendees", "apologies", "next_meeting", "agenda"):
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


def _decision_counts(conn: sqlite3.Connection, public_only: bool = False) -> dict[str, int]:
    counts: dict[str, int] = {}
    where = " WHERE public = 1" if public_only else ""
    for body, date, n in conn.execute(f"SELECT body, date, count(*) FROM decisions{where} GROUP BY body, date"):
        key = meeting_id(body, date)
        counts[key] = counts.get(key, 0) + n
    return counts
