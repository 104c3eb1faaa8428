"""Pages: the documents list with upload and remove, one document, and the citation viewer.

The viewer shows the cited page as an image with the passage boxed (drawn by
``/api/documents/{id}/pages/{n}/image``) and the page text with the same passage
marked, previous/next controls and a link to the original PDF at ``#page=n``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import get_app_settings, get_jobs, get_store, require_admin
from api.pages_common import marked, render
from api.routers.uploads import checked_files
from api.upload_marks import UploadFacts, UploadMarks, form_marks, upload_facts
from api.validation import Ident, PageNumber
from assistant.store import Store

router = APIRouter(tags=["pages"], include_in_schema=False)


def _has_file(store: Store, doc: dict) -> bool:
    return store.source(doc["document_id"]) is not None


def _document(store: Store, doc_id: Annotated[Ident, PathParam()]) -> dict:
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


def _jobs_context(jobs) -> dict:
    recent = jobs.recent()
    return {"jobs": recent, "running": any(not j.finished for j in recent)}


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, store: Store = Depends(get_store), jobs=Depends(get_jobs),
                   settings=Depends(get_app_settings), message: str | None = Query(None, max_length=300)):
    return render(request, "documents.html", nav="/documents", documents=store.documents(), chunks=store.count(),
                  limit_mb=settings.server.upload_max_mb, message=message, **_jobs_context(jobs))


@router.get("/documents/_jobs", response_class=HTMLResponse)
def jobs_partial(request: Request, jobs=Depends(get_jobs), _admin=Depends(require_admin)):
    return render(request, "_jobs.html", **_jobs_context(jobs))


@router.get("/documents/_list", response_class=HTMLResponse)
def list_partial(request: Request, store: Store = Depends(get_store)):
    return render(request, "_documents.html", documents=store.documents(), chunks=store.count())


@router.post("/documents/upload")
async def upload_form(_admin=Depends(require_admin), files: list[UploadFile] = File(...),
                      marks: UploadMarks = Depends(form_marks), facts: UploadFacts = Depends(upload_facts),
                      settings=Depends(get_app_settings), jobs=Depends(get_jobs)):
    """The no-JavaScript upload: queue the files, then show the page (it refreshes itself)."""
    for c in await checked_files(files, settings):
        jobs.submit(c.name, c.data, marks.given(), facts.given())
    return RedirectResponse("/documents", status_code=303)


@router.post("/documents/{doc_id}/remove")
def remove_form(doc_id: Annotated[Ident, PathParam()], store: Store = Depends(get_store), _admin=Depends(require_admin),
                settings=Depends(get_app_settings)):
    """The page's Remove button; a busy store (past the short wait) is an HTML 503 page (``api.app``)."""
    doc = _document(store, doc_id)
    store.remove(doc["document_id"], wait_s=settings.server.remove_lock_wait_s)
    return RedirectResponse(f"/documents?message=Removed+{doc['file']}", status_code=303)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: Annotated[Ident, PathParam()], request: Request, store: Store = Depends(get_store)):
    doc = _document(store, doc_id)
    return render(request, "document.html", nav="/documents", doc=doc, has_file=_has_file(store, doc))


@router.get("/documents/{doc_id}/pages/{number}", response_class=HTMLResponse)
def page_view(doc_id: Annotated[Ident, PathParam()], number: Annotated[PageNumber, PathParam()], request: Request, store: Store = Depends(get_store),
              chunk: str | None = Query(None, max_length=200), hl: str | None = Query(None, max_length=4000)):
    doc, page = store.document(doc_id), store.page(doc_id, number)
    if doc is None or page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    passage = hl
    if chunk:
        got = store.chunks([chunk])
        passage = got[0].text if got and got[0].document_id == doc["document_id"] else None
    item = next((it for it in doc["items"] if (it["first_page"] or 0) <= number <= (it["last_page"] or 0)
                 and it["item_id"] != "agenda"), None)
    segments = marked(page["text"], passage)
    has_file = _has_file(store, doc)
    return render(request, "viewer.html", nav=None, doc=doc, page=page, item=item, segments=segments,
                  marked=any(hit for _, hit in segments), chunk=chunk if passage and chunk else None,
                  has_file=has_file, can_draw=has_file and doc["file"].lower().endswith(".pdf"),
                  hl=hl)


@router.get("/files/{doc_id}")
def original_file(doc_id: Annotated[Ident, PathParam()]):
    """Old links: the original is served inline at ``/api/documents/{id}/file``."""
    return RedirectResponse(f"/api/documents/{doc_id}/file", status_code=307)
