"""`meetingpack` command line: argparse with one small module per command group.

Each module in ``assistant.commands.COMMAND_MODULES`` exposes ``register(subparsers,
common)``: it adds its sub-command(s) with ``parents=[common]`` (so ``--store`` and
``--preset`` work after the sub-command too) and sets ``func=run(args) -> int``.
To add ``ask``/``search``/``eval``/``decisions``/``meetings``: write
``assistant/commands/<name>.py`` and append it to ``COMMAND_MODULES``.
Heavy imports (torch, chromadb, fastapi) happen inside ``run`` so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant.commands import COMMAND_MODULES
from assistant.embeddings import set_omp_passive
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


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="meetingpack",
        description="Chat and drafting assistant for public-body meeting packs.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "store", None):
        overrides["store"] = args.store
    return get_settings(getattr(args, "preset", None) or "default", **overrides)


def main(argv: Sequence[str] | None = None) -> int:
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


if __name__ == "__main__":
    sys.exit(main())
