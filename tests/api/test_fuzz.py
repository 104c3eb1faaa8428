"""Property-based fuzzing of every route from the app's own OpenAPI schema: no 5xx.

Schemathesis generates requests that match the schema and requests that break it
(wrong types, out-of-range numbers, missing fields); hypothesis adds the hostile
strings the schema cannot describe: lone surrogates, NUL, LIKE wildcards. Any
response of 500 or above fails, whatever the input (issue 13).

Every route means the pages too: they are left out of the published schema
(``include_in_schema=False``), so the schema fuzzed here is built with them put back
(``_schema_with_pages``), and their forms (url-encoded, multipart) are sent as such.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.generation import GenerationMode  # noqa: E402

from api.app import create_app  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

EXAMPLES = 25  # per route, mode and caller; ~36 routes
ADMIN_KEY = "fuzz-admin"


@pytest.fixture(scope="module")
def store_copy(corpus_store_dir, tmp_path_factory):
    """The corpus store, copied: an admin's fuzzed uploads and removals stay out of the shared one."""
    import shutil

    copy = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(corpus_store_dir, copy, ignore=shutil.ignore_patterns("writer.lock", "writer.pid"))
    return copy


@pytest.fixture(scope="module")
def client(store_copy):
    """The public caller (no key) and, in ``clients``, an admin (every route open, uploads too)."""
    settings = get_settings("test", store=store_copy, api_keys=f"admin:{ADMIN_KEY}", server={"warm": False})
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


CALLERS = {"public": {}, "admin": {"X-API-Key": ADMIN_KEY}}


def _schema_with_pages() -> dict:
    """The app's OpenAPI schema with the page routes in it (building the app opens nothing)."""
    import importlib

    from api.app import ROUTERS

    routes = [r for name in ROUTERS for r in importlib.import_module(name).router.routes]
    hidden = [r for r in routes if not getattr(r, "include_in_schema", True)]
    for r in hidden:
        r.include_in_schema = True
    try:
        return create_app(get_settings("test", store="/nonexistent-store")).openapi()
    finally:
        for r in hidden:
            r.include_in_schema = False


def _operations():
    schema = schemathesis.openapi.from_dict(_schema_with_pages())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


def test_the_fuzzed_schema_holds_every_route():
    """A route added later is fuzzed without being listed here; this only checks the pages came in."""
    fuzzed = {(op.method.upper(), op.path) for op in OPERATIONS}
    assert {("GET", "/search"), ("POST", "/ask/stream"), ("POST", "/documents/upload"), ("POST", "/draft/docx"),
            ("GET", "/documents/{doc_id}/pages/{number}"), ("GET", "/decisions"), ("POST", "/api/ask")} <= fuzzed
    assert len(fuzzed) >= 36


def _send(client, case, caller: str = "public"):
    """The case as schemathesis would send it (JSON, url-encoded or multipart body), through ``client``."""
    kw = case.as_transport_kwargs(base_url=str(client.base_url))
    data, files = kw.get("data"), kw.get("files")
    headers = {k: str(v) for k, v in (kw.get("headers") or {}).items()}
    out = {"params": kw.get("params") or None, "headers": {**headers, **CALLERS[caller]}}
    if files:
        out["files"] = files
    if isinstance(data, (bytes, bytearray, str)):  # a raw body (a negative case, or multipart already encoded)
        out["content"] = data
    elif data is not None:
        out["data"] = data
    if kw.get("json") is not None:
        out["json"] = kw["json"]
    return client.request(kw["method"], kw["url"], **out)


# Valid requests reach the handlers, so they go as both callers (the public one's replies are
# redacted on the way out); invalid ones stop at validation, whoever sends them.
RUNS = [(GenerationMode.POSITIVE, "admin"), (GenerationMode.POSITIVE, "public"), (GenerationMode.NEGATIVE, "admin")]


@pytest.mark.parametrize("mode,caller", RUNS, ids=[f"{m.value}-{c}" for m, c in RUNS])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_route_answers_5xx(client, operation, mode, caller):
    strategy = operation.as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(deadline=None, max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = _send(client, case, caller)
        assert response.status_code < 500, (case.method, case.formatted_path, case.query,
                                            getattr(case, "body", None), response.status_code, response.text[:300])

    try:
        check()
    except Unsatisfiable:  # a route without parameters has no invalid request to make
        assert mode == GenerationMode.NEGATIVE
        pytest.skip(f"{operation.label} takes no parameters to break")


HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from(["%", "_", "\\", "%_%", "\x00", "' OR 1=1 --", "NEAR(", '"', "*", "a" * 3000]),
)


@given(value=HOSTILE)
@settings(deadline=None, max_examples=60, suppress_health_check=list(HealthCheck))
def test_hostile_strings_in_every_text_field(client, value):
    for path, params in [("/api/search", {"q": value}), ("/api/search", {"q": "budget", "body": value}),
                         ("/api/decisions", {"q": value}), ("/api/decisions", {"body": value}),
                         ("/ask", {"q": value})]:
        # bytes the way a hostile client sends them: a surrogate as its (invalid) UTF-8 bytes
        query = "&".join(f"{k}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in params.items())
        assert client.get(f"{path}?{query}").status_code < 500, (path, params)
    for body in [{"question": value}, {"question": "budget", "filters": {"body": value}},
                 {"question": "budget", "conversation_id": value}]:
        r = client.post("/api/ask", content=json.dumps(body), headers={"content-type": "application/json"})
        assert r.status_code < 500, body


DRAFT = {"template": "opcc-notts", "title": "Estates strategy"}


@given(field=st.sampled_from(["title", "report_to", "date", "about"]), value=HOSTILE,
       fmt=st.sampled_from(["json", "docx", "md", "html"]))
@settings(deadline=None, max_examples=40, suppress_health_check=list(HealthCheck))
def test_hostile_strings_in_a_draft(client, field, value, fmt):
    """Past the template check, where the schema fuzz rarely gets: every field of a draft,
    in every output format (Word files refuse control characters)."""
    body = json.dumps({**DRAFT, field: value, "format": fmt})  # a lone surrogate goes as its \\u escape
    r = client.post("/api/draft", content=body, headers={"content-type": "application/json", **CALLERS["admin"]})
    assert r.status_code < 500, (field, value, fmt, r.text[:300])


@pytest.mark.parametrize("request_", [
    ("post", "/api/ask", {"json": {"question": "budget", "filters": {"body": ["a", "b"]}}}),
    ("post", "/api/ask", {"json": {"question": "budget", "filters": {"body": {"x": 1}}}}),
    ("get", "/api/search", {"params": {"q": "budget", "from": "2021-13-45"}}),
    ("get", "/api/documents/x/pages/99999999999999999999", {}),
    ("post", "/api/ask", {"content": b'{"question": "\\ud800 budget"}', "headers": {"content-type": "application/json"}}),
    ("get", "/api/search", {"params": {"q": "budget", "k": 10**20}}),
    ("post", "/api/draft", {"json": {**DRAFT, "filters": {"body": ["a", "b"]}}}),
    ("post", "/api/draft", {"json": {**DRAFT, "filters": {"body": {"$ne": 1}}}}),
    ("post", "/api/draft", {"json": {**DRAFT, "title": "Estates\x00strategy", "format": "docx"}}),
    ("post", "/api/draft", {"json": {**DRAFT, "date": "\x02", "format": "docx"}}),
    ("post", "/api/draft", {"json": {**DRAFT, "sections": ["x" * 5000]}}),
    ("post", "/api/summarise", {"json": {"document_id": ["a"], "item_id": "1"}}),
    ("post", "/draft/docx", {"data": {**DRAFT, "title": "Estates\x00strategy"}}),
])
def test_bad_requests_are_422(client, request_):
    method, path, kw = request_
    assert getattr(client, method)(path, **kw).status_code == 422


def test_like_wildcards_are_literal(client):
    everything = client.get("/api/decisions").json()
    assert everything, "the corpus store holds decisions"
    assert client.get("/api/decisions", params={"q": "%"}).json() == [
        d for d in everything if "%" in (d["text"] or "") + (d["ref"] or "") + (d["item_title"] or "")]
    assert client.get("/api/decisions", params={"q": "_"}).json() != everything
