"""Shared fixtures: a store over the real sample corpus, built once per test session.

It uses the deterministic fake embedder, so it needs no model weights and builds in
seconds; tests that need real semantic ranking use the slow-marked MiniLM tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
REAL = ROOT / "tests" / "fixtures" / "real-pdfs"
PACK = CORPUS / "2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"
KENT_MINUTES = REAL / "kcc-cabinet-minutes-2025-01-30.pdf"


@pytest.fixture(scope="session")
def corpus_store_dir(tmp_path_factory) -> Path:
    """A store directory holding the four corpus PDFs and the Kent cabinet minutes."""
    from assistant.ingest_service import ingest_paths
    from assistant.settings import get_settings
    from assistant.store import Store

    path = tmp_path_factory.mktemp("corpus-store")
    store = Store(get_settings("test", store=path))
    try:
        results = ingest_paths(store, [CORPUS, KENT_MINUTES], progress=False)
        assert not any(r.failed for r in results), [r.line() for r in results]
    finally:
        store.close()
    return path


@pytest.fixture
def corpus_services(corpus_store_dir):
    from assistant.services import build_services
    from assistant.settings import get_settings

    services = build_services(get_settings("test", store=corpus_store_dir))
    yield services
    services.close()
