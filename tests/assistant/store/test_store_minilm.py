"""Slow smoke test: the real MiniLM embedder end to end (fast path vs plain sentence-transformers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings import MiniLMEmbedder
from assistant.ingest_service import ingest_one
from assistant.settings import get_settings
from assistant.store import Store

pytestmark = pytest.mark.slow
PDF = Path(__file__).resolve().parents[2] / "fixtures" / "real-pdfs" / "chelsea-qc-demolition-committee-pv-2023-06-20.pdf"


def test_minilm_fast_path_matches_sentence_transformers_and_retrieves(tmp_path):
    texts = [
        "The revenue budget outturn shows an underspend against the precept.",
        "Knife crime and serious violence fell in the city centre.",
        "RESOLVED that the committee approves the demolition of the building. " * 12,
    ]
    fast = MiniLMEmbedder(get_settings().embedding)
    plain = MiniLMEmbedder(get_settings(embedding={"precision": "st"}).embedding)
    a, b = fast.embed_documents(texts), plain.embed_documents(texts)
    for u, v in zip(a, b):
        assert len(u) == 384
        assert sum(x * y for x, y in zip(u, v)) > 0.999

    store = Store(get_settings(store=tmp_path / "store"), fast)
    res = ingest_one(store, PDF)
    assert res.status == "added", res.reason
    hits = store.dense(fast.embed_query("demolition of the building"), 3, None)
    assert hits and 0.2 < hits[0][1] <= 1.0
    assert store.chunks([hits[0][0]])[0].file == PDF.name
    store.close()
