"""Chunking limits: part of ingest (pure parsing), re-exported by ``assistant.settings``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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
    body: str | None = Field(default=None, min_length=2, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    meeting_date: str | None = Field(default=None, pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
