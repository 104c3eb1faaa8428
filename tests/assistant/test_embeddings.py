"""Embedder.embed_headed: a chunk's header and passage embedded apart and pooled by length."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import FakeEmbedder
from assistant.settings import EmbeddingSettings


class Counting(FakeEmbedder):
    """The fake embedder, recording what it is asked to embed."""

    def __init__(self):
        super().__init__(EmbeddingSettings(backend="fake"))
        self.calls: list[list[str]] = []

    def embed_documents(self, texts):
        self.calls.append(list(texts))
        return super().embed_documents(texts)


def test_each_distinct_header_is_embedded_once_with_the_passages():
    emb = Counting()
    emb.embed_headed([("Budget · Item 5", "The levy rises."), ("Budget · Item 5", "Reserves fall."), ("", "No header.")])
    assert emb.calls == [["Budget · Item 5", "The levy rises.", "Reserves fall.", "No header."]]


def test_the_vector_is_the_length_weighted_mean_of_the_parts():
    emb = FakeEmbedder(EmbeddingSettings(backend="fake"))
    head, body = "Cabinet minutes", "the council approved the revenue budget by a large majority"
    got = np.asarray(emb.embed_headed([(head, body)])[0])
    h, b = (np.asarray(v) for v in emb.embed_documents([head, body]))
    want = 2 * h + 10 * b  # two words, ten words
    assert np.allclose(got, want / np.linalg.norm(want))
    assert abs(np.linalg.norm(got) - 1) < 1e-9


def test_a_pair_without_header_gets_the_passage_vector():
    emb = FakeEmbedder(EmbeddingSettings(backend="fake"))
    assert emb.embed_headed([("", "only text")])[0] == emb.embed_documents(["only text"])[0]


@pytest.mark.slow
def test_minilm_lengths_are_the_word_pieces_it_pools():
    from assistant.embeddings import MiniLMEmbedder

    emb = MiniLMEmbedder(EmbeddingSettings())
    assert emb.lengths(["the levy", "word " * 600]) == [2, emb.max_length - 2]  # truncated as embedded


def test_embed_length_is_the_setting_within_the_models_limit():
    from assistant.embeddings import embed_length

    assert embed_length(EmbeddingSettings(), 256) == 256  # the default: the model's own limit
    assert embed_length(EmbeddingSettings(max_tokens=400), 256) == 256
    assert embed_length(EmbeddingSettings(max_tokens=64), 256) == 64


@pytest.mark.slow
def test_minilm_embeds_at_most_max_tokens_word_pieces():
    from assistant.embeddings import MiniLMEmbedder

    long = "the council approved the budget " * 60
    capped = MiniLMEmbedder(EmbeddingSettings(max_tokens=32))
    assert capped.lengths([long]) == [30]
    full = MiniLMEmbedder(EmbeddingSettings(max_tokens=256))
    assert full.lengths([long]) == [254]
    assert capped.embed_documents([long]) != full.embed_documents([long])
