"""The keyword index inside the catalogue: BM25 over SQLite FTS5, reference keys, word rarity.

``KeywordIndex`` keeps ``term_df`` (chunks per stemmed term) in step with each write through
the catalogue's connection, so ``doc_freq`` is one lookup. Its own in-memory FTS table runs
words through the same tokenizer as ``chunks_fts``.

Ranking queries read through connections of their own (WAL: each sees every committed
write, and never waits for one). Why: a keyword search is the slowest part of a search at
100k chunks (scanning every match), and on the catalogue's connection it would hold the lock
every other read takes (the generation check of the dense lookup, chunk loads), so the dense
lookup could not run beside it (see ``Retriever._lookups``). There are two, so a vote or
decision question's records-only lookup runs beside its main one.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.store.filters import Filters
from assistant.store.schema import _TOKENIZE
from ingest.refs import find_refs, ref_tokens

# bm25 column weights: text, section, item_title, refs, facets (filter words: never ranked by)
_BM25 = "bm25(chunks_fts, 1.0, 0.6, 0.6, 2.0, 0.0)"
_WORDS = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    "a an and are as at be by for from has have in is it of on or that the this to was were "
    "what when where which who why how with did do does about any all".split()
)
COMMON_SHARE = 0.3  # see Catalog.common_words; checked on the gold set with eval/fusion_sweep.py
REGISTER_GLOB = "*:r[0-9][0-9]*"  # a decisions-register record's chunk id (ingest.register)
READERS = 2  # read connections: a vote question's records lookup runs beside its main lookup


def fts_query(text: str, max_terms: int = 32, drop: set[str] | frozenset = frozenset()) -> str:
    """User words → a safe FTS5 query: each token double-quoted, OR-ed, plus reference keys.

    Only ``\\w+`` runs survive, so quotes, parentheses, ``*``, ``:``, ``-``, ``NEAR`` and
    ``AND`` can never become FTS syntax. ``drop`` removes words too common to rank by.
    """
    terms: list[str] = []
    for word in _WORDS.findall(text.lower()):
        if word not in _STOP and word not in terms and word not in drop:
            terms.append(word)
    for tok in ref_tokens(find_refs(text, query=True)).split():
        if tok not in terms:
            terms.append(tok)
    terms = terms[:max_terms]
    return " OR ".join(f'"{t}"' for t in terms)



class KeywordIndex:
    """Ranking queries over ``chunks_fts`` of one ``Catalog`` (its connection and lock)."""

    def __init__(self, catalog):
        self.catalog = catalog
        self.conn, self.lock = catalog.conn, catalog.lock  # writes (count_terms) and the rebuild
        # ranking reads (keyword, by_refs, doc_freq's counts), one connection each at a time
        self._readers: queue.SimpleQueue = queue.SimpleQueue()
        self._all_readers = [
            sqlite3.connect(str(catalog.path), check_same_thread=False, isolation_level=None, timeout=30)
            for _ in range(READERS)
        ]
        for conn in self._all_readers:
            self._readers.put(conn)
        self._tok_lock = threading.Lock()  # the scratch tokenizer table, shared by reads and writes
        self._tok = sqlite3.connect(":memory:", check_same_thread=False)
        self._tok.execute(f"CREATE VIRTUAL TABLE tok USING fts5(w, tokenize = {_TOKENIZE})")
        self._tok.execute("CREATE VIRTUAL TABLE tok_terms USING fts5vocab(tok, 'instance')")
        self._tok.execute("CREATE VIRTUAL TABLE tok_rows USING fts5vocab(tok, 'row')")
        if self.conn.execute("SELECT 1 FROM store_meta WHERE key = 'term_df'").fetchone() is None:
            self._rebuild_term_df()

    def close(self) -> None:
        self._tok.close()
        for conn in self._all_readers:
            conn.close()

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A read connection of the pool, for one lookup (waits while all are busy)."""
        conn = self._readers.get()
        try:
            yield conn
        finally:
            self._readers.put(conn)

    def warm(self) -> None:
        """Read ``chunk_filter`` once through each read connection at start-up: its first
        filtered searches were otherwise measured twice as slow (cold pages). Each is taken
        from the pool, so a lookup already running on one is never shared."""
        held = [self._readers.get() for _ in self._all_readers]
        try:
            for conn in held:
                conn.execute("SELECT count(*), sum(date_num) FROM chunk_filter").fetchone()
        finally:
            for conn in held:
                self._readers.put(conn)

    def _rebuild_term_df(self) -> None:
        """Fill ``term_df`` for a store written before it existed."""
        with self.catalog.transaction() as c:
            c.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, chunks_fts, 'col')")
            c.execute("DELETE FROM term_df")
            c.execute("INSERT INTO term_df (term, df) SELECT term, doc FROM temp.chunks_vocab WHERE col = 'text'")
            c.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('term_df', '1')")

    def count_terms(self, conn: sqlite3.Connection, texts: list[str], sign: int) -> None:
        """Inside a write: add (sign +1) or take away (-1) the terms of chunk texts from ``term_df``."""
        if not texts:
            return
        pairs = self._text_terms(texts)
        if sign > 0:
            conn.executemany("INSERT INTO term_df (term, df) VALUES (?,?) ON CONFLICT(term)"
                             " DO UPDATE SET df = df + excluded.df", pairs)
        else:
            conn.executemany("UPDATE term_df SET df = df - ? WHERE term = ?", [(n, t) for t, n in pairs])
            conn.execute("DELETE FROM term_df WHERE df <= 0")

    def common_words(self, query: str) -> set[str]:
        """Query words held by more than COMMON_SHARE of all chunks: they match most of a
        large archive, cost the most to score and barely move BM25 (low IDF). The two
        rarest words are always kept."""
        words = [w for w in dict.fromkeys(_WORDS.findall(query.lower())) if w not in _STOP]
        if len(words) <= 2:
            return set()
        df, total = self.doc_freq(words), max(self.catalog.count(), 1)
        keep = set(sorted(words, key=lambda w: df.get(w, 0))[:2])
        return {w for w in words if w not in keep and df.get(w, 0) > COMMON_SHARE * total}

    def keyword(self, query: str, k: int, filters: Filters | None, records: bool = False,
                require: str | None = None) -> list[tuple[str, float]]:
        """(chunk_id, -bm25) best first. ``records``: decisions-register records only, whose
        BM25 is comparable with the full lookup's (the same query over the same index).
        ``require``: one word every result must hold (a shape's ``register_word``)."""
        match = fts_query(query, drop=self.common_words(query))
        if not match or k <= 0:
            return []
        if require:
            match = f'({match}) AND {fts_query(require)}'  # quoted as any user word is
        filters = filters or Filters()
        narrowed = not filters.is_empty() and not filters.document_id  # chunk_filter's columns decide
        if narrowed:
            facets = filters.to_fts(self.catalog.bodies())
            match = f"({match}) AND {facets}" if facets else match
        if records and narrowed:
            # the filter first, on chunk_filter's narrow rows; only the matches it admits are
            # looked up in chunk_meta for the record test (a body + date filter admits ~5%)
            where, fparams = filters.to_sql("f")
            sql = (
                f"SELECT m.chunk_id, {_BM25} AS score FROM chunks_fts JOIN chunk_filter f ON f.rowid = chunks_fts.rowid"
                f" JOIN chunk_meta m ON m.rowid = f.rowid"
                f" WHERE chunks_fts MATCH ? AND {where} AND m.chunk_id GLOB ? ORDER BY score LIMIT ?"
            )
            params: list[Any] = [match, *fparams, REGISTER_GLOB, k]
        elif filters.is_empty() and not records:
            # rank inside FTS alone (no join per match), then look up the k winners
            sql = (
                f"SELECT m.chunk_id, s.score FROM (SELECT rowid, {_BM25} AS score FROM chunks_fts"
                " WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?) s JOIN chunk_meta m ON m.rowid = s.rowid"
                " ORDER BY s.score"
            )
            params = [match, k]
        elif narrowed:
            # the filter runs inside the query, on every match, against chunk_filter's narrow
            # rows; only the k winners are looked up in chunk_meta for their ids
            where, fparams = filters.to_sql("f")
            sql = (
                f"SELECT m.chunk_id, s.score FROM (SELECT f.rowid AS rowid, {_BM25} AS score FROM chunks_fts"
                f" JOIN chunk_filter f ON f.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? AND {where}"
                " ORDER BY score LIMIT ?) s JOIN chunk_meta m ON m.rowid = s.rowid ORDER BY s.score"
            )
            params = [match, *fparams, k]
        else:  # a document filter, or records only: chunk_meta holds the document id and the chunk id
            where, fparams = filters.to_sql("m")
            record = " AND m.chunk_id GLOB ?" if records else ""
            sql = (
                f"SELECT m.chunk_id, {_BM25} AS score FROM chunks_fts JOIN chunk_meta m ON m.rowid = chunks_fts.rowid"
                f" WHERE chunks_fts MATCH ? AND {where}{record} ORDER BY score LIMIT ?"
            )
            params = [match, *fparams, *([REGISTER_GLOB] if records else []), k]
        with self._reader() as read:
            rows = read.execute(sql, params).fetchall()
        return [(cid, -float(score)) for cid, score in rows]

    def doc_freq(self, words: list[str]) -> dict[str, int]:
        """How many chunks hold each word (FTS stemming applies): the archive-wide rarity
        the answer composer needs to tell a question about absent things from a hard one.

        The count is ``text:"word"`` MATCH's: rows whose text column holds the word's term.
        Each word goes through the same tokenizer (porter stemming) in a scratch FTS table;
        a one-term word is then read from ``term_df`` (no scan of its matches), anything else
        falls back to counting the MATCH."""
        unique = list(dict.fromkeys(w for w in words if _WORDS.fullmatch(w)))
        if not unique:
            return {}
        out: dict[str, int] = {}
        with self._tok_lock:
            tok = self._tok
            tok.execute("DELETE FROM tok")
            tok.executemany("INSERT INTO tok (rowid, w) VALUES (?,?)", list(enumerate(unique)))
            terms: dict[int, list[str]] = {}
            for doc, term in tok.execute("SELECT doc, term FROM tok_terms ORDER BY doc, offset"):
                terms.setdefault(doc, []).append(term)
            tok.execute("DELETE FROM tok")
        with self._reader() as read:
            single = {word: terms[i][0] for i, word in enumerate(unique) if len(terms.get(i, [])) == 1}
            wanted = list(dict.fromkeys(single.values()))
            df: dict[str, int] = {}
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                for term, n in read.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", part):
                    df[term] = n
            for word in unique:
                if word in single:
                    out[word] = int(df.get(single[word], 0))
                else:  # a word the tokenizer splits (or drops): count the phrase's matches
                    row = read.execute(
                        "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [f'text:"{word}"']
                    ).fetchone()
                    out[word] = int(row[0])
        return out

    def by_refs(self, keys: list[str], k: int, filters: Filters | None) -> list[str]:
        keys = list(dict.fromkeys(keys))
        if not keys or k <= 0:
            return []
        where, params = (filters or Filters()).to_sql("c")
        marks = ",".join("?" * len(keys))
        sql = (
            "SELECT c.chunk_id FROM chunk_refs r JOIN chunks c ON c.rowid = r.chunk_rowid"
            f" WHERE r.key IN ({marks}) AND {where}"
            " GROUP BY c.rowid ORDER BY count(*) DESC, c.date_num DESC, c.document_id, c.seq LIMIT ?"
        )
        with self._reader() as read:
            rows = read.execute(sql, [*keys, *params, k]).fetchall()
        return [r[0] for r in rows]

    def _text_terms(self, texts: list[str]) -> list[tuple[str, int]]:
        """(term, number of the texts holding it) under chunks_fts's tokenizer."""
        with self._tok_lock:
            tok = self._tok
            tok.execute("DELETE FROM tok")
            tok.executemany("INSERT INTO tok (rowid, w) VALUES (?,?)", list(enumerate(texts)))
            out = tok.execute("SELECT term, doc FROM tok_rows").fetchall()
            tok.execute("DELETE FROM tok")
        return out
