"""GET /api/decisions, /api/meetings and /api/meetings/{id}: thin over assistant.history."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request

from api.validation import Ident, Name, iso
from assistant import history

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/decisions")
def decisions(request: Request, body: Annotated[Name | None, Query()] = None,
              q: Annotated[Name | None, Query()] = None,
              date_from: Annotated[date | None, Query(alias="from")] = None,
              date_to: Annotated[date | None, Query(alias="to")] = None) -> list[dict]:
    try:
        return history.decisions(request.app.state.store, body, iso(date_from), iso(date_to), q)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/meetings")
def meetings(request: Request) -> list[dict]:
    return history.meetings(request.app.state.store)


@router.get("/meetings/{meeting_id}")
def meeting(meeting_id: Annotated[Ident, Path()], request: Request) -> dict:
    found = history.meeting(request.app.state.store, meeting_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no meeting {meeting_id!r}")
    return found
