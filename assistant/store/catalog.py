"""The SQLite catalogue: documents, items, pages, chunks, decisions, meetings, keyword index.

One file, ``settings.store/catalog.sqlite``, in WAL mode so readers in other processes
never wait for a writer. The chunk table holds every Chunk field (the full record as JSON
plus the filter columns ``Filters.to_sql`` names), so keyword search and ``chunks(ids)``
need nothing from Chroma. Every write of one document is one transaction the caller
commits or rolls back, and bumps ``generation``: the number a reader compares to know
another process has written (its vector cache and Chroma view are then stale).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter
from dataclasses import asdict, fields
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Callable
from typing import Any

from assistant.store import meetings as meeting_rows
from assistant.store import visibility
from assistant.store.filters import FILTER_COLS, Filters, date_num, facet_tokens
from assistant.store.keyword import KeywordIndex
from assistant.store.migrations import migrate
from assistant.store.schema import SCHEMA, decision_from_row, named_json
from ingest.chunker import index_text
from ingest.models import Chunk, Decision, DocType, Document, Item
from ingest.refs import find_refs, ref_tokens

_ITEM_FIELDS = [f.name for f in fields(Item)]
_DOC_TABLES = ("chunk_meta", "chunks", "items", "pages", "decisions", "meetings", "documents")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def rows_for_ids(conn: sqlite3.Connection, sql: str, ids: list) -> list:
    """Run ``sql`` (with a ``{marks}`` placeholder) over ids in batches under SQLite's variable limit."""
    out: list = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        out += conn.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
    return out


def chunk_from_json(data: str) -> Chunk:
    raw = json.loads(data)
    try:
        raw["doc_type"] = DocType(raw.get("doc_type") or "other")
    except ValueError:
        raw["doc_type"] = DocType.OTHER
    return Chunk(**raw)


class Catalog:
    """One SQLite connection shared by threads (FastAPI runs sync routes in a pool) under ``lock``."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)
        self._memo: dict[str, tuple[int, Any]] = {}  # name -> (generation, value): see _per_generation
        migrate(self)
        self.keywords = KeywordIndex(self)

    def close(self) -> None:
        with self.lock:
            self.conn.close()
            self.keywords.close()

    # --- transactions and the generation ----------------------------------------------

    class _Txn:
        def __init__(self, cat: "Catalog"):
            self.cat = cat

        def __enter__(self):
            self.cat.lock.acquire()
            self.cat.conn.execute("BEGIN IMMEDIATE")
            return self.cat.conn

        def __exit__(self, kind, exc, tb):
            try:
                self.cat.conn.execute("COMMIT" if kind is None else "ROLLBACK")
            finally:
                self.cat.lock.release()

    def transaction(self) -> "_Txn":
        """``with catalog.transaction() as conn:`` - commit on success, roll back on error."""
        return Catalog._Txn(self)

    def generation(self) -> int:
        """Bumped by every committed write, by any process."""
        with self.lock:
            row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def bump_generation(self, conn: sqlite3.Connection) -> int:
        """Inside a write transaction: the generation this write will be seen as."""
        conn.execute("INSERT INTO store_meta (key, value) VALUES ('generation', '1') ON CONFLICT(key)"
                     " DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        return int(conn.execute("SELECT value FROM store_meta WHERE key = 'generation'").fetchone()[0])

    # --- the vector journal (see schema.py) -------------------------------------------

    def journal(self, document_id: str, state: str, ids: list[str] | None,
                conn: sqlite3.Connection | None = None) -> None:
        """Note the chunk ids of a document whose vectors may disagree with the catalogue
        (``ids=None`` clears the note). Without ``conn`` it commits at once, so it survives a kill."""
        with self.lock:
            c = conn or self.conn
            if ids is None:
                c.execute("DELETE FROM vector_journal WHERE document_id = ? AND state = ?", (document_id, state))
            else:
                c.execute("INSERT OR REPLACE INTO vector_journal (document_id, state, ids) VALUES (?,?,?)",
                          (document_id, state, json.dumps(list(ids))))

    def journal_rows(self) -> list[tuple[str, str, list[str]]]:
        with self.lock:
            rows = self.conn.execute("SELECT document_id, state, ids FROM vector_journal").fetchall()
        return [(r[0], r[1], json.loads(r[2])) for r in rows]

    # --- lookups ---------------------------------------------------------------------

    def find_documents(self, doc_id_or_file: str) -> list[sqlite3.Row]:
        """The document with this id, else every document with this file name."""
        with self.lock:
            rows = self.conn.execute("SELECT * FROM documents WHERE document_id = ?", (doc_id_or_file,)).fetchall()
            return rows or self.conn.execute(
                "SELECT * FROM documents WHERE file = ? ORDER BY document_id", (doc_id_or_file,)).fetchall()

    def by_sha(self, sha256: str) -> sqlite3.Row | None:
        with self.lock:
            return self.conn.execute("SELECT * FROM documents WHERE sha256 = ? ORDER BY added_at LIMIT 1",
                                     (sha256,)).fetchone()

    def by_source(self, source: str, file: str | None = None) -> sqlite3.Row | None:
        """The document from this source (or, written before sources were kept, this file name)."""
        with self.lock:
            return self.conn.execute(
                "SELECT * FROM documents WHERE source = ? OR (source IS NULL AND file = ?) ORDER BY source IS NULL",
                (source, file)).fetchone()

    def by_file(self, file: str) -> list[sqlite3.Row]:
        """Every document with this file name, oldest first (names are not unique: folders)."""
        with self.lock:
            return self.conn.execute("SELECT * FROM documents WHERE file = ? ORDER BY added_at, document_id",
                                     (file,)).fetchall()

    def set_source(self, document_id: str, source: str) -> None:
        """Relabel where a document came from (one statement: nothing a reader caches changes)."""
        with self.lock:
            self.conn.execute("UPDATE documents SET source = ? WHERE document_id = ?", (source, document_id))

    def has_document(self, document_id: str) -> bool:
        with self.lock:
            return self.conn.execute("SELECT 1 FROM documents WHERE document_id = ?", (document_id,)).fetchone() is not None

    def chunk_ids(self, document_id: str | None = None) -> list[str]:
        """One document's chunk ids in order, or (no id) every chunk id stored."""
        with self.lock:
            if document_id is None:
                return [r[0] for r in self.conn.execute("SELECT chunk_id FROM chunk_meta")]
            return [r[0] for r in self.conn.execute(
                "SELECT chunk_id FROM chunks WHERE document_id = ? ORDER BY seq", (document_id,))]

    def existing_chunk_ids(self, ids: list[str]) -> list[str]:
        with self.lock:
            return [r[0] for r in rows_for_ids(self.conn, "SELECT chunk_id FROM chunk_meta WHERE chunk_id IN ({marks})", ids)]

    def _per_generation(self, name: str, read: Callable[[], Any]) -> Any:
        """``read()`` once per generation (and afresh inside a write, which may change it)."""
        with self.lock:
            gen = self.generation()
            held = self._memo.get(name)
            if held is None or held[0] != gen or self.conn.in_transaction:
                held = self._memo[name] = (gen, read())
            return held[1]

    def count(self) -> int:
        """Chunks stored (asked by every answer and keyword search: counted once per generation)."""
        return self._per_generation("count", lambda: self.conn.execute("SELECT count(*) FROM chunk_meta").fetchone()[0])

    def bodies(self, public_only: bool = False) -> list[str]:
        """Every distinct body name a chunk carries (to turn a part-of-name filter into ``$in``
        or facet words, and to recognise a body in a question): read once per generation, as
        the scan took ~5 ms at 100k chunks. ``public_only``: of public chunks only, so a
        body known only from exempt items is not recognised for the public."""
        where = "body IS NOT NULL" + (" AND public = 1" if public_only else "")
        names = self._per_generation(f"bodies:{public_only}", lambda: [
            r[0] for r in self.conn.execute(f"SELECT DISTINCT body FROM chunk_meta WHERE {where}")])
        return list(names)

    def document_ids(self) -> set[str]:
        with self.lock:
            return {r[0] for r in self.conn.execute("SELECT document_id FROM documents")}

    # --- writes (inside the caller's transaction) -------------------------------------

    def delete_document(self, conn: sqlite3.Connection, document_id: str) -> None:
        """Delete every row of one document, its keyword terms included."""
        sub = "SELECT rowid FROM chunks WHERE document_id = ?"
        texts = [r[0] for r in conn.execute(f"SELECT text FROM chunks_fts WHERE rowid IN ({sub})", (document_id,))]
        self.keywords.count_terms(conn, texts, -1)
        conn.execute(f"DELETE FROM chunks_fts WHERE rowid IN ({sub})", (document_id,))
        conn.execute(f"DELETE FROM chunk_refs WHERE chunk_rowid IN ({sub})", (document_id,))
        conn.execute(f"DELETE FROM chunk_filter WHERE rowid IN ({sub})", (document_id,))
        for table in _DOC_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))

    def insert_document(self, conn: sqlite3.Connection, doc: Document, source: str) -> None:
        conn.execute(
            "INSERT INTO documents (document_id, file, sha256, title, doc_type, body, meeting_date,"
            " pages, chunks, source_path, added_at, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.document_id, doc.file, doc.sha256, doc.title, str(doc.doc_type), doc.body,
             doc.meeting_date, len(doc.pages), len(doc.chunks), doc.source_path, _now(), source),
        )
        conn.executemany(
            "INSERT INTO items (document_id, seq, item_id, number, title, doc_type, first_page, last_page,"
            " body, meeting_date, report_of, author, public, exempt_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc.document_id, i, it.item_id, it.number, it.title, str(it.doc_type), it.first_page, it.last_page,
              it.body, it.meeting_date, it.report_of, it.author, int(bool(it.public)), it.exempt_reason)
             for i, it in enumerate(doc.items)],
        )
        conn.executemany("INSERT INTO pages (document_id, number, label, text) VALUES (?,?,?,?)",
                         [(doc.document_id, p.number, p.label, p.text) for p in doc.pages])
        for seq, chunk in enumerate(doc.chunks):
            self._insert_chunk(conn, chunk, seq)
        self.keywords.count_terms(conn, [index_text(ch) for ch in doc.chunks], +1)
        items_by_number = {it.number: it for it in doc.items if it.number}
        conn.executemany(
            "INSERT INTO decisions (document_id, ref, text, file, page, body, date, item, item_title, outcome,"
            " mover, seconder, votes_for, votes_against, abstentions, kind, result, for_names, against_names,"
            " abstain_names, doc_type, item_number, date_num, public)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(d.document_id or doc.document_id, d.ref, d.text, d.file, d.page, d.body, d.date, d.item,
              d.item_title, d.outcome, d.mover, d.seconder, d.votes_for, d.votes_against, d.abstentions,
              d.kind, d.result, *named_json(d),
              str(DocType.MINUTES), d.item, date_num(d.date) or 0,
              int(bool(d.public) and (items_by_number[d.item].public if d.item in items_by_number else True)))
             for d in doc.decisions],
        )
        conn.executemany(
            "INSERT INTO meetings (meeting_id, document_id, body, date, date_num, status, data) VALUES (?,?,?,?,?,?,?)",
            [(m.meeting_id, doc.document_id, m.body, m.date, date_num(m.date) or 0, m.status,
              json.dumps(asdict(m), ensure_ascii=False)) for m in doc.meetings],
        )

    def _insert_chunk(self, conn: sqlite3.Connection, chunk: Chunk, seq: int) -> None:
        meta = (chunk.chunk_id, chunk.document_id, chunk.item_number, str(chunk.doc_type), chunk.body,
                date_num(chunk.meeting_date) or 0, int(bool(chunk.public)))
        rowid = conn.execute(
            "INSERT INTO chunks (chunk_id, document_id, item_number, doc_type, body, date_num, public, seq, file,"
            " item_id, page, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (*meta, seq, chunk.file, chunk.item_id, chunk.page, json.dumps(asdict(chunk), ensure_ascii=False)),
        ).lastrowid
        conn.execute("INSERT INTO chunk_meta (rowid, chunk_id, document_id, item_number, doc_type, body, date_num,"
                     " public) VALUES (?,?,?,?,?,?,?,?)", (rowid, *meta))
        conn.execute(f"INSERT INTO chunk_filter (rowid, {FILTER_COLS}) VALUES (?,?,?,?,?,?)", (rowid, *meta[2:]))
        conn.execute("INSERT INTO chunks_fts (rowid, text, section, item_title, refs, facets) VALUES (?,?,?,?,?,?)",
                     (rowid, index_text(chunk), chunk.section or "", chunk.item_title or "", ref_tokens(chunk.refs),
                      facet_tokens(chunk.body, meta[5], meta[3])))
        conn.executemany("INSERT INTO chunk_refs (chunk_rowid, key) VALUES (?,?)",
                         [(rowid, k) for k in dict.fromkeys(chunk.refs or [])])

    # --- reads -----------------------------------------------------------------------

    def documents(self, document_id: str | None = None, public_only: bool = False) -> list[dict]:
        """Catalogue rows with their items: all of them, or the one document asked for.
        ``public_only``: exempt items left out, and documents with no public item."""
        where, args = ("WHERE document_id = ?", (document_id,)) if document_id else ("", ())
        pub = (" AND " if where else "WHERE ") + "public = 1" if public_only else ""
        hide = (" AND " if where else "WHERE ") + f"document_id NOT IN ({visibility.HIDDEN_DOCS_SQL})" if public_only else ""
        with self.lock:
            docs = self.conn.execute(f"SELECT * FROM documents {where}{hide} ORDER BY meeting_date, file", args).fetchall()
            items = self.conn.execute(f"SELECT * FROM items {where}{pub} ORDER BY document_id, seq", args).fetchall()
            ndec = dict(self.conn.execute(
                f"SELECT document_id, count(*) FROM decisions {where}{pub} GROUP BY document_id", args).fetchall())
        by_doc: dict[str, list[dict]] = {}
        for r in items:
            item = {k: r[k] for k in _ITEM_FIELDS}
            item["public"] = bool(item["public"])
            by_doc.setdefault(r["document_id"], []).append(item)
        keys = ("document_id", "file", "title", "doc_type", "body", "meeting_date", "pages", "chunks", "sha256",
                "added_at", "source_path")
        return [{**{k: d[k] for k in keys}, "items": by_doc.get(d["document_id"], []),
                 "decisions": ndec.get(d["document_id"], 0)} for d in docs]

    def page(self, document_id: str, number: int, public_only: bool = False) -> dict | None:
        with self.lock:
            if public_only and visibility.page_is_exempt(self.conn, document_id, number):
                return None
            row = self.conn.execute(
                "SELECT document_id, number, label, text FROM pages WHERE document_id = ? AND number = ?",
                (document_id, number),
            ).fetchone()
        return dict(row) if row else None

    def chunks(self, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        with self.lock:
            rows = rows_for_ids(self.conn, "SELECT chunk_id, data FROM chunks WHERE chunk_id IN ({marks})", ids)
        found = {cid: chunk_from_json(data) for cid, data in rows}
        return [found[i] for i in ids if i in found]

    def chunk_meta(self) -> tuple[int, list[tuple]]:
        """(generation, rows): every (rowid, chunk_id, document_id, item_number, doc_type, body,
        date_num, public) row by rowid - the columns the vector cache filters on - and the
        generation they are, read in one transaction. Why: the cache must know exactly which
        commit its rows reflect, to fetch their vectors from a Chroma view at least that new
        (rows read a moment after the generation may hold another process's newer write)."""
        sql = "SELECT rowid, chunk_id, document_id, item_number, doc_type, body, date_num, public FROM chunk_meta"
        with self.lock:
            own = not self.conn.in_transaction  # inside a write of this thread: its view already
            if own:
                self.conn.execute("BEGIN")
            try:
                row = self.conn.execute("SELECT value FROM store_meta WHERE key = 'generation'").fetchone()
                rows = [tuple(r) for r in self.conn.execute(sql + " ORDER BY rowid")]
            finally:
                if own:
                    self.conn.execute("COMMIT")
        return (int(row[0]) if row else 0), rows

    def filtered_rowids(self, filters: Filters) -> list[int]:
        """Chunk rowids the filter admits, ascending (indexed lookup on ``chunk_meta``)."""
        where, params = filters.to_sql("m")
        with self.lock:
            return [r[0] for r in self.conn.execute(f"SELECT rowid FROM chunk_meta m WHERE {where} ORDER BY rowid", params)]

    def decisions(self, filters: Filters | None = None, q: str | None = None, limit: int = 500) -> list[Decision]:
        where, params = (filters or Filters()).to_sql("d")
        sql = f"SELECT * FROM decisions d WHERE {where}"
        if q:
            keys = find_refs(q, query=True)
            # "%" and "_" in the query are literal characters, not wildcards
            like = "%" + re.sub(r"([\\%_])", r"\\\1", q.strip()) + "%"
            clause = ("(d.text LIKE ? ESCAPE '\\' OR d.ref LIKE ? ESCAPE '\\'"  # and who moved or seconded it
                      " OR d.item_title LIKE ? ESCAPE '\\' OR d.mover LIKE ? ESCAPE '\\'"
                      " OR d.seconder LIKE ? ESCAPE '\\'")
            args: list[Any] = [like] * 5
            if keys:
                forms = list(dict.fromkeys([*keys, *(k.split(":", 1)[-1] for k in keys)]))
                clause += f" OR d.ref IN ({','.join('?' * len(forms))})"
                args += forms
            sql += f" AND {clause})"
            params = [*params, *args]
        # a paper of the meeting's own date first: its minutes, before a later pack's copy of them
        own = "(SELECT m.meeting_date FROM documents m WHERE m.document_id = d.document_id) = d.date"
        sql += f" ORDER BY d.date DESC, {own} DESC, d.date_num DESC, d.document_id, d.rowid LIMIT ?"
        with self.lock:
            rows = self.conn.execute(sql, [*params, 2 * limit]).fetchall()
        # Decision fields without a column (the minute, its paragraph …) keep their defaults.
        return [decision_from_row(r) for r in meeting_rows.once(rows)][:limit]

    def meetings(self, meeting_id: str | None = None, public_only: bool = False) -> list[dict]:
        """Merged meeting records (all, or the one asked for), newest first.

        ``public_only``: rows from hidden documents or described on an exempt page are not
        read, exempt papers are dropped from agendas, and only public decisions count."""
        # every row, then the one asked for: papers naming a body differently merge on read
        # (``meeting_rows.merge``), so a stored row's id need not be its meeting's
        sql, args = "SELECT data FROM meetings WHERE 1=1", []
        if public_only:
            sql += f" AND document_id NOT IN ({visibility.HIDDEN_DOCS_SQL})"
        counted = " WHERE public = 1" if public_only else ""
        with self.lock:
            records = [json.loads(r[0]) for r in self.conn.execute(sql, args)]
            exempt = visibility.exempt_items(self.conn) if public_only else None
            if public_only:
                records = [r for r in records
                           if not visibility.in_exempt_item(self.conn, r["document_id"], r["page"])]
            # each decision once, though a later pack reprints the minutes: ``meetings.once``, as the register
            rows = self.conn.execute(
                f"SELECT body, date, ref, outcome, text, document_id FROM decisions{counted}").fetchall()
        kept = meeting_rows.once(rows)
        counts = Counter((r["body"], r["date"]) for r in kept)
        by_paper = Counter((r["body"], r["date"], r["document_id"]) for r in kept)
        merged = meeting_rows.merge(records, [(b, d, n) for (b, d), n in counts.items()], exempt, by_paper)
        return [m for m in merged if m["meeting_id"] == meeting_id] if meeting_id else merged
