"""Roles, API keys and what each role may read: one place for the access rules.

Why a library module and not only API code: the CLI previews what the public sees
(``--role public``) through exactly the same rule, and ``serve`` checks its bind
address before the app exists. The rule itself is small: the ``public`` role reads
only public items, and that is expressed as ``Filters.public_only``, which every
index query translates into its own ``where`` (so exempt text is never ranked, let
alone cut from a top k afterwards). ``staff`` and ``admin`` read everything; only
``admin`` may write (upload, remove).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # the CLI imports this module for --role choices; keep --help light
    from assistant.store.filters import Filters

Role = Literal["public", "staff", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
WRITERS: frozenset[str] = frozenset({"admin"})
READS_EXEMPT: frozenset[str] = frozenset({"staff", "admin"})
KEYLESS_ROLE: Role = "admin"  # no keys, loopback only: the one local user reads everything and may add papers


class AccessError(ValueError):
    """A key list or bind address that would leave exempt content unprotected."""


def parse_keys(spec: str | None) -> dict[str, Role]:
    """``"public:KEY1,staff:KEY2,admin:KEY3"`` → ``{KEY1: "public", ...}``.

    Several keys may share a role; one key cannot carry two roles."""
    keys: dict[str, Role] = {}
    for raw in (spec or "").split(","):
        part = raw.strip()
        if not part:
            continue
        role, sep, key = part.partition(":")
        role, key = role.strip().lower(), key.strip()
        if not sep or not key:
            raise AccessError(f"API key entry {part.split(':')[0]!r} has no key; write ROLE:KEY")
        if role not in ROLES:
            raise AccessError(f"unknown role {role!r} in the API keys; valid roles: {', '.join(ROLES)}")
        if keys.get(key, role) != role:
            raise AccessError(f"one API key is listed for two roles ({keys[key]}, {role})")
        keys[key] = role  # type: ignore[assignment]
    return keys


def role_for_key(keys: dict[str, Role], presented: str) -> Role | None:
    """The role of a presented key, compared in constant time; None for an unknown key."""
    found: Role | None = None
    for key, role in keys.items():
        if hmac.compare_digest(key.encode(), presented.encode()):
            found = role
    return found


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8, ::1 and 'localhost'; anything else (0.0.0.0, a LAN address) is not."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(keys: dict[str, Role], host: str) -> None:
    """Refuse to serve without keys on an address other people can reach.

    Without keys every request would be the one keyless user, who is staff and sees
    exempt papers; that is only safe when nobody else can connect."""
    if not keys and not is_loopback(host):
        raise AccessError(
            f"refusing to serve on {host}: no API keys are configured, so every visitor would "
            "read exempt (Non Public) papers. Set MEETINGPACK_API_KEYS=\"public:KEY1,staff:KEY2,"
            "admin:KEY3\" or serve on 127.0.0.1 (single-user mode)."
        )


def reads_exempt(role: str) -> bool:
    return role in READS_EXEMPT


def may_write(role: str) -> bool:
    return role in WRITERS


def scoped(role: str, filters: Filters | None = None) -> Filters:
    """The caller's filters with the role's limit added; a public caller cannot lift it."""
    from assistant.store.filters import Filters

    filters = filters or Filters()
    if reads_exempt(role):
        return filters
    return replace(filters, public_only=True)
