"""Property-based fuzzing of every route from the app's own OpenAPI schema: no 5xx.

Schemathesis generates requests that match the schema and requests that break it
(wrong types, out-of-range numbers, missing fields); hypothesis adds the hostile
strings the schema cannot describe: lone surrogates, NUL, LIKE wildcards. Any
response of 500 or above fails, whatever the input (issue 13).
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

EXAMPLES = 25  # per route and mode; ~20 routes x 2 modes


@pytest.fixture(scope="module")
def client(corpus_store_dir):
    with TestClient(create_app(get_settings("test", store=corpus_store_dir)), raise_server_exceptions=False) as c:
        yield c


def _operations():
    """Every operation of the app's OpenAPI schema (building the app opens nothing)."""
    app = create_app(get_settings("test", store="/nonexistent-store"))
    schema = schemathesis.openapi.from_dict(app.openapi())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


def _send(client, case):
    kwargs = {"params": case.query or None, "headers": {k: str(v) for k, v in (case.headers or {}).items()} or None}
    body = getattr(case, "body", None)
    if isinstance(body, (bytes, bytearray)):  # a negative case may send raw bytes as the body
        kwargs["content"] = bytes(body)
        kwargs["headers"] = {**(kwargs["headers"] or {}), "content-type": "application/json"}
    elif body is not None and type(body).__name__ != "NotSet":
        kwargs["json"] = body
    return client.request(case.method, case.formatted_path, **kwargs)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_route_answers_5xx(client, operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(deadline=None, max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = _send(client, case)
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


@pytest.mark.parametrize("request_", [
    ("post", "/api/ask", {"json": {"question": "budget", "filters": {"body": ["a", "b"]}}}),
    ("post", "/api/ask", {"json": {"question": "budget", "filters": {"body": {"x": 1}}}}),
    ("get", "/api/search", {"params": {"q": "budget", "from": "2021-13-45"}}),
    ("get", "/api/documents/x/pages/99999999999999999999", {}),
    ("post", "/api/ask", {"content": b'{"question": "\\ud800 budget"}', "headers": {"content-type": "application/json"}}),
    ("get", "/api/search", {"params": {"q": "budget", "k": 10**20}}),
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
