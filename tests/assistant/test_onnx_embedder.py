"""The int8 ONNX export of the packaged MiniLM: built here, cached, close to fp32."""

from __future__ import annotations

import os

import pytest

from assistant.embeddings import FakeEmbedder, make_embedder
from assistant.settings import EmbeddingSettings, get_settings

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

pytestmark = pytest.mark.slow

SENTENCES = [
    "Presently there are 45,000 registrations on Neighbourhood Alert.",
    "Chief Inspector Heather Sutton will take over as force lead for rural crime.",
    "The Council approved the revenue budget for 2025-26 by 57 votes to 12.",
    "Moved by Councillor Smith, seconded by Councillor Jones, that the minutes be adopted.",
]
QUESTIONS = [
    "how many people signed up to the neighbourhood alert scheme",
    "who leads on rural crime now",
    "what was the vote on the budget",
    "who seconded adopting the minutes",
]


@pytest.fixture(scope="module")
def int8(tmp_path_factory):
    cache = tmp_path_factory.mktemp("models")
    return make_embedder(EmbeddingSettings(backend="minilm-int8"), cache)


@pytest.fixture(scope="module")
def fp32():
    return make_embedder(EmbeddingSettings(backend="minilm", precision="fp32"))


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def test_int8_vectors_stay_close_to_fp32(int8, fp32):
    got = int8.embed_documents(SENTENCES)
    want = fp32.embed_documents(SENTENCES)
    assert all(len(v) == 384 for v in got)
    assert min(_dot(a, b) for a, b in zip(got, want)) > 0.97
    assert abs(_dot(got[0], got[0]) - 1.0) < 1e-3  # unit length, as the fp32 path


def test_int8_ranks_the_same_passage_first(int8):
    docs = int8.embed_documents(SENTENCES)
    for i, q in enumerate(QUESTIONS):
        qv = int8.embed_query(q)
        best = max(range(len(docs)), key=lambda j: _dot(qv, docs[j]))
        assert best == i, q


def test_export_is_cached_and_reused(int8, tmp_path):
    path = int8.model_file()
    assert path.exists() and path.stat().st_size > 1_000_000
    before = path.stat().st_mtime_ns
    again = make_embedder(EmbeddingSettings(backend="minilm-int8"), path.parent)
    again.embed_query("reuse the cached export")
    assert again.model_file() == path and path.stat().st_mtime_ns == before
    assert not list(path.parent.glob("*.tmp.onnx"))  # no half-written file left behind


def test_model_cache_defaults_to_the_store(tmp_path):
    settings = get_settings("test", store=str(tmp_path / "s"))
    assert settings.model_cache() == tmp_path / "s" / "models"
    moved = get_settings("test", store=str(tmp_path / "s"), embedding={"cache_dir": str(tmp_path / "m")})
    assert moved.model_cache() == tmp_path / "m"


def test_unknown_backend_lists_the_choices():
    with pytest.raises(ValueError) as err:
        make_embedder(EmbeddingSettings.model_construct(backend="nope"))
    assert "minilm-int8" in str(err.value) and "fake" in str(err.value)


def test_embed_chunks_embeds_each_distinct_text_once():
    calls: list[list[str]] = []

    class Counting(FakeEmbedder):
        def embed_documents(self, texts):
            calls.append(list(texts))
            return super().embed_documents(texts)

    emb = Counting(EmbeddingSettings(backend="fake"))
    first = emb.embed_chunks(["a report", "a table", "a report"])
    second = emb.embed_chunks(["a table", "new text"])
    assert calls == [["a report", "a table"], ["new text"]]
    assert first[0] == first[2] and second[0] == first[1]
    assert emb.embed_chunks(["x"]) == emb.embed_documents(["x"])


def test_embed_chunks_memo_is_bounded():
    emb = FakeEmbedder(EmbeddingSettings(backend="fake"))
    emb.memo_size = 3
    emb.embed_chunks([f"t{i}" for i in range(10)])
    assert len(emb._memo) == 3
