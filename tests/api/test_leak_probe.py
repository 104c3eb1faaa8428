"""The leak probe: exempt papers never reach the public role, by any route or CLI command.

The store holds a pack whose item 4 (a Non Public report) and item 5 (exempt minutes)
carry a phrase found nowhere else, and a paper exempt as a whole. Every route of the
app is probed, enumerated from ``app.routes`` so that routes added later are probed
too: a read route is called with every filling of its path parameters (``PATH_VALUES``)
and with the phrase in its query or body fields (``TEXT_FIELDS``); a write route
(one that depends on ``require_admin``) must refuse public and staff. Public must see
0 markers anywhere; staff must find them through every read route. A new route whose
parameters are not covered fails here until its line is added to ``PATH_VALUES`` or
``NOT_CONTENT``.
"""

from __future__ import annotations

import itertools
import json
from urllib.parse import quote_plus

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import require_admin
from assistant.settings import get_settings
from tests.api.access_fixture import (EXEMPT_MEETING, SECRET, SECRET_QUESTION, leaks, write_hidden,
                                      write_pack)
from tests.ids import written_id

KEYS = "public:pub-key-1,staff:staff-key-2,admin:admin-key-3"
AS = {"anonymous": {}, "public": {"X-API-Key": "pub-key-1"}, "staff": {"Authorization": "Bearer staff-key-2"},
      "admin": {"X-API-Key": "admin-key-3"}}
PACK = written_id(write_pack)
HIDDEN = written_id(write_hidden)

# path parameter → the values a probe fills in (exempt ids first; public ids show the route works)
PATH_VALUES: dict[str, list] = {
    "doc_id": [PACK, HIDDEN],
    "document_id": [PACK, HIDDEN],
    "number": [4, 5],
    "page": [4, 5],
    "meeting_id": [EXEMPT_MEETING],
    "item_id": ["item-4", "item-5"],
    "ref": ["2024/011"],
    "job_id": ["no-such-job"],
}
# query or body fields that take the user's words
TEXT_FIELDS = {"q": "quorvane lighthouse depot", "query": "quorvane lighthouse depot",
               "question": SECRET_QUESTION, "topic": SECRET_QUESTION, "subject": SECRET_QUESTION,
               "text": SECRET_QUESTION, "title": SECRET_QUESTION}
EXEMPT_ONLY = (HIDDEN, EXEMPT_MEETING)  # ids of things that are wholly exempt: public gets 404
# read routes where staff's finding the phrase cannot be seen in the reply text: a PNG, counts
# only, a form-posted stream, and the draft pages (they call POST /api/draft, probed itself)
# /api/draft: a draft on the secret title need not quote it (it picks papers by the title's rare words)
NO_TEXT_FOR_STAFF = {"/api/documents/{doc_id}/pages/{number}/image", "/", "/ask/stream", "/draft", "/draft/docx",
                     "/api/draft"}
NOT_CONTENT = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


@pytest.fixture(scope="module")
def probe_store(tmp_path_factory):
    from assistant.ingest_service import ingest_paths
    from assistant.store import Store

    root = tmp_path_factory.mktemp("probe")
    papers = root / "papers"
    write_pack(papers), write_hidden(papers)
    settings = get_settings("test", store=root / "store", api_keys=KEYS)
    store = Store(settings)
    try:
        results = ingest_paths(store, [papers], progress=False)
        assert [r.status for r in results] == ["added", "added"], [r.line() for r in results]
        items = {it["item_id"]: it["public"] for d in store.documents() for it in d["items"]}
        assert not items["item-4"] and not items["item-5"] and items["item-3"]  # detected at ingest
    finally:
        store.close()
    return root, settings


@pytest.fixture(scope="module")
def client(probe_store):
    with TestClient(create_app(probe_store[1])) as c:
        yield c


def _depends_on(dependant, fn) -> bool:
    return any(d.call is fn or _depends_on(d, fn) for d in dependant.dependencies)


class Probe:
    """One route as the app serves it: full path, methods, and its FastAPI dependant."""

    def __init__(self, path: str, route: APIRoute):
        self.path, self.methods, self.dependant = path, route.methods, route.dependant


def _walk(routes, prefix: str = ""):
    for r in routes:
        if isinstance(r, APIRoute):
            yield Probe(prefix + r.path, r)
        elif hasattr(r, "original_router"):  # FastAPI >= 0.16x wraps included routers
            yield from _walk(r.original_router.routes, prefix + getattr(r.include_context, "prefix", ""))


def _routes(app) -> list[Probe]:
    return [p for p in _walk(app.routes) if p.path not in NOT_CONTENT]


def _body_names(route: Probe) -> list[str]:
    params = route.dependant.body_params
    if not params:
        return []
    model = params[0].field_info.annotation
    if len(params) == 1 and hasattr(model, "model_fields"):
        return list(model.model_fields)
    return [p.alias for p in params]


def _bodies(route: Probe):
    """JSON bodies: the phrase in each text field, and every filling of id fields
    (``document_id``, ``item_id`` …) from ``PATH_VALUES``."""
    names = _body_names(route)
    if not names:
        yield None
        return
    text = {name: TEXT_FIELDS[name] for name in names if name in TEXT_FIELDS}
    ids = [n for n in names if n in PATH_VALUES and n not in TEXT_FIELDS]
    for values in itertools.product(*(PATH_VALUES[n] for n in ids)):
        yield {**text, **dict(zip(ids, values))}


def _calls(route: Probe):
    """(method, url, query, json) for every filling of the route's parameters."""
    names = [p.name for p in route.dependant.path_params]
    missing = [n for n in names if n not in PATH_VALUES]
    assert not missing, f"{route.path}: add probe values for path parameter(s) {missing} to PATH_VALUES"
    query = {p.alias: TEXT_FIELDS[p.alias] for p in route.dependant.query_params if p.alias in TEXT_FIELDS}
    method = "POST" if "POST" in route.methods else sorted(route.methods)[0]
    for values in itertools.product(*(PATH_VALUES[n] for n in names)):
        url = route.path.format(**dict(zip(names, values)))
        for body in (_bodies(route) if method == "POST" else [None]):
            yield method, url, query, body


def _text(r, asked: tuple = ()) -> str:
    """The reply as text, less what the request itself said (a reply may echo the query)."""
    text = r.content.decode("utf-8", "replace") + json.dumps(dict(r.headers))
    for said in sorted((str(a) for a in asked if a), key=len, reverse=True):
        text = text.replace(said, "").replace(json.dumps(said)[1:-1], "").replace(quote_plus(said), "")
    return text


def _asked(url: str, query: dict, body: dict | None) -> tuple:
    return (url, *url.split("/"), *query.values(), *(body or {}).values())


def _read_routes(app):
    return [r for r in _routes(app) if not _depends_on(r.dependant, require_admin)]


def test_every_route_is_probed(client):
    routes = _routes(client.app)
    assert {"/api/ask", "/api/search", "/api/decisions", "/api/meetings", "/api/meetings/{meeting_id}",
            "/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/pages/{number}",
            "/documents/{doc_id}/pages/{number}", "/files/{doc_id}", "/ask", "/"} <= {r.path for r in routes}
    for route in routes:
        list(_calls(route))  # every path parameter has probe values


@pytest.mark.parametrize("who", ["anonymous", "public"])
def test_public_sees_no_exempt_content_on_any_route(client, who, probe_store):
    root = str(probe_store[0])
    found = []
    for route in _read_routes(client.app):
        for method, url, query, body in _calls(route):
            r = client.request(method, url, params=query, json=body, headers=AS[who])
            text = _text(r, _asked(url, query, body))
            if leaks(text) or (r.status_code != 404 and any(x in url for x in EXEMPT_ONLY)):
                found.append((url, r.status_code, leaks(text)))
            assert root not in text, f"{url} shows a server path"
            assert r.status_code != 403, f"{url}: a public request for exempt content is 404, not 403"
    assert found == []


def test_staff_finds_exempt_content_on_every_read_route(client, probe_store):
    root = str(probe_store[0])
    missed = []
    for route in _read_routes(client.app):
        if route.path in NO_TEXT_FOR_STAFF:
            continue
        hits = 0
        for method, url, query, body in _calls(route):
            r = client.request(method, url, params=query, json=body, headers=AS["staff"])
            text = _text(r, _asked(url, query, body))
            assert root not in text, f"{url} shows a server path"
            hits += bool(leaks(text)) or (r.status_code == 200 and any(x in url for x in EXEMPT_ONLY))
        if not hits:
            missed.append(route.path)
    assert missed == [], missed


def test_public_naming_an_exempt_id_gets_404(client):
    for url in (f"/api/documents/{HIDDEN}", f"/documents/{HIDDEN}", f"/files/{HIDDEN}", f"/files/{PACK}",
                f"/api/documents/{PACK}/pages/4", f"/documents/{PACK}/pages/5", f"/api/meetings/{EXEMPT_MEETING}"):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers=AS["staff"]).status_code == 200, url
    assert client.get(f"/api/documents/{PACK}/pages/3").status_code == 200  # the public report's page


def test_public_summarise_of_an_exempt_item_is_like_a_missing_one(client):
    """POST /api/summarise names its item in the body: for public an exempt item, or a wholly
    exempt document, gets the very reply a made-up id gets, so the reply reveals nothing."""
    def reply(doc, item, who="public"):
        r = client.post("/api/summarise", json={"document_id": doc, "item_id": item}, headers=AS[who])
        return r.status_code, r.text.replace(item, "ID").replace(doc, "DOC")

    assert reply(PACK, "item-4") == reply(PACK, "item-404") and reply(PACK, "item-4")[0] == 422
    assert reply(HIDDEN, "item-1") == reply("no-such-document", "item-1")
    assert reply(PACK, "item-4", "staff")[0] == 200

def test_public_filter_cannot_be_lifted_by_the_request(client):
    r = client.post("/api/ask", json={"question": SECRET_QUESTION, "filters": {"public_only": False}})
    assert r.status_code == 422 and not leaks(r.text)  # not a filter a request may set: refused
    r = client.post("/api/ask", json={"question": SECRET_QUESTION, "filters": {"document": PACK, "item": "4"}})
    assert not leaks(r.text)


def test_follow_up_does_not_reach_exempt_content(client):
    """A follow-up turn is rewritten with the earlier question and searched under the same
    role, even on a conversation that staff began."""
    turns = {}
    for who, expect in (("staff", True), ("public", False)):
        first = client.post("/api/ask", json={"question": "Who is buying the lighthouse depot?"},
                            headers=AS[who]).json()
        turns[who] = first["conversation_id"]
        r = client.post("/api/ask", json={"question": "and for how much?", "conversation_id": first["conversation_id"]},
                        headers=AS[who])
        assert bool(leaks(r.text)) is expect, (who, r.json())
    r = client.post("/api/ask", json={"question": "and for how much?", "conversation_id": turns["staff"]})
    assert r.status_code == 200 and not leaks(r.text)


def test_reference_lookup_is_filtered(client):
    """by_refs: the exempt resolution's number, asked directly."""
    for who, expect in (("public", False), ("staff", True)):
        r = client.get("/api/search", params={"q": "resolution 2024/011"}, headers=AS[who])
        assert bool(leaks(r.text)) is expect, who
        r = client.get("/api/decisions", params={"q": "2024/011"}, headers=AS[who])
        assert bool(leaks(r.text)) is expect, who


def test_write_routes_refuse_public_and_staff(client):
    writes = [r for r in _routes(client.app) if _depends_on(r.dependant, require_admin)]
    assert any(r.path == "/api/documents/{doc_id}" and "DELETE" in r.methods for r in writes)
    for route in writes:
        for method in route.methods:
            url = route.path.format(**{p.name: PATH_VALUES[p.name][0] for p in route.dependant.path_params})
            for who in ("anonymous", "public", "staff"):
                r = client.request(method, url, headers=AS[who])
                assert r.status_code in (401, 403), (who, method, url, r.status_code)
    assert client.get(f"/api/documents/{PACK}", headers=AS["staff"]).status_code == 200  # nothing removed


# ---------------------------------------------------------------------------- CLI

CLI_PROBES = [
    ["ask", SECRET_QUESTION, "--json"],
    ["search", "quorvane lighthouse depot", "--json"],
    ["search", "resolution 2024/011", "--json"],
    ["decisions", "--json"],
    ["decisions", "--q", "2024/011", "--json"],
    ["meetings", "--json"],
    ["meetings", EXEMPT_MEETING],
    ["documents", "--json"],
    ["documents"],
]


@pytest.mark.parametrize("argv", CLI_PROBES, ids=lambda a: " ".join(a[:2]))
def test_cli_role_public_previews_without_exempt_content(probe_store, argv, capsys):
    from api.cli import main

    store = ["--store", str(probe_store[0] / "store"), "--preset", "test"]
    rc_public = main([*argv, *store, "--role", "public"])
    public = capsys.readouterr().out
    rc_staff = main([*argv, *store])  # staff by default
    staff = capsys.readouterr().out
    if EXEMPT_MEETING in argv:  # asked by id: absent for public, there for staff
        assert (rc_public, rc_staff) == (1, 0) and EXEMPT_MEETING in staff
        return
    for said in argv:  # replies may echo the question or the id asked for
        public, staff = public.replace(said, ""), staff.replace(said, "")
    assert leaks(public) == [] and leaks(staff), (public[:300], staff[:300])
