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
