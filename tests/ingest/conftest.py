"""Shared fixtures: each real PDF is parsed once per test session (parsing is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "eval" / "corpus"
CORPUS_TEXT = ROOT / "tests" / "fixtures" / "corpus-text"
REAL = ROOT / "tests" / "fixtures" / "real-pdfs"

PACK = "2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"
NEEDS = "2018-12 Nottinghamshire Draft Police and Crime Needs Assessment.pdf"
PLAN = "2021 Nottingham Crime and Drugs Partnership Plan 2021-24.pdf"
PANEL = "2022-02-08 Police and Crime Panel - Item 8 Make Notts Safe Plan 2021-24.pdf"
CORPUS_FILES = [PACK, NEEDS, PLAN, PANEL]
REAL_FILES = sorted(p.name for p in REAL.glob("*.pdf") if "SCANNED" not in p.name)

_cache: dict[Path, object] = {}


def parsed(path: Path):
    """Parse once, reuse everywhere (tests must not mutate the returned Document)."""
    if path not in _cache:
        _cache[path] = parse_file(path)
    return _cache[path]


@pytest.fixture(scope="session")
def pack():
    return parsed(CORPUS / PACK)


def corpus_doc(name: str):
    return parsed(CORPUS / name)


def real_doc(name: str):
    return parsed(REAL / name)
