"""Exact cosine search over the chunks a filter admits: the numpy side of ``Store.dense``.

Chroma applies a metadata ``where`` by intersecting key/value rows before its HNSW search
(~140 ms at 100k chunks for a body + date-range filter), and filtered HNSW still misses some
of the true top k. Here every chunk vector sits in one float32 matrix (1.5 KB a chunk:
~150 MB at 100k) beside its filter columns (categorical codes, ints), and the filter - the
``Filters._conditions()`` triples both ``to_sql`` and ``to_chroma`` are built from - becomes
a boolean mask with the SQL semantics (``=`` on text, NULL never matches, ``>=``/``<=`` on
``date_num``), so the filter is part of the search, never applied to a top k afterwards.
A condition the mask cannot express falls back to the indexed SQL query on ``chunk_meta``.

The matrix is a cache, never the only copy: it is built from the catalogue's ``chunk_meta``
rows and Chroma's vectors, labelled with the catalogue generation it reflects, and brought
up to date when the generation moves (a write here or in another process) by diffing
(rowid, chunk_id) pairs, so only new chunks' vectors are fetched. Snapshots are replaced,
never changed in place, so a reader holding one is never torn.

Why vectors are fetched the way they are (the flaky HTTP 500 under a concurrent ingest):
embedded Chroma's metadata is live across processes, but a client's vectors are a view
fixed at its first read, and a read that meets a record newer than that view raises
("Error finding id"). So vectors are fetched by the ids of catalogue rows, never by
listing Chroma (a listing also holds the vectors another process is adding right now, before
its catalogue commit); and a snapshot is labelled with the generation its rows were read at
(one transaction), their vectors fetched only after ``sync`` has brought this process's
Chroma view up to that generation (rows read a moment after the caller's generation may
hold a newer write).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.store.catalog import Catalog
from assistant.store.filters import Filters
from assistant.store.vectors import VectorIndex


_TEXT_COLS = ("document_id", "item_number", "doc_type", "body")


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
    chunk_ids: list  # chunk id of each row
    matrix: np.ndarray  # float32 (n, dim), rows as stored
    inv_norm: np.ndarray  # float32 (n,), 1 / |row| (0 for a zero row)
    text: dict  # column name -> _Column
    date_num: tuple  # (int64 values, NULL mask)
    public: tuple  # (int64 values, NULL mask)
    generation: int  # catalogue generation it reflects
    position: dict  # chunk id -> row

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


_TRIM_AFTER = 10_000  # vectors fetched in one refresh past which freed heap is handed back


def _release_freed_memory() -> bool:
    """Hand the heap a large cache build freed back to the OS (glibc's ``malloc_trim``).

    Why: building the cache at 100k chunks briefly holds every vector twice (as fetched,
    and in the matrix); glibc keeps the freed pages, so the serving process stayed ~230 MB
    larger for its whole life (measured at 100k with a Chroma server: 551 → 319 MB). Elsewhere
    (no glibc) this does nothing. True when the heap was trimmed."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def _build(meta: list[tuple], vectors: list, generation: int, dim: int) -> _Snapshot:
    """``meta``: chunk_meta rows (rowid, chunk_id, four text columns, date_num, public)."""
    cols = list(zip(*meta)) if meta else [[] for _ in range(8)]
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), dim if not vectors else -1)
    text = {name: _Column(list(cols[2 + i])) for i, name in enumerate(_TEXT_COLS)}
    return _Snapshot(np.asarray(cols[0], dtype=np.int64), list(cols[1]), matrix, _inv_norms(matrix), text,
                     _ints(cols[6]), _ints(cols[7]), generation, {c: i for i, c in enumerate(cols[1])})


class VectorCache:
    """The current snapshot for a generation, refreshed from the catalogue and Chroma."""

    def __init__(self, catalog: Catalog, vectors: VectorIndex, dim: int,
                 sync: Callable[[int], None] = lambda generation: None):
        self.catalog = catalog
        self.vectors = vectors
        self.dim = dim
        self.sync = sync  # makes the Chroma view cover a generation (``Store``: reopen if another process wrote)
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self, generation: int) -> _Snapshot:
        """A snapshot at least as new as ``generation``. Never an older one: a request that read
        the generation before another thread refreshed past it takes the newer rows rather
        than rebuilding the past (which would read today's rows anyway)."""
        snap = self._snap
        if snap is not None and snap.generation >= generation:
            return snap
        with self._lock:
            snap = self._snap
            if snap is None or snap.generation < generation:
                snap = self._snap = self._refresh(snap)
        return snap

    def _refresh(self, old: _Snapshot | None) -> _Snapshot:
        """Rows as the catalogue holds them now, at the generation they were read at; vectors
        kept from ``old`` where the (rowid, chunk_id) pair is unchanged, the rest fetched from
        a Chroma view synced to that generation. A row Chroma lacks (deleted since, or a
        crash repair has not run yet) is left out rather than guessed."""
        generation, meta = self.catalog.chunk_meta()
        self.sync(generation)
        have: dict[tuple[int, str], int] = {}
        if old is not None:
            have = {(int(r), c): i for i, (r, c) in enumerate(zip(old.rowids, old.chunk_ids))}
        wanted = [m[1] for m in meta if (m[0], m[1]) not in have]
        fetched = self.vectors.get(wanted)  # by id, never by listing Chroma (see the module doc)
        rows, vecs = [], []
        for m in meta:
            pos = have.get((m[0], m[1]))
            vec = old.matrix[pos] if pos is not None else fetched.get(m[1])
            if vec is not None:
                rows.append(m)
                vecs.append(vec)
        snap = _build(rows, vecs, generation, self.dim)
        if len(wanted) >= _TRIM_AFTER:
            del fetched, vecs
            _release_freed_memory()
        return snap

    def vectors_for(self, generation: int, ids: Sequence[str]) -> dict[str, list[float]]:
        snap = self.snapshot(generation)
        return {c: snap.matrix[snap.position[c]].tolist() for c in ids if c in snap.position}

    # --- search -------------------------------------------------------------------

    def admitted(self, snap: _Snapshot, filters: Filters) -> np.ndarray:
        """Positions in ``snap`` of the rows the filter admits."""
        if filters.is_empty():
            return np.arange(len(snap.rowids))
        mask = snap.mask(filters)
        if mask is not None:
            return np.flatnonzero(mask)
        allowed = np.asarray(self.catalog.filtered_rowids(filters), dtype=np.int64)
        if not len(allowed) or not len(snap.rowids):
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(snap.rowids, allowed), len(snap.rowids) - 1)
        return pos[snap.rowids[pos] == allowed]  # admitted rows that have a vector

    def search(self, generation: int, vector: Sequence[float], k: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity clipped to 0..1), best first, among admitted rows."""
        snap = self.snapshot(generation)
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
        return [(snap.chunk_ids[int(pos[top[j]])], max(0.0, min(1.0, float(best[j])))) for j in order]
