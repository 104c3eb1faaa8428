"""GET /api/decisions, /api/meetings and /api/meetings/{id}: thin over assistant.history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from api.deps import Access, get_access
from assistant import history

router = APIRouter(prefix="/api", tags=["history"])


@router.get("/decisions")
def decisions(request: Request, body: str | None = None, q: str | None = Query(None, max_length=500),
              date_from: str | None = Query(None, alias="from"),
              date_to: str | None = Query(None, alias="to"), access: Access = Depends(get_access)) -> list[dict]:
    try:
        return history.decisions(request.app.state.store, body, date_from, date_to, q, access.filters())
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/meetings")
def meetings(request: Request, access: Access = Depends(get_access)) -> list[dict]:
    return history.meetings(request.app.state.store, access.filters())


@router.get("/meetings/{meeting_id}")
def meeting(meeting_id: str, request: Request, access: Access = Depends(get_access)) -> dict:
    found = history.meeting(request.app.state.store, meeting_id, access.filters())
    if found is None:
        raise HTTPException(status_code=404, detail=f"no meeting {meeting_id!r}")
    return found
