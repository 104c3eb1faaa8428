"""MiniLM's BERT encoder in plain torch: the packaged weights without sentence-transformers.

Why: importing sentence-transformers pulls in transformers, scikit-learn, scipy and sympy,
about 6 CPU-seconds before the first text is embedded (torch and safetensors alone: about
1.5), and every ``meetingpack ingest`` and ``ask`` paid it. all-MiniLM-L6-v2 is a plain
6-layer BERT with mean pooling; this module runs the same operations as transformers'
``BertModel`` on the same weights (embeddings + LayerNorm; per layer scaled dot-product
attention, dense + residual + LayerNorm, GELU feed-forward + residual + LayerNorm).
In fp32 its vectors equal sentence-transformers' to float rounding; in bf16 it casts
where ``torch.autocast`` casts (matrix products and attention in bfloat16, sums and
LayerNorm in fp32), with the weights cast once instead of on every batch, and the
feed-forward's GELU fused into its matrix product (``_fused_up``).

A model folder this loader does not recognise (another architecture, other pooling, no
``tokenizer.json`` or ``model.safetensors``) gets ``None`` from ``load``, and the caller
falls back to sentence-transformers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

_MEAN_POOLING = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False,
                 "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}
_MODULES = ("sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling")
_NORMALIZE = "sentence_transformers.models.Normalize"


@dataclass
class BertConfig:
    """The few numbers the forward pass needs, read from the model's ``config.json``."""

    layers: int
    heads: int
    hidden: int
    eps: float
    max_length: int  # sentence-transformers' max_seq_length: longer texts are truncated


def _json(path: Path) -> dict | list | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def plain_bert(folder: Path) -> BertConfig | None:
    """The config when ``folder`` is a sentence-transformers BERT with mean pooling this
    module reproduces exactly; None for anything else (the caller then uses ST)."""
    cfg, modules = _json(folder / "config.json"), _json(folder / "modules.json")
    st_cfg = _json(folder / "sentence_bert_config.json") or {}
    if not isinstance(cfg, dict) or not isinstance(modules, list) or not isinstance(st_cfg, dict):
        return None
    types = [m.get("type") for m in modules if isinstance(m, dict)]
    if tuple(types[:2]) != _MODULES or any(t != _NORMALIZE for t in types[2:]):
        return None
    pooling = _json(folder / modules[1].get("path", "") / "config.json") or {}
    if any(bool(pooling.get(k, False)) != v for k, v in _MEAN_POOLING.items()):
        return None
    if (cfg.get("model_type") != "bert" or cfg.get("hidden_act") != "gelu" or st_cfg.get("do_lower_case")
            or cfg.get("position_embedding_type", "absolute") != "absolute"
            or modules[0].get("path", "") != ""):
        return None
    if not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file():
        return None
    max_length = min(int(st_cfg.get("max_seq_length") or 512), int(cfg.get("max_position_embeddings", 512)))
    return BertConfig(int(cfg["num_hidden_layers"]), int(cfg["num_attention_heads"]), int(cfg["hidden_size"]),
                      float(cfg.get("layer_norm_eps", 1e-12)), max_length)


class BertEncoder:
    """``encoder(ids, mask)`` → the last hidden state (fp32), as ``BertModel(...).last_hidden_state``."""

    def __init__(self, folder: Path, config: BertConfig, bf16: bool = False):
        import torch
        from safetensors.torch import load_file

        self.config, self.bf16 = config, bf16
        weights = {k.removeprefix("bert."): v for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.embed = {k.removeprefix("embeddings."): v for k, v in weights.items() if k.startswith("embeddings.")}
        matmul = torch.bfloat16 if bf16 else torch.float32
        self.layers = [_layer(weights, f"encoder.layer.{i}.", matmul) for i in range(config.layers)]
        self._up = _fused_up if bf16 and _fused_ok() else _unfused_up

    def __call__(self, ids, mask):
        import torch.nn.functional as F

        cfg, e = self.config, self.embed
        batch, length = ids.shape
        x = e["word_embeddings.weight"][ids] + e["token_type_embeddings.weight"][0]  # BertEmbeddings' order
        x = x + e["position_embeddings.weight"][:length]
        x = F.layer_norm(x, (cfg.hidden,), e["LayerNorm.weight"], e["LayerNorm.bias"], cfg.eps)
        keep = mask[:, None, None, :].bool()  # which keys each query may attend to
        heads, size = cfg.heads, cfg.hidden // cfg.heads
        for w in self.layers:
            qkv = _linear(x, w["qkv"]).view(batch, length, 3, heads, size).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=keep)
            ctx = ctx.transpose(1, 2).reshape(batch, length, cfg.hidden)
            x = F.layer_norm(_linear(ctx, w["out"]) + x, (cfg.hidden,), *w["ln1"], cfg.eps)
            h = self._up(x, w["up"])
            x = F.layer_norm(_linear(h, w["down"]) + x, (cfg.hidden,), *w["ln2"], cfg.eps)
        return x


def _layer(weights: dict, p: str, dtype) -> dict:
    """One encoder layer's weights: query, key and value fused into one matrix product
    (each output is the same dot product), matrices in the product dtype, norms in fp32."""
    import torch

    def pair(name: str) -> tuple:
        return weights[f"{p}{name}.weight"], weights[f"{p}{name}.bias"]

    def mat(*names: str) -> tuple:
        w = torch.cat([weights[f"{p}{n}.weight"] for n in names])
        b = torch.cat([weights[f"{p}{n}.bias"] for n in names])
        return w.to(dtype).contiguous(), b.to(dtype)

    q, k, v = (f"attention.self.{n}" for n in ("query", "key", "value"))
    return {"qkv": mat(q, k, v), "out": mat("attention.output.dense"), "ln1": pair("attention.output.LayerNorm"),
            "up": mat("intermediate.dense"), "down": mat("output.dense"), "ln2": pair("output.LayerNorm")}


def _linear(x, wb):
    """``F.linear`` in the weights' dtype (bf16 input, weights and output, as autocast does)."""
    import torch.nn.functional as F

    w, b = wb
    return F.linear(x.to(w.dtype), w, b)


def _unfused_up(x, wb):
    """The feed-forward's first half as BertModel runs it: dense, then GELU on its output."""
    import torch.nn.functional as F

    return F.gelu(_linear(x, wb))


def _fused_up(x, wb):
    """Dense + GELU in one oneDNN call: GELU runs on the fp32 sums before the one rounding to
    bf16, not after it. The separate GELU pass over the 4x-wide activations cost about as
    much as the matrix product itself here; fused, a whole bf16 embed took ~10% less CPU,
    and the vectors moved closer to fp32 (min cosine 0.99997 -> 0.99998 on the corpus)."""
    import torch

    w, b = wb
    flat = x.to(w.dtype).reshape(-1, x.shape[-1])
    return torch.ops.mkldnn._linear_pointwise(flat, w, b, "gelu", [], "none").view(*x.shape[:-1], w.shape[0])


def _fused_ok() -> bool:
    """Whether this torch build has oneDNN's fused linear + GELU and it agrees with the two steps
    (a private op: a build without it, or one that disagrees, runs them separately)."""
    import torch

    try:
        gen = torch.Generator().manual_seed(0)
        x = torch.randn(4, 8, 16, generator=gen)
        wb = (torch.randn(32, 16, generator=gen).to(torch.bfloat16), torch.randn(32, generator=gen).to(torch.bfloat16))
        fused, plain = _fused_up(x, wb).float(), _unfused_up(x, wb).float()
    except Exception:  # noqa: BLE001 - missing op, no oneDNN, another signature
        return False
    return fused.shape == plain.shape and bool(torch.allclose(fused, plain, rtol=0.05, atol=0.05))


def tokenizer(folder: Path, max_length: int):
    """The model's fast tokenizer (``tokenizers``, no transformers), truncating at ``max_length``
    and padding nothing: the ids ``AutoTokenizer(...)(texts, truncation=True)`` gives."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.no_padding()
    return tok
