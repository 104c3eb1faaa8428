"""Pages: the decisions register (sortable, filterable, CSV) and meetings by body and date."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import get_store
from api.pages_common import choices, page_filters, render
from api.validation import Ident
from assistant import history
from assistant.store import Store

router = APIRouter(tags=["pages"], include_in_schema=False)
COLUMNS = [("date", "Date"), ("body", "Body"), ("ref", "Ref"), ("item", "Item"), ("text", "Decision"),
           ("outcome", "Outcome")]
SORTABLE = {key for key, _ in COLUMNS}


def register_rows(store: Store, q=None, body=None, date_from=None, date_to=None, outcome=None,
                  sort="date", direction="desc") -> list[dict]:
    """Register rows filtered and sorted as the page and its CSV export show them."""
    page_filters(body, date_from, date_to)  # a bad date is a 422 naming the field
    rows = history.decisions(store, body or None, date_from or None, date_to or None, q or None)
    if outcome:
        rows = [r for r in rows if (r["outcome"] or "").lower() == outcome.lower()]
    if sort not in SORTABLE:
        raise HTTPException(422, f"sort must be one of {sorted(SORTABLE)}, got {sort!r}")
    key = (lambda r: _natural(r["item"])) if sort == "item" else (lambda r: (r[sort] or "").lower())
    return sorted(rows, key=key, reverse=direction == "desc")


def _natural(value: str | None) -> tuple:
    text = value or ""
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 10**9, text)


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, store: Store = Depends(get_store), q: str | None = Query(None, max_length=500),
                   body: str | None = Query(None, max_length=200), date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), outcome: str | None = Query(None, max_length=50),
                   sort: str = Query("date", max_length=20), direction: str = Query("desc", alias="dir", pattern="^(asc|desc)$")):
    rows = register_rows(store, q, body, date_from, date_to, outcome, sort, direction)
    params = {k: v for k, v in {"q": q, "body": body, "from": date_from, "to": date_to, "outcome": outcome}.items() if v}
    links = {key: "/decisions?" + urlencode({**params, "sort": key,
                                              "dir": "asc" if (sort == key and direction == "desc") else "desc"})
             for key in SORTABLE}
    outcomes = sorted({r["outcome"] for r in history.decisions(store) if r["outcome"]})
    return render(request, "decisions.html", nav="/decisions", rows=rows, columns=COLUMNS, sort=sort, dir=direction,
                  sort_links=links, q=q, outcome=outcome, outcomes=outcomes, choices=choices(store),
                  f=page_filters(body, date_from, date_to), query=urlencode({**params, "sort": sort, "dir": direction}))


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request, store: Store = Depends(get_store)):
    rows = sorted(history.meetings(store), key=lambda m: ((m["body"] or "").lower(), m["date"] or ""))
    groups = [(body, sorted(ms, key=lambda m: m["date"] or "", reverse=True))
              for body, ms in groupby(rows, key=lambda m: m["body"] or "Unknown body")]
    return render(request, "meetings.html", nav="/meetings", groups=groups)


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(meeting_id: Annotated[Ident, Path()], request: Request, store: Store = Depends(get_store)):
    m = history.meeting(store, meeting_id)
    if m is None:
        raise HTTPException(404, f"no meeting {meeting_id!r}")
    sources = m.get("sources") or []
    docs = [d for d in (store.document(s["document_id"]) for s in sources) if d]
    agenda_src = next((s for s in sources if s["status"] == "agenda"), sources[0] if sources else None)
    decisions = history.meeting_decisions(store, m)
    return render(request, "meeting.html", nav="/meetings", m=m, docs=docs, decisions=decisions,
                  paper_doc=agenda_src["document_id"] if agenda_src else None)
