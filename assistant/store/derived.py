"""Facts derived from the catalogue's rows, read once per generation: caches, never a
second source of truth (a new paper's generation reads them afresh).

Why apart from ``catalog.py``: the catalogue stores and reads rows; these read across all
of them for the question side (which paper a question names, which abbreviations the
archive defines) and would only grow it.
"""

from __future__ import annotations

from assistant.abbreviations import Abbreviations, harvest


def titles(catalog, public_only: bool = False) -> list[tuple[str, str, str, str]]:
    """(document_id, title, file, body) of every paper, so a question naming a paper ("per the
    investment strategy") can be matched to it; under ``public_only``, papers with a public
    passage only."""
    where = (" WHERE EXISTS (SELECT 1 FROM chunk_meta m WHERE m.document_id = d.document_id AND m.public = 1)"
             if public_only else "")

    def read() -> list[tuple[str, str, str, str]]:
        rows = catalog.conn.execute(f"SELECT d.document_id, d.title, d.file, d.body FROM documents d{where}")
        return [(r[0], r[1] or "", r[2], r[3] or "") for r in rows]
    return catalog._per_generation(f"titles:{public_only}", read)


def abbreviations(catalog) -> Abbreviations:
    """The abbreviations public passages define ("Minimum Revenue Provision (MRP)")
    (``assistant.abbreviations``). Exempt passages are not read, so no definition only they
    print shapes what the public's questions find."""
    def read() -> Abbreviations:
        rows = catalog.conn.execute("SELECT t.text FROM chunks_fts t JOIN chunk_filter f ON f.rowid = t.rowid"
                                    " WHERE f.public = 1")
        return Abbreviations.of(harvest(r[0] for r in rows))
    return catalog._per_generation("abbreviations", read)


def dates(catalog, public_only: bool = False) -> frozenset[str]:
    """Every day a stored paper or meeting record is dated (ISO): a question about "the
    October 21, 2025 meeting" of an archive with no paper of that day is a near miss, not
    a question for the nearest minutes. Under ``public_only``, of public passages only."""
    where = " AND public = 1" if public_only else ""

    def read() -> frozenset[str]:
        rows = catalog.conn.execute(f"SELECT DISTINCT date_num FROM chunk_meta WHERE date_num > 0{where}")
        days = {str(r[0]) for r in rows}
        return frozenset(f"{d[:4]}-{d[4:6]}-{d[6:8]}" for d in days)
    return catalog._per_generation(f"dates:{public_only}", read)
