"""POST /api/ask (whole, or streamed as server-sent events) and GET /api/search with facets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.deps import Access, get_access, get_services
from api.models import AskReply, SearchReply
from api.validation import MAX_K, FiltersIn, Ident, Name, Question, iso
from assistant.store.filters import Filters

router = APIRouter(prefix="/api", tags=["ask"])


class AskRequest(BaseModel):
    question: Question
    filters: FiltersIn | None = None
    conversation_id: Annotated[Ident, Field(max_length=64)] | None = None


def parse_filters(data: FiltersIn | dict[str, Any] | None) -> Filters:
    if isinstance(data, FiltersIn):
        data = data.as_dict()
    try:
        return Filters.from_dict({k: v for k, v in (data or {}).items() if v not in (None, "")})
    except (TypeError, ValueError) as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def sse(events: Iterator[tuple[str, Any]]) -> Iterator[str]:
    """Server-sent events: ``event: NAME`` and one JSON ``data:`` line each."""
    for name, data in events:
        yield f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("/ask", response_model=AskReply,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "with ?stream=1: events sentence..., citations, done"}})
def ask(body: AskRequest, services=Depends(get_services), access: Access = Depends(get_access),
        stream: bool = Query(False, description="send server-sent events: each sentence, then the citations")):
    question = body.question.strip()
    if not question:
        raise HTTPException(status_code=422, detail="question is empty")
    filters = access.filters(parse_filters(body.filters))
    if stream:
        from assistant.answer.stream import ask_events

        events = ask_events(services.answerer, question, filters, body.conversation_id)
        return StreamingResponse(sse(events), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return services.answerer.ask(question, filters, body.conversation_id)


@router.get("/search", response_model=SearchReply)
def search(q: Annotated[Question, Query()], services=Depends(get_services),
           k: Annotated[int, Query(ge=1, le=MAX_K)] = 10, body: Annotated[Name | None, Query()] = None,
           date_from: Annotated[date | None, Query(alias="from")] = None,
           date_to: Annotated[date | None, Query(alias="to")] = None,
           doc_type: Annotated[Name | None, Query(alias="type")] = None,
           document_id: Annotated[Name | None, Query(alias="document")] = None,
           item: Annotated[Name | None, Query()] = None, access: Access = Depends(get_access)) -> dict:
    from assistant import facets

    if not q.strip():
        raise HTTPException(status_code=422, detail="q is empty")
    filters = access.filters(parse_filters({"body": body, "date_from": iso(date_from), "date_to": iso(date_to),
                                            "doc_type": doc_type, "document_id": document_id, "item": item}))
    results, counts = facets.search(services.retriever, q, filters, k)
    return {"query": q, "results": results, "facets": counts}
