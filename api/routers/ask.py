"""POST /api/ask and GET /api/search: thin handlers over ``assistant``'s Answerer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from api.deps import Access, get_access
from assistant.store.filters import Filters

router = APIRouter(prefix="/api", tags=["ask"])


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    filters: dict[str, Any] | None = None
    conversation_id: str | None = Field(default=None, max_length=64)


def _filters(data: dict[str, Any] | None) -> Filters:
    try:
        return Filters.from_dict(data)
    except (TypeError, ValueError) as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.post("/ask")
def ask(body: AskRequest, request: Request, access: Access = Depends(get_access)) -> dict:
    services = request.app.state.services
    if not body.question.strip():
        raise HTTPException(status_code=422, detail="question is empty")
    return services.answerer.ask(body.question.strip(), access.filters(_filters(body.filters)), body.conversation_id)


@router.get("/search")
def search(request: Request, q: str = Query(min_length=1, max_length=2000),
           k: int = Query(10, ge=1, le=100), body: str | None = None,
           date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
           doc_type: str | None = Query(None, alias="type"), document_id: str | None = Query(None, alias="document"),
           item: str | None = None, access: Access = Depends(get_access)) -> dict:
    from assistant.answer.service import citation

    filters = access.filters(Filters(body=body, date_from=date_from, date_to=date_to, doc_type=doc_type,
                                     document_id=document_id, item=item))
    hits = request.app.state.services.retriever.search(q, filters, k=k)
    return {"query": q, "results": [citation(i + 1, h) for i, h in enumerate(hits)]}
