"""Search with facets: the ranked passages plus, for the wider pool they came from,
how many fall under each body, meeting, year and document type.

Why counted over a pool and not the whole store: a facet says where the passages about
*this query* are, so a click narrows the search to them; counting every chunk would only
restate the archive's size. The pool is the top ``pool`` hits under the current filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from assistant.answer.citations import citation
from assistant.store.filters import Filters

POOL = 60  # hits the facet counts are taken over
FACETS: dict[str, Callable] = {  # facet name -> value of one chunk (None = not counted)
    "body": lambda c: c.body,
    "meeting": lambda c: f"{c.body} {c.meeting_date}" if c.body and c.meeting_date else None,
    "year": lambda c: (c.meeting_date or "")[:4] or None,
    "type": lambda c: str(c.doc_type) if c.doc_type else None,
}


def result(n: int, hit) -> dict:
    """A citation plus what the results list shows beside it."""
    c = hit.chunk
    return {**citation(n, hit), "body": c.body, "meeting_date": c.meeting_date, "doc_type": str(c.doc_type)}


def counts(hits: list) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for name, value_of in FACETS.items():
        tally = Counter(v for v in (value_of(h.chunk) for h in hits) if v)
        out[name] = [{"value": v, "count": n} for v, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]
    return out


def search(retriever, query: str, filters: Filters | None, k: int, pool: int = POOL) -> tuple[list[dict], dict]:
    """(top ``k`` results, facet counts over the top ``pool``)."""
    hits = retriever.search(query, filters, k=max(k, pool))
    return [result(i + 1, h) for i, h in enumerate(hits[:k])], counts(hits)


def year_range(year: str) -> tuple[str, str]:
    """A year facet as a date range filter."""
    return f"{year}-01-01", f"{year}-12-31"
