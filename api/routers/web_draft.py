"""Page: Draft. The form posts here; the page calls ``POST /api/draft`` inside this app.

Why through the API route and not the library: the route owns the drafting contract,
its validation and (later) its role checks, so the page shows exactly what an API client
gets. The call stays in-process (ASGI transport), with the caller's headers passed on.
Without the drafting router installed the page says so instead of failing.
"""

from __future__ import annotations

import re

import httpx
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.pages_common import render

router = APIRouter(tags=["pages"], include_in_schema=False)
DRAFT_ROUTE = "/api/draft"
PASS_HEADERS = ("authorization", "x-api-key", "cookie")


def available(request: Request) -> bool:
    """Is the drafting router installed? (Its schema is cached by FastAPI after the first call.)"""
    return DRAFT_ROUTE in request.app.openapi().get("paths", {})


def template_names() -> list[str]:
    try:
        from assistant.draft.template import template_names as names
    except ImportError:
        return []
    return names()


def _body(template: str, title: str, report_to: str, date: str, about: str, sections: str, fmt: str) -> dict:
    keys = [s for s in re.split(r"[,\s]+", sections) if s]
    return {"template": template, "title": title, "report_to": report_to or None, "date": date or None,
            "about": about or None, "sections": keys or None, "format": fmt}


async def _call(request: Request, body: dict) -> httpx.Response:
    headers = {k: v for k, v in request.headers.items() if k.lower() in PASS_HEADERS}
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app", timeout=600) as client:
        return await client.post(DRAFT_ROUTE, json=body, headers=headers)


def _page(request: Request, form: dict, **extra):
    return render(request, "draft.html", nav="/draft", form=form, available=available(request),
                  templates_available=template_names(), **extra)


@router.get("/draft", response_class=HTMLResponse)
def draft_page(request: Request):
    return _page(request, {})


def _error(resp: httpx.Response) -> str:
    try:
        detail = resp.json().get("detail")
    except ValueError:
        detail = resp.text[:300]
    return f"Drafting failed (HTTP {resp.status_code}): {detail}"


class DraftForm:
    """The draft page's form fields, read once for both the page and the Word download."""

    def __init__(self, template: str = Form(""), title: str = Form(..., max_length=300), report_to: str = Form(""),
                 date: str = Form(""), about: str = Form("", max_length=2000), sections: str = Form("")):
        self.fields = {"template": template, "title": title, "report_to": report_to, "date": date,
                       "about": about, "sections": sections}


async def _drafted(request: Request, form: DraftForm, fmt: str):
    """(the API's reply, None) or (None, the form page showing why drafting failed)."""
    f = form.fields
    if not available(request):
        return None, _page(request, f, error="Drafting is not installed on this server.", status_code=501)
    resp = await _call(request, _body(f["template"], f["title"], f["report_to"], f["date"], f["about"],
                                      f["sections"], fmt))
    if resp.status_code != 200:
        return None, _page(request, f, error=_error(resp), status_code=resp.status_code)
    return resp, None


@router.post("/draft", response_class=HTMLResponse)
async def draft_submit(request: Request, form: DraftForm = Depends()):
    resp, failed = await _drafted(request, form, "json")
    return failed or _page(request, form.fields, report=resp.json())


@router.post("/draft/docx")
async def draft_docx(request: Request, form: DraftForm = Depends()):
    """The same form, answered with the Word file the API makes."""
    resp, failed = await _drafted(request, form, "docx")
    if failed:
        return failed
    keep = {k: v for k, v in resp.headers.items() if k.lower() in ("content-type", "content-disposition")}
    return Response(resp.content, headers=keep)
