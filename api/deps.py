"""Request-scoped accessors for what ``lifespan`` built, and the caller's access (``Depends``).

Every handler that reads content takes ``access: Access = Depends(get_access)`` and
passes ``access.filters(...)`` down to the store or retriever, so the role's limit is
part of each index query. Handlers that look one thing up by id use the ``visible_*``
helpers: for the public role an exempt item or document does not exist (404, never
403, so a guessed id reveals nothing). Writes take ``Depends(require_admin)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from api.auth import request_role
from assistant import access as rules
from assistant.access import Role
from assistant.store import Store
from assistant.store.filters import Filters

SERVER_ONLY = ("source_path",)  # document fields that name places on the server


def get_access(request: Request) -> "Access":
    return Access(request_role(request))


def get_store(request: Request, access: "Access" = Depends(get_access)) -> Store:
    """The store as the caller's role sees it: every read carries the role's filter."""
    from assistant.scoped import ScopedStore

    store = request.app.state.store
    return store if access.reads_exempt else ScopedStore(store, access.role)


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def get_services(request: Request, access: "Access" = Depends(get_access)):
    """The ``assistant.services.Services`` bundle (retriever, answerer, store), over the
    role's view of the store, so search, ask and streaming are filtered inside each query."""
    from assistant.scoped import scoped_services

    return scoped_services(request.app.state.services, access.role)


def get_jobs(request: Request):
    """The background ingest queue (``assistant.jobs.IngestJobs``)."""
    return request.app.state.jobs


def get_app_settings(request: Request):
    return request.app.state.settings


@dataclass(frozen=True)
class Access:
    """The caller's role and what it implies for reads."""

    role: Role

    @property
    def reads_exempt(self) -> bool:
        return rules.reads_exempt(self.role)

    def filters(self, base: Filters | None = None) -> Filters:
        """``base`` (the request's own filters) with the role's limit; never loosened."""
        return rules.scoped(self.role, base)


def get_filters(access: Access = Depends(get_access)) -> Filters:
    """The role's filters alone, for handlers that take no filters of their own."""
    return access.filters()


def require_admin(access: Access = Depends(get_access)) -> Access:
    if not rules.may_write(access.role):
        raise HTTPException(403, f"only the admin role may change the store (this key is {access.role})")
    return access


def shown(doc: dict) -> dict:
    """A document record as replies show it: the file name, never a server path; and its
    ``access`` (public, exempt, partly exempt) over the items the caller may see, so a
    public caller learns nothing of the items left out."""
    from ingest.exempt import summary

    return {**{k: v for k, v in doc.items() if k not in SERVER_ONLY}, "access": summary(doc.get("items") or [])}


def visible_document(store: Store, doc_id: str, access: Access) -> dict:
    """The document as the caller may see it (exempt items left out for public), or 404."""
    doc = store.document(doc_id, access.filters())
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


def visible_page(store: Store, doc_id: str, number: int, access: Access) -> dict:
    """One page's text, or 404; for public a page any exempt item touches is not there."""
    page = store.page(doc_id, number, access.filters())
    if page is None:
        raise HTTPException(404, f"no page {number} in {doc_id!r}")
    return page


def visible_source(store: Store, doc_id: str, access: Access) -> tuple[dict, Path]:
    """The stored original file of a document, or 404. A public caller gets it only when
    every item of the document is public: the file holds every page."""
    doc = visible_document(store, doc_id, access)
    path = store.source(doc["document_id"], access.filters())
    if path is None:
        raise HTTPException(404, f"the original file of {doc_id!r} is not available")
    return doc, path
