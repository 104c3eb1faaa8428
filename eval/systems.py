"""The systems compared on one gold set: ours and the baselines a user would build.

Each system answers a question and reports the passages it cited and the five it
ranked highest, so every metric is computed the same way for all of them. A
follow-up row is asked with the ``conversation`` its first turn returned, so each
system answers it the way it would in a chat.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path
from typing import Protocol

from assistant.answer.service import Answerer, extractive_composer
from assistant.conversation import Conversations
from assistant.embeddings import Embedder
from assistant.retrieve.hybrid import Retriever
from assistant.settings import Settings
from eval.metrics import Outcome


class System(Protocol):
    name: str

    def run(self, row: dict, conversation: str | None = None) -> Outcome: ...


class PipelineSystem:
    """An ``Answerer`` over the store; ``mode`` picks hybrid (ours), keyword or dense.

    Conversations live in ``workdir`` (a throwaway folder), never in the store.
    """

    def __init__(self, name: str, settings: Settings, store, embedder: Embedder, mode: str = "hybrid",
                 workdir: Path | None = None):
        self.name = name
        retriever = Retriever(store, embedder, settings.retrieval, mode=mode)
        composer = extractive_composer(settings, store)  # the app's own, sentence vectors included
        conversations = Conversations(workdir / name) if workdir is not None else None
        self.answerer = Answerer(settings, retriever, composer, conversations)
        self.retriever = retriever

    def run(self, row: dict, conversation: str | None = None) -> Outcome:
        start = time.perf_counter()
        reply, details = self.answerer.ask_explained(row["q"], conversation_id=conversation)
        seconds = time.perf_counter() - start
        top = [h.chunk.text for h in details["context"][:5]]
        cited = [] if reply["abstained"] else [c["text"] for c in reply["citations"]]
        return Outcome(row, reply["answer"], reply["abstained"], cited, top, seconds,
                       reply.get("conversation_id") or None)


class NaiveLangChainSystem:
    """The tutorial RAG: 1000/200 character splits, same MiniLM, Chroma, top-4, first passage.

    LangChain stays inside this adapter: its splitter cuts the text, our embedder
    and a throwaway Chroma collection do the rest, so the comparison isolates
    chunking and answer selection rather than the embedding model. Its chat memory is
    the tutorial's too: a follow-up is searched with the previous question prepended.
    """

    name = "naive-langchain"

    def __init__(self, sources: list[Path], embedder: Embedder, workdir: Path | None = None):
        """``workdir`` None: a cache folder keyed by the sources and embedder, so the dev and
        the test run (two processes) split and embed the archive once; it is derived data."""
        self.embedder = embedder
        started = time.perf_counter()
        self.collection = self._build(sources, workdir or self.cache_dir(sources, embedder))
        self.ingest_seconds = time.perf_counter() - started

    @staticmethod
    def cache_dir(sources: list[Path], embedder: Embedder) -> Path:
        """Keyed by the files' contents, not their paths: every store keeps its own copy of
        the originals, and a second store of the same archive reuses the naive build."""
        key = hashlib.sha1(f"{embedder.name}|1000/200".encode())
        for digest in sorted(_digest(path) for path in sources):
            key.update(f"|{digest}".encode())
        return Path(tempfile.gettempdir()) / f"meetingpack-naive-{key.hexdigest()[:16]}"

    def _build(self, sources: list[Path], workdir: Path):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        client = chromadb.PersistentClient(path=str(workdir), settings=ChromaSettings(anonymized_telemetry=False))
        coll = client.get_or_create_collection("naive", embedding_function=None,
                                               metadata={"hnsw:space": "cosine"})
        done = workdir / "COMPLETE"
        if done.exists() and coll.count():
            return coll
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts: list[str] = []
        for path in sources:
            texts += splitter.split_text(_extract_text(path))
        vectors = self.embedder.embed_documents(texts)
        for i in range(0, len(texts), 2000):
            coll.upsert(ids=[str(j) for j in range(i, min(i + 2000, len(texts)))],
                        documents=texts[i:i + 2000], embeddings=vectors[i:i + 2000])
        done.write_text(f"{len(texts)} chunks\n")
        return coll

    def run(self, row: dict, conversation: str | None = None) -> Outcome:
        start = time.perf_counter()
        question = f"{conversation} {row['q']}" if conversation else row["q"]
        res = self.collection.query(query_embeddings=[self.embedder.embed_query(question)], n_results=4)
        docs = res["documents"][0]
        seconds = time.perf_counter() - start
        answer = docs[0] if docs else ""
        return Outcome(row, answer, not docs, docs[:1], docs[:5], seconds, row["q"])


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _extract_text(path: Path) -> str:
    """Plain text the way the tutorial does it: pypdf for PDFs, the file itself otherwise."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return path.read_text(errors="replace")
