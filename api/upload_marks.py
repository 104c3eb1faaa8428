"""The exempt/public marks an upload may carry: form fields ``exempt`` and ``public``.

Why here: ``POST /api/documents`` and the no-JavaScript form on ``/documents`` must read
them the same way, and both must mean what ``meetingpack ingest --exempt/--public``
means. So the value is parsed by the CLI's own code (``ingest.exempt.parse_marks``):
empty, ``*`` or ``all`` is every item of each file; otherwise comma-separated item ids
or agenda numbers (``5,item-5-appendix-1``). A bad value is a 422 at the field, before
anything is queued. Whether a named item exists is known only once the file is parsed:
a selector that fits no item fails that file's job, naming the valid ids, as the CLI does.

The fields ``body`` and ``meeting_date`` (``UploadFacts``) are the body and meeting a paper is
of when it prints neither, as ``ingest --body/--meeting-date``; they are checked by the
parser's own rules (``ingest.config.ParseOptions``), and a bad one is a 422 at its field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Form, Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from api.validation import valid_text
from ingest.config import FactError, given_facts
from ingest.exempt import MarkError, parse_marks

_HELP = ("mark every item of each file {0} (empty, * or all), or only these items: comma-separated item ids or "
         "agenda numbers, e.g. 5,item-5-appendix-1. Saved for later re-ingests. Leave the field out to keep "
         "automatic detection.")
Selectors = Annotated[str, StringConstraints(max_length=2000), AfterValidator(valid_text)]


class UploadMarks(BaseModel):
    """The marks of one upload request, checked; ``None`` is a field that was not sent."""

    model_config = ConfigDict(frozen=True)

    exempt: frozenset[str] | None = None
    public: frozenset[str] | None = None

    @classmethod
    def parse(cls, exempt: str | None, public: str | None) -> "UploadMarks":
        """From the raw field values, or a 422 naming the field and the reason."""
        try:
            ex, pub = parse_marks(exempt, public)
        except MarkError as exc:
            raise RequestValidationError([{"loc": ("body", exc.field), "msg": exc.reason,
                                           "type": "value_error"}]) from None
        return cls(exempt=ex, public=pub)

    def given(self) -> tuple[set[str] | None, set[str] | None]:
        """As ``assistant.overrides.Marks``: (exempt, public) selector sets."""
        return (None if self.exempt is None else set(self.exempt),
                None if self.public is None else set(self.public))


def _sent(form, name: str, value: str | None) -> str | None:
    """The field's value; FastAPI reads an empty field as not sent, but here it is a bare
    ``--exempt``: every item (so a present, empty field becomes "")."""
    return "" if value is None and name in form else value


ExemptField = Annotated[Selectors | None, Form(description=_HELP.format("exempt (Non Public)"))]
PublicField = Annotated[Selectors | None, Form(description=_HELP.format("public"))]


async def upload_marks(request: Request, exempt: ExemptField = None, public: PublicField = None) -> UploadMarks:
    """Dependency of the upload route: the request's ``exempt`` and ``public`` fields."""
    form = await request.form()  # already read by FastAPI; Starlette keeps it
    return UploadMarks.parse(_sent(form, "exempt", exempt), _sent(form, "public", public))


async def form_marks(mark: Annotated[Literal["", "exempt", "public"], Form()] = "",
                     items: Annotated[Selectors, Form()] = "") -> UploadMarks:
    """Dependency of the web page's form: a choice (detect / exempt / public) and the items
    it applies to (blank: every item). The page's script sends the same to the API."""
    if not mark:
        if items.strip():
            raise RequestValidationError([{"loc": ("body", "items"), "type": "value_error",
                                           "msg": "choose mark exempt or mark public for these items"}])
        return UploadMarks()
    return UploadMarks.parse(items if mark == "exempt" else None, items if mark == "public" else None)

BodyField = Annotated[str | None, Form(description="the body these papers are of, when a paper prints none "
                                                    "(an appendix filed under its meeting); saved for later re-ingests")]
DateField = Annotated[str | None, Form(description="the meeting date (YYYY-MM-DD) these papers are of, when a "
                                                    "paper prints none; saved for later re-ingests")]


class UploadFacts(BaseModel):
    """The body and meeting date sent with an upload, checked; blank fields are not sent."""

    model_config = ConfigDict(frozen=True)

    body: str | None = None
    meeting_date: str | None = None

    @classmethod
    def parse(cls, body: str | None, meeting_date: str | None) -> "UploadFacts":
        """Checked by ``ParseOptions``' own rules, or a 422 naming the field and the reason."""
        try:
            return cls(**given_facts(body, meeting_date))
        except FactError as exc:
            raise RequestValidationError([{"loc": ("body", exc.field), "type": "value_error", "msg": str(exc)}]) from None

    def given(self) -> dict[str, str]:
        """As ``assistant.overrides.Facts``: only the fields sent."""
        return {k: v for k, v in self.model_dump().items() if v}


async def upload_facts(body: BodyField = None, meeting_date: DateField = None) -> UploadFacts:
    """Dependency of both upload routes: the request's ``body`` and ``meeting_date`` fields."""
    return UploadFacts.parse(body, meeting_date)
