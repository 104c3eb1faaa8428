"""The store keeps its own copy of every ingested file, named by document id.

Citations open the original PDF at the cited page, and table rows are re-read from
it, so the store must not depend on the user's folder staying where it was. A document
id names one version of one file's bytes, so a new version is copied under a new name
before the catalogue switches to it, and the old copy goes after; ``sweep`` removes
copies a crash left behind (no catalogue row names them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path

FOLDER = "originals"


def keep(root: Path, source: Path, document_id: str) -> Path:
    """Copy ``source`` to ``originals/<id><suffix>`` (whole or not at all) and return it."""
    final = Path(root) / FOLDER / f"{document_id}{source.suffix.lower()}"
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.partial")
    shutil.copyfile(source, tmp)
    os.replace(tmp, final)
    return final


def locate(root: Path, recorded: str | None) -> Path | None:
    """The kept original a document row names, wherever the store folder now is.

    Rows record a path relative to the store (``originals/<id>.pdf``); older rows hold
    the absolute path at ingest time, which is gone once the folder is moved or copied,
    so their file name is looked up in this store's own ``originals/`` too."""
    if not recorded:
        return None
    path = Path(recorded)
    if not path.is_absolute():
        path = Path(root) / path
    if path.is_file():
        return path
    moved = Path(root) / FOLDER / path.name
    return moved if moved.is_file() else None


def delete(root: Path, document_id: str) -> None:
    """Remove a document's kept original, whatever its extension."""
    folder = Path(root) / FOLDER
    for path in folder.glob(f"{document_id}.*") if folder.is_dir() else []:
        path.unlink(missing_ok=True)


def sweep(root: Path, stored: Collection[str]) -> int:
    """Delete copies (and half-written copies) of documents the catalogue does not hold."""
    folder = Path(root) / FOLDER
    gone = 0
    for path in folder.iterdir() if folder.is_dir() else []:
        doc_id = path.name.rsplit(".", 1)[0]
        if path.name.startswith(".") or doc_id not in stored:
            path.unlink(missing_ok=True)
            gone += 1
    return gone
