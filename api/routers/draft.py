"""POST /api/draft and POST /api/summarise: a report on a template, as JSON or Word.

JSON is the default reply (the contract in ``DraftReply``); a client that asks for
Word, by ``Accept: application/vnd.openxmlformats-officedocument.wordprocessingml.document``
or ``"format": "docx"``, gets the .docx file instead (Markdown and HTML likewise).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import get_services
from api.validation import FiltersIn, Ident, Line, Prose
from assistant.draft.export import MEDIA_TYPES, export
from assistant.store.filters import Filters

router = APIRouter(prefix="/api", tags=["draft"])
Format = Literal["json", "docx", "md", "html"]


Key = Annotated[Ident, Field(max_length=64)]  # a template, section or cover field name


class DraftBody(BaseModel):
    """Every field typed and bounded, as ``api.validation`` types an ask: the filters are the
    ask's (a list or a dict for ``body`` reached the index as a 500, issue 13), and text
    with a control character is refused before it reaches a Word file."""

    template: Key
    title: Annotated[Line, Field(min_length=1)]
    report_to: Line | None = None
    date: Annotated[Line, Field(max_length=64)] | None = None  # as printed on the cover: "19 May 2021"
    about: Prose | None = None
    sections: list[Key] | None = Field(default=None, max_length=40)
    sources: list[Ident] = Field(default_factory=list, max_length=20)
    cover: dict[Key, Line] = Field(default_factory=dict, max_length=40)
    filters: FiltersIn | None = None
    format: Format | None = None


class SummariseBody(BaseModel):
    document_id: Annotated[Ident, Field(max_length=300)]
    item_id: Annotated[Ident, Field(max_length=120)]
    template: Key = "opcc-notts"
    format: Format | None = None


class CoverValue(BaseModel):
    label: str
    value: str
    supplied: bool


class SectionReply(BaseModel):
    key: str
    number: str | None
    heading: str
    text: str
    flagged: bool
    note: str | None
    citations: list[dict[str, Any]]  # the same keys as /api/ask citations


class ReferenceReply(BaseModel):
    n: int
    label: str


class DraftReply(BaseModel):
    template: str
    title: str
    composer: str
    cover: dict[str, CoverValue]
    sections: list[SectionReply]
    references: list[ReferenceReply]


def _format(request: Request, asked: str | None) -> str:
    if asked:
        return asked
    accept = request.headers.get("accept", "")
    for fmt in ("docx", "html", "md"):
        if MEDIA_TYPES[fmt].split(";")[0] in accept:
            return fmt
    return "json"


def _reply(report, fmt: str):
    if fmt == "json":
        return DraftReply.model_validate(report.to_json())
    slug = re.sub(r"[^A-Za-z0-9]+", "-", report.title).strip("-")[:60] or "draft"
    return Response(content=export(report, fmt), media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{slug}.{fmt}"'})


def _drafter(services):
    from assistant.draft.service import drafter_for

    return drafter_for(services)


@router.post("/draft", response_model=DraftReply)
async def draft(body: DraftBody, request: Request, services=Depends(get_services)):
    from assistant.draft.service import DraftRequest

    try:
        req = DraftRequest(template=body.template, title=body.title.strip(), report_to=body.report_to,
                           date=body.date, about=body.about, sections=body.sections, sources=body.sources,
                           cover=body.cover, filters=Filters.from_dict(body.filters and body.filters.as_dict()))
        report = await run_in_threadpool(_drafter(services).draft, req)
    except (TypeError, ValueError) as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return _reply(report, _format(request, body.format))


@router.post("/summarise", response_model=DraftReply)
async def summarise(body: SummariseBody, request: Request, services=Depends(get_services)):
    try:
        report = await run_in_threadpool(_drafter(services).summarise, body.document_id, body.item_id,
                                         body.template)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return _reply(report, _format(request, body.format))
