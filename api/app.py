"""FastAPI app factory: ``create_app(settings)``; clients are built in ``lifespan``.

Nothing is opened at import time: the Store (Chroma + SQLite) and the embedder are
created when the app starts and closed when it stops, and live on ``app.state``.
Each feature is one router module in ``api.routers``; add yours to ``ROUTERS``.
"""

from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from api.validation import validation_error
from assistant.llm import LLMError
from assistant.settings import Settings, get_settings

WEB = Path(__file__).resolve().parent.parent / "web"
ROUTERS: list[str] = [
    "api.routers.health",
    "api.routers.documents",
    "api.routers.ask",
    "api.routers.history",
    "api.routers.pages",
    "api.routers.draft",
]


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(WEB / "templates")), autoescape=True)
    return Jinja2Templates(env=env)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from assistant.services import build_services

        services = build_services(settings)  # Store, retriever, answerer
        if settings.server.warm:
            services.warm()
        app.state.services = services
        app.state.embedder = services.embedder
        app.state.store = services.store
        try:
            yield
        finally:
            services.close()

    app = FastAPI(title="meetingpack", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.templates = make_templates()
    if (WEB / "static").is_dir():
        app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    app.add_exception_handler(LLMError, _model_unavailable)
    app.add_exception_handler(RequestValidationError, validation_error)
    return app


async def _model_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The configured model endpoint failed: say so plainly instead of a bare 500."""
    return JSONResponse(status_code=502, content={"detail": f"language model unavailable: {exc}"})
