"""POST /api/ask and GET /api/search: thin handlers over ``assistant``'s Answerer."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from api.validation import MAX_K, FiltersIn, Ident, Name, Question, iso
from assistant.store.filters import Filters

router = APIRouter(prefix="/api", tags=["ask"])


class AskRequest(BaseModel):
    question: Question
    filters: FiltersIn | None = None
    conversation_id: Annotated[Ident, Field(max_length=64)] | None = None


def _filters(data: FiltersIn | None) -> Filters:
    try:
        return Filters.from_dict(data.as_dict() if data else None)
    except (TypeError, ValueError) as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.post("/ask")
def ask(body: AskRequest, request: Request) -> dict:
    services = request.app.state.services
    if not body.question.strip():
        raise HTTPException(status_code=422, detail="question is empty")
    return services.answerer.ask(body.question.strip(), _filters(body.filters), body.conversation_id)


@router.get("/search")
def search(request: Request, q: Annotated[Question, Query()],
           k: Annotated[int, Query(ge=1, le=MAX_K)] = 10, body: Annotated[Name | None, Query()] = None,
           date_from: Annotated[date | None, Query(alias="from")] = None,
           date_to: Annotated[date | None, Query(alias="to")] = None,
           doc_type: Annotated[Name | None, Query(alias="type")] = None,
           document_id: Annotated[Name | None, Query(alias="document")] = None,
           item: Annotated[Name | None, Query()] = None) -> dict:
    from assistant.answer.service import citation

    if not q.strip():
        raise HTTPException(status_code=422, detail="q is empty")
    filters = Filters(body=body, date_from=iso(date_from), date_to=iso(date_to), doc_type=doc_type,
                      document_id=document_id, item=item)
    hits = request.app.state.services.retriever.search(q, filters, k=k)
    return {"query": q, "results": [citation(i + 1, h) for i, h in enumerate(hits)]}
