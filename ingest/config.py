"""Chunking limits: part of ingest (pure parsing), re-exported by ``assistant.settings``."""

from __future__ import annotations

from pydantic import BaseModel


class ChunkSettings(BaseModel):
    # MiniLM reads at most 256 word pieces; ~900 characters of English stays under it.
    max_chars: int = 900
    min_chars: int = 200
    table_max_rows: int = 12
