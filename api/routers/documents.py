"""Documents as JSON, their original files, rendered pages, and removal.

The file is served inline as ``application/pdf`` (no attachment disposition) so a
citation's ``#page=n`` link opens the browser's PDF viewer at that page; the page
image boxes the cited passage, found from the page's own text layout.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import FileResponse, Response

from api.deps import (Access, get_access, get_app_settings, get_store, require_admin, shown, visible_document,
                      visible_page, visible_source)
from api.models import DocumentRecord, PageRecord, Removed
from api.validation import Ident, PageNumber
from assistant.store import Store

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=list[DocumentRecord])
def list_documents(store: Store = Depends(get_store), access: Access = Depends(get_access)) -> list[dict]:
    return [shown(d) for d in store.documents(access.filters())]


@router.get("/{doc_id}", response_model=DocumentRecord)
def get_document(doc_id: Annotated[Ident, Path()], store: Store = Depends(get_store), access: Access = Depends(get_access)) -> dict:
    return shown(visible_document(store, doc_id, access))


@router.delete("/{doc_id}", response_model=Removed)
def remove_document(doc_id: Annotated[Ident, Path()], store: Store = Depends(get_store),
                    access: Access = Depends(require_admin), settings=Depends(get_app_settings)) -> Removed:
    """Waits only ``server.remove_lock_wait_s`` for another writer (it holds a server thread):
    past that, 503 "store busy" with Retry-After (``api.app``)."""
    doc = visible_document(store, doc_id, access)
    removed = store.remove(doc["document_id"], wait_s=settings.server.remove_lock_wait_s)
    return Removed(document_id=doc["document_id"], removed=removed)


@router.get("/{doc_id}/file", response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}}}})
def document_file(doc_id: Annotated[Ident, Path()], store: Store = Depends(get_store),
                  access: Access = Depends(get_access)) -> FileResponse:
    doc, path = visible_source(store, doc_id, access)
    media = "application/pdf" if path.suffix.lower() == ".pdf" else None
    # content_disposition_type="inline": the browser shows it (and honours #page=n)
    return FileResponse(path, media_type=media, filename=doc["file"], content_disposition_type="inline")


@router.get("/{doc_id}/pages/{number}", response_model=PageRecord)
def get_page(doc_id: Annotated[Ident, Path()], number: Annotated[PageNumber, Path()], store: Store = Depends(get_store),
             access: Access = Depends(get_access)) -> dict:
    return visible_page(store, doc_id, number, access)


@router.get("/{doc_id}/pages/{number}/image", response_class=Response,
            responses={200: {"content": {"image/png": {}}}})
def page_image(doc_id: Annotated[Ident, Path()], number: Annotated[PageNumber, Path()], store: Store = Depends(get_store), access: Access = Depends(get_access),
               chunk: str | None = Query(None, max_length=200, description="box this passage (a chunk id)"),
               hl: str | None = Query(None, max_length=4000, description="box this text"),
               scale: float = Query(1.5, ge=0.5, le=3.0)) -> Response:
    """The page as PNG; with ``chunk`` or ``hl`` the passage is boxed where it is printed."""
    from assistant.page_image import render_png

    visible_page(store, doc_id, number, access)  # for public, a page an exempt item touches is not there
    doc = visible_document(store, doc_id, access)
    path = store.source(doc["document_id"])
    if path is None:
        raise HTTPException(404, f"the original file of {doc_id!r} is not available")
    if path.suffix.lower() != ".pdf":
        raise HTTPException(415, f"{doc['file']} is not a PDF; only PDF pages can be drawn")
    if not 1 <= number <= int(doc.get("pages") or 0):
        raise HTTPException(404, f"no page {number} in {doc_id!r} (it has {doc.get('pages')})")
    passage = hl or ""
    if chunk:
        got = store.chunks([chunk])  # the page itself is visible, so its passages are
        if not got or got[0].document_id != doc["document_id"]:
            raise HTTPException(404, f"no passage {chunk!r} in {doc_id!r}")
        passage = got[0].text
    png = render_png(str(path), number, passage, scale)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})
