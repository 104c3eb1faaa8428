"""``Store``: the catalogue, the vector index and the cache behind one write path and one read API.

Writing one document is all or nothing, in this order:

1. journal the new chunk ids as ``writing`` (committed at once);
2. add the new vectors to Chroma under those ids (a new version always has new ids);
3. one catalogue transaction: old rows out, new rows in, the journal note swapped for a
   ``deleting`` note of the old ids, the generation bumped;
4. delete the old vectors, then the note.

A kill anywhere leaves either the old version (before 3 commits) or the new one (after),
plus journal notes naming the only vectors that can be stale; ``repair`` (run on open by
whoever can take the writer lock) deletes them, and a count check catches anything else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.embeddings import Embedder, make_embedder
from assistant.settings import Settings
from assistant.abbreviations import Abbreviations
from assistant.store import derived, embedder_record, originals, repair, visibility
from assistant.store.embedder_record import vector_identity
from assistant.store.catalog import Catalog
from assistant.store.dense import VectorCache
from assistant.store.faults import checkpoint
from assistant.store.filters import Filters
from assistant.store.lock import Holding, StoreLocked, WriterLock
from assistant.store.vectors import VectorIndex, chroma_metadata
from ingest.chunker import index_text
from ingest.models import Chunk, Decision, Document

AddStatus = Literal["added", "unchanged", "replaced", "duplicate"]
# the generation this process last wrote, per store folder: a change it made itself needs
# no Chroma reopen (every Store on one folder in one process shares one Chroma system)
_WRITTEN_HERE: dict[str, int] = {}


CATALOG_FILE = "catalog.sqlite"  # a store folder's catalogue; its presence means something was stored


def written(root: str | Path) -> bool:
    """Has anything been stored in ``root``? (Opening a ``Store`` there would create one.)"""
    return (Path(root) / CATALOG_FILE).exists()


class StoreError(Exception):
    """A write that was refused or rolled back; nothing stored changed."""


@dataclass
class Verdict:
    """What storing a file with these bytes from this source would do (before any parsing)."""

    status: Literal["new", "unchanged", "duplicate", "replace"]
    document: dict[str, Any] | None = None  # the stored document it matches


class Store:
    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedding, settings.model_cache())
        self.root = Path(settings.store)
        self.root.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.root / CATALOG_FILE)
        self.embedder_id = vector_identity(self.embedder.identity(), settings.embedding)
        try:
            self._check_embedder()
        except embedder_record.EmbedderMismatch:
            self.catalog.close()
            raise
        self.index = VectorIndex(settings.index, self.root / "chroma", checkpoint)
        self.cache = VectorCache(self.catalog, self.index, settings.embedding.dim, sync=self._see)
        self.writer = WriterLock(self.root, settings.index.lock_timeout_s)
        self._seen = self.catalog.generation()  # generation our Chroma view reflects
        self._sync_lock = threading.Lock()
        self.repaired: dict[str, int] = {}
        if self._needs_repair() and self.writer.try_acquire():
            try:
                self.repaired = self.repair()
            finally:
                self.writer.release()

    def close(self) -> None:
        self.catalog.close()

    def _check_embedder(self) -> None:
        """Refuse a store another embedder built (queries would rank against vectors of
        another space): at open, and again under the writer lock before a write embeds
        (another process may have claimed an empty store since we opened it)."""
        with self.catalog.lock:
            embedder_record.check(self.catalog.conn, str(self.root), self.embedder_id)

    # --- generations ------------------------------------------------------------------

    def generation(self) -> int:
        """The catalogue generation, with this process's Chroma view brought up to it."""
        gen = self.catalog.generation()
        self._see(gen)
        return gen

    def _see(self, gen: int) -> None:
        """Make the Chroma view cover ``gen``: a client opened after ``gen`` was committed holds
        every vector it names (vectors go in before the commit). Only forward: a thread holding
        an older generation never reopens over a newer view (generations only grow)."""
        if gen > self._seen:
            with self._sync_lock:
                if gen > self._seen:
                    if _WRITTEN_HERE.get(str(self.root)) != gen:
                        self.index.reopen()  # another process wrote: embedded Chroma is stale
                    self._seen = gen

    def _committed(self, gen: int) -> None:
        _WRITTEN_HERE[str(self.root)] = gen
        self._seen = gen

    def writing(self, wait_s: float | None = None, on_wait: Callable[[], None] | None = None) -> Holding:
        """``with store.writing():`` - hold the one-writer lock (an ingest batch holds it throughout),
        waiting up to ``wait_s`` (default ``index.lock_timeout_s``); ``on_wait`` hears that it must wait."""
        return Holding(self.writer, wait_s, on_wait, entered=self.generation)  # then Chroma sees other writes

    # --- writes ----------------------------------------------------------------------

    def embed(self, doc: Document) -> list[list[float]]:
        """Vectors for every chunk of ``doc``, in chunk order (one pass, each chunk once)."""
        return self.embed_chunks(doc.chunks)

    def embed_chunks(self, chunks: Sequence[Chunk]) -> list[list[float]]:
        """Each chunk's vector from its contextual header and its text (one rule for every path):
        the two pooled (``embedding.header = "pooled"``, ``Embedder.embed_headed``) or as one text."""
        if self.settings.embedding.header == "joined":
            return self.embedder.embed_chunks([index_text(c) for c in chunks])
        return self.embedder.embed_headed([(getattr(c, "context", None) or "", c.text) for c in chunks])

    def check(self, source: str, sha256: str, file: str | None = None) -> Verdict:
        """Unchanged (these bytes from this source), duplicate (these bytes from elsewhere),
        replace (new bytes from a source already stored) or new."""
        same = self.catalog.by_sha(sha256)
        if same is not None:
            if same["source"] in (source, None):
                return Verdict("unchanged", dict(same))
            return Verdict("duplicate", dict(same))
        old = self.catalog.by_source(source, file)
        return Verdict("replace", dict(old)) if old is not None else Verdict("new")

    def add(self, doc: Document, vectors: Sequence[Sequence[float]] | None = None, *,
            source: str | Path | None = None, key: str | None = None, remark: str | None = None) -> AddStatus:
        """Store ``doc``. ``source`` is where its file came from (a path: the store keeps a copy);
        without one, the file name stands in. ``key`` names the source instead of that path when
        the path is a temporary copy (an upload's spool file: ``upload:NAME``), so the next
        version from the same place is a replace. See ``check`` for the outcomes. ``remark``:
        the id of the stored document with these very bytes, re-read with new exempt/public
        marks; it is replaced (all or nothing, as a new version is) instead of skipped."""
        original = Path(source) if isinstance(source, Path) else None
        key = key or str(source.resolve() if original else source or doc.file)
        with self.writing():
            self._check_embedder()
            verdict = self.check(key, doc.sha256, doc.file)
            same = verdict.document["document_id"] if verdict.document else None
            if verdict.status in ("unchanged", "duplicate") and (remark is None or same != remark):
                return verdict.status
            old_id = same
            ids = self._new_ids(doc, old_id, revise=remark is not None and old_id == remark)
            if vectors is None:
                vectors = self.embed(doc)
            checkpoint("embed")
            if len(vectors) != len(ids):
                raise StoreError(f"{doc.file}: {len(vectors)} vectors for {len(ids)} chunks")
            if original is not None:
                kept = originals.keep(self.root, original, doc.document_id)
                doc.source_path = str(kept.relative_to(self.root))  # relative: the store folder may move
            self._write(doc, ids, vectors, old_id, key)
        return "replaced" if old_id else "added"

    def _new_ids(self, doc: Document, old_id: str | None, revise: bool = False) -> list[str]:
        """The chunk ids to write ``doc`` under, none of them stored. A re-read of the stored
        bytes with new marks (``revise``) parses to the stored ids: those get a revision."""
        if revise:
            rev = self.catalog.generation() + 1  # the generation this write commits: never used before
            for chunk in doc.chunks:
                chunk.chunk_id = f"{chunk.chunk_id}~{rev}"
        ids = [c.chunk_id for c in doc.chunks]
        if len(set(ids)) != len(ids):
            raise StoreError(f"{doc.file}: duplicate chunk ids")
        if doc.document_id != old_id and self.catalog.has_document(doc.document_id):
            raise StoreError(f"{doc.file}: document id {doc.document_id!r} is already another file's")
        if clash := self.catalog.existing_chunk_ids(ids):
            raise StoreError(f"{doc.file}: chunk id {clash[0]!r} is already stored (a new version needs new ids)")
        return ids

    def _write(self, doc: Document, ids: list[str], vectors, old_id: str | None, source: str) -> None:
        old_ids = self.catalog.chunk_ids(old_id) if old_id else []
        self.catalog.journal(doc.document_id, "writing", ids)
        try:
            self.index.add(ids, vectors, [chroma_metadata(c) for c in doc.chunks])
            with self.catalog.transaction() as conn:
                if old_id:
                    self.catalog.delete_document(conn, old_id)
                    self.catalog.journal(old_id, "deleting", old_ids, conn)
                embedder_record.claim(conn, str(self.root), self.embedder_id)
                self.catalog.insert_document(conn, doc, source)
                self.catalog.journal(doc.document_id, "writing", None, conn)
                gen = self.catalog.bump_generation(conn)
                checkpoint("commit")
        except BaseException as exc:
            self._undo(doc, ids)
            if isinstance(exc, Exception) and not isinstance(exc, (StoreError, embedder_record.EmbedderMismatch)):
                raise StoreError(f"{doc.file}: index write failed ({type(exc).__name__}: {exc})") from exc
            raise
        self._committed(gen)
        if old_id:
            self._drop(old_id, old_ids)

    def _undo(self, doc: Document, ids: list[str]) -> None:
        """After a failed write: its vectors go (best effort; the journal note stays if not)."""
        try:
            self.index.delete(ids)
            self.catalog.journal(doc.document_id, "writing", None)
            if doc.document_id not in self.catalog.document_ids():
                originals.delete(self.root, doc.document_id)
        except Exception:  # noqa: BLE001 - the original error is the one to report
            pass

    def _drop(self, document_id: str, ids: list[str]) -> None:
        """The old vectors of a document the catalogue no longer holds, then its note and file."""
        self.index.delete(ids)
        self.catalog.journal(document_id, "deleting", None)
        if document_id not in self.catalog.document_ids():
            originals.delete(self.root, document_id)

    def remove(self, doc_id_or_file: str, wait_s: float | None = None) -> bool:
        """Delete a document (by id, or by file name when only one has it) from every index;
        ``wait_s`` bounds the wait for another writer (see ``writing``)."""
        with self.writing(wait_s):
            rows = self.catalog.find_documents(doc_id_or_file)
            if not rows:
                return False
            if len(rows) > 1:
                raise StoreError(f"{len(rows)} documents are named {doc_id_or_file!r} "
                                 f"({', '.join(r['document_id'] for r in rows)}): remove one by its id")
            doc_id = rows[0]["document_id"]
            ids = self.catalog.chunk_ids(doc_id)
            with self.catalog.transaction() as conn:
                self.catalog.delete_document(conn, doc_id)
                self.catalog.journal(doc_id, "deleting", ids, conn)
                gen = self.catalog.bump_generation(conn)
            self._committed(gen)
            self._drop(doc_id, ids)
        return True

    # --- repair ----------------------------------------------------------------------

    def _needs_repair(self) -> bool:
        return bool(self.catalog.journal_rows()) or self.index.count() != self.catalog.count()

    def repair(self) -> dict[str, int]:
        """Make Chroma and the kept originals agree with the catalogue (``repair.repair``)."""
        return repair.repair(self)

    # --- reads -----------------------------------------------------------------------

    def documents(self, filters: Filters | None = None) -> list[dict]:
        """Catalogue rows; with ``public_only`` exempt items and all-exempt documents are absent."""
        return [self._located(d) for d in self.catalog.documents(public_only=_public(filters))]

    def document(self, doc_id_or_file: str, filters: Filters | None = None) -> dict | None:
        """One document by id, or by file name when only one document has it."""
        rows = self.catalog.find_documents(doc_id_or_file)
        found = self.catalog.documents(rows[0]["document_id"], _public(filters)) if len(rows) == 1 else []
        return self._located(found[0]) if found else None

    def _located(self, doc: dict) -> dict:
        """The row with ``source_path`` as the kept original's path in this store today
        (rows record it relative to the store, which may have moved); as recorded if gone."""
        path = originals.locate(self.root, doc.get("source_path"))
        return {**doc, "source_path": str(path.resolve())} if path is not None else doc

    def page(self, document_id: str, number: int, filters: Filters | None = None) -> dict | None:
        """Stored text of one page (to show a cited page); None for public if an exempt item covers it."""
        return self.catalog.page(document_id, number, _public(filters))

    def source(self, document_id: str, filters: Filters | None = None) -> Path | None:
        """The stored original file, if it is on disk; for public only when no item is exempt."""
        doc = self.document(document_id, filters)
        if doc is None:
            return None
        if _public(filters):
            with self.catalog.lock:
                if visibility.has_exempt(self.catalog.conn, doc["document_id"]):
                    return None
        path = Path(doc.get("source_path") or "")
        return path if path.is_file() else None

    def count(self) -> int:
        return self.catalog.count()

    def titles(self, filters: Filters | None = None) -> list[tuple[str, str, str, str]]:
        return derived.titles(self.catalog, public_only=bool(filters and filters.public_only))

    def abbreviations(self) -> Abbreviations:
        return derived.abbreviations(self.catalog)

    def dates(self, filters: Filters | None = None) -> frozenset[str]:
        return derived.dates(self.catalog, public_only=bool(filters and filters.public_only))

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return self.catalog.chunks(list(ids))

    def chunk_ids(self, document_id: str) -> list[str]:
        return self.catalog.chunk_ids(document_id)

    def warm(self) -> None:
        """Build the vector cache, and read the keyword filter rows, now, not on the first user's ask."""
        self.catalog.keywords.warm()
        if self.count() and self.settings.index.dense_search == "matrix":
            self.cache.snapshot(self.generation())

    def doc_freq(self, words: Sequence[str]) -> dict[str, int]:
        return self.catalog.keywords.doc_freq(list(words))

    def bodies(self, filters: Filters | None = None) -> list[str]:
        """Every body a stored passage belongs to (read once per catalogue generation); under
        ``public_only``, of public passages only."""
        return self.catalog.bodies(public_only=bool(filters and filters.public_only))

    def vectors(self, ids: Sequence[str]) -> list[list[float] | None]:
        """Stored vectors for ``ids`` in the order asked (None where unknown)."""
        if not ids:
            return []
        gen = self.generation()
        unique = list(dict.fromkeys(ids))
        by_id = self.cache.vectors_for(gen, unique) if self.settings.index.dense_search == "matrix" else {}
        missing = [c for c in unique if c not in by_id]  # read before ``gen``: the synced view holds them
        if missing:
            by_id.update({c: [float(x) for x in v] for c, v in self.index.get(missing).items()})
        return [by_id.get(c) for c in ids]

    def dense(self, vector: Sequence[float], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first, among the chunks ``filters`` admits
        (exact search over the cache, or Chroma's own with ``dense_search = "chroma"``)."""
        if k <= 0:
            return []
        gen = self.generation()
        filters = filters or Filters()
        if self.settings.index.dense_search == "chroma":
            return self.index.query(vector, k, filters.to_chroma({"body": self.catalog.bodies()}))
        return self.cache.search(gen, vector, k, filters)

    def keyword(self, query: str, k: int, filters: Filters | None = None,
                records: bool = False, require: str | None = None) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score - higher is better), best first; FTS5 over text, headings, refs.
        ``records``: decisions-register records only; ``require``: a word each must hold."""
        return self.catalog.keywords.keyword(query, k, filters, records, require)

    def by_refs(self, keys: Sequence[str], k: int, filters: Filters | None = None) -> list[str]:
        return self.catalog.keywords.by_refs(list(keys), k, filters)

    def decisions(self, filters: Filters | None = None, q: str | None = None) -> list[Decision]:
        return self.catalog.decisions(filters, q)

    def meetings(self, filters: Filters | None = None) -> list[dict]:
        return self.catalog.meetings(public_only=_public(filters))

    def meeting(self, meeting_id: str, filters: Filters | None = None) -> dict | None:
        found = self.catalog.meetings(meeting_id, _public(filters))
        return found[0] if found else None



def _public(filters: Filters | None) -> bool:
    return bool(filters and filters.public_only)


EmbedderMismatch = embedder_record.EmbedderMismatch

__all__ = ["AddStatus", "EmbedderMismatch", "Store", "StoreError", "StoreLocked", "Verdict", "chroma_metadata"]
