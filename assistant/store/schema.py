"""The catalogue's SQLite schema: documents, items, pages, chunks, FTS5 keyword index,
references, decisions, meetings, the narrow metadata table filters run on, and the
vector journal that lets a crashed write be repaired. Vectors themselves live in Chroma."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields

from ingest.models import Decision

# FTS5 tokenizer of chunks_fts (doc_freq runs words through the same one to find their terms)
_TOKENIZE = '"porter unicode61 remove_diacritics 2 tokenchars \'_\'"'

# facets: words naming the chunk's body, year, month and type (filters.facet_tokens), so a
# filtered search is narrowed inside FTS5; BM25 weighs the column 0 (keyword._BM25)
CHUNKS_FTS = f"""CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, section, item_title, refs, facets,
    tokenize = {_TOKENIZE}
)"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT,
    doc_type TEXT,
    body TEXT,
    meeting_date TEXT,
    pages INTEGER,
    chunks INTEGER,
    source_path TEXT,
    added_at TEXT,
    source TEXT  -- where the file came from (its path when ingested): a changed file there is a replace
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE TABLE IF NOT EXISTS items (
    document_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    number TEXT,
    title TEXT,
    doc_type TEXT,
    first_page INTEGER,
    last_page INTEGER,
    body TEXT,
    meeting_date TEXT,
    report_of TEXT,
    author TEXT,
    public INTEGER,
    exempt_reason TEXT,
    PRIMARY KEY (document_id, item_id)
);
CREATE TABLE IF NOT EXISTS pages (
    document_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    label TEXT,
    text TEXT,
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    file TEXT,
    item_id TEXT,
    item_number TEXT,
    doc_type TEXT,
    body TEXT,
    date_num INTEGER,
    public INTEGER,
    page INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(document_id, seq);
-- Narrow copy of the filter columns (no JSON blob): the keyword join and the dense
-- prefilter read these small rows instead of the wide ``chunks`` rows.
CREATE TABLE IF NOT EXISTS chunk_meta (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    item_number TEXT,
    doc_type TEXT,
    body TEXT,
    date_num INTEGER,
    public INTEGER
);
CREATE INDEX IF NOT EXISTS chunk_meta_body ON chunk_meta(body, date_num);
CREATE INDEX IF NOT EXISTS chunk_meta_date ON chunk_meta(date_num);
CREATE INDEX IF NOT EXISTS chunk_meta_type ON chunk_meta(doc_type, date_num);
CREATE INDEX IF NOT EXISTS chunk_meta_item ON chunk_meta(item_number);
CREATE INDEX IF NOT EXISTS chunk_meta_doc ON chunk_meta(document_id);
-- The columns a filtered keyword search tests on every FTS match, without the ids that make
-- chunk_meta's rows ~5x wider: a derived copy of chunk_meta (same rowids), kept in step with it,
-- small enough to stay in cache (at 100k chunks the filtered keyword search ran ~25% faster).
CREATE TABLE IF NOT EXISTS chunk_filter (
    rowid INTEGER PRIMARY KEY,
    item_number TEXT,
    doc_type TEXT,
    body TEXT,
    date_num INTEGER,
    public INTEGER
);
-- Documents whose vectors in Chroma may disagree with the catalogue: 'writing' (vectors added,
-- catalogue commit not yet confirmed) or 'deleting' (catalogue rows gone, vectors not yet).
-- Each row is written before the Chroma call it guards, so a crash leaves a note for repair.
CREATE TABLE IF NOT EXISTS vector_journal (
    document_id TEXT NOT NULL,
    state TEXT NOT NULL,
    ids TEXT NOT NULL,  -- JSON list of the chunk ids concerned
    PRIMARY KEY (document_id, state)
);
-- term (as chunks_fts stores it: porter-stemmed) -> chunks whose text column holds it;
-- kept in step on insert/delete so doc_freq is one lookup, not a scan of each term's matches
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS chunk_refs (
    chunk_rowid INTEGER NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunk_refs_key ON chunk_refs(key);
CREATE INDEX IF NOT EXISTS chunk_refs_row ON chunk_refs(chunk_rowid);
CHUNKS_FTS;
CREATE TABLE IF NOT EXISTS decisions (
    rowid INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    ref TEXT NOT NULL,
    text TEXT NOT NULL,
    file TEXT,
    page INTEGER,
    body TEXT,
    date TEXT,
    item TEXT,
    item_title TEXT,
    outcome TEXT,
    mover TEXT,
    seconder TEXT,
    votes_for INTEGER,
    votes_against INTEGER,
    abstentions INTEGER,
    kind TEXT,  -- resolution | motion | amendment | substantive motion | recommendations
    result TEXT,  -- as printed: "Amendment lost", "Amendment carried" (decided without a division)
    -- the members named per side of a recorded vote, as JSON lists (empty when the names do not tally)
    for_names TEXT,
    against_names TEXT,
    abstain_names TEXT,
    -- filter columns, so Filters.to_sql("d") applies unchanged
    doc_type TEXT,
    item_number TEXT,
    date_num INTEGER,
    public INTEGER
);
CREATE INDEX IF NOT EXISTS decisions_doc ON decisions(document_id);
CREATE INDEX IF NOT EXISTS decisions_ref ON decisions(ref);
-- one row per meeting found in each document, merged on read by meeting_id (body + date)
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    body TEXT,
    date TEXT,
    date_num INTEGER,
    status TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meetings_id ON meetings(meeting_id);
CREATE INDEX IF NOT EXISTS meetings_doc ON meetings(document_id);
""".replace("TOKENIZE", _TOKENIZE).replace("CHUNKS_FTS", CHUNKS_FTS)

# Tables a store written by an earlier version may lack a column of, or hold that is gone.
MIGRATIONS = (
    ("documents", "source", "ALTER TABLE documents ADD COLUMN source TEXT"),
    ("decisions", "kind", "ALTER TABLE decisions ADD COLUMN kind TEXT"),
    ("decisions", "result", "ALTER TABLE decisions ADD COLUMN result TEXT"),
    ("decisions", "for_names", "ALTER TABLE decisions ADD COLUMN for_names TEXT"),
    ("decisions", "against_names", "ALTER TABLE decisions ADD COLUMN against_names TEXT"),
    ("decisions", "abstain_names", "ALTER TABLE decisions ADD COLUMN abstain_names TEXT"),
)
DROPPED = ("chunk_vectors", "pending_writes")


# a Decision's names per side of a recorded vote, stored as JSON lists
_NAMED = ("for_names", "against_names", "abstain_names")
_DECISION_FIELDS = [f.name for f in fields(Decision)]


def named_json(d: Decision) -> tuple[str, ...]:
    """The decision's names lists as the decisions table stores them."""
    return tuple(json.dumps(getattr(d, name) or [], ensure_ascii=False) for name in _NAMED)


def decision_from_row(row: sqlite3.Row) -> Decision:
    """A stored decision, its names lists read back from JSON: a store written before they
    were kept holds none (empty lists until its minutes are ingested again)."""
    keys = row.keys()
    values = {f: row[f] for f in _DECISION_FIELDS if f in keys and f not in _NAMED}
    return Decision(**values, **{f: json.loads(row[f]) if row[f] else [] for f in _NAMED if f in keys})
