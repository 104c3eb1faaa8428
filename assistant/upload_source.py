"""Where the store says an upload came from: its file name, not the folder it was spooled to.

Why: the store tells a new version of a file from a new file by its source (``Store.check``):
changed bytes from a source already stored are a replace. For ``meetingpack ingest`` the
source is the file's path. An upload is written to a fresh spool folder per job
(``uploads/<job id>/NAME``), so its path never repeats and every changed upload used to be
stored as a second document. Its source is ``upload:NAME`` instead: a changed file uploaded
under a stored name replaces that document (issue #12), the same bytes under the same name
are unchanged, and under another name a duplicate. The key never leaves the catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

PREFIX = "upload:"
_JOB_FOLDER = re.compile(r"[0-9a-f]{12}")  # assistant.jobs: uuid4().hex[:12]


def source_key(name: str) -> str:
    """The source of an upload named ``name`` (already a safe leaf name: ``api.uploads``)."""
    return PREFIX + name


def adopt_spooled(store, spool: Path, name: str) -> str | None:
    """Stores written before this kept an upload's spool path as its source, which no later
    upload can match. Give the newest such document named ``name`` the name's key, once, so
    the upload that follows replaces it rather than adding a second one. The caller holds the
    writer lock. Returns the id relabelled, or None."""
    key = source_key(name)
    rows = store.catalog.by_file(name)
    if any(r["source"] == key for r in rows):
        return None
    spooled = [r for r in rows if _spooled(r["source"], Path(spool).resolve())]
    if not spooled:
        return None
    doc_id = spooled[-1]["document_id"]  # rows come oldest first
    store.catalog.set_source(doc_id, key)
    return doc_id


def _spooled(source: str | None, spool: Path) -> bool:
    """Whether ``source`` is a path ``spool/<job id>/NAME``."""
    if not source or source.startswith(PREFIX):
        return False
    path = Path(source)
    return path.parent.parent == spool and bool(_JOB_FOLDER.fullmatch(path.parent.name))
