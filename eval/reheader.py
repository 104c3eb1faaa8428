"""Copy a store and re-index every chunk with its contextual header, without re-parsing.

    python -m eval.reheader --source /tmp/archive-store-main --to /tmp/answers/archive

Why: parsing the archive's 274 PDFs takes most of an hour on a shared CPU, while the
header only changes what is embedded and keyword-indexed (``ingest.chunker.index_text``).
For measuring before/after on a store built by older code, this recomputes each
chunk's ``context`` from its stored fields and its document's title, re-embeds the chunk
(``Store.embed_chunks``), and rewrites the keyword row, the stored vector and the Chroma vector.
A fresh ``meetingpack ingest`` gives the same result; this is only the fast way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import time
from pathlib import Path

import numpy as np

from assistant.store import embedder_record
from assistant.store.catalog import chunk_from_json
from assistant.store.store import CATALOG_FILE, Store
from assistant.settings import get_settings
from ingest.chunker import context_header, index_text

BATCH = 256


def reheader(source: Path, target: Path, keyword_only: bool = False) -> int:
    """Copy ``source`` to ``target`` and re-index its chunks with headers; with
    ``keyword_only`` the vectors are kept (headers keyword-indexed, not embedded)."""
    if target.exists():
        raise SystemExit(f"{target} exists: give a new directory")
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("READY"))
    conn = sqlite3.connect(target / CATALOG_FILE)
    if not keyword_only:  # the copy's vectors are about to follow this run's recipe: re-record it
        with conn:
            conn.execute("DELETE FROM store_meta WHERE key = ?", (embedder_record.KEY,))
    store = Store(get_settings(store=target))
    titles = dict(conn.execute("SELECT document_id, title FROM documents"))
    rows = conn.execute("SELECT rowid, data FROM chunks ORDER BY rowid").fetchall()
    started, done = time.perf_counter(), 0
    for start in range(0, len(rows), BATCH):
        part = rows[start:start + BATCH]
        chunks = [chunk_from_json(data) for _, data in part]
        for chunk in chunks:
            chunk.context = context_header(titles.get(chunk.document_id), chunk)
        vectors = None if keyword_only else \
            np.asarray(store.embed_chunks(chunks), dtype=np.float32)
        with conn:
            for (rowid, data), chunk in zip(part, chunks):
                raw = json.loads(data)
                raw["context"] = chunk.context
                conn.execute("UPDATE chunks SET data=? WHERE rowid=?", (json.dumps(raw, ensure_ascii=False), rowid))
                conn.execute("UPDATE chunks_fts SET text=? WHERE rowid=?", (index_text(chunk), rowid))
        if vectors is not None:
            store.index.collection.update(ids=[c.chunk_id for c in chunks], embeddings=[v.tolist() for v in vectors])
        done += len(part)
        print(f"{done}/{len(rows)} chunks, {time.perf_counter() - started:.0f} s", flush=True)
    if not keyword_only:  # recorded once every vector follows the recipe (Chroma holds them; the cache is derived)
        with conn:
            conn.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (embedder_record.KEY, store.embedder_id))
    conn.close()
    store.close()
    (target / "READY").write_text("reheadered\n")
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--to", type=Path, required=True)
    ap.add_argument("--keyword-only", action="store_true", help="keep the vectors: headers in the keyword index only")
    args = ap.parse_args()
    reheader(args.source, args.to, args.keyword_only)


if __name__ == "__main__":
    main()
