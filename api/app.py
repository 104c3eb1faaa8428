"""FastAPI app factory: ``create_app(settings)``; clients are built in ``lifespan``.

Nothing is opened at import time: the Store (Chroma + SQLite) and the embedder are
created when the app starts and closed when it stops, and live on ``app.state``.
Each feature is one router module in ``api.routers``; add yours to ``ROUTERS``.
Templates and static files come from the ``web`` package (package data), and the
Swagger UI assets from ``fastapi_offline``'s package, so ``/docs`` works offline.
"""

from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from api import auth
from api.uploads import UploadBodyLimit
from api.validation import validation_error
from assistant.llm import LLMError
from assistant.settings import Settings, get_settings
from assistant.store.lock import StoreLocked
from web import STATIC, TEMPLATES

ROUTERS: list[str] = [
    "api.routers.health",
    "api.routers.documents",
    "api.routers.ask",
    "api.routers.history",
    "api.routers.pages",
    "api.routers.uploads",
    "api.routers.web",
    "api.routers.web_history",
    "api.routers.web_draft",
    "api.routers.draft",
]


def make_templates() -> Jinja2Templates:
    from ingest.exempt import summary

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.filters["access"] = summary  # a document's items → public / exempt / partly exempt (n of m items)
    return Jinja2Templates(env=env)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from assistant.jobs import IngestJobs
        from assistant.services import build_services

        services = build_services(settings)  # Store, retriever, answerer
        if settings.server.warm:
            services.warm()
        app.state.services = services
        app.state.embedder = services.embedder
        app.state.store = services.store
        app.state.jobs = IngestJobs(services.store, lock_wait_s=settings.server.upload_lock_wait_s)
        try:
            yield
        finally:
            app.state.jobs.close()
            services.close()

    app = FastAPI(title="meetingpack", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    auth.install(app, settings)  # API keys → roles; redaction of public replies
    app.state.templates = make_templates()
    _offline_docs(app)  # before /static: the first mount whose prefix matches wins
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    app.add_exception_handler(LLMError, _model_unavailable)
    app.add_exception_handler(StoreLocked, _store_busy)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(UploadBodyLimit, settings=settings)  # an oversized upload stops as it arrives
    return app


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc from assets this server holds (no CDN, so they work offline)."""
    assets = Path(str(files("fastapi_offline") / "static"))
    app.mount("/static/apidocs", StaticFiles(directory=str(assets)), name="apidocs")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                                   swagger_js_url="/static/apidocs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/apidocs/swagger-ui.css",
                                   swagger_favicon_url="/static/apidocs/favicon.png")

    @app.get("/redoc", include_in_schema=False, response_class=HTMLResponse)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                              redoc_js_url="/static/apidocs/redoc.standalone.js",
                              redoc_favicon_url="/static/apidocs/favicon.png", with_google_fonts=False)


async def _model_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The configured model endpoint failed: say so plainly instead of a bare 500."""
    return JSONResponse(status_code=502, content={"detail": f"language model unavailable: {exc}"})


RETRY_AFTER_S = 5  # what a "store busy" reply suggests: removals wait only seconds (remove_lock_wait_s)


async def _store_busy(request: Request, exc: StoreLocked) -> Response:
    """Another write held the store past the wait: a 503 the caller may retry, not a 500. The
    lock's own message names the store folder, a server path, so only ``plain()`` is shown.
    A page's form (any path outside /api/) gets a readable HTML page, not JSON."""
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if not request.url.path.startswith("/api/"):
        on_documents = request.url.path.startswith("/documents")
        return request.app.state.templates.TemplateResponse(
            request, "busy.html", {"nav": "/documents" if on_documents else None, "reason": exc.plain(),
                                   "retry_after": RETRY_AFTER_S, "back": "/documents" if on_documents else "/",
                                   "back_label": "the documents" if on_documents else "the home page"},
            status_code=503, headers=headers)
    detail = f"{exc.plain()}. Try again when it has finished"
    return JSONResponse(status_code=503, content={"detail": detail}, headers=headers)
