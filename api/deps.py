"""Request-scoped accessors for what ``lifespan`` built (use with ``Depends``)."""

from __future__ import annotations

from fastapi import Request
from fastapi.templating import Jinja2Templates

from assistant.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def get_services(request: Request):
    """The ``assistant.services.Services`` bundle (retriever, answerer, store)."""
    return request.app.state.services


def get_jobs(request: Request):
    """The background ingest queue (``assistant.jobs.IngestJobs``)."""
    return request.app.state.jobs


def get_app_settings(request: Request):
    return request.app.state.settings
