"""Chunking limits: part of ingest (pure parsing), re-exported by ``assistant.settings``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationError


class ChunkSettings(BaseModel):
    # MiniLM reads at most 256 word pieces; ~900 characters of English stays under it.
    max_chars: int = 900
    min_chars: int = 200
    table_max_rows: int = 12


class ParseOptions(BaseModel):
    """What the parser keeps and how it reads scans; the defaults are the safe ones."""

    keep_hidden: bool = False  # index invisible text (white on white, mode 3, < 1 pt, off-page) too
    ocr: Literal["auto", "off"] = "auto"  # auto: OCR pages without a text layer when tesseract is installed
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_lang: str = "eng"
    progress: bool = True  # OCR progress bar on stderr
    # the body and meeting a paper is of when it does not print them (an appendix filed under
    # its meeting): ``meetingpack ingest --body --meeting-date``; a paper that prints its own keeps it
    # (each constraint's description says it in words a user reads: ``FACT_RULES``)
    body: str | None = Field(default=None, min_length=2, max_length=200, pattern=r"^[^\x00-\x1f]+$",
                             description="must be a name of 2 to 200 characters, without control characters")
    meeting_date: str | None = Field(default=None, pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
                                     description="must be a date as YYYY-MM-DD")


# the given facts a person may supply, and their rules: read off the fields themselves
FACT_RULES = {name: ParseOptions.model_fields[name].description for name in ("body", "meeting_date")}


class FactError(ValueError):
    """A given body or meeting date ParseOptions refuses: the field, the value and the rule."""

    def __init__(self, field: str, value: str | None):
        self.field, self.value, self.rule = field, value, FACT_RULES[field]
        super().__init__(f"{field} {value!r}: {self.rule}")


def given_facts(body: str | None, meeting_date: str | None) -> dict[str, str]:
    """The body and meeting date a person gave (``ingest --body/--meeting-date``, the upload
    fields), checked by ``ParseOptions``' own constraints; a blank one is not given."""
    sent = {"body": (body or "").strip() or None, "meeting_date": (meeting_date or "").strip() or None}
    try:
        ParseOptions(**sent)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        raise FactError(field, sent[field]) from None
    return {k: v for k, v in sent.items() if v}
