"""Exempt/public marks set by hand at ingest, kept beside the store so they outlive re-ingest.

Detection (``ingest.exempt``) misses a paper that carries no printed sign, and a
clerk may publish a paper the cover still calls Non Public. Such a decision is about
the file, not one run of ``ingest``: it is saved in ``overrides.json`` under the store
(file name → selectors) and applied whenever that file is parsed again, so a changed
version of a paper marked exempt by hand stays exempt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ingest.exempt import apply_overrides
from ingest.models import Document

FILE = "overrides.json"


def load(root: Path) -> dict[str, dict[str, list[str]]]:
    path = Path(root) / FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def record(root: Path, files: list[str], exempt: set[str] | None, public: set[str] | None) -> None:
    """Save the marks given for ``files`` (replacing earlier marks of the same kind)."""
    data = load(root)
    for name in files:
        entry = data.setdefault(name, {})
        if exempt is not None:
            entry["exempt"] = sorted(exempt)
        if public is not None:
            entry["public"] = sorted(public)
    path = Path(root) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    tmp.replace(path)


Marks = tuple[set[str] | None, set[str] | None]  # (exempt, public) selectors


def with_overrides(root: Path, parse: Callable[..., Document], given: Marks = (None, None)) -> Callable[..., Document]:
    """``parse``, then the file's saved marks, then the marks ``given`` now (which win)."""

    def parse_marked(path, chunking=None) -> Document:
        doc = parse(path, chunking)
        saved = load(root).get(doc.file) or {}
        exempt, public = given
        if exempt is None and "exempt" in saved:
            exempt = set(saved["exempt"])
        if public is None and "public" in saved:
            public = set(saved["public"])
        if exempt or public:
            apply_overrides(doc, exempt, public)
        return doc

    return parse_marked
