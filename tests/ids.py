"""The ids a store gives files, for tests that name a stored document.

Why: a document id is the file name's slug plus the first 10 hex digits of its content
hash (``ingest.parse.document_id_for``), so tests compute it from the bytes instead of
spelling a slug that two different files could share.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ingest.parse import document_id_for

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"


def stored_id(path: Path | str) -> str:
    """The id of the file at ``path`` once stored."""
    path = Path(path)
    return document_id_for(path.name, hashlib.sha256(path.read_bytes()).hexdigest())


def corpus_id(name: str) -> str:
    """The id of one of the sample corpus files, by its file name."""
    return stored_id(CORPUS / name)


@lru_cache(maxsize=None)
def written_id(writer: Callable[[Path], Path]) -> str:
    """The id of the file a test-fixture ``writer(folder)`` makes (its bytes are deterministic)."""
    with tempfile.TemporaryDirectory() as tmp:
        return stored_id(writer(Path(tmp)))
