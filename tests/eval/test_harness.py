"""A small, real run of `meetingpack eval`: MiniLM embeddings, every baseline, one table."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, ROOT

SMOKE = ROOT / "eval" / "gold_smoke.jsonl"


@pytest.fixture(scope="module")
def minilm_store_dir(tmp_path_factory):
    from assistant.ingest_service import ingest_paths
    from assistant.settings import get_settings
    from assistant.store import Store

    path = tmp_path_factory.mktemp("minilm-store")
    store = Store(get_settings(store=path))
    try:
        assert not any(r.failed for r in ingest_paths(store, [CORPUS], progress=False))
    finally:
        store.close()
    return path


@pytest.mark.slow
def test_eval_table_has_every_system_and_we_beat_bm25(minilm_store_dir, tmp_path, capsys):
    from api.cli import main

    code = main(["eval", "--gold", str(SMOKE), "--json", "--store", str(minilm_store_dir),
                 "--out", str(tmp_path)])
    table = json.loads(capsys.readouterr().out)["systems"]
    assert code == 0
    assert [s["system"] for s in table] == ["meetingpack", "bm25-only", "dense-only", "naive-langchain"]
    ours, bm25 = table[0], table[1]
    assert set(ours) == {"system", "answer_acc", "evidence_at_5", "citation_support", "abstain_acc",
                         "false_abstain", "p50_s", "p95_s", "words_p95"}
    # citation support is held to a floor, not to bm25's figure: on 11 questions one extra cited
    # runner-up passage moves it by 0.1; the archive tables (README) compare it at scale
    quality = ["answer_acc", "evidence_at_5", "abstain_acc"]
    assert ours["citation_support"] >= 0.6
    assert all(ours[c] >= bm25[c] for c in quality) and ours["false_abstain"] <= bm25["false_abstain"]
    assert any(ours[c] > bm25[c] for c in quality)  # never worse, and strictly better somewhere
    assert "| meetingpack |" in (tmp_path / "eval.md").read_text()
    assert json.loads((tmp_path / "eval.json").read_text())["systems"] == table
