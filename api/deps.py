"""Request-scoped accessors for what ``lifespan`` built (use with ``Depends``)."""

from __future__ import annotations

from fastapi import Request
from fastapi.templating import Jinja2Templates

from assistant.settings import Settings
from assistant.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates
