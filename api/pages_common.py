"""What every server-rendered page shares: rendering with the nav, filter choices, marks.

Kept out of the routers so each handler stays a few lines: read the request, call the
library, render a template.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from assistant.store.filters import Filters


def render(request: Request, name: str, nav: str | None = None, status_code: int = 200, **context):
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {"nav": nav, **context}, status_code=status_code)


def choices(store) -> dict:
    """Bodies and document types the store holds (for datalists and selects)."""
    docs = store.documents()
    return {"bodies": sorted({d["body"] for d in docs if d.get("body")}),
            "types": sorted({str(d["doc_type"]) for d in docs if d.get("doc_type")})}


def page_filters(body: str | None = None, date_from: str | None = None, date_to: str | None = None,
                 doc_type: str | None = None, **extra) -> Filters:
    """Filters from form fields; empty fields are no filter; a bad date is a 422 that says why."""
    try:
        return Filters(body=body or None, date_from=date_from or None, date_to=date_to or None,
                       doc_type=doc_type or None, **{k: v or None for k, v in extra.items()})
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


def marked(text: str, passage: str | None) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_part_of_passage) for <mark>, using the same matcher
    that boxes the passage on the page image."""
    from assistant.page_image import match_spans

    if not passage:
        return [(text, False)]
    out, at = [], 0
    for first, last in sorted(match_spans(list(text), passage)):
        if first < at:
            continue
        out += [(text[at:first], False), (text[first:last + 1], True)]
        at = last + 1
    out.append((text[at:], False))
    return [(t, hit) for t, hit in out if t]


def snippet(text: str, query: str, width: int = 320) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first query word, query words marked."""
    import re

    words = [w for w in re.findall(r"[\w/-]{3,}", query)]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.I) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    window = ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")
    if not pattern:
        return [(window, False)]
    out, at = [], 0
    for m in pattern.finditer(window):
        out += [(window[at:m.start()], False), (m.group(0), True)]
        at = m.end()
    out.append((window[at:], False))
    return [(t, hit) for t, hit in out if t]
