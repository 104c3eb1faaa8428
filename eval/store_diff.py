"""Do two stores hold the same thing? The check behind every ingest speed change.

    .venv/bin/python eval/store_diff.py STORE_A STORE_B [--min-cosine 0.9999]

Build STORE_A with one version of the code and STORE_B with another from the same files
(``meetingpack ingest FILES... --store DIR``), then compare: every catalogue table row by
row (documents, items, pages, chunks with their headers and metadata, the keyword index,
references, the register of decisions, meetings), and each chunk's vector by cosine.
Only what must differ between two runs is left out: when a document was added and where
its file came from. Prints one line per table and exits 1 on any difference, so a speed
change that moved what answers are built from cannot pass unseen.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from assistant.store.store import CATALOG_FILE

# table -> the SELECT whose rows must be equal (ordered, so a changed order shows too)
TABLES = {
    "documents": "SELECT document_id, file, sha256, title, doc_type, body, meeting_date, pages, chunks, "
                 "source_path FROM documents ORDER BY document_id",
    "items": "SELECT * FROM items ORDER BY document_id, seq",
    "pages": "SELECT * FROM pages ORDER BY document_id, number",
    "chunks": "SELECT chunk_id, document_id, seq, file, item_id, item_number, doc_type, body, date_num, public, "
              "page, data FROM chunks ORDER BY document_id, seq",
    "chunk_meta": "SELECT chunk_id, document_id, item_number, doc_type, body, date_num, public FROM chunk_meta "
                  "ORDER BY document_id, chunk_id",
    "chunks_fts": "SELECT c.chunk_id, f.text, f.section, f.item_title, f.refs, f.facets FROM chunks_fts f "
                  "JOIN chunks c ON c.rowid = f.rowid ORDER BY c.document_id, c.seq",
    "chunk_refs": "SELECT c.chunk_id, r.key FROM chunk_refs r JOIN chunks c ON c.rowid = r.chunk_rowid "
                  "ORDER BY c.document_id, c.seq, r.key",
    "term_df": "SELECT term, df FROM term_df ORDER BY term",
    "decisions": "SELECT document_id, ref, text, file, page, body, date, item, item_title, outcome, mover, "
                 "seconder, votes_for, votes_against, abstentions, doc_type, item_number, date_num, public "
                 "FROM decisions ORDER BY document_id, rowid",
    "meetings": "SELECT meeting_id, document_id, body, date, date_num, status, data FROM meetings "
                "ORDER BY document_id, meeting_id, data",
}


def rows(store: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{store / CATALOG_FILE}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def first_difference(a: list[tuple], b: list[tuple]) -> str | None:
    """None when equal, else where they part (a row count, or the first unequal row)."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"row {i}: {_short(x)} != {_short(y)}"
    return None if len(a) == len(b) else f"{len(a)} rows != {len(b)} rows"


def _short(row: tuple) -> str:
    text = json.dumps(row, ensure_ascii=False, default=str)
    return text if len(text) <= 300 else text[:300] + "..."


def vectors(store: Path) -> dict[str, list[float]]:
    """Every chunk vector in the store's Chroma collection, by chunk id."""
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(store / "chroma"), settings=Settings(anonymized_telemetry=False))
    coll = client.get_collection("chunks")
    got = coll.get(include=["embeddings"], limit=coll.count())
    return dict(zip(got["ids"], got["embeddings"]))


def min_cosine(a: dict, b: dict) -> tuple[float, str | None]:
    """The lowest cosine between a chunk's two vectors, and the chunk it is for."""
    import numpy as np

    worst, where = 1.0, None
    for cid in sorted(set(a) & set(b)):
        u, v = np.asarray(a[cid], dtype=np.float64), np.asarray(b[cid], dtype=np.float64)
        cos = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        if cos < worst:
            worst, where = cos, cid
    return worst, where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--min-cosine", type=float, default=0.9999,
                    help="lowest cosine allowed between a chunk's two vectors (bf16 vs fp32 is ~0.99997)")
    args = ap.parse_args(argv)
    failed = False
    for table, sql in TABLES.items():
        a, b = rows(args.a, sql), rows(args.b, sql)
        diff = first_difference(a, b)
        failed |= diff is not None
        print(f"{table:11s} {len(a):6d} rows  " + ("same" if diff is None else f"DIFFERENT: {diff}"))
    va, vb = vectors(args.a), vectors(args.b)
    worst, where = min_cosine(va, vb)
    bad = set(va) != set(vb) or worst < args.min_cosine
    failed |= bad
    print(f"{'vectors':11s} {len(va):6d} ids   " + (f"ids differ ({len(set(va) ^ set(vb))})" if set(va) != set(vb)
          else f"min cosine {worst:.7f}" + (f" at {where}: BELOW {args.min_cosine}" if bad else "")))
    print("SAME" if not failed else "DIFFERENT")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
