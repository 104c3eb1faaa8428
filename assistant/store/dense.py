"""Exact cosine search over the chunks a filter admits (the filtered half of ``Store.dense``).

Chroma applies a metadata ``where`` by intersecting key/value rows before its HNSW search:
~140 ms at 100k chunks for a body + date-range filter, and filtered HNSW still misses some
of the true top k. Here the filter selects rows of the catalog's narrow ``chunk_meta`` table
(the columns ``Filters.to_sql`` names), and the admitted rows are scored exactly with numpy against an in-memory float32 matrix of every
chunk vector (1.5 KB a chunk: ~150 MB at 100k), so the filter is part of the search, never
applied to a top k afterwards.

The admitted rows come from the same snapshot: the filter columns of ``chunk_meta`` are
held beside the matrix (categorical codes, ints), and ``Filters._conditions()`` - the triples
both ``to_sql`` and ``to_chroma`` are built from - becomes a boolean mask with the SQL
semantics (``=`` on text, ``like`` = any-case part of the text, NULL never matches, ``>=``/``<=`` on ``date_num``). A condition
this cannot express falls back to the indexed SQL query on ``chunk_meta``.

The matrix is read lazily from the catalog's ``chunk_vectors`` table, kept in step with this
process's own writes (``apply``) and reloaded when another process commits to the catalog
(SQLite ``PRAGMA data_version``). Arrays are replaced, never changed in place, so a reader
holding a snapshot is never torn. Unfiltered search stays on Chroma's HNSW.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.store.catalog import Catalog
from assistant.store.filters import Filters


_TEXT_COLS = ("document_id", "item_number", "doc_type", "body")
_META_SQL = ", ".join(f"m.{c}" for c in _TEXT_COLS) + ", m.date_num, m.public"


class _Column:
    """A text column as int32 codes (-1 = NULL); equality is a code comparison."""

    def __init__(self, values: Sequence[str | None], vocab: dict[str, int] | None = None):
        self.vocab = dict(vocab or {})
        self.codes = self._encode(values)

    def _encode(self, values) -> np.ndarray:
        out = np.empty(len(values), dtype=np.int32)
        for i, v in enumerate(values):
            if v is None:
                out[i] = -1
            else:
                out[i] = self.vocab.setdefault(v, len(self.vocab))
        return out

    def extended(self, keep: np.ndarray | None, values) -> "_Column":
        col = _Column([], self.vocab)
        base = self.codes if keep is None else self.codes[keep]
        col.codes = np.concatenate([base, col._encode(values)])
        return col

    def taken(self, idx: np.ndarray) -> "_Column":
        col = _Column([], self.vocab)
        col.codes = self.codes[idx]
        return col

    def contains(self, needle) -> np.ndarray | None:
        """Rows whose text holds ``needle`` in any case (the SQL side is LIKE '%needle%')."""
        if not isinstance(needle, str):
            return None
        needle = needle.lower()
        return np.isin(self.codes, [c for v, c in self.vocab.items() if needle in v.lower()])

    def equals(self, value) -> np.ndarray | None:
        if not isinstance(value, str):
            return None
        code = self.vocab.get(value)
        return self.codes == code if code is not None else np.zeros(len(self.codes), dtype=bool)


def _ints(values) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values, NULL mask)."""
    null = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    vals = np.fromiter((0 if v is None else int(v) for v in values), dtype=np.int64, count=len(values))
    return vals, null


@dataclass(frozen=True)
class _Snapshot:
    rowids: np.ndarray  # int64, ascending
    matrix: np.ndarray  # float32 (n, dim), rows as stored
    inv_norm: np.ndarray  # float32 (n,), 1 / |row| (0 for a zero row)
    text: dict  # column name -> _Column
    date_num: tuple  # (int64 values, NULL mask)
    public: tuple  # (int64 values, NULL mask)
    version: int  # catalog data_version when loaded

    def take(self, keep: np.ndarray) -> "_Snapshot":
        return _Snapshot(self.rowids[keep], self.matrix[keep], self.inv_norm[keep],
                         {k: c.taken(keep) for k, c in self.text.items()},
                         (self.date_num[0][keep], self.date_num[1][keep]),
                         (self.public[0][keep], self.public[1][keep]), self.version)

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows the filter admits, with ``Filters.to_sql``'s semantics; None if unsupported."""
        ok = np.ones(len(self.rowids), dtype=bool)
        for field, op, value in filters._conditions():
            if field in self.text and op in ("=", "like"):
                hit = self.text[field].equals(value) if op == "=" else self.text[field].contains(value)
                if hit is None:
                    return None
            elif field in ("date_num", "public"):
                vals, null = getattr(self, field)
                if isinstance(value, bool):
                    value = int(value)
                if not isinstance(value, int):
                    return None
                if op == "=":
                    hit = vals == value
                elif op == ">=":
                    hit = vals >= value
                elif op == "<=":
                    hit = vals <= value
                else:
                    return None
                hit &= ~null
            else:
                return None
            ok &= hit
        return ok


def _inv_norms(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1) if len(matrix) else np.zeros(0, np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-30), 0.0)
    return inv.astype(np.float32)


def _build(rowids, matrix, meta_rows, version) -> _Snapshot:
    cols = list(zip(*meta_rows)) if meta_rows else [[] for _ in range(len(_TEXT_COLS) + 2)]
    text = {name: _Column(list(cols[i])) for i, name in enumerate(_TEXT_COLS)}
    return _Snapshot(rowids, matrix, _inv_norms(matrix), text, _ints(cols[-2]), _ints(cols[-1]), version)


class FilteredDense:
    def __init__(self, catalog: Catalog, fetch_missing: Callable[[list[str]], dict[str, Sequence[float]]]):
        """``fetch_missing(chunk_ids)`` returns vectors the catalog lacks (Chroma, for stores
        written before ``chunk_vectors`` existed); they are backfilled on first load."""
        self.catalog = catalog
        self.fetch_missing = fetch_missing
        self._snap: _Snapshot | None = None

    # --- cache upkeep (callers hold catalog.lock) -------------------------------------

    def apply(self, removed: Sequence[int], added: Sequence[int], vectors: np.ndarray | None) -> None:
        """Bring a loaded snapshot in step with a write this process just committed."""
        snap = self._snap
        if snap is None:
            return
        if len(removed):
            snap = snap.take(~np.isin(snap.rowids, np.asarray(removed, dtype=np.int64)))
        if len(added):
            if vectors is None or len(vectors) != len(added):
                self._snap = None
                return
            marks = ",".join("?" * len(added))
            meta = {r[0]: r[1:] for r in self.catalog.conn.execute(
                f"SELECT m.rowid, {_META_SQL} FROM chunk_meta m WHERE m.rowid IN ({marks})", list(added))}
            if len(meta) != len(added):
                self._snap = None
                return
            new = np.asarray(vectors, dtype=np.float32)
            rows = [meta[r] for r in added]
            cols = list(zip(*rows))
            rowids = np.concatenate([snap.rowids, np.asarray(added, dtype=np.int64)])
            matrix = np.concatenate([snap.matrix, new]) if len(snap.matrix) else new.copy()
            dn, pb = _ints(cols[-2]), _ints(cols[-1])
            snap = _Snapshot(
                rowids, matrix, np.concatenate([snap.inv_norm, _inv_norms(new)]),
                {name: snap.text[name].extended(None, list(cols[i])) for i, name in enumerate(_TEXT_COLS)},
                (np.concatenate([snap.date_num[0], dn[0]]), np.concatenate([snap.date_num[1], dn[1]])),
                (np.concatenate([snap.public[0], pb[0]]), np.concatenate([snap.public[1], pb[1]])),
                snap.version,
            )
            if len(rowids) > 1 and not np.all(rowids[1:] > rowids[:-1]):
                snap = snap.take(np.argsort(rowids, kind="stable"))
        self._snap = snap

    def _load(self) -> _Snapshot:
        cat = self.catalog
        missing = cat.rowids_without_vectors()
        if missing:
            got = self.fetch_missing([cid for _, cid in missing])
            pairs = [(r, got[cid]) for r, cid in missing if got.get(cid) is not None]
            if pairs:
                cat.put_vectors([r for r, _ in pairs], [np.asarray(v, dtype=np.float32) for _, v in pairs])
        with cat.lock:
            version = cat.conn.execute("PRAGMA data_version").fetchone()[0]
            n = cat.conn.execute("SELECT count(*) FROM chunk_vectors").fetchone()[0]
            rowids = np.empty(n, dtype=np.int64)
            matrix: np.ndarray | None = None
            meta = []
            i = 0
            for row in cat.conn.execute(
                f"SELECT v.rowid, v.vec, {_META_SQL} FROM chunk_vectors v JOIN chunk_meta m ON m.rowid = v.rowid"
                " ORDER BY v.rowid"
            ):
                vec = np.frombuffer(row[1], dtype=np.float32)
                if matrix is None:
                    matrix = np.empty((n, len(vec)), dtype=np.float32)
                if i >= n:
                    break
                rowids[i] = row[0]
                matrix[i] = vec
                meta.append(tuple(row[2:]))
                i += 1
        if matrix is None:
            matrix = np.zeros((0, 0), dtype=np.float32)
        return _build(rowids[:i], matrix[:i], meta, version)

    def snapshot(self) -> _Snapshot:
        """The current snapshot (caller holds catalog.lock)."""
        snap = self._snap
        if snap is None or snap.version != self.catalog.data_version():
            snap = self._snap = self._load()
        return snap

    # --- search -------------------------------------------------------------------

    def admitted(self, snap: _Snapshot, filters: Filters) -> np.ndarray:
        """Positions in ``snap`` of the rows the filter admits."""
        mask = snap.mask(filters)
        if mask is not None:
            return np.flatnonzero(mask)
        allowed = np.asarray(self.catalog.filtered_rowids(filters), dtype=np.int64)
        if not len(allowed) or not len(snap.rowids):
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(snap.rowids, allowed), len(snap.rowids) - 1)
        return pos[snap.rowids[pos] == allowed]  # admitted rows that have a vector

    def search(self, vector: Sequence[float], k: int, filters: Filters) -> list[tuple[int, float]]:
        """(chunk rowid, cosine similarity clipped to 0..1), best first, among admitted rows."""
        with self.catalog.lock:
            snap = self.snapshot()
            pos = self.admitted(snap, filters)
        if k <= 0 or not len(pos):
            return []
        q = np.asarray(vector, dtype=np.float32)
        qn = float(np.linalg.norm(q)) or 1.0
        if len(pos) * 4 > len(snap.rowids):  # wide filter: one matvec over all, then pick
            sims = (snap.matrix @ q)[pos] * snap.inv_norm[pos] / qn
        else:
            sims = (snap.matrix[pos] @ q) * snap.inv_norm[pos] / qn
        take = min(k, len(pos))
        top = np.argpartition(-sims, take - 1)[:take] if take < len(pos) else np.arange(len(pos))
        rows, best = snap.rowids[pos[top]], sims[top]
        order = np.lexsort((rows, -best))  # best first; ties by rowid
        return [(int(rows[j]), max(0.0, min(1.0, float(best[j])))) for j in order]
