"""Table rows of cited pages, read on demand from the original PDF in layout mode.

Ingest stays fast (plain extraction only); when an answer needs a tabular passage,
its page's rows are read once from the source file and cached, so "how much went
to Redthread?" can quote the whole row "Redthread | 35,000".
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

from assistant.store.filters import Filters
from assistant.heads import period_heads, starts_with_row
from assistant.text import NUMERIC_LINE
from ingest.layout_tables import page_rows
from ingest.models import Chunk

_WORD = re.compile(r"[a-z0-9]+")
_PUBLIC = Filters(public_only=True)


def looks_tabular(chunk: Chunk) -> bool:
    """A table chunk, or prose chunk holding a table flattened one cell per line."""
    return chunk.kind == "table" or sum(bool(NUMERIC_LINE.match(line.strip())) for line in chunk.text.splitlines()) >= 3


class PageRows:
    """Rows for a chunk: its pages' layout rows whose words the chunk holds."""

    def __init__(self, store, size: int = 256):
        self.store = store
        self.size = size
        self._cache: OrderedDict[tuple[str, int], list[str]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, chunk: Chunk) -> list[str]:
        if not looks_tabular(chunk):
            return []
        words = set(_WORD.findall(chunk.text.lower()))
        pages = chunk.pages or [chunk.page]
        if chunk.public:  # a public passage never borrows rows from a page an exempt paper shares
            pages = [p for p in pages if self.store.page(chunk.document_id, p, _PUBLIC) is not None]
        rows = [r for page in pages for r in self._page(chunk.document_id, page)]
        return [r for r in rows if _share(r, words) >= 0.6]

    def _page(self, document_id: str, page: int) -> list[str]:
        key = (document_id, page)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        rows = page_rows(str(self.store.source(document_id) or ""), page)
        with self._lock:
            self._cache[key] = rows
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return rows


def _share(row: str, words: set[str]) -> float:
    found = _WORD.findall(row.lower())
    return sum(w in words for w in found) / len(found) if found else 0.0


class CarriedHeads:
    """The period heads a table printed at the end of the passage before, for a passage that
    opens with the table's rows: a chunk boundary fell between "2023-24 actual … 2027-28
    budget" and "Borrowing 35.0 40.4 45.2 82.9 50.4". A public passage never takes heads
    from an exempt one. Read once per chunk (the ranker and the answer's continuation split
    the same passages): a stored version's chunk ids are new ids (``Store.add``, even when
    only its exempt marks change), so a chunk's neighbours never change under its id."""

    def __init__(self, store, size: int = 1024):
        self.store = store
        self._heads = lru_cache(maxsize=size)(self._read)

    def __call__(self, chunk: Chunk) -> list[str]:
        if not starts_with_row(chunk.text):
            return []
        return list(self._heads(chunk.document_id, chunk.chunk_id, chunk.public))

    def _read(self, document_id: str, chunk_id: str, public: bool) -> tuple[str, ...]:
        ids = self.store.chunk_ids(document_id)
        at = ids.index(chunk_id) if chunk_id in ids else 0
        before = self.store.chunks([ids[at - 1]]) if at > 0 else []
        if not before or (public and not before[0].public):
            return ()
        return tuple(period_heads(before[0].text))
