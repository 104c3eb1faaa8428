"""Documents as JSON, their original files, rendered pages, and removal.

The file is served inline as ``application/pdf`` (no attachment disposition) so a
citation's ``#page=n`` link opens the browser's PDF viewer at that page; the page
image boxes the cited passage, found from the page's own text layout.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, Response

from api.deps import get_store
from api.models import DocumentRecord, PageRecord, Removed
from assistant.store import Store

router = APIRouter(prefix="/api/documents", tags=["documents"])


def found_document(store: Store, doc_id: str) -> dict:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


def source_file(doc: dict) -> Path:
    path = Path(doc.get("source_path") or "")
    if not path.is_file():
        raise HTTPException(404, f"the original file of {doc['document_id']!r} is not available")
    return path


@router.get("", response_model=list[DocumentRecord])
def list_documents(store: Store = Depends(get_store)) -> list[dict]:
    return store.documents()


@router.get("/{doc_id}", response_model=DocumentRecord)
def get_document(doc_id: str, store: Store = Depends(get_store)) -> dict:
    return found_document(store, doc_id)


@router.delete("/{doc_id}", response_model=Removed)
def remove_document(doc_id: str, store: Store = Depends(get_store)) -> Removed:
    doc = found_document(store, doc_id)
    return Removed(document_id=doc["document_id"], removed=store.remove(doc["document_id"]))


@router.get("/{doc_id}/file", response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}}}})
def document_file(doc_id: str, store: Store = Depends(get_store)) -> FileResponse:
    doc = found_document(store, doc_id)
    path = source_file(doc)
    media = "application/pdf" if path.suffix.lower() == ".pdf" else None
    # content_disposition_type="inline": the browser shows it (and honours #page=n)
    return FileResponse(path, media_type=media, filename=doc["file"], content_disposition_type="inline")


@router.get("/{doc_id}/pages/{number}", response_model=PageRecord)
def get_page(doc_id: str, number: int, store: Store = Depends(get_store)) -> dict:
    page = store.page(doc_id, number)
    if page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    return page


@router.get("/{doc_id}/pages/{number}/image", response_class=Response,
            responses={200: {"content": {"image/png": {}}}})
def page_image(doc_id: str, number: int, store: Store = Depends(get_store),
               chunk: str | None = Query(None, max_length=200, description="box this passage (a chunk id)"),
               hl: str | None = Query(None, max_length=4000, description="box this text"),
               scale: float = Query(1.5, ge=0.5, le=3.0)) -> Response:
    """The page as PNG; with ``chunk`` or ``hl`` the passage is boxed where it is printed."""
    from assistant.page_image import render_png

    doc = found_document(store, doc_id)
    path = source_file(doc)
    if path.suffix.lower() != ".pdf":
        raise HTTPException(415, f"{doc['file']} is not a PDF; only PDF pages can be drawn")
    if not 1 <= number <= int(doc.get("pages") or 0):
        raise HTTPException(404, f"no page {number} in {doc_id!r} (it has {doc.get('pages')})")
    passage = hl or ""
    if chunk:
        got = store.chunks([chunk])
        if not got or got[0].document_id != doc["document_id"]:
            raise HTTPException(404, f"no passage {chunk!r} in {doc_id!r}")
        passage = got[0].text
    png = render_png(str(path), number, passage, scale)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})
