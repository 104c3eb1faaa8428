"""Pages: home, Ask (a chat, streamed), and Search with facets.

The chat is kept per conversation id in memory (``ChatLog``) so the page can show
every turn with its citations; the follow-up logic itself lives in the library's
``Conversations``. Without JavaScript the ask form is a GET that redirects back to
the conversation; with it, the form posts to ``/ask/stream`` and shows each sentence
as it arrives, then the server-rendered turn.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from api.deps import get_services
from api.pages_common import choices, page_filters, render, snippet
from assistant.store.filters import Filters

router = APIRouter(tags=["pages"], include_in_schema=False)
MAX_CONVERSATIONS = 300
MAX_TURNS = 40


class ChatLog:
    """Question and reply of each turn, by conversation id (newest conversations kept)."""

    def __init__(self):
        self._turns: OrderedDict[str, list[dict]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, cid: str, question: str, reply: dict) -> None:
        with self._lock:
            turns = self._turns.setdefault(cid, [])
            turns.append({"question": question, "reply": reply})
            del turns[:-MAX_TURNS]
            self._turns.move_to_end(cid)
            while len(self._turns) > MAX_CONVERSATIONS:
                self._turns.popitem(last=False)

    def turns(self, cid: str | None) -> list[dict]:
        with self._lock:
            return list(self._turns.get(cid or "", []))


def chat_log(request: Request) -> ChatLog:
    state = request.app.state
    if not hasattr(state, "chat_log"):
        state.chat_log = ChatLog()
    return state.chat_log


@router.get("/", response_class=HTMLResponse)
def home(request: Request, services=Depends(get_services)):
    store = services.store
    return render(request, "home.html", nav="/", documents=store.documents(), meetings=store.meetings(),
                  decisions=len(store.decisions()), chunks=store.count())


def _filter_query(f: Filters) -> dict:
    pairs = {"body": f.body, "from": f.date_from, "to": f.date_to, "type": f.doc_type}
    return {k: v for k, v in pairs.items() if v}


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, services=Depends(get_services), q: str = Query("", max_length=2000),
             cid: str | None = Query(None, max_length=64), body: str | None = Query(None, max_length=200),
             date_from: str | None = Query(None, alias="from"), date_to: str | None = Query(None, alias="to"),
             doc_type: str | None = Query(None, alias="type")):
    f = page_filters(body, date_from, date_to, doc_type)
    log = chat_log(request)
    if q.strip():  # no-JS path: ask, then show the conversation at its own URL
        reply = services.answerer.ask(q.strip(), f, cid or None)
        log.add(reply["conversation_id"], q.strip(), reply)
        query = urlencode({"cid": reply["conversation_id"], **_filter_query(f)})
        return RedirectResponse(f"/ask?{query}", status_code=303)
    return render(request, "ask.html", nav="/ask", turns=log.turns(cid), cid=cid if log.turns(cid) else None,
                  f=f, choices=choices(services.store))


@router.post("/ask/stream")
def ask_stream(request: Request, services=Depends(get_services), q: str = Form(..., max_length=2000),
               cid: str = Form("", max_length=64), body: str = Form("", max_length=200),
               date_from: str = Form("", alias="from"), date_to: str = Form("", alias="to"),
               doc_type: str = Form("", alias="type")):
    """Server-sent events for the chat: ``sentence`` frames, then ``turn`` (rendered HTML)."""
    from assistant.answer.stream import ask_events

    question, log = q.strip(), chat_log(request)
    templates = request.app.state.templates

    def frames():
        try:
            f = page_filters(body, date_from, date_to, doc_type)
            for name, data in ask_events(services.answerer, question, f, cid or None):
                if name in ("sentence", "reset"):  # reset: the sentences so far are withdrawn
                    yield _frame(name, data)
                elif name == "done":
                    log.add(data["conversation_id"], question, data)
                    html = templates.get_template("_turn.html").render(question=question, reply=data)
                    yield _frame("turn", {"html": html, "conversation_id": data["conversation_id"]})
        except Exception as exc:  # noqa: BLE001 - the page must hear why, not hang
            detail = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
            yield _frame("error", {"detail": str(detail)})

    return StreamingResponse(frames(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _frame(name: str, data) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, services=Depends(get_services), q: str = Query("", max_length=2000),
                body: str | None = Query(None, max_length=200), date_from: str | None = Query(None, alias="from"),
                date_to: str | None = Query(None, alias="to"), doc_type: str | None = Query(None, alias="type"),
                meeting: str | None = Query(None, max_length=300), k: int = Query(20, ge=1, le=100)):
    """A GET form: every result list, facet click and filter is a shareable URL."""
    from assistant import facets

    f = page_filters(body, date_from, date_to, doc_type)
    if meeting:  # "Body YYYY-MM-DD" facet value: that body on that day
        name, _, day = meeting.rpartition(" ")
        f = page_filters(name, day, day, doc_type)
    results, counts = facets.search(services.retriever, q.strip(), f, k) if q.strip() else ([], {})
    for r in results:
        r["snippet"] = snippet(r["text"], q)
    base = {"q": q, **_filter_query(f)}
    links = {name: [_facet(name, v, base, f, meeting) for v in values] for name, values in counts.items()}
    active = [f"{k} {v}" for k, v in _filter_query(f).items()]
    return render(request, "search.html", nav="/search", q=q, f=f, meeting=meeting, results=results,
                  facets=links, active=active, choices=choices(services.store))


def _facet(name: str, value: dict, base: dict, f: Filters, meeting: str | None) -> dict:
    """A facet value with its count and the URL that narrows (or, if on, widens) to it."""
    from assistant.facets import year_range

    params = dict(base)
    v = value["value"]
    if name == "body":
        on = f.body == v
        params.pop("body", None) if on else params.update(body=v)
    elif name == "type":
        on = f.doc_type == v
        params.pop("type", None) if on else params.update(type=v)
    elif name == "year":
        lo, hi = year_range(v)
        on = (f.date_from, f.date_to) == (lo, hi)
        if on:
            params.pop("from", None), params.pop("to", None)
        else:
            params.update({"from": lo, "to": hi})
    else:  # meeting
        on = meeting == v
        for key in ("body", "from", "to"):
            params.pop(key, None)
        if not on:
            params["meeting"] = v
    return {**value, "on": on, "href": "/search?" + urlencode(params)}
