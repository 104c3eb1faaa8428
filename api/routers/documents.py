"""Documents: the index page, one document's page, and JSON listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import get_store, get_templates
from api.validation import Ident, PageNumber
from assistant.store import Store

router = APIRouter(tags=["documents"])


@router.get("/api/documents")
def list_documents(store: Store = Depends(get_store)) -> list[dict]:
    return store.documents()


@router.get("/api/documents/{doc_id}")
def get_document(doc_id: Annotated[Ident, Path()], store: Store = Depends(get_store)) -> dict:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


@router.get("/api/documents/{doc_id}/pages/{number}")
def get_page(doc_id: Annotated[Ident, Path()], number: Annotated[PageNumber, Path()], store: Store = Depends(get_store)) -> dict:
    page = store.page(doc_id, number)
    if page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    return page


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    store: Store = Depends(get_store),
    templates: Jinja2Templates = Depends(get_templates),
):
    docs = store.documents()
    return templates.TemplateResponse(
        request, "index.html", {"documents": docs, "chunks": store.count()}
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(
    doc_id: Annotated[Ident, Path()],
    request: Request,
    store: Store = Depends(get_store),
    templates: Jinja2Templates = Depends(get_templates),
):
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return templates.TemplateResponse(request, "document.html", {"doc": doc})
