"""GET /api/decisions, /api/meetings and /api/meetings/{id}: thin over assistant.history."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from api.deps import Access, get_access, get_store
from api.models import DecisionRecord, MeetingRecord
from api.validation import Ident, Name, iso
from assistant import history
from assistant.history import DECISION_KEYS

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/decisions", response_model=list[DecisionRecord])
def decisions(request: Request, body: Annotated[Name | None, Query()] = None,
              q: Annotated[Name | None, Query()] = None,
              date_from: Annotated[date | None, Query(alias="from")] = None,
              date_to: Annotated[date | None, Query(alias="to")] = None,
              access: Access = Depends(get_access)) -> list[dict]:
    try:
        return history.decisions(request.app.state.store, body, iso(date_from), iso(date_to), q, access.filters())
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/meetings", response_model=list[MeetingRecord])
def meetings(request: Request, access: Access = Depends(get_access)) -> list[dict]:
    return history.meetings(request.app.state.store, access.filters())


@router.get("/meetings/{meeting_id}", response_model=MeetingRecord)
def meeting(meeting_id: Annotated[Ident, Path()], request: Request, access: Access = Depends(get_access)) -> dict:
    found = history.meeting(request.app.state.store, meeting_id, access.filters())
    if found is None:
        raise HTTPException(status_code=404, detail=f"no meeting {meeting_id!r}")
    return found


@router.get("/decisions.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def decisions_csv(request: Request, q: Annotated[Name | None, Query()] = None,
                  body: Annotated[Name | None, Query()] = None,
                  date_from: Annotated[date | None, Query(alias="from")] = None,
                  date_to: Annotated[date | None, Query(alias="to")] = None,
                  outcome: Annotated[Name | None, Query(max_length=50)] = None, sort: str = Query("date", max_length=20),
                  direction: str = Query("desc", alias="dir", pattern="^(asc|desc)$"),
                  store=Depends(get_store)) -> Response:
    """The register as CSV, with the same filters and order as the Decisions page."""
    import csv
    import io

    from api.routers.web_history import register_rows

    rows = register_rows(store, q, body, iso(date_from), iso(date_to), outcome, sort, direction)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(DECISION_KEYS))
    writer.writeheader()
    # a side's names in one cell, as a reader of the minutes would list them
    writer.writerows({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="decisions.csv"'})
