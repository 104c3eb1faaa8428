"""Server-rendered ask page and cited-page view: one click from a citation to its page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(tags=["pages"])


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, q: str = Query("", max_length=2000), cid: str | None = Query(None, max_length=64)):
    services = request.app.state.services
    reply = services.answerer.ask(q.strip(), None, cid) if q.strip() else None
    return request.app.state.templates.TemplateResponse(request, "ask.html", {"q": q, "reply": reply})


@router.get("/documents/{doc_id}/pages/{number}", response_class=HTMLResponse)
def page_view(doc_id: str, number: int, request: Request):
    store = request.app.state.store
    doc, page = store.document(doc_id), store.page(doc_id, number)
    if doc is None or page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    return request.app.state.templates.TemplateResponse(
        request, "page.html", {"doc": doc, "page": page, "has_file": _source(doc) is not None})


@router.get("/files/{doc_id}")
def original_file(doc_id: str, request: Request):
    """The original PDF, so the browser's viewer can open it at ``#page=N``."""
    doc = request.app.state.store.document(doc_id)
    path = _source(doc) if doc else None
    if path is None:
        raise HTTPException(404, f"the original file of {doc_id!r} is not available")
    return FileResponse(path, filename=doc["file"])


def _source(doc: dict) -> Path | None:
    path = Path(doc.get("source_path") or "")
    return path if path.is_file() else None
