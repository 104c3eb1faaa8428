"""assistant.batching: length batches, and the serving process's BLAS thread policy."""

from __future__ import annotations

import pytest

from assistant.batching import length_batches, limit_blas_threads

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]


@pytest.fixture
def restore_blas():
    """Put numpy's BLAS threads back as they were, for the tests that follow."""
    import numpy  # noqa: F401 - loads its BLAS, so threadpoolctl can see it

    controller = threadpoolctl.ThreadpoolController()
    before = _blas_threads()
    yield before
    controller.limit(limits=max(before or [1]), user_api="blas")


def test_length_batches_go_longest_first_within_the_token_budget():
    batches = list(length_batches([5, 50, 10, 40], max_rows=8, token_budget=100))
    assert batches == [[1, 3], [2, 0]]  # 2 x 50 padded tokens, then 2 x 10


def test_serving_runs_numpy_blas_on_one_thread(restore_blas, monkeypatch):
    """Its idle worker spins after each product and takes the core a keyword lookup needs."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    threadpoolctl.ThreadpoolController().limit(limits=2, user_api="blas")
    assert _blas_threads() and set(_blas_threads()) == {2}
    limit_blas_threads()
    assert set(_blas_threads()) == {1}


def test_a_users_openblas_setting_is_left_alone(restore_blas, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    threadpoolctl.ThreadpoolController().limit(limits=2, user_api="blas")
    limit_blas_threads()
    assert set(_blas_threads()) == {2}


def test_building_the_services_applies_it(restore_blas, monkeypatch, tmp_path):
    from assistant.embeddings import FakeEmbedder
    from assistant.services import build_services
    from assistant.settings import EmbeddingSettings, get_settings

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    threadpoolctl.ThreadpoolController().limit(limits=2, user_api="blas")
    services = build_services(get_settings(store=str(tmp_path / "store")), embedder=FakeEmbedder(EmbeddingSettings(backend="fake")))
    try:
        assert set(_blas_threads()) == {1}
    finally:
        services.close()
