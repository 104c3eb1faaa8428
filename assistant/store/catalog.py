"""SQLite side of the store: catalog (documents, items, pages, decisions), chunk table, FTS5.

One file, ``settings.store/catalog.sqlite``. The chunk table holds every Chunk field
(the full record as JSON plus the filter columns used by ``Filters.to_sql``), so the
keyword index and ``store.chunks(ids)`` need nothing from Chroma. Writes for one
document happen inside a single transaction that the caller commits or rolls back.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from dataclasses import asdict, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from assistant.store import meetings as meetings_index
from assistant.store.schema import _TOKENIZE, SCHEMA
from assistant.store.vector_rows import VectorRows, rows_for_ids
from assistant.store.filters import Filters, date_num
from assistant.store.keyword import KeywordSearch
from ingest.models import Chunk, Decision, DocType, Document, Item
from ingest.refs import find_refs, ref_tokens

_ITEM_FIELDS = [f.name for f in fields(Item)]
_DECISION_FIELDS = [f.name for f in fields(Decision)]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chunk_row(chunk: Chunk, seq: int) -> dict[str, Any]:
    return {
        "chunk_id": chunk.chunk_id,
        "document_id": chunk.document_id,
        "seq": seq,
        "file": chunk.file,
        "item_id": chunk.item_id,
        "item_number": chunk.item_number,
        "doc_type": str(chunk.doc_type),
        "body": chunk.body,
        "date_num": date_num(chunk.meeting_date) or 0,
        "public": int(bool(chunk.public)),
        "page": chunk.page,
        "data": json.dumps(asdict(chunk), ensure_ascii=False),
    }


def chunk_from_json(data: str) -> Chunk:
    raw = json.loads(data)
    raw["doc_type"] = _doc_type(raw.get("doc_type"))
    return Chunk(**raw)


def _doc_type(value: str | None) -> DocType:
    try:
        return DocType(value or "other")
    except ValueError:
        return DocType.OTHER


class Catalog(KeywordSearch, VectorRows):
    """Thread-safe wrapper over one SQLite connection (FastAPI runs sync routes in threads)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=OFF")
        self.conn.executescript(SCHEMA)
        meetings_index.create(self.conn)
        # chunks_fts's tokenizer alone, in memory: the terms a word or a chunk text becomes
        self._tok = sqlite3.connect(":memory:", check_same_thread=False)
        self._tok.execute(f"CREATE VIRTUAL TABLE tok USING fts5(w, tokenize = {_TOKENIZE})")
        self._tok.execute("CREATE VIRTUAL TABLE tok_terms USING fts5vocab(tok, 'instance')")
        self._tok.execute("CREATE VIRTUAL TABLE tok_rows USING fts5vocab(tok, 'row')")
        self._count: int | None = None
        self._seen_version: int | None = None
        self._migrate()

    def _migrate(self) -> None:
        """Fill ``chunk_meta`` and ``term_df`` for a store written before they existed."""
        c = self.conn
        n_meta = c.execute("SELECT count(*) FROM chunk_meta").fetchone()[0]
        n_chunks = c.execute("SELECT count(*) FROM chunks").fetchone()[0]
        has_df = c.execute("SELECT 1 FROM store_meta WHERE key = 'term_df'").fetchone() is not None
        if n_meta == n_chunks and has_df:
            return
        with self.lock:
            c.execute("BEGIN IMMEDIATE")
            try:
                if n_meta != n_chunks:
                    c.execute("DELETE FROM chunk_meta")
                    c.execute(
                        "INSERT INTO chunk_meta (rowid, chunk_id, document_id, item_number, doc_type, body, date_num,"
                        " public) SELECT rowid, chunk_id, document_id, item_number, doc_type, body, date_num, public"
                        " FROM chunks"
                    )
                if not has_df:
                    c.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, chunks_fts, 'col')")
                    c.execute("DELETE FROM term_df")
                    c.execute("INSERT INTO term_df (term, df) SELECT term, doc FROM temp.chunks_vocab WHERE col = 'text'")
                    c.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('term_df', '1')")
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def data_version(self) -> int:
        """Changes whenever another connection (another process) commits to the file."""
        with self.lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self.lock:
            self.conn.close()
            self._tok.close()

    # --- lookups -----------------------------------------------------------------

    def find_document(self, doc_id_or_file: str) -> sqlite3.Row | None:
        with self.lock:
            return self.conn.execute(
                "SELECT * FROM documents WHERE document_id = ? OR file = ? ORDER BY document_id = ? DESC",
                (doc_id_or_file, doc_id_or_file, doc_id_or_file),
            ).fetchone()

    def is_unchanged(self, file: str, sha256: str) -> bool:
        with self.lock:
            row = self.conn.execute(
                "SELECT 1 FROM documents WHERE file = ? AND sha256 = ?", (file, sha256)
            ).fetchone()
        return row is not None

    def chunk_ids(self, document_id: str) -> list[str]:
        with self.lock:
            rows = self.conn.execute(
                "SELECT chunk_id FROM chunks WHERE document_id = ? ORDER BY seq", (document_id,)
            ).fetchall()
        return [r[0] for r in rows]

    def count(self) -> int:
        """Chunks stored; cached until a write here or a commit by another connection."""
        with self.lock:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if self._count is None or version != self._seen_version or self.conn.in_transaction:
                n = self.conn.execute("SELECT count(*) FROM chunk_meta").fetchone()[0]
                if self.conn.in_transaction:
                    return n
                self._count, self._seen_version = n, version
            return self._count

    # --- writes (caller holds the transaction) ---------------------------------------

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self._count = None
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self._count = None
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def delete_document(self, document_id: str) -> list[int]:
        """Delete every row of one document; returns the chunk rowids that went."""
        c = self.conn
        rowids = [r[0] for r in c.execute("SELECT rowid FROM chunks WHERE document_id = ?", (document_id,))]
        if rowids:
            texts = [r[0] for r in c.execute(
                "SELECT text FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = ?)",
                (document_id,),
            )]
            c.executemany("UPDATE term_df SET df = df - ? WHERE term = ?",
                          [(n, term) for term, n in self._text_terms(texts)])
            c.execute("DELETE FROM term_df WHERE df <= 0")
        c.execute(
            "DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = ?)",
            (document_id,),
        )
        c.execute(
            "DELETE FROM chunk_refs WHERE chunk_rowid IN (SELECT rowid FROM chunks WHERE document_id = ?)",
            (document_id,),
        )
        c.execute(
            "DELETE FROM chunk_vectors WHERE rowid IN (SELECT rowid FROM chunks WHERE document_id = ?)",
            (document_id,),
        )
        for table in ("chunk_meta", "chunks", "items", "pages", "decisions", "documents"):
            c.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
        meetings_index.delete(c, document_id)
        return rowids

    def insert_document(self, doc: Document, vectors: Any = None) -> list[int]:
        """Insert one document (and its chunk vectors, float32 rows, when given);
        returns the new chunk rowids in chunk order."""
        c = self.conn
        rowids: list[int] = []
        c.execute(
            "INSERT INTO documents (document_id, file, sha256, title, doc_type, body, meeting_date,"
            " pages, chunks, source_path, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.document_id, doc.file, doc.sha256, doc.title, str(doc.doc_type), doc.body,
                doc.meeting_date, len(doc.pages), len(doc.chunks), doc.source_path, _now(),
            ),
        )
        c.executemany(
            "INSERT INTO items (document_id, seq, item_id, number, title, doc_type, first_page, last_page,"
            " body, meeting_date, report_of, author, public, exempt_reason)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    doc.document_id, i, it.item_id, it.number, it.title, str(it.doc_type), it.first_page,
                    it.last_page, it.body, it.meeting_date, it.report_of, it.author, int(bool(it.public)),
                    it.exempt_reason,
                )
                for i, it in enumerate(doc.items)
            ],
        )
        c.executemany(
            "INSERT INTO pages (document_id, number, label, text) VALUES (?,?,?,?)",
            [(doc.document_id, p.number, p.label, p.text) for p in doc.pages],
        )
        for seq, chunk in enumerate(doc.chunks):
            row = chunk_row(chunk, seq)
            cur = c.execute(
                "INSERT INTO chunks (chunk_id, document_id, seq, file, item_id, item_number, doc_type, body,"
                " date_num, public, page, data) VALUES (:chunk_id, :document_id, :seq, :file, :item_id,"
                " :item_number, :doc_type, :body, :date_num, :public, :page, :data)",
                row,
            )
            rowid = cur.lastrowid
            rowids.append(rowid)
            c.execute(
                "INSERT INTO chunk_meta (rowid, chunk_id, document_id, item_number, doc_type, body, date_num, public)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (rowid, row["chunk_id"], row["document_id"], row["item_number"], row["doc_type"], row["body"],
                 row["date_num"], row["public"]),
            )
            if vectors is not None:
                c.execute("INSERT INTO chunk_vectors (rowid, vec) VALUES (?,?)", (rowid, vectors[seq].tobytes()))
            c.execute(
                "INSERT INTO chunks_fts (rowid, text, section, item_title, refs) VALUES (?,?,?,?,?)",
                (rowid, chunk.text, chunk.section or "", chunk.item_title or "", ref_tokens(chunk.refs)),
            )
            if chunk.refs:
                c.executemany(
                    "INSERT INTO chunk_refs (chunk_rowid, key) VALUES (?,?)",
                    [(rowid, k) for k in dict.fromkeys(chunk.refs)],
                )
        c.executemany(
            "INSERT INTO term_df (term, df) VALUES (?,?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            self._text_terms([ch.text for ch in doc.chunks]),
        )
        items_by_number = {it.number: it for it in doc.items if it.number}
        c.executemany(
            "INSERT INTO decisions (document_id, ref, text, file, page, body, date, item, item_title, outcome,"
            " mover, seconder, votes_for, votes_against, abstentions, doc_type, item_number, date_num, public)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    d.document_id or doc.document_id, d.ref, d.text, d.file, d.page, d.body, d.date, d.item,
                    d.item_title, d.outcome, d.mover, d.seconder, d.votes_for, d.votes_against, d.abstentions,
                    str(DocType.MINUTES), d.item, date_num(d.date) or 0,
                    int(items_by_number[d.item].public) if d.item in items_by_number else 1,
                )
                for d in doc.decisions
            ],
        )
        meetings_index.insert(c, doc)
        return rowids

    def mark_pending(self, document_id: str) -> None:
        """Committed at once (outside any transaction): survives a crash mid-write."""
        self.conn.execute("INSERT OR IGNORE INTO pending_writes (document_id) VALUES (?)", (document_id,))

    def clear_pending(self, document_id: str) -> None:
        self.conn.execute("DELETE FROM pending_writes WHERE document_id = ?", (document_id,))

    def is_pending(self, document_id: str) -> bool:
        with self.lock:
            return self.conn.execute("SELECT 1 FROM pending_writes WHERE document_id = ?", (document_id,)).fetchone() is not None

    def documents(self, document_id: str | None = None) -> list[dict]:
        """Catalogue rows with their items: all of them, or the one document asked for."""
        where, args = ("WHERE document_id = ?", (document_id,)) if document_id else ("", ())
        with self.lock:
            docs = self.conn.execute(f"SELECT * FROM documents {where} ORDER BY meeting_date, file", args).fetchall()
            items = self.conn.execute(f"SELECT * FROM items {where} ORDER BY document_id, seq", args).fetchall()
            ndec = dict(self.conn.execute(
                f"SELECT document_id, count(*) FROM decisions {where} GROUP BY document_id", args).fetchall())
        by_doc: dict[str, list[dict]] = {}
        for r in items:
            item = {k: r[k] for k in _ITEM_FIELDS}
            item["public"] = bool(item["public"])
            by_doc.setdefault(r["document_id"], []).append(item)
        return [
            {
                "document_id": d["document_id"],
                "file": d["file"],
                "title": d["title"],
                "doc_type": d["doc_type"],
                "body": d["body"],
                "meeting_date": d["meeting_date"],
                "pages": d["pages"],
                "items": by_doc.get(d["document_id"], []),
                "chunks": d["chunks"],
                "decisions": ndec.get(d["document_id"], 0),
                "sha256": d["sha256"],
                "added_at": d["added_at"],
                "source_path": d["source_path"],
            }
            for d in docs
        ]

    def page(self, document_id: str, number: int) -> dict | None:
        with self.lock:
            row = self.conn.execute(
                "SELECT document_id, number, label, text FROM pages WHERE document_id = ? AND number = ?",
                (document_id, number),
            ).fetchone()
        return dict(row) if row else None

    def chunks(self, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        with self.lock:
            rows = list(rows_for_ids(self.conn, "SELECT chunk_id, data FROM chunks WHERE chunk_id IN ({marks})", ids))
        found = {cid: chunk_from_json(data) for cid, data in rows}
        return [found[i] for i in ids if i in found]

    def decisions(self, filters: Filters | None = None, q: str | None = None, limit: int = 500) -> list[Decision]:
        where, params = (filters or Filters()).to_sql("d")
        sql = f"SELECT * FROM decisions d WHERE {where}"
        if q:
            keys = find_refs(q, query=True)
            # "%" and "_" in the query are literal characters, not wildcards
            like = "%" + re.sub(r"([\\%_])", r"\\\1", q.strip()) + "%"
            clause = ("(d.text LIKE ? ESCAPE '\\' OR d.ref LIKE ? ESCAPE '\\'"
                      " OR d.item_title LIKE ? ESCAPE '\\'")
            args: list[Any] = [like, like, like]
            if keys:
                forms = list(dict.fromkeys([*keys, *(k.split(":", 1)[-1] for k in keys)]))
                clause += f" OR d.ref IN ({','.join('?' * len(forms))})"
                args += forms
            sql += f" AND {clause})"
            params = [*params, *args]
        sql += " ORDER BY d.date_num DESC, d.document_id, d.rowid LIMIT ?"
        with self.lock:
            rows = self.conn.execute(sql, [*params, limit]).fetchall()
        return [Decision(**{f: r[f] for f in _DECISION_FIELDS}) for r in rows]

    def meetings(self, meeting_id: str | None = None) -> list[dict]:
        """Merged meeting records (all, or the one asked for)."""
        with self.lock:
            return meetings_index.read(self.conn, meeting_id)
