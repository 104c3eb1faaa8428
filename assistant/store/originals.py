"""The store keeps its own copy of every ingested file.

Citations open the original PDF at the cited page, and table rows are re-read from
it, so the store must not depend on the user's folder staying where it was. A copy
is staged beside the store and moved into place only once the index write has
succeeded, so a failed re-ingest never replaces the original of what is stored.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FOLDER = "originals"


def final_path(root: Path, document_id: str, suffix: str) -> Path:
    return Path(root) / FOLDER / f"{document_id}{suffix.lower()}"


def stage(root: Path, source: Path, document_id: str) -> tuple[Path, Path]:
    """Copy ``source`` to a temporary name; returns (temporary, final) paths."""
    final = final_path(root, document_id, source.suffix)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.partial")
    shutil.copyfile(source, tmp)
    return tmp, final


def commit(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)


def discard(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)


def delete(root: Path, document_id: str) -> None:
    """Remove a document's kept original, whatever its extension."""
    folder = Path(root) / FOLDER
    for path in folder.glob(f"{document_id}.*") if folder.is_dir() else []:
        path.unlink(missing_ok=True)
