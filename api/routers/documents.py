"""Documents: the index page, one document's page, JSON listings, and removal (admin)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import Access, get_access, get_store, get_templates, require_admin, shown, visible_document, visible_page
from assistant.store import Store

router = APIRouter(tags=["documents"])


@router.get("/api/documents")
def list_documents(store: Store = Depends(get_store), access: Access = Depends(get_access)) -> list[dict]:
    return [shown(d) for d in store.documents(access.filters())]


@router.get("/api/documents/{doc_id}")
def get_document(doc_id: str, store: Store = Depends(get_store), access: Access = Depends(get_access)) -> dict:
    return shown(visible_document(store, doc_id, access))


@router.delete("/api/documents/{doc_id}")
def remove_document(doc_id: str, store: Store = Depends(get_store), access: Access = Depends(require_admin)) -> dict:
    doc = visible_document(store, doc_id, access)
    if not store.remove(doc["document_id"]):
        raise HTTPException(404, f"no document {doc_id!r}")
    return {"removed": doc["document_id"], "file": doc["file"]}


@router.get("/api/documents/{doc_id}/pages/{number}")
def get_page(doc_id: str, number: int, store: Store = Depends(get_store), access: Access = Depends(get_access)) -> dict:
    return visible_page(store, doc_id, number, access)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    store: Store = Depends(get_store),
    templates: Jinja2Templates = Depends(get_templates),
    access: Access = Depends(get_access),
):
    docs = [shown(d) for d in store.documents(access.filters())]
    return templates.TemplateResponse(
        request, "index.html", {"documents": docs, "chunks": sum(d["chunks"] for d in docs)}
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(
    doc_id: str,
    request: Request,
    store: Store = Depends(get_store),
    templates: Jinja2Templates = Depends(get_templates),
    access: Access = Depends(get_access),
):
    doc = shown(visible_document(store, doc_id, access))
    return templates.TemplateResponse(request, "document.html", {"doc": doc})
