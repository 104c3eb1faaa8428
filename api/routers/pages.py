"""Server-rendered ask page and cited-page view: one click from a citation to its page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from api.deps import Access, get_access, shown, visible_document, visible_page, visible_source

router = APIRouter(tags=["pages"])


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, q: str = Query("", max_length=2000), cid: str | None = Query(None, max_length=64),
             access: Access = Depends(get_access)):
    services = request.app.state.services
    reply = services.answerer.ask(q.strip(), access.filters(), cid) if q.strip() else None
    return request.app.state.templates.TemplateResponse(request, "ask.html", {"q": q, "reply": reply})


@router.get("/documents/{doc_id}/pages/{number}", response_class=HTMLResponse)
def page_view(doc_id: str, number: int, request: Request, access: Access = Depends(get_access)):
    store = request.app.state.store
    doc, page = visible_document(store, doc_id, access), visible_page(store, doc_id, number, access)
    has_file = store.source(doc["document_id"], access.filters()) is not None
    return request.app.state.templates.TemplateResponse(
        request, "page.html", {"doc": shown(doc), "page": page, "has_file": has_file})


@router.get("/files/{doc_id}")
def original_file(doc_id: str, request: Request, access: Access = Depends(get_access)):
    """The original PDF, so the browser's viewer can open it at ``#page=N``."""
    doc, path = visible_source(request.app.state.store, doc_id, access)
    return FileResponse(path, filename=doc["file"])
