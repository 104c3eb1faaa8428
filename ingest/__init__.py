"""Pure parsing of meeting packs: file → pages → items → chunks (no database, no embeddings).

Public entry point: ``parse_file(path, chunking=None) -> Document``.
"""

from .models import Chunk, Decision, DocType, Document, IngestError, Item, Page
from .parse import document_id_for, parse_file

__all__ = [
    "Chunk",
    "Decision",
    "DocType",
    "Document",
    "IngestError",
    "Item",
    "Page",
    "document_id_for",
    "parse_file",
]
