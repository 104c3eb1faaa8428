"""Sub-command modules of the `meetingpack` CLI, registered in this order.

Each module exposes ``register(subparsers, common)``; see ``assistant.cli``.
"""

COMMAND_MODULES: list[str] = [
    "assistant.commands.ingest",  # ingest
    "assistant.commands.documents",  # documents, remove
    "assistant.commands.ask",  # ask, search
    "assistant.commands.evaluate",  # eval
    "assistant.commands.history",  # decisions, meetings
    "assistant.commands.serve",  # serve
    "assistant.commands.chat",  # chat
    "assistant.commands.draft",  # draft, summarise
]
