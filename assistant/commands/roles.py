"""`--role` for the commands that print content (ask, search, decisions, meetings, documents).

The CLI is staff by design: whoever runs it can open the store's files directly, so a
role here is not a lock. ``--role public`` is a preview of exactly what the public role
gets from the API (the same ``Filters.public_only`` inside every query, and the same
redaction of contact details), so staff can check a pack before publishing the service.
"""

from __future__ import annotations

from assistant.access import ROLES, scoped
from assistant.redact import redact


def add_role_option(p) -> None:
    p.add_argument("--role", choices=ROLES, default="staff",
                   help="read as this role (default staff; 'public' previews what the public sees)")


def scope(args, filters=None):
    """The command's filters with its role's limit."""
    return scoped(getattr(args, "role", "staff"), filters)


def shown(args, settings, value):
    """``value`` as the role may see it printed (contact details redacted for public)."""
    if getattr(args, "role", "staff") == "public" and settings.access.redact_public:
        return redact(value)
    return value
