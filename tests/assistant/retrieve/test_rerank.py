"""The cross-encoder hook: a user-supplied reranker reorders hits; a bad path is a clear error."""

import pytest

from assistant.retrieve.rerank import RerankError, load_cross_encoder, rerank_with
from assistant.services import build_services
from assistant.settings import get_settings


def test_reranker_reorders_but_keeps_reference_matches_first(corpus_services):
    retriever = corpus_services.retriever
    retriever.reranker = lambda q, hits: rerank_with(lambda pairs: [len(p[1]) for p in pairs], q, hits)
    try:
        hits = retriever.search("what was resolved under 2021/007 on the delivery plan?", k=5)
    finally:
        retriever.reranker = None
    assert hits[0].ref_match
    rest = [h.signals["rerank"] for h in hits if not h.ref_match]
    assert rest == sorted(rest, reverse=True)


def test_missing_cross_encoder_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RerankError, match="cross-encoder folder not found"):
        load_cross_encoder(str(tmp_path / "nope"))
    settings = get_settings("test", store=tmp_path / "s", retrieval={"cross_encoder_path": str(tmp_path / "nope")})
    with pytest.raises(RerankError):
        build_services(settings)
