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
import atexit
import os
import sys
from collections.abc import Sequence

from api.cli import ask, chat, documents, draft, evaluate, history, ingest, serve
from api.cli.common import common_parser, settings_from_args
from assistant.batching import set_omp_passive

# In the order `meetingpack --help` lists them.
COMMANDS = (ingest, documents, ask, evaluate, history, serve, chat, draft)

__all__ = ["COMMANDS", "build_parser", "common_parser", "entry", "main", "settings_from_args"]


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


def entry() -> None:
    """The ``meetingpack`` program: ``main``, then leave without tearing the interpreter down.

    Why: once an ingest has written and closed everything, Python's finalisation still frees
    torch, Chroma and every module one object at a time: about 0.7 s of wall on the 10-PDF
    corpus, and no file is written in it (traced with strace). The exit handlers still run
    (logging's, multiprocessing's, Chroma's) and both streams are flushed; the operating
    system then frees the memory at once. ``main`` itself returns normally, for callers in
    the same process (the tests)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say on it
            pass
    atexit._run_exitfuncs()
    os._exit(code)
