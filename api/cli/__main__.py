"""``python -m api.cli ...``: the ``meetingpack`` command without an installed entry point."""

from api.cli import entry

entry()
