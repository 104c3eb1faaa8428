"""Request field types shared by the routers: every input is bounded and valid Unicode.

Why: a list where a string belongs, a date that is not a date, a page number past
2^63 or a lone surrogate reached SQLite or Chroma and came back as a 500 (issue 13).
Declaring the types here makes each of them a 422 that names the field, before a
handler runs.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab and line ends


def valid_text(value: str) -> str:
    """Reject what no document can contain: lone surrogates, NUL and the other control
    characters (ingest strips them from documents; a Word file cannot hold them)."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("text contains a lone surrogate (not valid Unicode)")
    if "\x00" in value:
        raise ValueError("text contains a NUL character")
    if _CONTROL.search(value):
        raise ValueError(f"text contains a control character ({_CONTROL.search(value)[0]!r})")
    return value


Question = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(valid_text)]
Name = Annotated[str, StringConstraints(max_length=200), AfterValidator(valid_text)]  # a filter value
Ident = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(valid_text)]
Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(valid_text)]  # a title, a cover field
Prose = Annotated[str, StringConstraints(max_length=2000), AfterValidator(valid_text)]  # "about" a draft
PageNumber = Annotated[int, Field(ge=1, le=100_000)]
MAX_K = 100


class FiltersIn(BaseModel):
    """The filters of an ask: each a short string or an ISO date; unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    body: Name | None = None
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    doc_type: Name | None = Field(default=None, alias="type")
    document_id: Name | None = Field(default=None, alias="document")
    item: Name | None = None

    def as_dict(self) -> dict:
        """The keys ``Filters.from_dict`` reads, dates as ISO strings."""
        data = self.model_dump(exclude_none=True)
        for key in ("date_from", "date_to"):
            if key in data:
                data[key] = data[key].isoformat()
        return data


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _message(error: dict) -> str:
    """pydantic's message, plus the format a date field wants (users type "19 May 2021")."""
    msg = str(error.get("msg", ""))
    return msg + " (use YYYY-MM-DD)" if str(error.get("type", "")).startswith("date") else msg


async def validation_error(request, exc) -> "Response":
    """422 with each error's location, message and type, as ASCII JSON.

    FastAPI's own handler echoes the offending input back in UTF-8; a lone
    surrogate cannot be encoded, so a bad request became a 500."""
    import json

    from fastapi.responses import Response

    errors = [{"loc": list(e.get("loc", ())), "msg": _message(e), "type": str(e.get("type", ""))}
              for e in exc.errors()]
    return Response(json.dumps({"detail": errors}, ensure_ascii=True, default=str), status_code=422,
                    media_type="application/json")
