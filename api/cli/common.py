"""What every `meetingpack` command shares: ``--store``/``--preset``, settings, and ``--role``.

The command modules import this, never ``api.cli`` itself, so the package's
``__init__`` can import every command without a cycle.

The CLI is staff by design: whoever runs it can open the store's files directly, so a
role here is not a lock. ``--role public`` is a preview of exactly what the public role
gets from the API (the same ``Filters.public_only`` inside every query, and the same
redaction of contact details), so staff can check a pack before publishing the service.
"""

from __future__ import annotations

import argparse

from assistant.access import ROLES, scoped
from assistant.redact import redact
from assistant.settings import PRESETS, Settings, get_settings


def common_parser() -> argparse.ArgumentParser:
    """Options accepted before or after the sub-command (SUPPRESS keeps either value)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", metavar="DIR", default=argparse.SUPPRESS,
        help="data directory (overrides MEETINGPACK_STORE; default ./data)",
    )
    common.add_argument(
        "--preset", choices=sorted(PRESETS), default=argparse.SUPPRESS,
        help="settings preset (default: default; 'test' uses the fake embedder)",
    )
    return common


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings for the preset, with ``--store`` over MEETINGPACK_STORE when given."""
    overrides = {}
    if getattr(args, "store", None):
        overrides["store"] = args.store
    return get_settings(getattr(args, "preset", None) or "default", **overrides)


def stored_settings(args: argparse.Namespace) -> Settings:
    """Settings for a command that reads a store: one that was never written is an error
    naming the folder, not an empty store made there that then answers "Not found" (a
    mistyped ``--store`` looked like an archive without the answer)."""
    from assistant.store.store import written

    settings = settings_from_args(args)
    if not written(settings.store):
        raise RuntimeError(f"no store at {settings.store}: nothing has been ingested there "
                           f"(run `meetingpack ingest FILES --store {settings.store}` first, or give the right --store)")
    return settings


def add_role_option(p) -> None:
    """``--role`` on a command that prints content (ask, search, decisions, meetings, documents)."""
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
