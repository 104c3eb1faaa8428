"""A role's view of the store: every read carries the role's filter, whoever calls it.

Why: pages, the API, drafting and streaming all read through the store, some through
the retriever and answerer built on it. Handing each request a view whose reads add
``Filters.public_only`` for the public role means a handler that forgets to pass its
filters still cannot rank or return exempt text: the limit is part of every index
query (``dense``, ``keyword``, ``by_refs``, ``decisions``, ``meetings``, ``page`` …).
"""

from __future__ import annotations

import copy
from typing import Any

from assistant import access as rules

# method name -> position of its ``filters`` argument (after self)
FILTERED = {"documents": 0, "document": 1, "page": 2, "meetings": 0, "meeting": 1, "decisions": 0,
            "source": 1, "dense": 2, "keyword": 2, "by_refs": 2, "bodies": 0, "titles": 0, "dates": 0}


class ScopedStore:
    """Delegates to ``store``; the methods in ``FILTERED`` get the role's filters merged in."""

    def __init__(self, store: Any, role: rules.Role):
        self._store, self._role = store, role

    def __getattr__(self, name: str):
        target = getattr(self._store, name)
        if name not in FILTERED:
            return target
        pos, role = FILTERED[name], self._role

        def scoped(*args, **kwargs):
            args = list(args)
            if "filters" in kwargs or len(args) <= pos:
                kwargs["filters"] = rules.scoped(role, kwargs.get("filters"))
            else:
                args[pos] = rules.scoped(role, args[pos])
            return target(*args, **kwargs)

        return scoped


def scoped_services(services: Any, role: rules.Role) -> Any:
    """Shallow copies of the services, retriever and answerer over the role's store view."""
    if rules.reads_exempt(role):
        return services
    store = ScopedStore(services.store, role)
    retriever = copy.copy(services.retriever)
    retriever.store = store
    answerer = copy.copy(services.answerer)
    answerer.retriever = retriever
    view = copy.copy(services)
    view.store, view.retriever, view.answerer = store, retriever, answerer
    return view
