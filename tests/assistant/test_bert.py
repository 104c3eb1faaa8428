"""assistant.bert: the packaged MiniLM without sentence-transformers, and the same vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.bert import plain_bert
from assistant.embeddings import MiniLMEmbedder
from assistant.settings import EmbeddingSettings

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "The revenue budget outturn shows an underspend against the precept.",
    "Knife crime and serious violence fell in the city centre.",
    "RESOLVED that the committee approves the demolition of the building. " * 40,  # past 256 word pieces
    "Éire – Comité de démolition · 7 June 2023\nLa séance est levée à 16h05.",
]


def _packaged() -> Path:
    return Path(MiniLMEmbedder.default_model_path())


def _copy_configs(tmp_path: Path) -> Path:
    """The packaged model's small files (no weights copied: plain_bert only checks they exist)."""
    src, dst = _packaged(), tmp_path / "model"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "README.md"))
    (dst / "model.safetensors").write_bytes(b"")
    return dst


def test_the_packaged_model_is_a_plain_bert():
    cfg = plain_bert(_packaged())
    assert cfg is not None
    assert (cfg.layers, cfg.heads, cfg.hidden, cfg.max_length) == (6, 12, 384, 256)


def test_other_pooling_or_architecture_or_no_tokenizer_falls_back(tmp_path):
    folder = _copy_configs(tmp_path)
    assert plain_bert(folder) is not None
    pooling = folder / "1_Pooling" / "config.json"
    pooling.write_text(json.dumps({**json.loads(pooling.read_text()), "pooling_mode_mean_tokens": False,
                                   "pooling_mode_cls_token": True}))
    assert plain_bert(folder) is None  # CLS pooling: sentence-transformers runs it
    folder = _copy_configs(tmp_path / "b")
    config = folder / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "model_type": "roberta"}))
    assert plain_bert(folder) is None
    folder = _copy_configs(tmp_path / "c")
    (folder / "tokenizer.json").unlink()
    assert plain_bert(folder) is None


def test_the_tokenizer_gives_transformers_ids():
    from transformers import AutoTokenizer

    from assistant.bert import tokenizer

    want = AutoTokenizer.from_pretrained(str(_packaged()))(TEXTS, truncation=True, max_length=256)["input_ids"]
    got = [e.ids for e in tokenizer(_packaged(), 256).encode_batch(TEXTS)]
    assert got == want
    assert len(got[2]) == 256


@pytest.mark.slow
def test_vectors_match_sentence_transformers():
    import numpy as np

    plain = np.array(MiniLMEmbedder(EmbeddingSettings(precision="st")).embed_documents(TEXTS))
    fp32 = MiniLMEmbedder(EmbeddingSettings(precision="fp32"))
    bf16 = MiniLMEmbedder(EmbeddingSettings(precision="bf16"))
    a, b = np.array(fp32.embed_documents(TEXTS)), np.array(bf16.embed_documents(TEXTS))
    assert type(fp32._load()).__name__ == "BertEncoder" and fp32._model is None
    assert np.abs(a - plain).max() < 1e-5  # fp32: the same vectors to float rounding
    assert (b * plain).sum(1).min() > 0.9999  # bf16: within the tolerance the store accepts
    assert abs(float((a[0] ** 2).sum()) - 1.0) < 1e-5


@pytest.mark.slow
def test_embedding_never_imports_sentence_transformers():
    code = ("import sys; from assistant.embeddings import MiniLMEmbedder; from assistant.settings import "
            "EmbeddingSettings; e = MiniLMEmbedder(EmbeddingSettings()); e.embed_documents(['a council']); "
            "e.embed_query('who'); print(sorted(m for m in ('sentence_transformers', 'transformers', 'sklearn') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr[-2000:]


def test_fused_gelu_agrees_with_the_two_steps():
    import torch

    from assistant.bert import _fused_ok, _fused_up, _unfused_up

    if not _fused_ok():
        pytest.skip("this torch build has no fused oneDNN linear + GELU")
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(3, 40, 384, generator=gen)
    wb = ((torch.randn(1536, 384, generator=gen) / 20).to(torch.bfloat16), torch.zeros(1536, dtype=torch.bfloat16))
    fused, plain = _fused_up(x, wb).float(), _unfused_up(x, wb).float()
    assert fused.shape == (3, 40, 1536)
    assert (fused - plain).abs().max() < 0.05  # one bf16 rounding apart
