"""Shared by the crash, identity and Chroma-server tests: a CLI ingest in a subprocess,
text files with many chunks, and a consistency check that reads Chroma raw."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def cli(store: Path, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``meetingpack <args> --store STORE --preset test`` in a fresh process (fake embedder)."""
    full = {**os.environ, **OFFLINE}
    full.pop("MEETINGPACK_CRASH_AT", None)
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "api.cli", *args, "--store", str(store), "--preset", "test"],
                          cwd=ROOT, env=full, capture_output=True, text=True, timeout=timeout)


def paper(topic: str, version: str, sections: int = 8) -> str:
    """A Markdown paper that parses into several chunks, each naming ``topic`` and ``version``."""
    parts = [f"# Report on {topic}\n"]
    for i in range(1, sections + 1):
        words = " ".join(f"{topic}{version}word{j}" for j in range(60))
        parts.append(f"## {i}. Section {i} about {topic}\n\nVersion {version} paragraph {i}: {words}.\n")
    return "\n".join(parts)


def raw_state(store_dir: Path) -> dict:
    """Catalogue and Chroma as they are on disk, read without ``Store`` (which would repair)."""
    import sqlite3

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    con = sqlite3.connect(str(store_dir / "catalog.sqlite"))
    held = {r[0] for r in con.execute("SELECT chunk_id FROM chunks")}
    docs = {r[0]: r[1] for r in con.execute("SELECT document_id, file FROM documents")}
    journal = con.execute("SELECT count(*) FROM vector_journal").fetchone()[0]
    con.close()
    client = chromadb.PersistentClient(path=str(store_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    in_chroma = set(client.get_or_create_collection("chunks", embedding_function=None).get(include=[])["ids"])
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(client._identifier, None)  # next look reads the disk again
    originals = {p.name.rsplit(".", 1)[0] for p in (store_dir / "originals").glob("*")} if (store_dir / "originals").is_dir() else set()
    return {"held": held, "in_chroma": in_chroma, "docs": docs, "journal": journal, "originals": originals}


def assert_consistent(state: dict) -> None:
    assert state["in_chroma"] == state["held"], (
        f"orphan vectors {sorted(state['in_chroma'] - state['held'])[:3]}, "
        f"missing vectors {sorted(state['held'] - state['in_chroma'])[:3]}")
    assert state["journal"] == 0
    assert state["originals"] == set(state["docs"])
