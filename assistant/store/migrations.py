"""Bring a catalogue written by an earlier version up to this schema, on open (idempotent).

Each step looks for what it adds and does nothing when it is there, so opening a current
store costs a few catalogue lookups. A step that rebuilds a table runs in one transaction:
a crash during it leaves the store as it was, and the next open tries again.
"""

from __future__ import annotations

import logging
import sqlite3

from assistant.store.filters import FILTER_COLS, facet_tokens
from assistant.store.schema import CHUNKS_FTS, DROPPED, MIGRATIONS

log = logging.getLogger(__name__)


def migrate(catalog) -> None:
    """Every step, in the order the schema grew."""
    c = catalog.conn
    for table, column, ddl in MIGRATIONS:
        if column not in _columns(c, table):
            c.execute(ddl)
    for table in DROPPED:  # the SQLite copy of the vectors: Chroma holds the only one
        c.execute(f"DROP TABLE IF EXISTS {table}")
    if _count(c, "chunk_meta") != _count(c, "chunks"):
        with catalog.transaction():
            c.execute("DELETE FROM chunk_meta")
            c.execute("INSERT INTO chunk_meta (rowid, chunk_id, document_id, item_number, doc_type, body, date_num,"
                      " public) SELECT rowid, chunk_id, document_id, item_number, doc_type, body, date_num, public"
                      " FROM chunks")
    if _count(c, "chunk_filter") != _count(c, "chunk_meta"):
        with catalog.transaction():  # a store from before chunk_filter (see schema.py)
            c.execute("DELETE FROM chunk_filter")
            c.execute(f"INSERT INTO chunk_filter (rowid, {FILTER_COLS}) SELECT rowid, {FILTER_COLS} FROM chunk_meta")
    if "facets" not in _columns(c, "chunks_fts"):
        add_facets(catalog)


def add_facets(catalog) -> None:
    """A store from before the ``facets`` column: FTS5 cannot add a column, so the index is
    copied into a new table with each row's facet words (from ``chunk_filter``), in one
    transaction (a crash leaves the old table), and renamed into place. The old table's pages
    are then given back (``VACUUM``): left free in the middle of the file, they scattered the
    new index, and an unfiltered keyword search at 100k chunks ran ~15% slower (45 -> 52 ms)."""
    c = catalog.conn
    c.create_function("mp_facets", 3, facet_tokens, deterministic=True)
    with catalog.transaction():
        c.execute("DROP TABLE IF EXISTS chunks_fts_new")
        c.execute(CHUNKS_FTS.replace("IF NOT EXISTS chunks_fts", "chunks_fts_new"))
        c.execute("INSERT INTO chunks_fts_new (rowid, text, section, item_title, refs, facets)"
                  " SELECT s.rowid, s.text, s.section, s.item_title, s.refs, mp_facets(f.body, f.date_num, f.doc_type)"
                  " FROM chunks_fts s JOIN chunk_filter f ON f.rowid = s.rowid")
        c.execute("DROP TABLE chunks_fts")
        c.execute("ALTER TABLE chunks_fts_new RENAME TO chunks_fts")
    try:
        with catalog.lock:
            c.execute("VACUUM")
    except sqlite3.OperationalError as exc:  # another process is reading: the store works as it is
        log.warning("catalogue not compacted after adding facet words (%s); VACUUM it when it is idle", exc)


def _columns(conn, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
