"""What the public role may see of the catalogue outside the chunk indexes.

Chunks, decisions and references carry a ``public`` column that ``Filters.to_sql`` /
``to_chroma`` / the dense mask test inside each query. Documents, pages, originals and
meetings are read by id, so the same rule is phrased here as SQL over ``items``:

- an exempt item (``items.public = 0``) does not exist for the public;
- a document whose items are all exempt does not exist;
- a page any exempt item covers does not exist (a page can hold the end of one paper
  and the start of the next, and page text is not split by item);
- the original file exists only when no item of the document is exempt;
- a meeting row described on an exempt page, or by a hidden document, does not exist.
"""

from __future__ import annotations

import sqlite3

# documents with at least one item, all of them exempt
HIDDEN_DOCS_SQL = (
    "SELECT document_id FROM items GROUP BY document_id HAVING max(public) = 0"
)


def hidden_documents(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(HIDDEN_DOCS_SQL)}


def exempt_items(conn: sqlite3.Connection, document_id: str | None = None) -> set[tuple[str, str]]:
    sql, args = "SELECT document_id, item_id FROM items WHERE public = 0", []
    if document_id:
        sql, args = sql + " AND document_id = ?", [document_id]
    return {(r[0], r[1]) for r in conn.execute(sql, args)}


def in_exempt_item(conn: sqlite3.Connection, document_id: str, page: int) -> bool:
    row = conn.execute(
        "SELECT 1 FROM items WHERE document_id = ? AND public = 0 AND first_page <= ? AND last_page >= ? LIMIT 1",
        (document_id, page, page),
    ).fetchone()
    return row is not None


def page_is_exempt(conn: sqlite3.Connection, document_id: str, page: int) -> bool:
    """An exempt item covers the page, or the whole document is hidden."""
    return in_exempt_item(conn, document_id, page) or document_id in hidden_documents(conn)


def has_exempt(conn: sqlite3.Connection, document_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM items WHERE document_id = ? AND public = 0 LIMIT 1", (document_id,)).fetchone()
    return row is not None
