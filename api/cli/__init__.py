"""`meetingpack` command line, an entry layer over ``assistant`` (like the web API).

Each module in ``COMMANDS`` exposes ``register(subparsers, common)``: it adds its
sub-command(s) with ``parents=[common]`` (so ``--store`` and ``--preset`` work after
the sub-command too) and sets ``func=run(args) -> int``. To add a command group:
write ``api/cli/<name>.py`` (importing what it shares from ``api.cli.common``) and
add the module to ``COMMANDS``. Heavy imports (torch, chromadb, fastapi, the eval
harness) happen inside ``run`` so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from api.cli import ask, chat, documents, draft, evaluate, history, ingest, serve
from api.cli.common import common_parser, settings_from_args
from assistant.embeddings import set_omp_passive

# In the order `meetingpack --help` lists them.
COMMANDS = (ingest, documents, ask, evaluate, history, serve, chat, draft)

__all__ = ["COMMANDS", "build_parser", "common_parser", "main", "settings_from_args"]


def build_parser() -> argparse.ArgumentParser:
    """The ``meetingpack`` parser with every command group's sub-commands."""
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="meetingpack",
        description="Chat and drafting assistant for public-body meeting packs.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; an expected failure is a one-line error and exit code 2, not a traceback."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    set_omp_passive()  # before anything imports torch
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (ValueError, RuntimeError, OSError) as exc:  # bad filter, model endpoint down, unreadable store
        print(f"meetingpack {args.command}: error: {exc}", file=sys.stderr)
        return 2
