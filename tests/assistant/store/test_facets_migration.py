"""A store written before ``chunks_fts`` had its ``facets`` column is brought up to it on open,
and its filtered searches then give what they gave before."""

from __future__ import annotations

import shutil
import sqlite3

from assistant.settings import get_settings
from assistant.store import Store
from assistant.store.filters import Filters

OLD_FTS = """CREATE VIRTUAL TABLE chunks_fts USING fts5(text, section, item_title, refs,
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'")"""
QUERIES = ["police and crime panel budget precept", "revenue outturn underspend", "knife crime"]
FILTERS = [Filters(body="panel"), Filters(date_from="2021-01-01", date_to="2021-12-31"), Filters(doc_type="minutes")]


def _searches(root) -> list:
    store = Store(get_settings("test", store=root))
    try:
        cols = [r[1] for r in store.catalog.conn.execute("PRAGMA table_info(chunks_fts)")]
        return cols, [store.keyword(q, 10, f) for q in QUERIES for f in FILTERS]
    finally:
        store.close()


def test_old_keyword_index_gains_facets_on_open(corpus_store_dir, tmp_path):
    root = tmp_path / "store"
    shutil.copytree(corpus_store_dir, root)
    _, before = _searches(root)
    conn = sqlite3.connect(root / "catalog.sqlite")
    with conn:  # the index as an earlier version wrote it
        conn.execute("ALTER TABLE chunks_fts RENAME TO chunks_fts_new")
        conn.execute(OLD_FTS)
        conn.execute("INSERT INTO chunks_fts (rowid, text, section, item_title, refs)"
                     " SELECT rowid, text, section, item_title, refs FROM chunks_fts_new")
        conn.execute("DROP TABLE chunks_fts_new")
    conn.close()
    cols, after = _searches(root)
    assert cols == ["text", "section", "item_title", "refs", "facets"]
    conn = sqlite3.connect(root / "catalog.sqlite")
    assert conn.execute("SELECT count(*) FROM chunks_fts WHERE facets = ''").fetchone()[0] == 0
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0  # the old index's pages given back
    conn.close()
    assert [[c for c, _ in hits] for hits in after] == [[c for c, _ in hits] for hits in before]
    assert any(after)
