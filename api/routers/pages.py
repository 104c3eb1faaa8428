"""Server-rendered ask page and cited-page view: one click from a citation to its page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse

from api.validation import Ident, PageNumber, valid_text

router = APIRouter(tags=["pages"])


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, q: str = Query("", max_length=2000), cid: str | None = Query(None, max_length=64)):
    try:
        q, cid = valid_text(q), valid_text(cid) if cid else cid
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    services = request.app.state.services
    reply = services.answerer.ask(q.strip(), None, cid) if q.strip() else None
    return request.app.state.templates.TemplateResponse(request, "ask.html", {"q": q, "reply": reply})


@router.get("/documents/{doc_id}/pages/{number}", response_class=HTMLResponse)
def page_view(doc_id: Annotated[Ident, PathParam()], number: Annotated[PageNumber, PathParam()], request: Request):
    store = request.app.state.store
    doc, page = store.document(doc_id), store.page(doc_id, number)
    if doc is None or page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    return request.app.state.templates.TemplateResponse(
        request, "page.html", {"doc": doc, "page": page, "has_file": _source(doc) is not None})


@router.get("/files/{doc_id}")
def original_file(doc_id: Annotated[Ident, PathParam()], request: Request):
    """The original PDF, so the browser's viewer can open it at ``#page=N``."""
    doc = request.app.state.store.document(doc_id)
    path = _source(doc) if doc else None
    if path is None:
        raise HTTPException(404, f"the original file of {doc_id!r} is not available")
    return FileResponse(path, filename=doc["file"])


def _source(doc: dict) -> Path | None:
    path = Path(doc.get("source_path") or "")
    return path if path.is_file() else None
