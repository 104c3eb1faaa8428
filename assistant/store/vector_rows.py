"""Vector rows of the catalog: float32 embeddings kept beside the chunks, so filtered
dense search can score the admitted rows exactly (see ``assistant.store.dense``).

A mixin of ``Catalog``; it uses its ``conn`` and ``lock``.
"""

from __future__ import annotations

from typing import Any

from assistant.store.filters import Filters


def rows_for_ids(conn, sql: str, ids: list[str]):
    """Run ``sql`` (with a ``{marks}`` placeholder) over ids in batches under SQLite's
    variable limit, yielding its rows."""
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        yield from conn.execute(sql.format(marks=",".join("?" * len(part))), part)


class VectorRows:
    """Reads and writes of ``chunk_vectors`` and ``chunk_meta``."""

    def put_vectors(self, rowids: list[int], vectors: Any) -> None:
        """Backfill stored vectors (float32 rows) for chunks written before ``chunk_vectors``."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.executemany(
                    "INSERT OR REPLACE INTO chunk_vectors (rowid, vec) VALUES (?,?)",
                    [(r, v.tobytes()) for r, v in zip(rowids, vectors)],
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    # --- reads ---------------------------------------------------------------------

    def filtered_rowids(self, filters: Filters) -> list[int]:
        """Chunk rowids the filter admits, ascending (indexed lookup on ``chunk_meta``)."""
        where, params = filters.to_sql("m")
        with self.lock:
            return [r[0] for r in self.conn.execute(f"SELECT rowid FROM chunk_meta m WHERE {where} ORDER BY rowid", params)]

    def chunk_ids_for(self, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        with self.lock:
            rows = self.conn.execute(f"SELECT rowid, chunk_id FROM chunk_meta WHERE rowid IN ({marks})", rowids)
            return {r[0]: r[1] for r in rows}

    def rowids_without_vectors(self) -> list[tuple[int, str]]:
        with self.lock:
            return self.conn.execute(
                "SELECT m.rowid, m.chunk_id FROM chunk_meta m LEFT JOIN chunk_vectors v ON v.rowid = m.rowid"
                " WHERE v.rowid IS NULL ORDER BY m.rowid"
            ).fetchall()

    def vectors_by_chunk_id(self, ids: list[str]) -> dict[str, bytes]:
        sql = ("SELECT c.chunk_id, v.vec FROM chunks c JOIN chunk_vectors v ON v.rowid = c.rowid"
               " WHERE c.chunk_id IN ({marks})")
        with self.lock:
            return dict(rows_for_ids(self.conn, sql, ids))
