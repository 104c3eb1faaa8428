"""Exempt/public marks and a paper's body and meeting date, set by hand at ingest, kept beside
the store so they outlive re-ingest.

Detection (``ingest.exempt``) misses a paper that carries no printed sign, and a
clerk may publish a paper the cover still calls Non Public. Such a decision is about
the file, not one run of ``ingest``: it is saved in ``overrides.json`` under the store
(file name → selectors) and applied whenever that file is parsed again, so a changed
version of a paper marked exempt by hand stays exempt. The CLI (``ingest --exempt/--public``)
and uploads (``POST /api/documents`` fields ``exempt``/``public``) both go through here.

The body and meeting date (``ingest --body/--meeting-date``, upload fields ``body`` and
``meeting_date``: ``FACTS``) are kept the same way, for a paper that prints neither (an
appendix filed under its meeting): a new version of the file is parsed with them again.

Marks or facts given for a file already stored with the same bytes re-read it: the ingest replaces
that document (found by its id) with the re-marked parse, all or nothing
(``assistant.ingest_service._check``), rather than skipping it as unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ingest.config import FACT_RULES
from ingest.exempt import ALL, apply_overrides
from ingest.models import Document

FILE = "overrides.json"
FACTS = tuple(FACT_RULES)  # ParseOptions fields a person may give for a paper that prints none
Facts = dict[str, str]  # the facts given for a file (a subset of FACTS)
Teller = Callable[[str], Facts]  # file name -> the facts to parse it with


def load(root: Path) -> dict[str, dict[str, list[str]]]:
    path = Path(root) / FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def merge(saved: dict[str, list[str]], exempt: set[str] | None, public: set[str] | None) -> dict[str, list[str]]:
    """New marks over saved ones: ``*`` of one kind clears both lists; a named item moves
    to the kind it is named now. The two lists never share a selector."""
    ex, pub = set(saved.get("exempt", [])), set(saved.get("public", []))
    for new, same, other in ((exempt, ex, pub), (public, pub, ex)):
        if not new:
            continue
        if ALL in new:
            same.clear(), other.clear()
        same |= new
        other -= new
    return {k: sorted(v) for k, v in (("exempt", ex), ("public", pub)) if v}


def record(root: Path, files: list[str], exempt: set[str] | None, public: set[str] | None,
           facts: Facts | None = None) -> None:
    """Save the marks and facts given for ``files`` on top of their earlier ones."""
    data = load(root)
    for name in files:
        saved = data.get(name, {})
        data[name] = {**merge(saved, exempt, public), **_facts(saved), **(facts or {})}
    path = Path(root) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    tmp.replace(path)


Marks = tuple[set[str] | None, set[str] | None]  # (exempt, public) selectors


def marker(root: Path, given: Marks = (None, None)) -> Callable[[Document], None]:
    """Applies to a parsed document the file's saved marks, with the marks ``given`` now over them."""

    def mark(doc: Document) -> None:
        marks = merge(load(root).get(doc.file, {}), *given)
        if marks:
            apply_overrides(doc, set(marks.get("exempt", [])), set(marks.get("public", [])))

    return mark


def teller(root: Path, given: Facts | None = None) -> Teller:
    """The facts to parse a file with: those saved for it, with the ones ``given`` now over them."""
    now = {k: v for k, v in (given or {}).items() if v}

    def facts(name: str) -> Facts:
        return {**_facts(load(root).get(name, {})), **now}

    return facts


def _facts(entry: dict) -> Facts:
    return {k: entry[k] for k in FACTS if entry.get(k)}


def given(marks: Marks, facts: Facts | None = None) -> bool:
    """Whether any mark or fact was given now (``(None, None)`` and none: only the saved ones
    apply); given ones re-read the stored files they are given for and are saved for them."""
    return marks != (None, None) or bool(facts)
