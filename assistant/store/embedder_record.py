"""One embedder backend per store: the store records which embedder built its vectors.

Why: vectors from different backends (torch MiniLM, its int8 ONNX export, the fake test
embedder) live in different spaces, or near enough to look right while ranking wrong. A
query embedded by one backend against chunks embedded by another returns plausible but
wrong neighbours with no error, and one ingest under another backend would leave a store
of mixed vectors that no query can rank. So the first write records the embedder's
identity (``Embedder.identity()``) in ``store_meta``, and opening the store with another
one is refused, naming both, before anything is read or written.

A store written before the record existed has none; its next write records the backend
that writes it (there is nothing to check it against).

How a chunk's vector is made from its header and text (``embedding.header``) and how many
word pieces it reads (``embedding.max_tokens``) are part of the identity too, but only when
they differ from the recipe older stores were built with (``UNMARKED_RECIPE``), so that stores built before these settings existed keep
their identity: a store of joined vectors topped up with pooled ones would rank each kind
differently with no error.
"""

from __future__ import annotations

import sqlite3

KEY = "embedder"
# The recipe every store built before it was recorded used, so it goes unmarked. A fixed
# fact about old stores, not the settings' current defaults: were "pooled" made the default,
# a pooled store must still be marked, or an old joined store would pass for one.
UNMARKED_RECIPE = {"header": "joined", "max_tokens": 256}


def vector_identity(embedder_identity: str, embedding) -> str:
    """The embedder's identity plus any vector recipe other than the unmarked one (``EmbeddingSettings``)."""
    parts = [f"{key}={getattr(embedding, key)}" for key, unmarked in UNMARKED_RECIPE.items()
             if getattr(embedding, key) != unmarked]
    return f"{embedder_identity}; {', '.join(parts)}" if parts else embedder_identity


class EmbedderMismatch(RuntimeError):
    """The store's vectors were built by another embedder than the one configured (a
    RuntimeError, so the CLI prints it as a one-line error)."""

    def __init__(self, store: str, recorded: str, configured: str):
        self.recorded, self.configured = recorded, configured
        super().__init__(
            f"the store {store} was built with the embedder {recorded!r}, but this run is set up with "
            f"{configured!r}: its queries would not match the stored vectors. Use the store's embedder "
            f"(set embedding.backend, e.g. MEETINGPACK_EMBEDDING__BACKEND, to match), or ingest into a new "
            f"store to change embedders (embedding.header and embedding.max_tokens, shown after ';' when not "
            f"the default, are part of how its vectors were made).")


def recorded(conn: sqlite3.Connection) -> str | None:
    """The identity of the embedder that built this store's vectors (None: never recorded)."""
    row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (KEY,)).fetchone()
    return row[0] if row else None


def check(conn: sqlite3.Connection, store: str, identity: str) -> None:
    """Refuse a store whose recorded embedder is not ``identity``."""
    found = recorded(conn)
    if found is not None and found != identity:
        raise EmbedderMismatch(store, found, identity)


def claim(conn: sqlite3.Connection, store: str, identity: str) -> None:
    """Inside a write transaction: record ``identity`` on an unclaimed store, or refuse if
    another process claimed it for another embedder since this one opened it (the check at
    open cannot see a claim made later; this one runs under the write lock)."""
    check(conn, store, identity)
    conn.execute("INSERT OR IGNORE INTO store_meta (key, value) VALUES (?, ?)", (KEY, identity))
