"""Who is asking: the request's API key → a role, and redaction of public replies.

Keys come from ``settings.api_keys`` (``MEETINGPACK_API_KEYS="public:K1,staff:K2,admin:K3"``)
and are sent as ``X-API-Key: K`` or ``Authorization: Bearer K``. No key is the
``public`` role; an unknown key is a 401 (a mistyped staff key must not quietly
become public, nor the other way round). With no keys configured the app is in
single-user mode: a loopback client is the one local user (``KEYLESS_ROLE``, admin), anyone else public. ``serve``
refuses a non-loopback address in that mode (``assistant.access.check_bind``);
the per-request check is the second lock for an app started some other way.
"""

from __future__ import annotations

import json

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

from assistant.access import KEYLESS_ROLE, Role, is_loopback, parse_keys, role_for_key
from assistant.redact import redact, redact_text

_REDACTED_TYPES = ("application/json", "text/html", "text/plain", "text/markdown")


def presented_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def request_role(request: Request) -> Role:
    """The caller's role (cached on ``request.state``); raises 401 for an unknown key."""
    cached = getattr(request.state, "role", None)
    if cached:
        return cached
    keys = request.app.state.api_keys
    key = presented_key(request)
    if not keys:
        client = request.client.host if request.client else None
        role: Role = KEYLESS_ROLE if is_loopback(client) else "public"
    elif key is None:
        role = "public"
    else:
        found = role_for_key(keys, key)
        if found is None:
            raise HTTPException(401, "unknown API key", headers={"WWW-Authenticate": "Bearer"})
        role = found
    request.state.role = role
    return role


def install(app: FastAPI, settings) -> None:
    """Parse the keys once (a bad list fails at start-up, naming the entry) and add the
    middleware that redacts contact details in every reply to the public role."""
    app.state.api_keys = parse_keys(settings.api_keys)
    if settings.access.redact_public:
        app.middleware("http")(_redact_public)


async def _redact_public(request: Request, call_next):
    response = await call_next(request)
    try:
        role = request_role(request)
    except HTTPException:
        return response
    kind = response.headers.get("content-type", "")
    if role != "public" or not kind.startswith(_REDACTED_TYPES):
        return response
    body = b"".join([chunk async for chunk in response.body_iterator])
    if kind.startswith("application/json"):
        try:
            out = json.dumps(redact(json.loads(body)), ensure_ascii=False).encode()
        except ValueError:
            out = redact_text(body.decode("utf-8", "replace")).encode()
    else:
        out = redact_text(body.decode("utf-8", "replace")).encode()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(out, status_code=response.status_code, headers=headers, media_type=None)
